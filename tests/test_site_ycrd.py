"""银川市人大: a city congress site on TRS t-date pages (当前位置:首页>人大要闻, date-only 发布日期), partly guessed."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

YcrdSpider = spider_for("ycrd")

SHICHA = "http://rd.yinchuan.gov.cn/rdyw/202405/t20240516_4506611.html"


class TestYcrd(SiteSuite):
    spider = YcrdSpider
    second_list_page = "http://rd.yinchuan.gov.cn/rdyw/index_1.html"
    furniture = SiteSuite.furniture + ("字体", "新思想", "宁ICP备")

    def test_date_only_line_gives_midnight(self, crawled):
        record = crawled.records["http://rd.yinchuan.gov.cn/rdyw/202404/t20240426_4497053.html"]
        assert (record["published_at"], record["date_basis"]) == ("2024-04-26T00:00:00+08:00", "byline")

    def test_page_date_wins_over_url_date(self, crawled):
        # URL t20240516, 发布日期:2024-05-15.
        assert crawled.records[SHICHA]["published_at"].startswith("2024-05-15")

    def test_city_jurisdiction(self, crawled):
        regions = {
            (r["region"]["province"], r["region"]["city"], r["region"]["county"], r["region"]["code"])
            for r in crawled.records.values()
        }
        assert regions == {("宁夏回族自治区", "银川市", None, "640100")}

    def test_district_congress_named_in_passing_does_not_narrow(self, crawled):
        # 兴庆区人大常委会 is named once, at the end: the article stays the city's.
        assert crawled.records[SHICHA]["region"]["basis"] == "site"

    def test_no_index_2_beyond_the_announced_pages(self, crawled):
        assert "http://rd.yinchuan.gov.cn/rdyw/index_2.html" not in crawled.requested

    def test_nav_and_side_channels_not_followed(self, crawled):
        others = {
            "http://rd.yinchuan.gov.cn/xsx/",
            "http://rd.yinchuan.gov.cn/xsx/index.html",
            "http://rd.yinchuan.gov.cn/lfgz/index.html",
            "http://rd.yinchuan.gov.cn/jdgz/index_1.html",
            "http://rd.yinchuan.gov.cn/ztzl/index_1.html",
        }
        assert not others & set(crawled.requested)

    def test_declared_partly_guessed_with_sources(self):
        assert (YcrdSpider.evidence, "NX1" in YcrdSpider.evidence_note) == ("partly guessed", True)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

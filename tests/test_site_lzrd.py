"""柳州市人大: a city congress site on TRS t-date pages (发布日期 | 来源 line, reporter inside 来源), partly guessed."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

LzrdSpider = spider_for("lzrd")

BIMU = "http://lzrd.liuzhou.gov.cn/rdhy/dbdhhy/202602/t20260228_3726310.html"


class TestLzrd(SiteSuite):
    spider = LzrdSpider
    second_list_page = "http://lzrd.liuzhou.gov.cn/gzdt/ywdt/index_1.html"
    furniture = SiteSuite.furniture + ("今天是", "将本文分享到", "版权所有", "桂ICP备")

    def test_reporter_inside_source_is_an_author(self, crawled):
        # 来源:柳州市融媒体中心记者 覃明川 (the form of PG GX2): the outlet is the source, the reporter the author.
        record = crawled.records[BIMU]
        assert (record["source"], record["authors"]) == ("柳州市融媒体中心", ["覃明川"])

    def test_page_date_wins_over_url_date(self, crawled):
        # URL t20260228, 发布日期:2026-02-27 18:40 (GX2 shows the same one-day gap).
        assert crawled.records[BIMU]["published_at"] == "2026-02-27T18:40:00+08:00"

    def test_city_jurisdiction(self, crawled):
        region = crawled.records["http://lzrd.liuzhou.gov.cn/gzdt/ywdt/202603/t20260318_3741205.html"]["region"]
        assert (region["province"], region["city"], region["county"], region["code"], region["basis"]) == (
            "广西壮族自治区",
            "柳州市",
            None,
            "450200",
            "site",
        )

    def test_district_congress_in_the_lead_narrows_to_the_district(self, crawled):
        region = crawled.records["http://lzrd.liuzhou.gov.cn/gzdt/ywdt/202603/t20260311_3738870.html"]["region"]
        assert (region["city"], region["county"], region["basis"]) == ("柳州市", "柳江区", "body")

    def test_single_page_channel_has_no_second_page(self, crawled):
        assert "http://lzrd.liuzhou.gov.cn/rdhy/dbdhhy/index_1.html" not in crawled.requested

    def test_nav_and_sibling_channels_not_followed(self, crawled):
        others = {
            "http://lzrd.liuzhou.gov.cn/lfgz/index.html",
            "http://lzrd.liuzhou.gov.cn/dbgz/index_1.html",
            "http://lzrd.liuzhou.gov.cn/gzdt/jdgz/index.html",
            "http://lzrd.liuzhou.gov.cn/gzdt/dbgz/index_1.html",
            "http://lzrd.liuzhou.gov.cn/gzdt/",
            "http://lzrd.liuzhou.gov.cn/rdhy/",
        }
        assert not others & set(crawled.requested)

    def test_declared_partly_guessed_with_sources(self):
        assert (LzrdSpider.evidence, "GX2" in LzrdSpider.evidence_note) == ("partly guessed", True)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

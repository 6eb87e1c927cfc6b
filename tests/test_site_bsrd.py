"""宝山区人大: a district congress site on TRS t-date pages whose writer is credited at the end, (区人大办 X)."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

BsrdSpider = spider_for("bsrd")

BASE = "http://bsrd.baoshan.sh.cn/rdxw/"
YANGPU = BASE + "202405/t20240528_727114.html"


def _page(last_paragraph: str) -> str:
    return (
        '<div class="detail"><h2 class="detail-title">标题</h2><div class="detail-info">发布时间：2024-06-12</div>'
        '<div class="detail-content"><div class="TRS_Editor"><p>会议召开。</p>'
        f"<p>{last_paragraph}</p></div></div></div>"
    )


class TestBsrd(SiteSuite):
    spider = BsrdSpider
    second_list_page = BASE + "index_1.html"
    furniture = SiteSuite.furniture + ("浏览次数", "区政府要闻", "沪ICP备")

    def test_closing_office_credit_read_into_authors(self, crawled):
        # （区人大办 顾晨阳） full-width, (区人大办 沈佳怡 陆明哲) half-width with two writers (the form of PG SH1).
        authors = {u.rsplit("/", 1)[-1]: r["authors"] for u, r in crawled.records.items()}
        assert authors == {
            "t20240612_731245.html": ["顾晨阳"],
            "t20240605_729980.html": ["沈佳怡", "陆明哲"],
            "t20240528_727114.html": ["顾晨阳"],
        }

    def test_credit_line_stays_the_text_end(self, crawled):
        assert all(r["body"].rstrip().endswith(("）", ")")) for r in crawled.records.values())

    def test_not_a_writer_credit(self):
        hints = BsrdSpider.hints_for(_page("（区人大常委会 供稿）"))
        assert hints.byline_text == "发布时间：2024-06-12"

    def test_names_alone_left_to_the_generic_reader(self):
        # （顾晨阳 沈佳怡） has no office: the pipeline's own closing-credit reader handles it.
        assert "作者" not in BsrdSpider.hints_for(_page("（顾晨阳 沈佳怡）")).byline_text

    def test_district_jurisdiction_directly_under_the_municipality(self, crawled):
        regions = {
            (r["region"]["province"], r["region"]["city"], r["region"]["county"], r["region"]["code"])
            for r in crawled.records.values()
        }
        assert regions == {("上海市", None, "宝山区", "310113")}

    def test_another_districts_congress_in_the_lead_does_not_move_the_region(self, crawled):
        # The lead names 杨浦区人大常委会 (310110), outside this site's district.
        assert crawled.records[YANGPU]["region"]["basis"] == "site"

    def test_district_government_links_never_requested(self, crawled):
        assert not [u for u in crawled.requested if "www.baoshan.sh.cn" in u]

    def test_nav_channels_not_followed(self, crawled):
        others = {
            "http://bsrd.baoshan.sh.cn/tzgg/index.html",
            "http://bsrd.baoshan.sh.cn/dbgz/index_1.html",
            "http://bsrd.baoshan.sh.cn/jdgz/",
        }
        assert not others & set(crawled.requested)

    def test_declared_partly_guessed_with_sources(self):
        assert (BsrdSpider.evidence, "SH1" in BsrdSpider.evidence_note) == ("partly guessed", True)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

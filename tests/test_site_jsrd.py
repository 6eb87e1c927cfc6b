"""江苏人大网: TRS WCM `.shtml` lists and articles; old list rows point to 404 articles (run is partial)."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

JsrdSpider = spider_for("jsrd")

DEAD_OLD_ROW = "https://www.jsrd.gov.cn/qwfb/sjfg/202011/t20201127_520341.shtml"


class TestJsrd(SiteSuite):
    spider = JsrdSpider
    second_list_page = "https://www.jsrd.gov.cn/qwfb/sjfg/index_1.shtml"

    # The fixture's index_1.shtml keeps a 2020 row whose article answers 404, as on the real site:
    # the crawl archives everything else and reports that one page.
    def test_run_succeeded(self, crawled):
        assert (crawled.run.status, crawled.run.health) == ("partial", "ok")

    def test_run_has_no_failures(self, crawled):
        assert [(f.url, f.kind, f.http_status) for f in crawled.run.failures] == [(DEAD_OLD_ROW, "http_error", 404)]

    def test_dead_row_reason_names_site_and_status(self, crawled):
        assert [f.reason for f in crawled.run.failures] == [
            f"jsrd: {DEAD_OLD_ROW}: HTTP 404 (expected an HTML article)"
        ]

    def test_dead_row_not_archived(self, crawled):
        assert DEAD_OLD_ROW not in crawled.records

    def test_pager_stops_at_its_last_page(self, crawled):
        assert "https://www.jsrd.gov.cn/qwfb/sjfg/index_2.shtml" not in crawled.requested

    def test_no_html_index_page_guessed(self, crawled):
        assert "https://www.jsrd.gov.cn/qwfb/sjfg/index_1.html" not in crawled.requested

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

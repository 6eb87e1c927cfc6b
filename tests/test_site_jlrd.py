"""吉林人大网: TRS t-date pages of the /jlsjk/ law database, listed by a WAS5 JSON API on was.jl.gov.cn."""

import re

from crawlers.spiders.jlrd import JlrdSpider
from tests.conftest import FIXTURES
from tests.site_checks import SiteSuite

SITE = FIXTURES / "sites" / "jlrd" / "site"
WAS = "https://was.jl.gov.cn/was5/web/gov/renda/response_renda_guizhangku20230807.jsp"


class TestJlrd(SiteSuite):
    spider = JlrdSpider
    # The listing's second page: pageIndex=2, computed from total=11 and pageSize=10.
    second_list_page = WAS + "?wjlx=5,6&pageIndex=2&pageSize=10"

    def test_listing_starts_on_the_was_host(self):
        assert JlrdSpider.start_channels == (WAS + "?wjlx=5,6&pageIndex=1&pageSize=10",)

    def test_pdf_rows_of_the_listing_are_not_requested(self, crawled):
        # PDF rows of the WAS listing are documents, not articles; only PDFs an article page
        # links to are fetched, as that article's attachments.
        listed = {
            url
            for page in (SITE / "was.jl.gov.cn").rglob("*pageIndex=*")
            for url in re.findall(r"http[^\"]+?\.pdf", page.read_text(encoding="utf-8"))
        }
        assert listed and listed & set(crawled.requested) == set()

    def test_attachment_pdfs_are_requested(self, crawled):
        pdfs = {u for u in crawled.requested if u.endswith("/P020260115000000000001.pdf")}
        assert len(pdfs) == 3

    def test_no_third_listing_page(self, crawled):
        assert WAS + "?wjlx=5,6&pageIndex=3&pageSize=10" not in crawled.requested

    def test_both_hosts_robots_txt_fetched(self, crawled):
        assert {"http://www.jlrd.gov.cn/robots.txt", "https://was.jl.gov.cn/robots.txt"} <= set(crawled.requested)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())


def test_jsonp_listing_is_read():
    from scrapy.http import TextResponse

    body = (
        'result({"total": "1", "data": [{"title": "x", '
        '"puburl": "http://www.jlrd.gov.cn/jlsjk/202601/t20260115_9397450.html"}]});'
    )
    response = TextResponse(WAS + "?wjlx=5,6&pageIndex=1&pageSize=10", body=body.encode(), encoding="utf-8")
    spider = JlrdSpider()
    urls = [r.url for r in spider.parse_list(response)]
    assert urls == ["http://www.jlrd.gov.cn/jlsjk/202601/t20260115_9397450.html"]

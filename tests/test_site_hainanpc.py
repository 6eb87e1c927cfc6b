"""海南人大网: easysite/eportal portal; list rows from /eportal/ui?…&staticRequest=yes, articles /eportal/ui?articleKey=…"""

import pytest

from crawlers.spiders.hainanpc import HainanpcSpider
from tests.site_checks import SiteSuite, crawl_fixture_site

PORTLET = (
    "https://www.hainanpc.gov.cn/eportal/ui?pageId=3c5e7a9b1d2f4a6c8e0b1d3f5a7c9e2b&currentPage={}"
    "&moduleId=7f1e3d5c9b2a4e6f8d0c2b4a6e8f1d3c&staticRequest=yes"
)


class TestHainanpc(SiteSuite):
    spider = HainanpcSpider
    second_list_page = PORTLET.format(2)

    def test_shell_leads_to_portlet_page_one(self, crawled):
        assert PORTLET.format(1) in crawled.requested

    def test_no_portlet_page_beyond_totalpage(self, crawled):
        assert PORTLET.format(3) not in crawled.requested

    def test_other_columns_not_followed(self, crawled):
        assert "https://www.hainanpc.gov.cn/hainanpc/35/lists/index.html" not in crawled.requested

    def test_article_pattern_reads_the_query(self):
        assert (
            HainanpcSpider.is_article_url("https://hainanpc.gov.cn/eportal/ui?articleKey=" + "a" * 32),
            HainanpcSpider.is_article_url("https://hainanpc.gov.cn/eportal/ui?pageId=" + "a" * 32),
        ) == (True, False)


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hainanpc-twice")
    crawl_fixture_site(HainanpcSpider, directory)
    return crawl_fixture_site(HainanpcSpider, directory)


@pytest.fixture(scope="module")
def recrawled_full(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hainanpc-twice-full")
    crawl_fixture_site(HainanpcSpider, directory)
    return crawl_fixture_site(HainanpcSpider, directory, full=True)


def test_incremental_recrawl_stops_at_the_known_first_page(recrawled):
    assert PORTLET.format(2) not in recrawled.requested


def test_full_recrawl_walks_every_page(recrawled_full):
    assert PORTLET.format(2) in recrawled_full.requested

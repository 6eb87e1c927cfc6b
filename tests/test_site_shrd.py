"""上海人大: TrueCMS list with a static first page and getMessage.do recordset XHR pages; spcsc.sh.cn is hijacked."""

import pytest

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite, crawl_fixture_site

XHR = (
    "https://www.shrd.gov.cn/TrueCMS/messageController/getMessage.do?startrecord={start}&endrecord={end}"
    "&perpage=20&contentTemplate=&columnId=82e1eed4-ef97-4ba8-b3da-2299d731060c"
)

ShrdSpider = spider_for("shrd")
HIJACKED = "http://www.spcsc.sh.cn/shrd/gk/content/5b0e2d71-9c8f-4a36-8e12-7f4d3a9b6c05.html"


class TestShrd(SiteSuite):
    spider = ShrdSpider
    # The 2nd list page is the first XHR recordset page (records 21-40).
    second_list_page = XHR.format(start=21, end=40)

    def test_third_page_scheduled_from_totalrecord(self, crawled):
        # <totalrecord>45</totalrecord> at 20 per page: a 3rd page, records 41-60.
        assert XHR.format(start=41, end=60) in crawled.requested

    def test_no_page_beyond_totalrecord(self, crawled):
        assert XHR.format(start=61, end=80) not in crawled.requested

    def test_hijacked_host_never_requested(self, crawled):
        assert not [u for u in crawled.requested if "spcsc.sh.cn" in u]

    def test_hijacked_host_denied(self):
        assert not ShrdSpider.allows_host("www.spcsc.sh.cn")

    def test_hijacked_link_is_not_an_article(self):
        # The same path on www.shrd.gov.cn would be one: only the host keeps it out.
        assert (
            ShrdSpider.is_article_url(HIJACKED.replace("http://www.spcsc.sh.cn", "https://www.shrd.gov.cn")),
            ShrdSpider.is_article_url(HIJACKED),
        ) == (True, False)


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    directory = tmp_path_factory.mktemp("shrd-twice")
    crawl_fixture_site(ShrdSpider, directory)
    return crawl_fixture_site(ShrdSpider, directory)


@pytest.fixture(scope="module")
def recrawled_full(tmp_path_factory):
    directory = tmp_path_factory.mktemp("shrd-twice-full")
    crawl_fixture_site(ShrdSpider, directory)
    return crawl_fixture_site(ShrdSpider, directory, full=True)


def test_incremental_recrawl_stops_at_the_known_static_page(recrawled):
    assert [u for u in recrawled.requested if "getMessage.do" in u] == []


def test_full_recrawl_walks_the_xhr_pages_again(recrawled_full):
    assert len([u for u in recrawled_full.requested if "getMessage.do" in u]) == 2

"""辽宁人大网: column shells whose rows come from easysite queryArticleByCondition data pages (<prefix>-N.shtml)."""

import pytest

from crawlers.spiders.lnrd import LnrdSpider
from tests.site_checks import SiteSuite, crawl_fixture_site

DATA = "http://www.lnrd.gov.cn/lnrd/zyfb/dfxfg/258434cd-{}.shtml"


class TestLnrd(SiteSuite):
    spider = LnrdSpider
    second_list_page = DATA.format(2)

    def test_fixture_world_covers_two_templates(self):
        assert {e["template"] for e in self.expected().values()} == {"lnrd-easysite", "lnrd-2021"}

    def test_shell_starts_data_page_one(self, crawled):
        assert DATA.format(1) in crawled.requested

    def test_no_data_page_beyond_totalpage(self, crawled):
        # totalpage="2": page 3 would be a 404 on the real site.
        assert DATA.format(3) not in crawled.requested

    def test_other_columns_not_followed(self, crawled):
        assert "http://www.lnrd.gov.cn/lnrd/zyfb/gzyd/index.shtml" not in crawled.requested

    def test_data_pages_keep_the_shell_channel(self, crawled):
        # The data pages are fragments without crumbs or <title>.
        assert {r["channel"] for r in crawled.records.values()} == {"地方性法规"}


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    directory = tmp_path_factory.mktemp("lnrd-twice")
    crawl_fixture_site(LnrdSpider, directory)
    return crawl_fixture_site(LnrdSpider, directory)


@pytest.fixture(scope="module")
def recrawled_full(tmp_path_factory):
    directory = tmp_path_factory.mktemp("lnrd-twice-full")
    crawl_fixture_site(LnrdSpider, directory)
    return crawl_fixture_site(LnrdSpider, directory, full=True)


def test_incremental_recrawl_stops_at_the_known_first_page(recrawled):
    assert DATA.format(2) not in recrawled.requested


def test_full_recrawl_walks_every_page(recrawled_full):
    assert DATA.format(2) in recrawled_full.requested

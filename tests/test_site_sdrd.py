"""山东人大网: gentleCMS articles /articles/ch<channel>/YYYYMM/<uuid>.shtml with a bare 时间 line."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

SdrdSpider = spider_for("sdrd")


class TestSdrd(SiteSuite):
    spider = SdrdSpider
    second_list_page = "http://www.sdrd.gov.cn/channels/ch00628/index_2.shtml"

    def test_other_channels_not_followed(self, crawled):
        assert "http://www.sdrd.gov.cn/channels/ch00620/index.shtml" not in crawled.requested

    def test_search_endpoint_not_requested(self, crawled):
        assert not [u for u in crawled.requested if "/gentleCMS/" in u]

    def test_date_comes_from_the_page_not_the_url_month(self, crawled):
        assert {r["date_basis"] for r in crawled.records.values()} == {"byline"}

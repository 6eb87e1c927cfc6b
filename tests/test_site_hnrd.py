"""湖南人大网: 红网 (rednet) CMS with two URL generations (/content/YYYY/MM/DD/ and /content/<node>/<nn>/), /channel/ lists."""

from crawlers.spiders.hnrd import HnrdSpider
from tests.site_checks import SiteSuite

REDCLOUD_PAGE = "https://www.hnrd.gov.cn/content/646043/68/12409350.html"


class TestHnrd(SiteSuite):
    spider = HnrdSpider
    second_list_page = "https://www.hnrd.gov.cn/channel/16170_2.html"

    def test_fixture_world_covers_both_generations(self):
        assert {e["template"] for e in self.expected().values()} == {"hnrd-2023", "hnrd-2018"}

    def test_bare_host_link_stored_under_www(self, crawled):
        # The list links this article on hnrd.gov.cn; it is fetched and stored once, on www.
        assert [u for u in crawled.requested if u.startswith("https://hnrd.gov.cn/")] == []

    def test_redcloud_account_is_not_an_editor(self, crawled):
        assert "redcloud" not in crawled.records[REDCLOUD_PAGE]["editors"]

    def test_law_database_spa_host_denied(self):
        # hnfg.hnrd.gov.cn is inside hnrd.gov.cn but is a JS-only SPA.
        assert not self.spider.allows_host("hnfg.hnrd.gov.cn")

    def test_other_channel_pages_not_followed(self, crawled):
        assert "https://www.hnrd.gov.cn/channel/16172_2.html" not in crawled.requested

    def test_city_article_region_from_breadcrumb(self, crawled):
        region = crawled.records["https://www.hnrd.gov.cn/content/646755/74/12408011.html"]["region"]
        assert (region["city"], region["basis"]) == ("张家界市", "breadcrumb")

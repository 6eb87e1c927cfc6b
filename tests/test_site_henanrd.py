"""河南人大网: custom date-path CMS with two URL forms (/YYYY/MM-DD/<id>.html, 2026 /YYYY-MM-DD/<id>.html)."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

HenanrdSpider = spider_for("henanrd")


class TestHenanrd(SiteSuite):
    spider = HenanrdSpider
    second_list_page = "https://www.henanrd.gov.cn/rdyw/index_2.html"

    def test_both_url_forms_stored(self, crawled):
        urls = set(crawled.records)
        assert {
            "https://www.henanrd.gov.cn/2026-03-12/241877.html",
            "https://www.henanrd.gov.cn/2025/11-28/239105.html",
        } <= urls

    def test_city_subsite_not_requested(self, crawled):
        # lysrd.henanrd.gov.cn (洛阳) is another congress on the same platform.
        assert [u for u in crawled.requested if "lysrd.henanrd.gov.cn" in u] == []

    def test_other_channel_pages_not_followed(self, crawled):
        assert "https://www.henanrd.gov.cn/dbgz/index_2.html" not in crawled.requested

    def test_city_congress_in_body_narrows_region(self, crawled):
        region = crawled.records["https://www.henanrd.gov.cn/2013/05-22/5120.html"]["region"]
        assert (region["city"], region["basis"]) == ("信阳市", "body")

"""云南人大网: PHPCMS-style static date paths /html/YYYY/<col>_MMDD/<id>.html, 2025 URLs with ?show=2025new."""

from crawlers.spiders.ynrd import YnrdSpider
from tests.site_checks import SiteSuite

BASE = "https://www.ynrd.gov.cn/html/"


class TestYnrd(SiteSuite):
    spider = YnrdSpider
    second_list_page = BASE + "lifadongtai/2.html"

    def test_query_string_kept_in_2025_url(self, crawled):
        assert BASE + "2025/gongzuoyanjiu_1028/4043112.html?show=2025new" in crawled.records

    def test_first_list_page_not_refetched_as_index_html(self, crawled):
        # Page 2's pager links index.html: the same page as the channel URL /html/lifadongtai/.
        assert BASE + "lifadongtai/index.html" not in crawled.requested

    def test_other_category_pages_not_followed(self, crawled):
        assert BASE + "jiandugongzuo/2.html" not in crawled.requested

    def test_page_date_wins_over_url_day(self, crawled):
        # URL lifadongtai_0721, 发布时间 2023-07-20.
        assert crawled.records[BASE + "2023/lifadongtai_0721/23440.html"]["published_at"] == "2023-07-20T00:00:00+08:00"

"""甘肃人大网: PHPCMS-style static date paths /html/YYYY/<col>_MMDD/<id>.html (same scheme as ynrd), 稿件来源 bylines."""

from crawlers.spiders.gsrdw import GsrdwSpider
from tests.site_checks import SiteSuite

BASE = "http://www.gsrdw.gov.cn/html/"
REPRINT = BASE + "2017/rdjl_0726/15592.html"


class TestGsrdw(SiteSuite):
    spider = GsrdwSpider
    second_list_page = BASE + "gg/2.html"

    def test_first_list_page_not_refetched_as_index_html(self, crawled):
        assert BASE + "gg/index.html" not in crawled.requested

    def test_other_column_pages_not_followed(self, crawled):
        assert BASE + "lfgz/2.html" not in crawled.requested

    def test_reprint_from_tianjin_stays_in_gansu(self, crawled):
        # The body names 天津市人大常委会, which is outside the site's province: no narrowing.
        assert crawled.records[REPRINT]["region"]["province_code"] == "620000"

"""广东人大网: post_<id> CMS on www.gdpc.gov.cn/gdrdw (2025) and www.rd.gd.cn (2021), old GBK /pub/gdrd2012/ pages."""

from rdarchive.spiders import spider_for
from tests.conftest import site_root
from tests.site_checks import SiteSuite

GdrdSpider = spider_for("gdrd")

OLD = "http://www.rd.gd.cn/pub/gdrd2012/rdgz/lfjj/201911/t20191129_172345.html"


class TestGdrd(SiteSuite):
    spider = GdrdSpider
    second_list_page = "https://www.gdpc.gov.cn/gdrdw/zixun/other/index_2.html"

    def test_fixture_world_covers_three_url_generations(self):
        hosts_and_forms = {(u.split("/")[2], "/pub/gdrd2012/" in u) for u in self.expected()}
        assert hosts_and_forms == {("www.gdpc.gov.cn", False), ("www.rd.gd.cn", False), ("www.rd.gd.cn", True)}

    def test_fixture_world_covers_two_templates(self):
        assert {e["template"] for e in self.expected().values()} == {"gdrd-post", "gdrd-2012"}

    def test_gbk_page_served_as_gbk_bytes(self):
        raw = (site_root("gdrd") / "www.rd.gd.cn" / OLD.split("www.rd.gd.cn/")[1]).read_bytes()
        assert "省人大常委会召开立法论证会".encode("gbk") in raw

    def test_gbk_page_decoded(self, crawled):
        assert "海岸带保护" in crawled.records[OLD]["body"]

    def test_other_province_congress_does_not_move_region(self, crawled):
        # 浙江省人大常委会 in a 各地人大 item is outside 广东: the region stays the site's.
        record = crawled.records["https://www.gdpc.gov.cn/gdrdw/zixun/other/content/post_237104.html"]
        assert record["region"]["basis"] == "site"

    def test_nav_channels_not_followed(self, crawled):
        assert "https://www.gdpc.gov.cn/gdrdw/zixun/" not in crawled.requested

"""湖北人大网: PHPCMS list.php?catid=N&page=N lists, /p/<id>.html (2023+) and /YYYY/MMDD/<id>.html (~2020) articles."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

HppcSpider = spider_for("hppc")


class TestHppc(SiteSuite):
    spider = HppcSpider
    second_list_page = "http://www.hppc.gov.cn/list.php?catid=54&page=2"

    def test_fixture_world_covers_two_templates(self):
        assert {e["template"] for e in self.expected().values()} == {"hppc-p", "hppc-endtext"}

    def test_other_categories_not_followed(self, crawled):
        assert not [u for u in crawled.requested if "catid=61" in u or "catid=67" in u]

    def test_member_login_not_requested(self, crawled):
        assert not [u for u in crawled.requested if "index.php" in u]

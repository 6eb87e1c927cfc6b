"""黑龙江人大网: JS-routed query pages with no known article URL or data endpoint, so the site is declared unsupported."""

from __future__ import annotations

from rdarchive.spiders import spider_for
from tests.conftest import site_root
from tests.site_checks import UnsupportedSiteSuite

HljrdSpider = spider_for("hljrd")


class TestHljrd(UnsupportedSiteSuite):
    spider = HljrdSpider
    reason_mentions = "query-routed"

    def test_fixture_folder_has_no_pages(self):
        # No page of the site was ever seen: the folder holds only its README.
        assert not site_root("hljrd").exists()

"""山西人大网: only the host of the news site is known (the JSON API is the law database), so the site is declared unsupported."""

from __future__ import annotations

from rdarchive.spiders import spider_for
from tests.conftest import site_root
from tests.site_checks import UnsupportedSiteSuite

SxpcSpider = spider_for("sxpc")


class TestSxpc(UnsupportedSiteSuite):
    spider = SxpcSpider
    reason_mentions = "only the host is known"

    def test_fixture_folder_has_no_pages(self):
        # No page of the site was ever seen: the folder holds only its README.
        assert not site_root("sxpc").exists()

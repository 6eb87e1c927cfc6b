"""陕西人大网: a Vue single-page app with no known data endpoint, so the site is declared unsupported."""

from __future__ import annotations

from rdarchive.spiders import spider_for
from tests.conftest import site_root
from tests.site_checks import UnsupportedSiteSuite

SxrdSpider = spider_for("sxrd")


class TestSxrd(UnsupportedSiteSuite):
    spider = SxrdSpider
    reason_mentions = "single-page app"

    def test_fixture_world_holds_the_spa_shell(self):
        # The shell is served, so "nothing requested" is the spider's doing, not a missing file.
        assert (site_root("sxrd") / "www.sxrd.gov.cn" / "index.html").is_file()

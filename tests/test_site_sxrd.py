"""陕西人大网: a Vue single-page app with no known data endpoint, so the site is declared unsupported."""
from __future__ import annotations

import pytest

from crawlers.spiders.sxrd import SxrdSpider
from tests.conftest import site_root
from tests.site_checks import crawl_fixture_site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_fixture_site(SxrdSpider, tmp_path_factory.mktemp("sxrd"))


def test_fixture_world_holds_the_spa_shell():
    # The shell is served, so "nothing requested" below is the spider's doing, not a missing file.
    assert (site_root("sxrd") / "www.sxrd.gov.cn" / "index.html").is_file()


def test_site_is_declared_unsupported():
    assert SxrdSpider.site_record().evidence == "unsupported"


def test_run_failed(crawled):
    assert crawled.run.status == "failed"


def test_one_unsupported_failure(crawled):
    assert [f.kind for f in crawled.run.failures] == ["unsupported"]


def test_failure_reason_names_the_site(crawled):
    reason = crawled.run.failures[0].reason
    assert reason.startswith("sxrd:") and "www.sxrd.gov.cn" in reason


def test_failure_reason_says_why(crawled):
    assert "single-page app" in crawled.run.failures[0].reason


def test_nothing_requested(crawled):
    assert crawled.requested == []


def test_no_article_stored(crawled):
    assert crawled.records == {}


@pytest.fixture
def crawled_shell(tmp_path):
    # `rdarchive crawl --url` bypasses the declaration: the shell is fetched.
    return crawl_fixture_site(SxrdSpider, tmp_path, urls="http://www.sxrd.gov.cn/")


def test_explicit_shell_url_yields_no_article(crawled_shell):
    assert (crawled_shell.requested[-1], crawled_shell.records) == ("http://www.sxrd.gov.cn/", {})

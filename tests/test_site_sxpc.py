"""山西人大网: only the host of the news site is known (the JSON API is the law database), so the site is declared unsupported."""
from __future__ import annotations

import pytest

from crawlers.spiders.sxpc import SxpcSpider
from tests.conftest import site_root
from tests.site_checks import crawl_fixture_site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_fixture_site(SxpcSpider, tmp_path_factory.mktemp("sxpc"))


def test_fixture_folder_has_no_pages():
    # No page of the site was ever seen: the folder holds only its README.
    assert not site_root("sxpc").exists()


def test_site_is_declared_unsupported():
    assert SxpcSpider.site_record().evidence == "unsupported"


def test_run_failed(crawled):
    assert crawled.run.status == "failed"


def test_one_unsupported_failure(crawled):
    assert [f.kind for f in crawled.run.failures] == ["unsupported"]


def test_failure_reason_names_the_site(crawled):
    reason = crawled.run.failures[0].reason
    assert reason.startswith("sxpc:") and "www.sxpc.gov.cn" in reason


def test_failure_reason_says_why(crawled):
    assert "only the host is known" in crawled.run.failures[0].reason


def test_failure_is_recorded_against_the_start_channel(crawled):
    assert crawled.run.failures[0].url == SxpcSpider.start_channels[0]


def test_nothing_requested(crawled):
    assert crawled.requested == []


def test_no_article_stored(crawled):
    assert crawled.records == {}

"""新疆人大网: the 2020 /channel/<page>/<slug>.html site (ES20), walked page by page until a list is empty;
the 2026 redirect of the host to an intranet IP is recorded as a failure, never followed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawlers.spiders.xjpcsc import XjpcscSpider
from models.tables import CrawlRun
from rdarchive.replay_server import ReplayServer, Route
from tests.conftest import crawl, sessions_for, site_root, sqlite_url
from tests.site_checks import SiteSuite

START = "http://www.xjpcsc.gov.cn/channel/1/rdyw.html"
INTRANET = "http://10.20.30.40/portal/"


class TestXjpcsc(SiteSuite):
    spider = XjpcscSpider
    second_list_page = "http://www.xjpcsc.gov.cn/channel/2/rdyw.html"

    def test_walk_reaches_the_empty_page(self, crawled):
        assert "http://www.xjpcsc.gov.cn/channel/3/rdyw.html" in crawled.requested

    def test_walk_stops_after_the_empty_page(self, crawled):
        assert "http://www.xjpcsc.gov.cn/channel/4/rdyw.html" not in crawled.requested

    def test_other_channels_in_the_nav_not_followed(self, crawled):
        assert "http://www.xjpcsc.gov.cn/channel/1/jdsc.html" not in crawled.requested

    def test_list_row_date_used_when_the_page_has_none(self, crawled):
        record = crawled.records["http://www.xjpcsc.gov.cn/2020/04-28/4488.html"]
        assert record["published_at"] == "2020-04-28T00:00:00+08:00"

    def test_list_pages_are_not_articles(self):
        assert not XjpcscSpider.is_article_url(self.second_list_page)


def crawl_with_routes(directory, routes):
    """Crawl the fixture world with some URLs answered by scripted routes (redirects)."""
    db_url = sqlite_url(directory)
    with ReplayServer(roots=[site_root(XjpcscSpider.name)], routes=routes) as server:
        crawler = crawl(XjpcscSpider, db_url, server)
        requested = list(server.requested)
    with sessions_for(db_url)() as s:
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        failures = [(f.url, f.kind, f.reason) for f in run.failures]
    return requested, failures


@pytest.fixture(scope="module")
def redirected(tmp_path_factory):
    # The 2026 behaviour (POF): the channel answers with a redirect to an intranet address.
    routes = {START: Route(status=302, body=b"", headers={"Location": INTRANET})}
    return crawl_with_routes(tmp_path_factory.mktemp("xjpcsc-redirect"), routes)


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    # A redirect inside the site is followed (here: page 1 answers with a move to page 2,
    # whose row is reachable in no other way once page 1 is gone).
    routes = {START: Route(status=301, body=b"", headers={"Location": "/channel/2/rdyw.html"})}
    return crawl_with_routes(tmp_path_factory.mktemp("xjpcsc-moved"), routes)


def test_intranet_redirect_never_requested(redirected):
    requested, _ = redirected
    assert [u for u in requested if urlsplit(u).hostname == "10.20.30.40"] == []


def test_intranet_redirect_recorded_as_failure(redirected):
    _, failures = redirected
    assert [(url, kind) for url, kind, _ in failures] == [(START, "redirected")]


def test_intranet_redirect_reason_names_the_target(redirected):
    _, failures = redirected
    assert "redirects to an intranet address http://10.20.30.40/portal/" in failures[0][2]


def test_redirect_inside_the_site_is_followed(moved):
    requested, failures = moved
    assert ("http://www.xjpcsc.gov.cn/2020/04-28/4488.html" in requested, failures) == (True, [])

"""Helpers for per-site tests: crawl a fixture world once, compare stored fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from core.article_fields import BY_NAME, value_at
from models.tables import Article, CrawlRun
from rdarchive.export import article_record
from rdarchive.replay_server import ReplayServer
from tests.conftest import crawl, expected_articles, sessions_for, site_root, sqlite_url
from tests.template_checks import FixtureWorld, read_fixture_world


@dataclass
class CrawlResult:
    records: dict[str, dict[str, Any]]  # url -> exported record
    run: CrawlRun
    requested: list[str]
    db_url: str


def crawl_fixture_site(
    spidercls: type,
    directory: Path,
    db_url: str | None = None,
    files: dict | None = None,
    root: Path | None = None,
    settings: dict | None = None,
    **spider_kwargs: Any,
) -> CrawlResult:
    db_url = db_url or sqlite_url(directory)
    with ReplayServer(roots=[root or site_root(spidercls.name)], files=files) as server:
        crawler = crawl(spidercls, db_url, server, settings=settings, **spider_kwargs)
        requested = list(server.requested)
    sessions = sessions_for(db_url)
    with sessions() as s:
        records = {a.url: article_record(a, a.site) for a in s.scalars(select(Article))}
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        _ = run.failures  # load while the session is open
    return CrawlResult(records, run, requested, db_url)


# What an expected/*.json may check beside the article fields (core/article_fields.py, by name).
DERIVED: dict[str, Callable[[dict[str, Any]], Any]] = {
    "body_start": lambda record: record["body"][:12],
    "body_end": lambda record: record["body"][-12:],
}
# Keys of an expected file that are no check: the article's URL names it.
NOT_CHECKS = {"url"}


def stored_value(record: dict[str, Any], name: str) -> Any:
    """The value an expected-JSON key is compared with, in an export-shaped record."""
    return DERIVED[name](record) if name in DERIVED else value_at(record, name)


def field_cases(slug: str, *, page_fields_only: bool = False) -> list[tuple[str, str]]:
    """(url, field) for every field an expected file names; `page_fields_only`: those a parse can know."""
    return [
        (url, name)
        for url, expected in expected_articles(slug).items()
        for name in expected
        if name not in NOT_CHECKS and (not page_fields_only or name in DERIVED or BY_NAME[name].read is not None)
    ]


def case_ids(cases: list[tuple[str, str]]) -> list[str]:
    return [f"{url.rsplit('/', 1)[-1]}-{name}" for url, name in cases]


class SiteSuite:
    """The checks every site's fixture world must pass; a site test module subclasses it.

        class TestBjrd(SiteSuite):
            spider = BjrdSpider
            second_list_page = "https://www.bjrd.gov.cn/zyfb/index_1.html"

    The crawl runs once per class through the real engine against the replay
    server; each test asserts one thing. Per-field cases come from
    tests/fixtures/sites/<slug>/expected/*.json.
    """

    spider: type
    # A list page only reachable through pagination from a start channel.
    second_list_page: str | None = None
    furniture = ("浏览字号", "打印本页", "关闭窗口", "相关文章", "分享到", "二维码")

    @classmethod
    def expected(cls) -> dict[str, dict[str, Any]]:
        return expected_articles(cls.spider.name)

    @pytest.fixture(scope="class")
    @classmethod
    def crawled(cls, tmp_path_factory) -> CrawlResult:
        return crawl_fixture_site(cls.spider, tmp_path_factory.mktemp(cls.spider.name))

    def test_fixture_world_has_two_articles(self):
        assert len(self.expected()) >= 2

    def test_every_fixture_article_is_stored(self, crawled):
        assert sorted(crawled.records) == sorted(self.expected())

    @staticmethod
    def pytest_generate_tests(metafunc) -> None:
        # One test per (article, field), named after both.
        slug = metafunc.cls.spider.name
        if "field_case" in metafunc.fixturenames:
            cases = field_cases(slug)
            metafunc.parametrize("field_case", cases, ids=case_ids(cases))
        if "template_case" in metafunc.fixturenames:
            cases = field_cases(slug, page_fields_only=True)
            metafunc.parametrize("template_case", cases, ids=case_ids(cases))

    def test_expected_files_name_known_fields(self):
        names = {name for expected in self.expected().values() for name in expected}
        assert names - NOT_CHECKS - DERIVED.keys() - BY_NAME.keys() == set()

    def test_field(self, crawled, field_case):
        url, name = field_case
        assert stored_value(crawled.records[url], name) == self.expected()[url][name]

    # -- the fast path: templates checked without the engine or a database (-m template) --
    @pytest.fixture(scope="class")
    @classmethod
    def parsed(cls) -> FixtureWorld:
        return read_fixture_world(cls.spider)

    @pytest.mark.template
    def test_template_reads_every_expected_article(self, parsed):
        missing = sorted(set(self.expected()) - set(parsed.records))
        assert missing == [], f"not parsed: {missing}; on the way: {parsed.problems}"

    @pytest.mark.template
    def test_template_field(self, parsed, template_case):
        url, name = template_case
        assert stored_value(parsed.records[url], name) == self.expected()[url][name]

    def test_no_page_furniture_in_bodies(self, crawled):
        found = {u: [w for w in self.furniture if w in r["body"]] for u, r in crawled.records.items()}
        assert {u: w for u, w in found.items() if w} == {}

    def test_bodies_keep_paragraphs(self, crawled):
        assert all(r["body"].count("\n") >= 1 for r in crawled.records.values())

    def test_second_list_page_followed(self, crawled):
        if self.second_list_page is None:
            pytest.skip("this site has no pagination to follow")
        assert self.second_list_page in crawled.requested

    def test_only_allowed_hosts_requested(self, crawled):
        hosts = {urlsplit(u).hostname for u in crawled.requested}
        assert all(self.spider.allows_host(h) for h in hosts)

    def test_run_succeeded(self, crawled):
        assert (crawled.run.status, crawled.run.health) == ("succeeded", "ok")

    def test_run_has_no_failures(self, crawled):
        assert [f.reason for f in crawled.run.failures] == []

    def test_reprocessing_the_captures_changes_nothing(self, crawled):
        # Today's pipeline over today's WARC captures, offline: every article as the crawl stored it
        # (what only the list page knew, such as the channel or a list date, included).
        from rdarchive.reprocess import reprocess

        report = reprocess(sessions_for(crawled.db_url))
        assert (dict(report.outcomes), report.problems) == ({"unchanged": len(crawled.records)}, [])


class UnsupportedSiteSuite:
    """The checks for a site declared unsupported: one recorded failure that says why, nothing fetched.

    class TestSxrd(UnsupportedSiteSuite):
        spider = SxrdSpider
        reason_mentions = "single-page app"
    """

    spider: type
    # A phrase of the declared reason the recorded failure must carry.
    reason_mentions: str

    @pytest.fixture(scope="class")
    @classmethod
    def crawled(cls, tmp_path_factory) -> CrawlResult:
        return crawl_fixture_site(cls.spider, tmp_path_factory.mktemp(cls.spider.name))

    def test_site_is_declared_unsupported(self):
        assert self.spider.site_record().evidence == "unsupported"

    def test_run_failed(self, crawled):
        assert crawled.run.status == "failed"

    def test_one_unsupported_failure(self, crawled):
        assert [f.kind for f in crawled.run.failures] == ["unsupported"]

    def test_failure_reason_names_the_site(self, crawled):
        reason = crawled.run.failures[0].reason
        assert reason.startswith(f"{self.spider.name}:") and self.spider.allowed_domains[0] in reason

    def test_failure_reason_says_why(self, crawled):
        assert self.reason_mentions in crawled.run.failures[0].reason

    def test_failure_is_recorded_against_the_start_channel(self, crawled):
        assert crawled.run.failures[0].url == self.spider.start_channels[0]

    def test_nothing_requested(self, crawled):
        assert crawled.requested == []

    def test_no_article_stored(self, crawled):
        assert crawled.records == {}

"""Two writers storing the same articles at the same moment leave one row per article.

The site lock (crawlers/exclusion.py) keeps two crawls of one site apart, so
tests/test_concurrency.py no longer sees two writers race. The store must
still hold on its own: a reprocess, a hand-started crawl of an overlapping
site or a repost on two sites can write the same URL or the same text from two
processes. Two child processes save the same pages in opposite orders, released
together by a barrier, on SQLite (WAL) and on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from core.status import Outcome
from models.tables import Article, ArticleFingerprint, ArticleVersion
from tests.conftest import sessions_for, sqlite_url
from tests.test_interruption import pg_schema_url
from tests.test_storage import SITE, parsed

PAGES = 30


def url(n: int) -> str:
    return f"http://www.npc.gov.cn/npc/c{n}/2026/concurrent.html"


def body(n: int) -> str:
    # Texts long enough to be fingerprinted, each distinct from the others.
    return f"第{n}篇。" + "".join(f"全国人大常委会第{n}次会议审议第{k}项议程，会议听取了报告。" for k in range(12))


def writer(db_url: str, barrier, results, reverse: bool) -> None:  # type: ignore[no-untyped-def]
    from models.store import ArchiveStore

    try:
        store = ArchiveStore(sessions_for(db_url))
        site_id = store.ensure_site(SITE)
        run_id = store.start_run(["npc"])
        barrier.wait(timeout=60)
        order = range(PAGES - 1, -1, -1) if reverse else range(PAGES)
        outcomes = [(n, str(store.save(parsed(url(n), body(n)), site_id, run_id))) for n in order]
        results.put(("ok", outcomes))
    except Exception as e:  # noqa: BLE001 - the parent asserts on what happened
        results.put(("error", f"{type(e).__name__}: {e}"))


@dataclass
class Race:
    reports: list[tuple[str, object]]
    articles: int
    versions: int
    fingerprinted: int


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def race(request, tmp_path_factory) -> Iterator[Race]:
    if request.param == "sqlite":
        db_url, drop = sqlite_url(tmp_path_factory.mktemp("race")), None
    else:
        db_url, _, drop = pg_schema_url("race")
    try:
        yield run_race(db_url)
    finally:
        if drop:
            drop()


def run_race(db_url: str) -> Race:
    sessions_for(db_url)  # the schema exists before the writers start
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=writer, args=(db_url, barrier, results, rev)) for rev in (False, True)]
    for p in procs:
        p.start()
    reports = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    with sessions_for(db_url)() as s:
        return Race(
            reports=reports,
            articles=s.scalar(select(func.count()).select_from(Article)) or 0,
            versions=s.scalar(select(func.count()).select_from(ArticleVersion)) or 0,
            fingerprinted=s.scalar(select(func.count(func.distinct(ArticleFingerprint.article_id)))) or 0,
        )


def test_both_writers_finish_without_error(race):
    assert [kind for kind, _ in race.reports] == ["ok", "ok"], race.reports


def test_one_row_per_article(race):
    assert race.articles == PAGES


def test_no_version_from_the_same_text(race):
    assert race.versions == 0


def test_every_article_fingerprinted_once(race):
    assert race.fingerprinted == PAGES


def test_each_page_new_once(race):
    news = Counter(n for kind, outcomes in race.reports if kind == "ok" for n, o in outcomes if o == Outcome.NEW)  # type: ignore[attr-defined]
    assert sorted(news.items()) == [(n, 1) for n in range(PAGES)]

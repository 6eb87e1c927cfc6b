"""One transaction per article: the article, its capture row and the run's counts commit together."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, func, select

from core.capture import PendingCapture
from core.status import Outcome
from models import store as store_module
from models.tables import Article, Capture, CrawlRun
from rdarchive.spiders import spider_for
from tests.conftest import sessions_for
from tests.site_checks import crawl_fixture_site
from tests.test_storage import archive, count, parsed  # noqa: F401 - the fixture is used by name

NpcSpider = spider_for("npc")
URL = "http://www.npc.gov.cn/npc/c30834/201901/a1.shtml"


def pending(run_id: int, url: str = URL) -> PendingCapture:
    return PendingCapture(
        run_id=run_id,
        url=url,
        captured_at=datetime(2026, 12, 4, 3, 0, tzinfo=UTC),
        http_status=200,
        content_type="text/html",
        warc_file="rdarchive-npc-run1-00001.warc.gz",
        offset=0,
        length=100,
        record_id="<urn:uuid:00000000-0000-0000-0000-000000000001>",
        payload_sha256="0" * 64,
        payload_digest="sha1:AAAA",
    )


def save_with_capture(archive, counts=None):  # noqa: F811
    store, sessions, site_id, run_id = archive
    article = parsed(URL, "正文" * 50)
    article.page.capture = pending(run_id)
    outcome = store.save(article, site_id, run_id, counts=counts)
    return article, outcome


def test_article_points_to_the_capture_written_with_it(archive):  # noqa: F811
    article, _ = save_with_capture(archive)
    with archive[1]() as s:
        assert s.scalar(select(Article.capture_id)) == article.page.capture.id


def test_capture_gets_its_id_after_the_commit(archive):  # noqa: F811
    article, _ = save_with_capture(archive)
    with archive[1]() as s:
        assert s.scalar(select(Capture.id).where(Capture.url == URL)) == article.page.capture.id


def test_counts_written_with_the_article(archive):  # noqa: F811
    save_with_capture(archive, counts=lambda outcome: {"articles_new": int(outcome is Outcome.NEW)})
    with archive[1]() as s:
        assert s.get(CrawlRun, archive[3]).articles_new == 1


class Refused(RuntimeError):
    pass


@pytest.fixture
def failed_counts(archive, monkeypatch):  # noqa: F811
    """The run-count update fails after the capture and the article were inserted."""

    def refuse(*args: object) -> None:
        raise Refused("counts refused")

    monkeypatch.setattr(store_module, "_add_counts", refuse)
    store, sessions, site_id, run_id = archive
    article = parsed(URL, "正文" * 50)
    article.page.capture = pending(run_id)
    with pytest.raises(Refused):
        store.save(article, site_id, run_id, counts=lambda outcome: {"articles_new": 1})
    return sessions, article


def test_failed_transaction_stores_no_article(failed_counts):
    assert count(failed_counts[0], Article) == 0


def test_failed_transaction_stores_no_capture(failed_counts):
    assert count(failed_counts[0], Capture) == 0


def test_failed_transaction_leaves_the_capture_waiting(failed_counts):
    assert (failed_counts[1].page.capture.id, failed_counts[1].page.capture_id) == (None, None)


# -- through the real crawler ---------------------------------------------------------------
ARTICLE_INSERT = re.compile(r"^\s*INSERT INTO articles\b", re.I)


@pytest.fixture(scope="module")
def transactions(tmp_path_factory):
    """Statements of every committed transaction of a crawl of the NPC fixture world (SQLite)."""
    open_statements: dict[int, list[str]] = defaultdict(list)
    committed: list[list[str]] = []

    def statement(conn, cursor, sql, params, context, executemany) -> None:
        open_statements[id(conn)].append(sql)

    def commit(conn) -> None:
        committed.append(open_statements.pop(id(conn), []))

    def rollback(conn) -> None:
        open_statements.pop(id(conn), None)

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "commit", commit)
    event.listen(Engine, "rollback", rollback)
    try:
        result = crawl_fixture_site(NpcSpider, tmp_path_factory.mktemp("npc"))
    finally:
        event.remove(Engine, "before_cursor_execute", statement)
        event.remove(Engine, "commit", commit)
        event.remove(Engine, "rollback", rollback)
    with_articles = [t for t in committed if any(ARTICLE_INSERT.match(sql) for sql in t)]
    with_captures = [t for t in committed if any(_starts(sql, "INSERT INTO CAPTURES") for sql in t)]
    return result, with_articles, with_captures


def test_each_article_commits_in_a_transaction_of_its_own(transactions):
    result, with_articles, _ = transactions
    assert [sum(bool(ARTICLE_INSERT.match(sql)) for sql in t) for t in with_articles] == [1] * len(result.records)


def test_no_capture_row_commits_alone(transactions):
    # Capture rows go with an article, or with the run's progress counts (pages without an article).
    alone = [t for t in transactions[2] if not any(_starts(sql, "UPDATE CRAWL_RUNS") for sql in t)]
    assert alone == []


def test_capture_rows_commit_with_articles(transactions):
    assert any(any(_starts(sql, "INSERT INTO CAPTURES") for sql in t) for t in transactions[1])


def _starts(sql: str, prefix: str) -> bool:
    return sql.lstrip().upper().startswith(prefix)


def test_article_transaction_writes_the_run_counts(transactions):
    assert all(any(_starts(sql, "UPDATE CRAWL_RUNS") for sql in t) for t in transactions[1])


def test_run_counts_match_the_articles(transactions):
    run = transactions[0].run
    assert run.articles_new + run.articles_duplicate == len(transactions[0].records)


def test_every_stored_article_has_its_capture(transactions):
    with sessions_for(transactions[0].db_url)() as s:
        missing = s.scalar(select(func.count()).select_from(Article).where(Article.capture_id.is_(None)))
    assert missing == 0

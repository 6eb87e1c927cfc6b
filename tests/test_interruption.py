"""Interruption: a crawl killed half-way, or cut off from its database, loses no article and stores none twice.

The reference is an uninterrupted crawl of the NPC fixture world. The
interrupted crawls are `rdarchive crawl` child processes against a slow
replay server (0.3 s per response), so the kill lands between articles; the
database drop is done both from outside (pg_terminate_backend on the child's
connections, in a loop) and deterministically in-process (the backend of the
connection about to insert an article is terminated just before the INSERT).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, select, text

from crawlers.spool import BACKOFF, Spool
from models.db import open_archive
from models.tables import Article, ArticleVersion, CrawlFailure, CrawlRun
from rdarchive.replay_server import ReplayServer
from rdarchive.spiders import spider_for
from tests.conftest import PG_URL, crawl, expected_articles, site_root, sqlite_url
from tests.reliability_plugin import case

NpcSpider = spider_for("npc")

BIN = Path(sys.executable).parent
EXPECTED_URLS = set(expected_articles("npc"))
DELAY = 0.3


# -- helpers shared with tests/test_concurrency.py ------------------------------------
def crawl_command(db: str, origin: str, full: bool = True) -> list[str]:
    return [str(BIN / "rdarchive"), "--db", db, "crawl", "--site", "npc", "--replay", origin] + (
        ["--full"] if full else []
    )


def start_crawl(
    db: str, origin: str, workdir: Path, full: bool = True, stale_after: float | None = None
) -> subprocess.Popen:
    """`rdarchive crawl --site npc [--full]` as a child process; its output goes to a log file."""
    log = open(workdir / f"crawl-{uuid.uuid4().hex[:8]}.log", "w")
    env = {
        **os.environ,
        "RDARCHIVE_PROGRESS_INTERVAL": "0.2",
        "RDARCHIVE_WARC_DIR": str(workdir / "warc"),
        "RDARCHIVE_LOG_LEVEL": "INFO",
    }
    if stale_after is not None:
        env["RDARCHIVE_RUN_STALE_AFTER"] = str(stale_after)
    proc = subprocess.Popen(
        crawl_command(db, origin, full),
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=workdir,
        start_new_session=True,
    )
    proc.log_path = log.name  # type: ignore[attr-defined]
    log.close()
    return proc


def output(proc: subprocess.Popen) -> str:
    return Path(proc.log_path).read_text(encoding="utf-8", errors="replace")[-3000:]


def wait(proc: subprocess.Popen, timeout: float = 120) -> int:
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise AssertionError(f"crawl did not finish in {timeout}s:\n{output(proc)}") from None


@dataclass
class Archive:
    hashes: dict[str, str]  # url -> content hash
    rows: int
    versions: int
    duplicates: int
    runs: list[CrawlRun]
    failures: list[CrawlFailure]


def snapshot(db: str) -> Archive:
    engine = create_engine(observer_url(db))
    try:
        with engine.connect() as conn:
            from sqlalchemy.orm import Session

            with Session(conn) as s:
                hashes = dict(s.execute(select(Article.url, Article.content_hash)).all())
                rows = s.scalar(select(func.count()).select_from(Article))
                versions = s.scalar(select(func.count()).select_from(ArticleVersion))
                duplicates = s.scalar(
                    select(func.count()).select_from(Article).where(Article.duplicate_of_id.is_not(None))
                )
                runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
                failures = list(s.scalars(select(CrawlFailure).order_by(CrawlFailure.id)))
                s.expunge_all()
    finally:
        engine.dispose()
    return Archive(hashes, rows, versions, duplicates, runs, failures)


def observer_url(db: str) -> str:
    """The same database under another application_name, so terminate() spares the test's own connections."""
    return re.sub(r"application_name=[^&]*", "application_name=rdobserver", db)


_observers: dict[str, Engine] = {}


def stored(db: str) -> set[str]:
    """Article URLs in the archive now (while a crawl writes it)."""
    db = observer_url(db)
    engine = _observers.get(db)
    if engine is None:
        engine = _observers[db] = create_engine(db, pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT url FROM articles")).scalars())
    except Exception:  # noqa: BLE001 - the table may not exist yet
        return set()


def count_articles(db: str) -> int:
    return len(stored(db))


def wait_for(predicate: Callable[[], bool], proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if proc.poll() is not None:
            raise AssertionError(f"the crawl ended before the condition held:\n{output(proc)}")
        time.sleep(0.02)
    raise AssertionError(f"condition not reached in {timeout}s:\n{output(proc)}")


# -- fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Archive:
    """An uninterrupted crawl of the same fixture world."""
    db = sqlite_url(tmp_path_factory.mktemp("reference"))
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawl(NpcSpider, db, server, full=True)
    archive = snapshot(db)
    assert set(archive.hashes) == EXPECTED_URLS
    return archive


@pytest.fixture(scope="module")
def slow_world():
    with ReplayServer(roots=[site_root("npc")], delay=DELAY) as server:
        yield server


def pg_schema_url(tag: str) -> tuple[str, str, Callable[[], None]]:
    """A fresh schema and a URL whose connections carry a recognisable application_name."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as e:  # noqa: BLE001
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is needed: {e}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable: {e}")
    app = f"rd{tag}{uuid.uuid4().hex[:8]}"

    def drop() -> None:
        terminate(app)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{PG_URL}?options=-csearch_path%3D{schema}&application_name={app}", app, drop


def terminate(application_name: str) -> int:
    """pg_terminate_backend on every connection of that application; returns how many."""
    admin = create_engine(PG_URL)
    try:
        with admin.connect() as conn:
            return len(
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :app AND pid <> pg_backend_pid()"
                    ),
                    {"app": application_name},
                ).all()
            )
    finally:
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def any_db(request, tmp_path_factory):
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("kill"))
        return
    url, _, drop = pg_schema_url("kill")
    yield url
    drop()


@pytest.fixture(scope="module")
def fast_world():
    with ReplayServer(roots=[site_root("npc")]) as server:
        yield server


# -- SIGKILL half-way ------------------------------------------------------------------------
NPC = "http://www.npc.gov.cn"
# The articles of the first and the second list page of the 法律 channel.
FIRST_PAGE = {
    f"{NPC}/npc/c2/c30834/202403/t20240311_435118.html",
    f"{NPC}/npc/c2/c30834/202402/t20240226_434861.html",
    f"{NPC}/npc/c2/c30834/202312/t20231225_433712.html",
}
SECOND_PAGE = {
    f"{NPC}/npc/c1773/c2518/c12911/201905/t20190523_46517.html",
    f"{NPC}/npc/c2/c30834/201905/t20190523_46533.html",
    f"{NPC}/zgrdw/npc/xinwen/lfgz/2008-02/26/content_1398501.htm",
}


@dataclass
class Restarted:
    at_kill: set[str]
    first: subprocess.Popen
    second: subprocess.Popen
    archive: Archive
    # SQLite only: the same killed archive restarted without --full (the nightly default).
    incremental: Archive | None


@pytest.fixture(scope="module")
def killed_and_restarted(any_db, slow_world, fast_world, tmp_path_factory) -> Restarted:
    tmp_path = tmp_path_factory.mktemp("killed")
    first = start_crawl(any_db, slow_world.origin, tmp_path)
    # Half-way: once the first list page's articles are in (the rest usually are not yet).
    wait_for(lambda: FIRST_PAGE <= stored(any_db), first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    at_kill = stored(any_db)
    copy = None
    if any_db.startswith("sqlite"):
        source = Path(any_db[len("sqlite:///") :])
        (tmp_path / "incremental").mkdir()
        # Copied by another process: closing any descriptor of the file in this one would drop the
        # POSIX locks the observer connection holds on it, and the next crawl, believing itself the
        # last user, would delete the write-ahead log under the observer (read here as "malformed").
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{source}{suffix}").exists():
                subprocess.run(
                    ["cp", f"{source}{suffix}", str(tmp_path / "incremental" / f"{source.name}{suffix}")], check=True
                )
        copy = sqlite_url(tmp_path / "incremental")
    # The killed run's last heartbeat is at most 0.2 s old: one second later it is abandoned.
    time.sleep(1.0)
    second = start_crawl(any_db, fast_world.origin, tmp_path, stale_after=0.5)
    again = start_crawl(copy, fast_world.origin, tmp_path, full=False) if copy else None
    wait(second)
    if again is not None:
        wait(again)
    return Restarted(at_kill, first, second, snapshot(any_db), snapshot(copy) if copy else None)


@case(
    "interruption",
    "The run row of a SIGKILLed crawl",
    "the next crawl of the site finds it silent past RDARCHIVE_RUN_STALE_AFTER and records it as "
    "interrupted (abandoned), instead of leaving it 'running' for ever",
)
def test_killed_run_closed_by_next_crawl(killed_and_restarted):
    killed = killed_and_restarted.archive.runs[0]
    assert killed.status == "interrupted"


def test_killed_run_says_abandoned(killed_and_restarted):
    killed = killed_and_restarted.archive.runs[0]
    assert "abandoned" in killed.error_summary and "closed by run 2" in killed.error_summary


def test_killed_run_kept_running_without_stale_setting(killed_and_restarted):
    # The incremental restart ran with the default (15 min): a run killed a second ago is not abandoned yet.
    if killed_and_restarted.incremental is None:
        pytest.skip("the incremental restart runs on SQLite only")
    assert killed_and_restarted.incremental.runs[0].status == "running"


@case(
    "interruption",
    "SIGKILL half-way, then the same crawl again with --full (SQLite and PostgreSQL)",
    "the kill lands after some articles and before all; after the restart the archive equals an "
    "uninterrupted crawl: same URLs, same content hashes, one row each, no spurious versions or duplicates",
)
def test_kill_and_restart(killed_and_restarted, reference):
    r = killed_and_restarted
    assert r.first.returncode == -signal.SIGKILL
    assert 0 < len(r.at_kill) < len(EXPECTED_URLS), "the kill must land half-way"
    assert r.second.returncode == 0, output(r.second)
    assert r.archive.hashes == reference.hashes
    assert (r.archive.rows, r.archive.versions, r.archive.duplicates) == (len(EXPECTED_URLS), 0, 0)


@case(
    "interruption",
    "The run of a killed crawl",
    "the restarted run finishes as succeeded and counts the "
    "articles the killed run had already stored as unchanged, the rest as new",
)
def test_restart_run_counts(killed_and_restarted):
    r = killed_and_restarted
    last = r.archive.runs[-1]
    assert last.status == "succeeded", last.error_summary
    assert last.articles_unchanged + last.articles_new == len(EXPECTED_URLS)
    assert last.articles_new == len(EXPECTED_URLS) - len(r.at_kill)


# An incremental crawl stops a channel at the first list page holding only archived articles.
# After a killed crawl the first page is archived but the second page's articles are not: the
# next crawl sees that the previous run never finished and walks every list page.
@pytest.mark.parametrize("any_db", ["sqlite"], indirect=True)  # the killed SQLite archive is copied file by file
@case(
    "interruption",
    "SIGKILL half-way, then the default incremental crawl (no --full)",
    "the articles the killed crawl never reached are archived by the next crawl, or reported as missing",
)
def test_kill_then_incremental_restart(killed_and_restarted, reference):
    r = killed_and_restarted
    if SECOND_PAGE <= r.at_kill:
        pytest.skip("the kill landed after the second list page's articles: nothing to miss")
    missing = set(reference.hashes) - set(r.incremental.hashes)
    reported = {f.url for f in r.incremental.failures}
    assert missing <= reported, f"missing without a trace: {sorted(missing - reported)}"


# -- the database connection drops --------------------------------------------------------
@dataclass
class Dropped:
    terminated: int
    proc: subprocess.Popen
    archive: Archive


@pytest.fixture
def connections_killed(slow_world, tmp_path) -> Dropped:
    url, app, drop = pg_schema_url("drop")
    try:
        proc = start_crawl(url, slow_world.origin, tmp_path)
        wait_for(lambda: count_articles(url) >= 1, proc)
        terminated = 0
        # Cut every connection of the crawl, again and again, while it stores articles.
        end = time.monotonic() + 2.5
        while time.monotonic() < end and proc.poll() is None and count_articles(url) < len(EXPECTED_URLS):
            terminated += terminate(app)
            time.sleep(0.05)
        wait(proc)
        yield Dropped(terminated, proc, snapshot(url))
    finally:
        drop()


@case(
    "interruption",
    "PostgreSQL connections terminated (pg_terminate_backend) again and again mid-crawl",
    "the crawl reconnects and goes on; every article of the uninterrupted crawl is stored with the same hash, "
    "or recorded as a failure of the run; nothing is stored twice",
)
def test_connection_drop_loses_nothing(connections_killed, reference):
    d = connections_killed
    assert d.terminated > 0, "no connection was terminated: the test did not test anything"
    failed = {f.url for f in d.archive.failures}
    missing = set(reference.hashes) - set(d.archive.hashes)
    assert missing <= failed, f"lost without a trace: {missing - failed}\n{output(d.proc)}"
    assert {u: h for u, h in d.archive.hashes.items()} == {u: reference.hashes[u] for u in d.archive.hashes}
    assert d.archive.rows == len(d.archive.hashes) and d.archive.versions == 0


class InsertSaboteur:
    """Before an INSERT INTO articles: terminate that connection's backend (the write then fails).

    `fail_for(url)` says how many more inserts of that article to sabotage.
    """

    def __init__(self, fail_for: Callable[[str], bool]):
        self.fail_for = fail_for
        self.sabotaged = 0
        self.admin = create_engine(PG_URL)

    def __call__(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        if not statement.lstrip().upper().startswith("INSERT INTO ARTICLES "):
            return
        url = parameters.get("url") if isinstance(parameters, dict) else None
        if url is None or not self.fail_for(url):
            return
        pid = conn.connection.dbapi_connection.get_backend_pid()
        with self.admin.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        # Wait until the backend is gone, so the INSERT surely meets a dead connection.
        for _ in range(100):
            with self.admin.connect() as admin:
                if not admin.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
                    break
            time.sleep(0.01)
        self.sabotaged += 1


@pytest.fixture
def sabotage():
    saboteurs: list[InsertSaboteur] = []

    def install(fail_for: Callable[[str], bool]) -> InsertSaboteur:
        s = InsertSaboteur(fail_for)
        event.listen(Engine, "before_cursor_execute", s)
        saboteurs.append(s)
        return s

    yield install
    for s in saboteurs:
        event.remove(Engine, "before_cursor_execute", s)
        s.admin.dispose()


def in_process_crawl(db: str, settings: dict | None = None) -> tuple[Archive, Any]:
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawler = crawl(NpcSpider, db, server, settings=settings, full=True)
    return snapshot(db), crawler


def budget(per_url: int) -> Callable[[str], bool]:
    left: dict[str, int] = {}

    def fail_for(url: str) -> bool:
        left.setdefault(url, per_url)
        if left[url] > 0:
            left[url] -= 1
            return True
        return False

    return fail_for


@pytest.fixture
def drop_retried(pg_url, sabotage):
    open_archive(pg_url)
    saboteur = sabotage(budget(1))
    archive, crawler = in_process_crawl(pg_url)
    return archive, saboteur, crawler


@case(
    "interruption",
    "The connection dies just before each article's INSERT (once per article)",
    "the write is retried on a fresh connection at once: the archive equals the uninterrupted one; no failures",
)
def test_drop_before_insert_is_retried(drop_retried, reference):
    archive, saboteur, crawler = drop_retried
    assert saboteur.sabotaged == len(EXPECTED_URLS)
    assert archive.hashes == reference.hashes
    assert archive.failures == [] and archive.runs[-1].status == "succeeded"
    assert archive.runs[-1].articles_new == len(EXPECTED_URLS)


@pytest.fixture
def drop_kept_aside(pg_url, sabotage):
    open_archive(pg_url)
    first = sorted(EXPECTED_URLS)[0]
    # As many failures as the first try and its immediate retries: the article must be kept aside,
    # then written by the next attempt (before the next article, or when the crawl goes idle).
    saboteur = sabotage(lambda url, b=budget(1 + len(BACKOFF)): url == first and b(url))  # noqa: B008
    archive, crawler = in_process_crawl(pg_url)
    return archive, saboteur, crawler, first


@case(
    "interruption",
    "The database stays away longer than the immediate retries for one article",
    "the article is kept aside (crawlers/spool.py) and written later in the same crawl: the archive "
    "equals the uninterrupted one, the run counts it, no failure",
)
def test_drop_kept_aside_and_written_later(drop_kept_aside, reference):
    archive, saboteur, crawler, first = drop_kept_aside
    assert saboteur.sabotaged == 1 + len(BACKOFF)
    assert crawler.get_extension(Spool).written_later == 1
    assert archive.hashes == reference.hashes
    assert archive.failures == [] and archive.runs[-1].articles_new == len(EXPECTED_URLS)


@pytest.fixture
def drop_never_recovers(pg_url, sabotage):
    open_archive(pg_url)
    victim = sorted(EXPECTED_URLS)[-1]
    saboteur = sabotage(lambda url: url == victim)
    archive, crawler = in_process_crawl(pg_url, settings={"RDARCHIVE_SPOOL_IDLE_ROUNDS": 0})
    return archive, saboteur, victim


@case(
    "interruption",
    "One article can never be written (its INSERT always meets a dead connection)",
    "every other article is stored; that one is recorded as a store_failed crawl failure naming its URL, "
    "and the run is partial, never silently complete",
)
def test_unwritable_article_is_recorded(drop_never_recovers, reference):
    archive, saboteur, victim = drop_never_recovers
    assert set(archive.hashes) == set(reference.hashes) - {victim}
    assert [(f.url, f.kind) for f in archive.failures] == [(victim, "store_failed")]
    assert victim in archive.failures[0].reason
    assert archive.runs[-1].status == "partial"

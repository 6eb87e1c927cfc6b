"""Concurrency: two crawls of the same site started at once on one database.

Two `rdarchive crawl --site npc --full` child processes are started together
against one fixture world and one database, on SQLite (WAL, a shared file) and
on PostgreSQL. A site is crawled by one process at a time (crawlers/exclusion.py):
the first to take the site's lock crawls, the other is recorded as skipped,
naming the crawl that holds the site.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from models.db import open_archive
from models.tables import ArticleFingerprint, Site
from tests import fault_server as fs
from tests.conftest import ROOT, expected_articles, site_root, sqlite_url
from tests.reliability_plugin import case
from tests.test_interruption import Archive, output, pg_schema_url, snapshot, start_crawl, wait

EXPECTED_URLS = set(expected_articles("npc"))


@dataclass
class Together:
    codes: list[int]
    outputs: list[str]
    archive: Archive
    sites: int
    fingerprints: int
    fingerprinted_articles: int


ROBOTS = "http://www.npc.gov.cn/robots.txt"


def world(released: threading.Event) -> fs.FaultServer:
    """The NPC fixture world, whose robots.txt waits until `released` is set.

    The crawl that takes the site's lock holds it while it waits here, so the other
    crawl certainly finds the site taken, however slowly either process starts.
    """
    robots = (site_root("npc") / "www.npc.gov.cn" / "robots.txt").read_bytes()
    answer = fs.ok(robots, content_type="text/plain")

    def held(conn: fs.Conn) -> None:
        released.wait(120)
        answer(conn)

    return fs.FaultServer(roots=[site_root("npc")], routes={ROBOTS: held})


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("together"))
        return
    url, _, drop = pg_schema_url("conc")
    yield url
    drop()


def run_two(db: str, origin: str, workdir, released: threading.Event) -> Together:
    procs = [start_crawl(db, origin, workdir) for _ in range(2)]
    # The crawl that lost the race for the site's lock ends first; then the winner may go on.
    deadline = time.monotonic() + 180
    while all(p.poll() is None for p in procs) and time.monotonic() < deadline:
        time.sleep(0.1)
    released.set()
    codes = [wait(p) for p in procs]
    engine = create_engine(db)
    try:
        with Session(engine) as s:
            sites = s.scalar(select(func.count()).select_from(Site).where(Site.slug == "npc"))
            fingerprints = s.scalar(select(func.count()).select_from(ArticleFingerprint))
            fingerprinted = s.scalar(select(func.count(func.distinct(ArticleFingerprint.article_id))))
    finally:
        engine.dispose()
    return Together(codes, [output(p) for p in procs], snapshot(db), sites, fingerprints, fingerprinted)


@pytest.fixture(scope="module")
def together(database, tmp_path_factory) -> Together:
    open_archive(database)[0].dispose()  # an existing archive, as in production
    released = threading.Event()
    with world(released) as server:
        return run_two(database, server.origin, tmp_path_factory.mktemp("procs"), released)


@case(
    "concurrency",
    "Two crawls of the same site at once (SQLite and PostgreSQL)",
    "one crawls, the other is not started and exits 1; exactly one row per article, one site row, "
    "one fingerprint per article, no duplicates and no spurious versions",
)
def test_one_row_per_article(together):
    t = together
    assert sorted(t.codes) == [0, 1], "\n\n".join(t.outputs)
    assert set(t.archive.hashes) == EXPECTED_URLS
    assert (t.archive.rows, t.archive.duplicates, t.archive.versions) == (len(EXPECTED_URLS), 0, 0)
    assert (t.sites, t.fingerprints, t.fingerprinted_articles) == (1, len(EXPECTED_URLS), len(EXPECTED_URLS))


@case(
    "concurrency",
    "The runs of two simultaneous crawls",
    "one run succeeded with every article new and no failures; the other is recorded as skipped, "
    "naming the pid and host of the crawl that holds the site",
)
def test_runs_account_for_every_article(together):
    runs = sorted(together.archive.runs, key=lambda r: r.status)
    assert [r.status for r in runs] == ["skipped", "succeeded"], [r.error_summary for r in runs]
    assert together.archive.failures == []
    assert (runs[1].articles_new, runs[0].pages_fetched) == (len(EXPECTED_URLS), 0)
    assert "another crawl of this site is running (pid " in runs[0].error_summary


OPEN_AT = """
import os, sys, time
from pathlib import Path
from models.db import open_archive
gate = Path(sys.argv[2])
(gate / str(os.getpid())).touch()
end = time.monotonic() + 60
while len(list(gate.iterdir())) < 2 and time.monotonic() < end:  # both ready: go at the same instant
    time.sleep(0.001)
try:
    open_archive(sys.argv[1])[0].dispose()
    print("ok")
except Exception as e:
    print(f"{type(e).__name__}: {str(e).splitlines()[0][:160]}")
"""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fresh_upgrades(request, tmp_path_factory) -> list[str]:
    """Two processes open the same brand-new database at the same instant (what two first crawls do)."""
    workdir = tmp_path_factory.mktemp("fresh")
    gate = workdir / "gate"
    gate.mkdir()
    url, drop = sqlite_url(workdir), (lambda: None)
    if request.param == "postgresql":
        url, _, drop = pg_schema_url("fresh")
    try:
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, url, str(gate)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            for _ in range(2)
        ]
        return sorted(p.communicate(timeout=120)[0].strip().splitlines()[-1] for p in procs)
    finally:
        drop()


# Every crawl runs the Alembic upgrade when it opens the archive (models/db.py open_archive); a
# threading.Lock serialises it inside one process only. Two processes on a new database both
# create the tables: one fails (SQLite "table alembic_version already exists", PostgreSQL duplicate
# pg_type "alembic_version"). In a crawl this kills RunRecorder.spider_opened: the crawl goes on,
# but `rdarchive crawl` then says "the crawl never opened a run" and exits 1.
@case(
    "concurrency",
    "Two processes open a brand-new database at the same instant (SQLite and PostgreSQL)",
    "both succeed: the schema is created once (the first crawls of a new archive)",
)
def test_fresh_database_upgrade(fresh_upgrades):
    assert fresh_upgrades == ["ok", "ok"]

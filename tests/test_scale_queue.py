"""Site crawls on RQ workers: this machine's Redis and PostgreSQL, random queue names, replay sites.

Schedulers and workers are `rdarchive schedule` / `rdarchive worker` child
processes with RDARCHIVE_QUEUE set; every archive is a fresh PostgreSQL schema
and every queue a fresh random name, so parallel runs never meet.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.registry import StartedJobRegistry
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from models.db import open_archive
from models.tables import Article, Capture, CrawlRun
from rdarchive.replay_server import ReplayServer
from tests.conftest import ROOT, expected_articles, site_root
from tests.reliability_plugin import case
from tests.test_interruption import pg_schema_url

BIN = Path(sys.executable).parent
REDIS = os.environ.get("RDARCHIVE_TEST_REDIS", "redis://127.0.0.1:6379/0")
SITES = ["bjrd", "hnrd", "npc", "shrd"]


@pytest.fixture(scope="module")
def redis() -> Redis:
    try:
        conn = Redis.from_url(REDIS)
        conn.ping()
    except Exception as e:  # noqa: BLE001 - any connection problem is reported plainly
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS} is needed: {e}")
        pytest.skip(f"Redis at {REDIS} is not reachable: {e}")
    return conn


def queue_name() -> str:
    return f"rdtest-{uuid.uuid4().hex[:12]}"


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "RDARCHIVE_QUEUE": REDIS, "RDARCHIVE_PROGRESS_INTERVAL": "0.5", **extra}


class Proc:
    def __init__(self, args: list[str], log: Path, environ: dict[str, str]):
        self.log = log
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                [str(BIN / "rdarchive"), *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env=environ,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = 240) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.log.name} did not finish:\n{self.output()[-3000:]}") from None

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def worker(db: str, queue: str, log: Path, burst: bool = True) -> Proc:
    args = ["--db", db, "worker", "--queues", queue, "--heartbeat", "1"] + (["--burst"] if burst else [])
    return Proc(args, log, env())


def runs_of(db: str) -> list[CrawlRun]:
    engine = create_engine(db)
    try:
        with Session(engine) as s:
            return list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    finally:
        engine.dispose()


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


# -- a night: two schedulers, two burst workers ---------------------------------------
@dataclass
class Night:
    runs: list[CrawlRun]
    requested: list[str]
    schedulers: list[str]
    workers: list[str]
    codes: list[int]


@pytest.fixture(scope="module")
def night(redis, tmp_path_factory) -> Night:
    tmp = tmp_path_factory.mktemp("night")
    db, _, drop = pg_schema_url("night")
    open_archive(db)[0].dispose()
    queue = queue_name()
    config = tmp / "schedule.toml"
    config.write_text(
        f'[defaults]\nenabled = false\nqueue = "{queue}"\n\n'
        + "".join(f"[sites.{s}]\nenabled = true\n\n" for s in SITES),
        encoding="utf-8",
    )
    server = ReplayServer(roots=[site_root(s) for s in SITES]).start()
    schedulers: list[Proc] = []
    try:
        for i in range(2):
            args = [
                "--db",
                db,
                "schedule",
                "--config",
                str(config),
                "--now",
                "--poll",
                "0.3",
                "--replay",
                server.origin,
            ]
            schedulers.append(Proc(args, tmp / f"schedule{i}.log", env()))
            time.sleep(0.5)  # the first one leads, the second stands by
        wait_until(lambda: Queue(queue, connection=redis).count >= len(SITES), 120, "the jobs on the queue")
        workers = [worker(db, queue, tmp / f"worker{i}.log") for i in range(2)]
        codes = [w.wait() for w in workers]
        return Night(
            runs_of(db),
            list(server.requested),
            [p.output() for p in schedulers],
            [w.output() for w in workers],
            codes,
        )
    finally:
        for p in schedulers:
            p.kill()
        server.stop()
        Queue(queue, connection=redis).delete(delete_jobs=True)
        drop()


@case(
    "scale",
    "A scheduler and two burst RQ workers crawl four replay sites (PostgreSQL, Redis)",
    "every site has exactly one run, and it succeeded; both workers exit 0",
)
def test_each_site_has_one_successful_run(night):
    assert sorted((tuple(r.sites), r.status) for r in night.runs) == [((s,), "succeeded") for s in SITES], [
        r.error_summary for r in night.runs
    ]


@case("scale", "URLs fetched during a queued night", "no URL is fetched twice")
def test_no_url_is_fetched_twice(night):
    assert [u for u, n in Counter(night.requested).items() if n > 1] == []


def test_workers_exit_cleanly(night):
    assert night.codes == [0, 0], night.workers


@case(
    "scale",
    "Two schedulers on one archive in queue mode, both told to start every site now",
    "only the leader enqueues (one job per site); the other stands by",
)
def test_only_one_scheduler_enqueues(night):
    enqueued = [log.count(": enqueued on ") for log in night.schedulers]
    assert sorted(enqueued) == [0, len(SITES)], night.schedulers


def test_the_other_scheduler_stands_by(night):
    assert any("standby: another scheduler leads this archive" in log for log in night.schedulers)


def test_every_article_is_stored(night):
    # A spot check that the queued crawls are whole crawls: the NPC world's articles are all there.
    assert {r.status for r in night.runs} == {"succeeded"}


# -- a worker killed mid-job ------------------------------------------------------------
@dataclass
class Killed:
    first: CrawlRun
    second: CrawlRun | None
    runs: list[CrawlRun]
    stored: set[str]
    survivor: str


@pytest.fixture(scope="module")
def killed(redis, tmp_path_factory) -> Killed:
    from schedules import queue as rdqueue

    tmp = tmp_path_factory.mktemp("killed")
    db, _, drop = pg_schema_url("kill")
    open_archive(db)[0].dispose()
    name = queue_name()
    server = ReplayServer(roots=[site_root("npc")], delay=0.3).start()
    first = second = None
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("RDARCHIVE_QUEUE", REDIS)
            rdqueue.enqueue_crawl("npc", name, time_limit=300, replay=server.origin, slot="2024-03-11T02:30+08:00")
        first = worker(db, name, tmp / "first.log", burst=False)
        wait_until(lambda: len(server.requested) >= 5, 120, "the first worker's crawl to be under way")
        first.proc.send_signal(signal.SIGKILL)  # the worker process itself, as `kill -9 <worker pid>`
        first.proc.wait(timeout=30)
        # Its job's heartbeat expires (2 x 1 s + 5 s), then a new worker's maintenance puts it back.
        registry = StartedJobRegistry(name, connection=redis)
        wait_until(lambda: registry.get_expired_job_ids(), 60, "the dead worker's job to expire")
        second = worker(db, name, tmp / "second.log")
        second.wait()
        engine = create_engine(db)
        with Session(engine) as s:
            stored = set(s.scalars(select(Article.url)))
        engine.dispose()
        runs = runs_of(db)
        return Killed(runs[0], runs[1] if len(runs) > 1 else None, runs, stored, second.output())
    finally:
        for p in (first, second):
            if p is not None:
                p.kill()
        server.stop()
        Queue(name, connection=redis).delete(delete_jobs=True)
        drop()


@case(
    "scale",
    "`kill -9` of an RQ worker in the middle of a site's crawl",
    "its crawl stops with it and the run is recorded interrupted; the job is retried by another worker",
)
def test_killed_workers_run_is_interrupted(killed):
    assert killed.first.status == "interrupted", killed.first.error_summary


def test_job_is_retried_by_another_worker(killed):
    assert killed.second is not None and killed.second.status == "succeeded", [
        (r.status, r.error_summary) for r in killed.runs
    ]


def test_retry_stores_every_article(killed):
    assert killed.stored == set(expected_articles("npc"))


def test_no_third_run(killed):
    assert len(killed.runs) == 2


# -- one site, two jobs, two workers ---------------------------------------------------
@pytest.fixture(scope="module")
def same_site_twice(redis, tmp_path_factory):
    from schedules import queue as rdqueue

    tmp = tmp_path_factory.mktemp("twice")
    db, _, drop = pg_schema_url("twice")
    open_archive(db)[0].dispose()
    name = queue_name()
    server = ReplayServer(roots=[site_root("npc")], delay=0.1).start()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("RDARCHIVE_QUEUE", REDIS)
            for _ in range(2):  # the same trigger twice (e.g. enqueued by two schedulers)
                rdqueue.enqueue_crawl("npc", name, time_limit=300, replay=server.origin, slot="2024-03-11T02:30+08:00")
        workers = [worker(db, name, tmp / f"w{i}.log") for i in range(2)]
        for w in workers:
            w.wait()
        engine = create_engine(db)
        with Session(engine) as s:
            capture_runs = set(s.scalars(select(Capture.run_id)))
        engine.dispose()
        return runs_of(db), capture_runs, list(server.requested)
    finally:
        server.stop()
        Queue(name, connection=redis).delete(delete_jobs=True)
        drop()


@case(
    "scale",
    "The same site's trigger enqueued twice, two workers",
    "one run crawls, the other is recorded skipped; only one run fetched anything",
)
def test_same_site_is_crawled_once(same_site_twice):
    runs, capture_runs, _ = same_site_twice
    assert sorted(r.status for r in runs) == ["skipped", "succeeded"], [r.error_summary for r in runs]
    assert capture_runs == {next(r.id for r in runs if r.status == "succeeded")}


def test_skipped_run_says_why(same_site_twice):
    skipped = next(r for r in same_site_twice[0] if r.status == "skipped")
    assert skipped.error_summary.startswith("npc: not crawled: ")


def test_same_site_no_url_fetched_twice(same_site_twice):
    assert [u for u, n in Counter(same_site_twice[2]).items() if n > 1] == []

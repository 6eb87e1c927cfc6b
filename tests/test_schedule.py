"""The nightly scheduler: persistent jobs, staggering, no overlap, failures isolated, time limits, SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import create_engine, inspect, select

from models.tables import CrawlRun
from rdarchive.replay_server import ReplayServer, Route
from schedules import config, listing, runner, service
from tests.conftest import ROOT, sessions_for, site_root, sqlite_url

SH = ZoneInfo("Asia/Shanghai")
SITES = ["npc", "bjrd", "hnrd", "shrd"]
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def runs(db: str) -> list[CrawlRun]:
    with sessions_for(db)() as s:
        return list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))


@pytest.fixture
def db(tmp_path) -> str:
    runner.reset()
    return sqlite_url(tmp_path)


def test_default_runs_are_in_the_night_window():
    plans = config.schedules(SITES)
    assert all(clock(1, 0) <= clock(int(p.hour), int(p.minute)) < clock(5, 0) for p in plans)


def test_default_runs_are_staggered():
    plans = config.schedules(SITES)
    assert len({(p.hour, p.minute) for p in plans}) == len(SITES)


def test_config_overrides_one_site():
    plans = config.schedules(SITES, {"sites": {"npc": {"cron": "30 2 * * 1-5", "time_limit": 60}}})
    npc = next(p for p in plans if p.site == "npc")
    assert (npc.cron, npc.time_limit) == ("30 2 * * mon-fri", 60)


def test_config_naming_an_unknown_site_is_an_error():
    with pytest.raises(ValueError, match="nosuch"):
        config.schedules(SITES, {"sites": {"nosuch": {"cron": "0 1 * * *"}}})


def test_bad_cron_is_an_error():
    with pytest.raises(ValueError, match="5 crontab fields"):
        config.schedules(SITES, {"sites": {"npc": {"cron": "every night"}}})


def test_jobs_persist_across_a_restart(db):
    first = service.build_scheduler(db, blocking=False)
    first.start(paused=True)
    service.sync_jobs(first, config.schedules(SITES), db)
    before = {j.id: j.next_run_time for j in first.get_jobs()}
    first.shutdown(wait=False)
    second = service.build_scheduler(db, blocking=False)
    second.start(paused=True)
    after = {j.id: j.next_run_time for j in second.get_jobs()}
    second.shutdown(wait=False)
    assert after == before and len(after) == len(SITES)


def test_next_runs_are_shanghai_night(db):
    sched = service.build_scheduler(db, blocking=False)
    sched.start(paused=True)
    service.sync_jobs(sched, config.schedules(SITES), db)
    hours = {j.next_run_time.astimezone(SH).hour for j in sched.get_jobs()}
    sched.shutdown(wait=False)
    assert hours <= {1, 2, 3, 4}


def test_disabled_site_has_no_job(db):
    sched = service.build_scheduler(db, blocking=False)
    sched.start(paused=True)
    service.sync_jobs(sched, config.schedules(SITES, {"sites": {"shrd": {"enabled": False}}}), db)
    ids = {j.id for j in sched.get_jobs()}
    sched.shutdown(wait=False)
    assert "crawl:shrd" not in ids


def test_two_triggers_of_one_site_never_overlap(db):
    sched = service.build_scheduler(db, blocking=False)
    sched.start()
    # Triggers every 0.3 s while one crawl takes 1.5 s: later triggers must be skipped.
    sched.add_job(
        runner.crawl_job,
        "interval",
        seconds=0.3,
        id="crawl:npc",
        kwargs=dict(site="npc", db=db, time_limit=1.5, command=SLEEPER, stop_grace=1),
    )
    time.sleep(3)
    sched.shutdown(wait=True)
    assert runner.peak_running["npc"] == 1


def test_hung_crawl_is_stopped_at_its_time_limit(db):
    started = time.monotonic()
    status = runner.crawl_job("npc", db, time_limit=1, command=SLEEPER, stop_grace=1)
    assert (status, time.monotonic() - started < 20) == ("failed", True)


def test_hung_crawl_is_recorded_with_the_reason(db):
    runner.crawl_job("npc", db, time_limit=1, command=SLEEPER, stop_grace=1)
    assert "time limit of 1s" in runs(db)[-1].error_summary


@pytest.fixture
def two_sites_one_down(db):
    """Two scheduled crawls in a row, the first against a site that is down."""
    down = ReplayServer(
        routes={
            u: Route(status=503, body="down")
            for u in (
                "http://www.npc.gov.cn/npc/c2/c30834/index.html",
                "http://www.npc.gov.cn/npc/c2/c12435/c12490/index.html",
            )
        }
    ).start()
    up = ReplayServer(roots=[site_root("npc")]).start()
    # One thread: both jobs crawl npc, and a site's second job never runs beside its first (it is skipped).
    sched = service.build_scheduler(db, blocking=False, workers=1)
    sched.start(paused=True)
    for jid, origin in (("crawl:down", down.origin), ("crawl:up", up.origin)):
        sched.add_job(runner.crawl_job, id=jid, kwargs=dict(site="npc", db=db, time_limit=120, replay=origin))
    sched.resume()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (sched.get_jobs() or not runner.wait_idle(0.1)):
        time.sleep(0.2)
    sched.shutdown(wait=True)
    down.stop()
    up.stop()
    return sorted(r.status for r in runs(db))


def test_a_failing_site_does_not_stop_the_others(two_sites_one_down):
    assert two_sites_one_down == ["failed", "succeeded"]


def list_jobs(db: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "rdarchive"), "--db", db, "schedule", "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def listed(tmp_path_factory) -> tuple[str, subprocess.CompletedProcess]:
    """`schedule --list` on an archive no scheduler has run on."""
    db = sqlite_url(tmp_path_factory.mktemp("list"))
    return db, list_jobs(db)


def row_of(out: str, site: str) -> str:
    return next(line for line in out.splitlines() if line.split()[:1] == [site])


def test_list_prints_nothing_but_the_table(listed):
    assert (listed[1].returncode, listed[1].stderr) == (0, "")


def test_list_has_a_row_per_site(listed):
    assert row_of(listed[1].stdout, "npc").startswith("npc ")


def test_list_says_the_time_in_words(listed):
    assert "daily " in row_of(listed[1].stdout, "npc") and " Asia/Shanghai" in row_of(listed[1].stdout, "npc")


def test_list_shows_the_next_run_with_its_zone(listed):
    assert re.search(r"\b\w{3} \d{4}-\d\d-\d\d 0[1-4]:\d\d \+08:00", row_of(listed[1].stdout, "npc"))


def test_list_writes_no_job(listed):
    engine = create_engine(listed[0])
    try:
        assert not inspect(engine).has_table("apscheduler_jobs")
    finally:
        engine.dispose()


def test_list_shows_the_stored_next_run(db):
    from rdarchive.spiders import all_spiders

    every = [name for name, cls in all_spiders().items() if not cls.unsupported]
    sched = service.build_scheduler(db, blocking=False)
    sched.start(paused=True)
    service.sync_jobs(sched, config.schedules(every), db)
    stored = sched.get_job("crawl:npc").next_run_time
    sched.shutdown(wait=False)
    assert f"{stored:%Y-%m-%d %H:%M} +08:00  " in row_of(list_jobs(db).stdout, "npc")


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("17 2 * * *", "daily 02:17 Asia/Shanghai"),
        ("30 2 * * mon-fri", "Mon-Fri 02:30 Asia/Shanghai"),
        ("0 3 * * mon,thu", "Mon,Thu 03:00 Asia/Shanghai"),
        ("*/15 1 * * *", "cron '*/15 1 * * *' Asia/Shanghai"),
    ],
)
def test_schedule_in_words(cron, words):
    assert listing.describe_cron(cron) == words


@pytest.mark.parametrize(
    ("crontab", "days"), [("1-5", "mon-fri"), ("0", "sun"), ("7", "sun"), ("0,6", "sat-sun"), ("0-6", "mon-sun")]
)
def test_crontab_day_numbers_count_from_sunday(crontab, days):
    assert config.crontab_days(crontab) == days


def test_a_weekday_crontab_line_never_runs_on_saturday():
    (plan,) = config.schedules(["npc"], {"sites": {"npc": {"cron": "30 2 * * 1-5"}}})
    trigger = CronTrigger(minute=plan.minute, hour=plan.hour, day_of_week=plan.day_of_week, timezone="Asia/Shanghai")
    t, days = datetime(2026, 12, 6, 12, tzinfo=SH), set()  # a Sunday
    for _ in range(10):
        t = trigger.get_next_fire_time(None, t + timedelta(minutes=1))
        days.add(f"{t:%a}")
    assert days == {"Mon", "Tue", "Wed", "Thu", "Fri"}


@pytest.fixture
def terminated(tmp_path):
    """`rdarchive schedule --run-now npc` against a slow site, stopped with SIGTERM mid-crawl."""
    db = sqlite_url(tmp_path)
    with ReplayServer(roots=[site_root("npc")], delay=0.4) as server:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "rdarchive"),
                "--db",
                db,
                "schedule",
                "--run-now",
                "npc",
                "--replay",
                server.origin,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "RDARCHIVE_LOG_LEVEL": "INFO"},
        )
        # Stop it mid-crawl: once list pages and a few articles have been asked for.
        deadline = time.monotonic() + 60
        while len(server.requested) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=120)
    return proc.returncode, runs(db), out.decode("utf-8", "replace"), db


def test_sigterm_records_the_run_as_interrupted(terminated):
    assert [r.status for r in terminated[1]] == ["interrupted"]


def test_sigterm_leaves_no_half_written_article(terminated):
    # Every stored article is whole: its hash is the hash of its stored text.
    from models.tables import Article
    from pipelines.textnorm import content_hash

    with sessions_for(terminated[3])() as s:
        articles = list(s.scalars(select(Article)))
    assert all(a.body and a.content_hash == content_hash(a.body_normalized) for a in articles)


def test_sigterm_run_counts_match_the_archive(terminated):
    from models.tables import Article

    with sessions_for(terminated[3])() as s:
        stored = len(list(s.scalars(select(Article.id))))
    assert terminated[1][0].articles_new == stored


def test_sigterm_exits_cleanly(terminated):
    assert terminated[0] in (0, 1)

"""A scheduled slot is crawled once; a site's second job is skipped; an interrupted slot is retried.

schedules/runner.py's crawl_job with a stand-in crawl command (a process that
exits at once without crawling), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from crawlers.exclusion import job_lock, site_lock
from models.db import open_archive
from models.locks import archive_locks
from models.store import ArchiveStore
from schedules import runner
from schedules.slots import last_slot, manual_slot
from tests.reliability_plugin import case

QUICK = [sys.executable, "-c", "pass"]  # "crawls" without recording: its run ends failed, the slot stays taken
SLOT = "2024-03-11T02:30+08:00"


@pytest.fixture
def store(db_url):
    runner.reset()
    return ArchiveStore(open_archive(db_url)[1])


def job(db_url: str, slot: str | None = SLOT) -> str:
    return runner.crawl_job("npc", db_url, time_limit=30, command=QUICK, stop_grace=1, slot=slot)


def statuses(store: ArchiveStore, n: int) -> list[str]:
    return [store.get_run(i).status for i in range(1, n + 1)]


@case(
    "scale",
    "A second trigger of the same slot (same site, same night; SQLite and PostgreSQL)",
    "recorded as skipped, naming the run that took the slot; nothing started",
)
def test_second_trigger_of_a_slot_is_skipped(db_url, store):
    assert (job(db_url), job(db_url)) == ("failed", "skipped")


def test_skipped_run_names_the_slot_and_its_run(db_url, store):
    job(db_url)
    job(db_url)
    assert store.get_run(2).error_summary == f"npc: not crawled: slot {SLOT} is taken by run 1 (failed)"


def test_another_slot_is_crawled(db_url, store):
    job(db_url)
    assert job(db_url, slot="2024-03-12T02:30+08:00") == "failed"  # the stand-in ran: not skipped


def test_a_crawl_by_hand_has_no_slot(db_url, store):
    job(db_url)
    assert job(db_url, slot=None) == "failed"


@case(
    "scale",
    "A slot whose run was interrupted (its worker died) is triggered again",
    "the retry takes the slot over and crawls",
)
def test_interrupted_slot_is_retried(db_url, store):
    job(db_url)
    store.finish_run(1, "interrupted", "npc: stopped")
    assert job(db_url) == "failed"


def test_abandoned_running_slot_is_closed_and_retried(db_url, store):
    # A run left "running" by a job that died, with no crawl process holding the site.
    run = store.start_run(["npc"])
    store.claim_slot("npc", SLOT, run)
    job(db_url)
    assert (store.get_run(run).status, "abandoned" in store.get_run(run).error_summary) == ("interrupted", True)


@case(
    "scale",
    "A site's job while another job of the same site is being watched (SQLite and PostgreSQL)",
    "recorded as skipped, naming the pid and host of the job in progress",
)
def test_second_job_of_a_site_is_skipped(db_url, store):
    other = archive_locks(db_url, "job")
    try:
        assert other.try_acquire(job_lock("npc"))
        assert job(db_url) == "skipped"
        assert "another crawl job of this site is in progress (pid " in store.get_run(1).error_summary
    finally:
        other.close()


def test_running_slot_of_a_live_crawl_is_left_alone(db_url, store):
    run = store.start_run(["npc"])
    store.claim_slot("npc", SLOT, run)
    crawl = archive_locks(db_url, "crawl")
    try:
        crawl.try_acquire(site_lock("npc"))
        assert runner.crawl_job("npc", db_url, time_limit=30, command=QUICK, stop_grace=0, slot=SLOT) == "skipped"
        assert store.get_run(run).status == "running"
    finally:
        crawl.close()


def test_slot_is_the_cron_time_before_jitter():
    now = datetime(2024, 3, 10, 18, 41, tzinfo=UTC)  # 02:41 in Shanghai
    assert last_slot("30 2 * * *", now) == "2024-03-11T02:30+08:00"


def test_slot_before_tonights_time_is_last_nights():
    now = datetime(2024, 3, 10, 18, 0, tzinfo=UTC)  # 02:00 in Shanghai
    assert last_slot("30 2 * * *", now) == "2024-03-10T02:30+08:00"


def test_manual_slot_is_its_own_minute():
    assert manual_slot(datetime(2024, 3, 10, 18, 0, 30, tzinfo=UTC)) == "now@2024-03-11T02:00+08:00"

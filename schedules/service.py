"""`rdarchive schedule`: APScheduler 3 with its jobs kept in the archive database.

Jobs live in the SQLAlchemyJobStore (table apscheduler_jobs), so they and
their next run times survive restarts. Only the scheduler that leads the
archive (schedules/leader.py) starts APScheduler on that store. One job per site, never two runs of
a site at once (max_instances=1), missed runs coalesced into one and still
started within the grace time after a downtime.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from models.db import database_url, open_archive
from schedules import queue, runner
from schedules.config import TIMEZONE, SiteSchedule
from schedules.leader import Leadership
from schedules.slots import manual_slot

log = logging.getLogger(__name__)

JOB_DEFAULTS = {
    "coalesce": True,  # several missed triggers run once
    "max_instances": 1,  # a crawl still running when its next trigger comes is not started twice
    "misfire_grace_time": 6 * 3600,  # after a downtime, a missed nightly run still happens
}


def job_id(site: str) -> str:
    return f"crawl:{site}"


def build_scheduler(db: str | None, blocking: bool = True, workers: int = 2) -> BaseScheduler:
    url = database_url(db)
    open_archive(url)  # the archive schema first; APScheduler adds its own table beside it
    cls = BlockingScheduler if blocking else BackgroundScheduler
    return cls(
        jobstores={"default": SQLAlchemyJobStore(url=url, tablename="apscheduler_jobs")},
        executors={"default": ThreadPoolExecutor(workers)},
        job_defaults=JOB_DEFAULTS,
        timezone=TIMEZONE,
    )


def sync_jobs(
    scheduler: BaseScheduler,
    plans: Sequence[SiteSchedule],
    db: str,
    replay: str | None = None,
    full: bool = False,
    queued: bool = False,
) -> None:
    """Make the stored jobs match the plans: add or update each site, remove disabled ones.

    `queued`: each trigger enqueues the site's crawl on its RQ queue instead of
    running it here (RDARCHIVE_QUEUE).
    """
    wanted = {job_id(p.site): p for p in plans if p.enabled}
    for job in scheduler.get_jobs():
        if job.id.startswith("crawl:") and job.id not in wanted:
            job.remove()
    for jid, plan in wanted.items():
        trigger = CronTrigger(
            minute=plan.minute,
            hour=plan.hour,
            day=plan.day,
            month=plan.month,
            day_of_week=plan.day_of_week,
            jitter=plan.jitter,
            timezone=TIMEZONE,
        )
        func, kwargs = _job(plan, db, replay, full, queued)
        kwargs["cron"] = plan.cron
        existing = scheduler.get_job(jid)
        if (
            existing is not None
            and str(existing.trigger) == str(trigger)
            and existing.kwargs == kwargs
            and existing.func is func
        ):
            continue  # unchanged: keep its stored next run time
        scheduler.add_job(func, trigger, id=jid, name=f"crawl {plan.site}", kwargs=kwargs, replace_existing=True)


def start_now(
    scheduler: BaseScheduler,
    plans: Sequence[SiteSchedule],
    db: str,
    replay: str | None = None,
    full: bool = False,
    queued: bool = False,
) -> int:
    """One extra start of every enabled site, at once (`schedule --now`); the nightly jobs stay as they are."""
    now = datetime.now().astimezone()
    slot = manual_slot(now)
    count = 0
    for plan in plans:
        if not plan.enabled:
            continue
        func, kwargs = _job(plan, db, replay, full, queued)
        kwargs["slot"] = slot
        if func is runner.scheduled_crawl:
            func = runner.crawl_job
        scheduler.add_job(
            func,
            DateTrigger(run_date=now, timezone=TIMEZONE),
            id=f"now:{plan.site}",
            name=f"crawl {plan.site} now",
            kwargs=kwargs,
            replace_existing=True,
        )
        count += 1
    return count


def _job(
    plan: SiteSchedule, db: str, replay: str | None, full: bool, queued: bool
) -> tuple[Callable[..., str], dict[str, Any]]:
    common: dict[str, Any] = dict(
        site=plan.site, time_limit=plan.time_limit, full=full, incremental_depth=plan.incremental_depth, replay=replay
    )
    if queued:
        return queue.enqueue_crawl, dict(common, queue=plan.queue)
    return runner.scheduled_crawl, dict(common, db=database_url(db))


def stored_jobs(db: str | None) -> list[Job]:
    """The jobs in the archive's job store, read without starting a scheduler.

    For `schedule --list` while another scheduler leads: reading is safe, while
    starting a second scheduler on the same store would fire every job twice.
    """
    store = SQLAlchemyJobStore(url=database_url(db), tablename="apscheduler_jobs")
    store.start(BackgroundScheduler(timezone=TIMEZONE), "default")
    try:
        return store.get_all_jobs()
    finally:
        store.shutdown()


def describe_jobs(jobs: Sequence[Job]) -> list[dict[str, Any]]:
    rows = []
    for job in sorted(jobs, key=lambda j: (j.next_run_time or datetime.max.replace(tzinfo=None).astimezone(), j.id)):
        rows.append(
            {
                "job": job.id,
                "site": job.kwargs.get("site"),
                "trigger": str(job.trigger),
                "next_run": job.next_run_time.isoformat() if job.next_run_time else None,
                "time_limit": job.kwargs.get("time_limit"),
            }
        )
    return rows


def serve(scheduler: BlockingScheduler, leadership: Leadership | None = None) -> bool:
    """Run until SIGTERM or SIGINT; then stop running crawls cleanly and record them.

    With `leadership`, the scheduler also stops if it loses the archive's
    scheduler lock; returns False then (the service should exit and restart as
    a standby), True after a requested stop.
    """
    lost = threading.Event()
    watching = threading.Event()

    def stop(signum: int, _frame: Any) -> None:
        log.warning("received %s: stopping running crawls and the scheduler", signal.Signals(signum).name)
        runner.stop_all()
        scheduler.shutdown(wait=False)

    def lose() -> None:
        # Running crawls go on: each holds its own site lock and records its own run.
        lost.set()
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    runner.reset()
    if leadership is not None:
        leadership.watch(lose, watching)
    log.info("scheduler started with %d jobs", len(scheduler.get_jobs()))
    try:
        scheduler.start()
        runner.wait_idle(runner.STOP_GRACE + 5)
    finally:
        watching.set()
    return not lost.is_set()

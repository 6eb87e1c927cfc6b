"""`schedule --list`: the nightly plan as a person reads it, without writing a job.

Each site's time is said in words ("daily 02:17 Asia/Shanghai"); its next run is
the one the job store holds when the stored job has the same schedule, else the
one the plan gives (the running scheduler applies the plan when it starts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.job import Job
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import create_engine, inspect

from models.db import database_url
from schedules.config import TIMEZONE, SiteSchedule

DAYS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
DAY_NUMBERS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class Row:
    site: str
    when: str
    next_run: datetime | None
    time_limit: int | None
    stored: bool  # the job store holds this schedule already


def _day_names(dow: str) -> str | None:
    """'mon-fri' -> 'Mon-Fri', '1,3' -> 'Tue,Thu' (APScheduler counts from Monday = 0); None when unusual."""
    out = []
    for part in dow.lower().split(","):
        ends = part.split("-")
        if len(ends) > 2:
            return None
        names = []
        for end in ends:
            if end in DAYS:
                names.append(DAYS[end])
            elif end.isdigit() and int(end) < 7:
                names.append(DAY_NUMBERS[int(end)])
            else:
                return None
        out.append("-".join(names))
    return ",".join(out)


def describe_cron(cron: str, jitter: int | None = None) -> str:
    """'17 2 * * *' -> 'daily 02:17 Asia/Shanghai'; anything unusual stays a crontab line."""
    minute, hour, day, month, dow = cron.split()
    spread = (
        f", up to {jitter // 60} min later"
        if jitter and jitter >= 60
        else (f", up to {jitter} s later" if jitter else "")
    )
    if minute.isdigit() and hour.isdigit() and day == "*" and month == "*":
        at = f"{int(hour):02d}:{int(minute):02d} {TIMEZONE}"
        if dow == "*":
            return f"daily {at}{spread}"
        days = _day_names(dow)
        if days:
            return f"{days} {at}{spread}"
    return f"cron '{cron}' {TIMEZONE}{spread}"


def _trigger(plan: SiteSchedule) -> CronTrigger:
    return CronTrigger(
        minute=plan.minute,
        hour=plan.hour,
        day=plan.day,
        month=plan.month,
        day_of_week=plan.day_of_week,
        timezone=TIMEZONE,
    )


def stored_jobs_if_any(db: str | None) -> list[Job]:
    """The stored jobs, or none when no scheduler ever ran (reading creates no table)."""
    from schedules.service import stored_jobs

    engine = create_engine(database_url(db))
    try:
        present = inspect(engine).has_table("apscheduler_jobs")
    finally:
        engine.dispose()
    return stored_jobs(db) if present else []


def plan_rows(plans: Sequence[SiteSchedule], stored: Sequence[Job], now: datetime) -> list[Row]:
    jobs = {job.kwargs.get("site"): job for job in stored if job.id.startswith("crawl:")}
    rows = []
    for plan in plans:
        if not plan.enabled:
            continue
        job = jobs.get(plan.site)
        same = job is not None and job.kwargs.get("cron") == plan.cron
        next_run = job.next_run_time if same and job is not None else _trigger(plan).get_next_fire_time(None, now)
        rows.append(Row(plan.site, describe_cron(plan.cron, plan.jitter), next_run, plan.time_limit, same))
    return sorted(rows, key=_order)


def stored_rows(stored: Sequence[Job]) -> list[Row]:
    rows = []
    for job in stored:
        cron = job.kwargs.get("cron")
        jitter = getattr(job.trigger, "jitter", None)
        when = describe_cron(cron, jitter) if cron else str(job.trigger)
        rows.append(Row(job.kwargs.get("site") or job.id, when, job.next_run_time, job.kwargs.get("time_limit"), True))
    return sorted(rows, key=_order)


def _order(row: Row) -> tuple[Any, ...]:
    return (row.next_run is None, row.next_run.timestamp() if row.next_run else 0, row.site)


def render(rows: Sequence[Row]) -> str:
    """The table (nothing at all when there is no job)."""
    if not rows:
        return ""
    site_w = max(len("SITE"), *(len(r.site) for r in rows))
    when_w = max(len("SCHEDULE"), *(len(r.when) for r in rows))
    lines = [f"{'SITE':{site_w}}  {'SCHEDULE':{when_w}}  {'NEXT RUN':29}  LIMIT"]
    for r in rows:
        nxt = f"{r.next_run:%a %Y-%m-%d %H:%M} {r.next_run.isoformat()[-6:]}" if r.next_run else "paused"
        if r.next_run and not r.stored:
            nxt += " *"
        limit = f"{r.time_limit // 60} min" if r.time_limit else "-"
        lines.append(f"{r.site:{site_w}}  {r.when:{when_w}}  {nxt:29}  {limit}")
    if any(r.next_run and not r.stored for r in rows):
        lines.append("* from the plan; the scheduler stores it when it starts")
    return "\n".join(lines)

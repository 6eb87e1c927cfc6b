"""Slots: the scheduled time a trigger fires for, so one slot is crawled once.

A trigger that fires twice for the same slot (two schedulers, a failover that
re-runs a due job, an RQ job enqueued twice) carries the same slot both times,
and the second is recorded as skipped (schedules/runner.py). The slot is the
cron time itself, before jitter, so every firing for it agrees.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from schedules.config import TIMEZONE

# How far back a fired job looks for its slot; far beyond the six hours a missed run may still start.
LOOKBACK = timedelta(days=2)


def last_slot(cron: str, now: datetime) -> str:
    """The latest time at or before `now` that the crontab line fires, e.g. '2024-03-11T02:30+08:00'."""
    trigger = CronTrigger.from_crontab(cron, timezone=TIMEZONE)
    last = None
    fire = trigger.get_next_fire_time(None, now - LOOKBACK)
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return (last or now.astimezone(trigger.timezone)).isoformat(timespec="minutes")


def manual_slot(now: datetime) -> str:
    """The slot of a one-off start (`schedule --now`): its own minute."""
    return "now@" + now.astimezone(CronTrigger(timezone=TIMEZONE).timezone).isoformat(timespec="minutes")

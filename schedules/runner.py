"""One scheduled crawl: a child process per run, watched, time-limited, always recorded.

The Twisted reactor cannot be restarted, so every crawl runs in its own
`rdarchive crawl` process. The run row is created here first and handed to
the child (--run-id): whatever happens to the child (a crash, a hang, a kill),
the run ends up recorded with its status and reason.

Whoever runs this (a scheduler thread, an RQ job) holds the site's job lock
while it watches the crawl, and claims the trigger's slot: a second job for the
site, or a second trigger of the same slot, is recorded as skipped instead of
crawling. A slot held by a run whose job died is retried: that run is closed as
interrupted and its slot passes to the new run.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from core.status import RunStatus
from crawlers.exclusion import job_lock, site_lock
from models.db import open_archive
from models.locks import ArchiveLocks, archive_locks
from models.store import ArchiveStore
from models.tables import CrawlRun
from schedules.slots import last_slot

log = logging.getLogger(__name__)

# Seconds a child gets to finish its current article after SIGTERM.
STOP_GRACE = 60

_children: dict[int, subprocess.Popen] = {}
_lock = threading.Lock()
_stopping = threading.Event()
# Most crawls of one site seen running at once (tests check it never exceeds 1).
peak_running: dict[str, int] = {}
_running: dict[str, int] = {}


def crawl_command(
    site: str, db: str, run_id: int, full: bool = False, incremental_depth: int = 1, replay: str | None = None
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "rdarchive.cli",
        "--db",
        db,
        "crawl",
        "--site",
        site,
        "--run-id",
        str(run_id),
        "--incremental-depth",
        str(incremental_depth),
    ]
    if full:
        cmd.append("--full")
    if replay:
        cmd += ["--replay", replay]
    return cmd


def crawl_job(
    site: str,
    db: str,
    time_limit: int = 3600,
    full: bool = False,
    incremental_depth: int = 1,
    replay: str | None = None,
    command: Sequence[str] | None = None,
    stop_grace: float = STOP_GRACE,
    slot: str | None = None,
    die_with_parent: bool = False,
) -> str:
    """Run one crawl of `site` in a child process; returns the run's final status.

    `slot` is the scheduled time this crawl is for (schedules/slots.py); None for
    a crawl asked for by hand. `die_with_parent` makes the child stop (SIGTERM:
    it records its run as interrupted) if this process dies, as an RQ job's
    crawl must when its worker is killed. `command` replaces the crawl command
    (tests use it to simulate a hanging crawl).
    """
    if _stopping.is_set():
        log.info("%s: not started, the scheduler is stopping", site)
        return RunStatus.SKIPPED
    _, sessions = open_archive(db)
    store = ArchiveStore(sessions)
    locks = archive_locks(db, "job")
    try:
        run_id = store.start_run([site], replay=replay)
        if not locks.try_acquire(job_lock(site)):
            holder = locks.holder(job_lock(site)) or "a process that just ended"
            return _skip(store, site, run_id, f"another crawl job of this site is in progress ({holder})")
        if slot is not None:
            holder_run = _claim(store, locks, site, slot, run_id, stop_grace)
            if holder_run is not None:
                return _skip(store, site, run_id, f"slot {slot} is taken by run {holder_run.id} ({holder_run.status})")
        return _run(
            store, site, db, run_id, time_limit, full, incremental_depth, replay, command, stop_grace, die_with_parent
        )
    finally:
        locks.close()


def scheduled_crawl(site: str, db: str, cron: str, **kwargs: Any) -> str:
    """The in-process scheduler's job for one trigger: the crawl for the slot that just came due."""
    return crawl_job(site, db, slot=last_slot(cron, datetime.now().astimezone()), **kwargs)


def _skip(store: ArchiveStore, site: str, run_id: int, why: str) -> str:
    reason = f"{site}: not crawled: {why}"
    store.finish_run(run_id, RunStatus.SKIPPED, reason)
    log.warning("%s: crawl run %d skipped: %s", site, run_id, why)
    return RunStatus.SKIPPED


def _claim(
    store: ArchiveStore, locks: ArchiveLocks, site: str, slot: str, run_id: int, stop_grace: float
) -> CrawlRun | None:
    """Claim the slot for this run; returns None if claimed, else the run that keeps it."""
    holder = store.claim_slot(site, slot, run_id)
    for _ in range(3):
        if holder is None:
            return None
        if holder.status == RunStatus.RUNNING:
            # This process holds the site's job lock, so the job that started that run is gone
            # (its worker or scheduler died). Its crawl process stops with it: give it time to.
            deadline = time.monotonic() + stop_grace + 5
            while locks.holder(site_lock(site)) is not None and time.monotonic() < deadline:
                time.sleep(0.5)
            if locks.holder(site_lock(site)) is not None:
                return holder  # still crawling: let it finish
            store.close_if_running(
                holder.id,
                RunStatus.INTERRUPTED,
                f"{site}: abandoned: the job watching run {holder.id} died (its worker or scheduler stopped); "
                f"retried as run {run_id}",
            )
            holder = store.get_run(holder.id) or holder
        if holder.status != RunStatus.INTERRUPTED:
            return holder
        if store.take_over_slot(site, slot, holder.id, run_id):
            log.warning("%s: slot %s: run %d was interrupted; run %d retries it", site, slot, holder.id, run_id)
            return None
        holder = store.claim_slot(site, slot, run_id)
    return holder


def _run(
    store: ArchiveStore,
    site: str,
    db: str,
    run_id: int,
    time_limit: int,
    full: bool,
    incremental_depth: int,
    replay: str | None,
    command: Sequence[str] | None,
    stop_grace: float,
    die_with_parent: bool,
) -> str:
    cmd = list(command) if command else crawl_command(site, db, run_id, full, incremental_depth, replay)
    with _lock:
        _running[site] = _running.get(site, 0) + 1
        peak_running[site] = max(peak_running.get(site, 0), _running[site])
    log.info("%s: crawl run %d starting (time limit %ds)", site, run_id, time_limit)
    try:
        reason = _watch(site, cmd, time_limit, stop_grace, die_with_parent)
    finally:
        with _lock:
            _running[site] -= 1
    run = store.get_run(run_id)
    if run is not None and run.status == RunStatus.RUNNING:
        # The child never finished its run: it hung, crashed, or was stopped
        # before Scrapy could record it (a shutdown during start-up).
        if _stopping.is_set():
            run = store.finish_run(run_id, RunStatus.INTERRUPTED, f"{site}: stopped by scheduler shutdown ({reason})")
        else:
            run = store.finish_run(run_id, RunStatus.FAILED, f"{site}: {reason}")
    status = run.status if run else RunStatus.FAILED
    log.log(
        logging.INFO if status == RunStatus.SUCCEEDED else logging.WARNING,
        "%s: crawl run %d %s%s",
        site,
        run_id,
        status,
        f": {run.error_summary}" if run is not None and run.error_summary else "",
    )
    return status


def _watch(site: str, cmd: list[str], time_limit: int, stop_grace: float, die_with_parent: bool = False) -> str:
    """Run the child to its end or its time limit; returns what happened, in words."""
    proc = subprocess.Popen(cmd, start_new_session=True, preexec_fn=_stop_with_parent if die_with_parent else None)
    with _lock:
        _children[proc.pid] = proc
    try:
        try:
            code = proc.wait(timeout=time_limit)
            return f"crawl process exited with status {code} without finishing its run"
        except subprocess.TimeoutExpired:
            log.warning("%s: crawl exceeded its time limit of %ds; stopping it", site, time_limit)
            _stop(proc, stop_grace)
            return f"stopped after exceeding the time limit of {time_limit}s"
        except BaseException:
            # This watcher is being stopped (RQ's job timeout, an exception): the crawl stops with it.
            _stop(proc, stop_grace)
            raise
    finally:
        with _lock:
            _children.pop(proc.pid, None)


PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def _stop_with_parent() -> None:
    """In the child, before exec: SIGTERM when the watching process dies (Linux)."""
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def die_with_parent() -> None:
    """This process gets SIGTERM when its parent dies (an RQ job's work horse and its worker)."""
    parent = os.getppid()
    _stop_with_parent()
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM first (Scrapy finishes the article in hand and records the run), then SIGKILL."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def stop_all(grace: float = STOP_GRACE) -> None:
    """Stop every running crawl cleanly (used on SIGTERM / SIGINT) and start no more."""
    _stopping.set()
    with _lock:
        children = list(_children.values())
    for proc in children:
        _stop(proc, grace)


def reset() -> None:
    """Forget a previous stop (a new scheduler in the same process, e.g. in tests)."""
    _stopping.clear()
    peak_running.clear()
    _running.clear()


def wait_idle(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _children:
                return True
        time.sleep(0.05)
    return False

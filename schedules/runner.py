"""One scheduled crawl: a child process per run, watched, time-limited, always recorded.

The Twisted reactor cannot be restarted, so every crawl runs in its own
`rdarchive crawl` process. The run row is created here first and handed to
the child (--run-id): whatever happens to the child (a crash, a hang, a kill),
the run ends up recorded with its status and reason.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from core.status import RunStatus
from models.db import open_archive
from models.store import ArchiveStore

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
) -> str:
    """Run one crawl of `site` in a child process; returns the run's final status.

    `command` replaces the crawl command (tests use it to simulate a hanging crawl).
    """
    if _stopping.is_set():
        log.info("%s: not started, the scheduler is stopping", site)
        return RunStatus.SKIPPED
    _, sessions = open_archive(db)
    store = ArchiveStore(sessions)
    run_id = store.start_run([site], replay=replay)
    cmd = list(command) if command else crawl_command(site, db, run_id, full, incremental_depth, replay)
    with _lock:
        _running[site] = _running.get(site, 0) + 1
        peak_running[site] = max(peak_running.get(site, 0), _running[site])
    log.info("%s: crawl run %d starting (time limit %ds)", site, run_id, time_limit)
    try:
        reason = _watch(site, cmd, time_limit, stop_grace)
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


def _watch(site: str, cmd: list[str], time_limit: int, stop_grace: float) -> str:
    """Run the child to its end or its time limit; returns what happened, in words."""
    proc = subprocess.Popen(cmd, start_new_session=True)
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
    finally:
        with _lock:
            _children.pop(proc.pid, None)


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

"""One scheduler per archive: the others stand by, name the leader, and take over when it dies.

In-process checks of the lock (SQLite file lock, PostgreSQL advisory lock),
then `rdarchive schedule` services as child processes: one leads, a second
waits, `kill -9` of the leader hands the archive to the standby. Every site is
disabled in their schedule file, so nothing is ever crawled.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.db import open_archive
from schedules.leader import Leadership
from tests.conftest import ROOT, sqlite_url
from tests.reliability_plugin import case
from tests.test_interruption import pg_schema_url

BIN = Path(sys.executable).parent


@pytest.fixture
def archive(db_url):
    open_archive(db_url)[0].dispose()
    return db_url


@pytest.fixture
def two(archive):
    first, second = Leadership(archive), Leadership(archive)
    yield first, second
    first.release()
    second.release()


@case(
    "scale",
    "Two schedulers on one archive, in one process (SQLite and PostgreSQL)",
    "the first takes the archive's scheduler lock, the second does not",
)
def test_only_one_leads(two):
    assert (two[0].try_lead(), two[1].try_lead()) == (True, False)


def test_standby_names_the_leaders_pid_and_host(two):
    two[0].try_lead()
    assert f"pid {os.getpid()}, host {socket.gethostname()}" in (two[1].leader() or "")


def test_lock_is_free_again_after_release(two):
    two[0].try_lead()
    two[0].release()
    assert two[1].try_lead()


def test_nobody_leads_a_fresh_archive(two):
    assert two[0].leader() is None


def test_leader_still_leads(two):
    two[0].try_lead()
    assert two[0].still_leading()


def test_archives_in_other_schemas_have_their_own_leader(pg_url, tmp_path):
    import uuid

    from sqlalchemy import create_engine, text

    from tests.conftest import PG_URL

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    other = f"{PG_URL}?options=-csearch_path%3D{schema}"
    a, b = Leadership(pg_url), Leadership(other)
    try:
        assert (a.try_lead(), b.try_lead()) == (True, True)
    finally:
        a.release()
        b.release()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_sqlite_archives_in_other_folders_have_their_own_leader(tmp_path):
    a, b = Leadership(sqlite_url(tmp_path / "a")), Leadership(sqlite_url(tmp_path / "b"))
    try:
        assert (a.try_lead(), b.try_lead()) == (True, True)
    finally:
        a.release()
        b.release()


# -- services --------------------------------------------------------------------------
NOTHING = "[defaults]\nenabled = false\n"


class Service:
    """`rdarchive schedule` as a child process, its output in a log file."""

    def __init__(self, db: str, workdir: Path, name: str):
        config = workdir / "schedule.toml"
        config.write_text(NOTHING, encoding="utf-8")
        self.log = workdir / f"{name}.log"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(
                [str(BIN / "rdarchive"), "--db", db, "schedule", "--config", str(config), "--poll", "0.3"],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float = 180) -> float | None:
        """Seconds until the pattern shows in the log, None if it never does."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if re.search(pattern, self.output()):
                return time.monotonic() - started
            if self.proc.poll() is not None and not re.search(pattern, self.output()):
                return None
            time.sleep(0.1)
        return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def failover(request, tmp_path_factory):
    """A leader and a standby; the leader is killed with SIGKILL once the standby waits."""
    tmp_path = tmp_path_factory.mktemp("failover")
    db, drop = sqlite_url(tmp_path), (lambda: None)
    if request.param == "postgresql":
        db, _, drop = pg_schema_url("lead")
    open_archive(db)[0].dispose()
    first = Service(db, tmp_path, "first")
    assert first.wait_for("leading: this scheduler leads") is not None, first.output()
    second = Service(db, tmp_path, "second")
    waited = second.wait_for("standby: another scheduler leads this archive")
    standby_log = second.output()
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(timeout=30)
    took_over = second.wait_for("takes over", timeout=180)
    yield first, second, waited, standby_log, took_over
    first.stop()
    second.stop()
    drop()


@case(
    "scale",
    "A second `rdarchive schedule` on the same archive (SQLite and PostgreSQL)",
    'waits as standby, saying "standby: another scheduler leads this archive (pid ..., host ...)"',
)
def test_second_service_stands_by_naming_the_leader(failover):
    first, _, waited, standby_log, _ = failover
    assert waited is not None and f"pid {first.proc.pid}, host {socket.gethostname()}" in standby_log


def test_standby_starts_no_scheduler(failover):
    assert "scheduler started" not in failover[3]


@case(
    "scale",
    "`kill -9` of the leading scheduler (SQLite and PostgreSQL)",
    "the standby takes over within seconds (the lock dies with its process) and starts the scheduler",
)
def test_standby_takes_over_when_the_leader_dies(failover):
    _, second, _, _, took_over = failover
    assert took_over is not None and second.wait_for("scheduler started", timeout=120) is not None, second.output()


@pytest.fixture(scope="module")
def listing_beside_a_leader(tmp_path_factory):
    db = sqlite_url(tmp_path_factory.mktemp("listing"))
    open_archive(db)[0].dispose()
    leader = Leadership(db)
    leader.try_lead()
    try:
        done = subprocess.run(
            [str(BIN / "rdarchive"), "--db", db, "schedule", "--list"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        leader.release()
    return done


def test_list_beside_a_leader_changes_no_job(listing_beside_a_leader):
    # The leader's store is empty here: a --list that synced its own plan would have filled it.
    assert (listing_beside_a_leader.returncode, listing_beside_a_leader.stdout) == (0, "")


def test_list_beside_a_leader_says_so(listing_beside_a_leader):
    assert "standby: another scheduler leads this archive" in listing_beside_a_leader.stderr

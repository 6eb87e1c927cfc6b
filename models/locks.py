"""Named locks of one archive that die with the process holding them.

On PostgreSQL a lock is a session advisory lock on a connection kept open for
the purpose: the server releases it when the connection ends, so a process that
is killed (or whose machine dies: TCP keepalives are set short) loses its locks
without anyone cleaning up. On SQLite a lock is an flock() on a file in
`<archive>.locks/` beside the database, which the kernel releases with the
process. Either way the holder can be named (pid and host) to whoever waits.

Names are per archive: the PostgreSQL key hashes the database, the schema and
the name (tests keep many archives in one database, one schema each).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import socket
import tempfile
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from models.db import database_url
from models.neardup_index import archive_lock_key

log = logging.getLogger(__name__)

# Seconds before the server notices a dead peer and releases its locks.
KEEPALIVE = {"tcp_keepalives_idle": 10, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}


def whoami(role: str) -> str:
    """How a holder is described to those who wait: 'rdarchive schedule: pid 123, host box1'."""
    return f"rdarchive {role}: pid {os.getpid()}, host {socket.gethostname()}"


class ArchiveLocks(Protocol):
    def try_acquire(self, name: str) -> bool:
        """Take the lock now if it is free (or already ours); never waits."""

    def release(self, name: str) -> None: ...

    def holder(self, name: str) -> str | None:
        """Who holds the lock ('pid 123, host box1 (rdarchive schedule)'), None if it is free."""

    def alive(self) -> bool:
        """Are our locks still ours? False once the database connection holding them is gone."""

    def close(self) -> None:
        """Release every lock."""


def archive_locks(db_url: str | None, role: str) -> ArchiveLocks:
    url = database_url(db_url)
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return PgLocks(url, role)
    if backend == "sqlite":
        return FileLocks(lock_dir(url), role)
    raise ValueError(f"{url}: locks are implemented for PostgreSQL and SQLite archives only")


def lock_dir(sqlite_url: str) -> Path:
    database = make_url(sqlite_url).database
    if not database or database == ":memory:":
        # An in-memory archive belongs to one process: its locks only need to be unique to it.
        return Path(tempfile.gettempdir()) / f"rdarchive-memory-{os.getpid()}.locks"
    path = Path(database).resolve()
    return path.with_name(path.name + ".locks")


def _describe(application_name: str | None, pid: int) -> str:
    if application_name and application_name.startswith("rdarchive ") and ": " in application_name:
        role, who = application_name[len("rdarchive ") :].split(": ", 1)
        return f"{who} (rdarchive {role})"
    return f"PostgreSQL backend {pid} ({application_name or 'unnamed client'})"


class PgLocks:
    def __init__(self, url: str, role: str):
        self.role = role
        name = whoami(role)[:63]  # PostgreSQL keeps 63 bytes of application_name
        self.engine = create_engine(url, poolclass=NullPool, connect_args={"application_name": name})
        self.conn: Connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        for setting, value in KEEPALIVE.items():
            self.conn.execute(text(f"SET {setting} = {int(value)}"))
        self.held: dict[str, int] = {}

    def _key(self, name: str) -> int:
        return archive_lock_key(self.conn, name)

    def try_acquire(self, name: str) -> bool:
        if name in self.held:
            return True
        key = self._key(name)
        if self.conn.execute(text("SELECT pg_try_advisory_lock(CAST(:k AS bigint))"), {"k": key}).scalar():
            self.held[name] = key
            return True
        return False

    def release(self, name: str) -> None:
        key = self.held.pop(name, None)
        if key is not None:
            self.conn.execute(text("SELECT pg_advisory_unlock(CAST(:k AS bigint))"), {"k": key})

    def holder(self, name: str) -> str | None:
        if name in self.held:
            return _describe(whoami(self.role), os.getpid())
        unsigned = self._key(name) & 0xFFFF_FFFF_FFFF_FFFF
        row = self.conn.execute(
            text(
                "SELECT a.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND l.classid = CAST(CAST(:hi AS bigint) AS oid) AND l.objid = CAST(CAST(:lo AS bigint) AS oid)"
            ),
            {"hi": unsigned >> 32, "lo": unsigned & 0xFFFF_FFFF},
        ).first()
        return _describe(row.application_name, row.pid) if row else None

    def alive(self) -> bool:
        try:
            self.conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means the session, and its locks, may be gone
            return False

    def close(self) -> None:
        try:
            if self.held:
                # Explicitly, so the next holder can take them at once: a closed session's
                # locks are only released once its server process has gone.
                self.conn.execute(text("SELECT pg_advisory_unlock_all()"))
        except Exception:  # noqa: BLE001 - the session is gone already, and its locks with it
            pass
        finally:
            self.held.clear()
            self.conn.close()
            self.engine.dispose()


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


class FileLocks:
    def __init__(self, directory: Path, role: str):
        self.directory = directory
        self.role = role
        self.held: dict[str, IO[str]] = {}

    def _path(self, name: str) -> Path:
        return self.directory / f"{_UNSAFE.sub('_', name)}.lock"

    def try_acquire(self, name: str) -> bool:
        if name in self.held:
            return True
        self.directory.mkdir(parents=True, exist_ok=True)
        fh = open(self._path(name), "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return False
        # Who holds it, for those who wait (read without taking the lock).
        fh.seek(0)
        fh.truncate()
        fh.write(whoami(self.role) + "\n")
        fh.flush()
        self.held[name] = fh
        return True

    def release(self, name: str) -> None:
        fh = self.held.pop(name, None)
        if fh is not None:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def holder(self, name: str) -> str | None:
        path = self._path(name)
        if name in self.held:
            who = whoami(self.role)
        else:
            try:
                with open(path, encoding="utf-8") as fh:
                    try:
                        fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    except BlockingIOError:
                        who = fh.read().strip()
                    else:
                        return None  # nobody holds it
            except FileNotFoundError:
                return None
        if who.startswith("rdarchive ") and ": " in who:
            return _describe(who, 0)
        return who or f"another process (lock file {path})"

    def alive(self) -> bool:
        return True  # a file lock cannot be taken away from a living process

    def close(self) -> None:
        for name in list(self.held):
            self.release(name)

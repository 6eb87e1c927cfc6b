"""Engine, sessions and schema upgrades for the archive database."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.settings import environment

DEFAULT_DB = "sqlite:///data/archive.db"
MIGRATIONS = Path(__file__).with_name("migrations")
CREATORS = "only crawl, schedule and db upgrade create one"


class ArchiveError(Exception):
    """The archive cannot be opened as asked; the message names it and what was expected."""


class NoArchive(ArchiveError):
    """A read command found no archive where it was pointed (and created none)."""


def database_url(explicit: str | None = None) -> str:
    """--db beats RDARCHIVE_DB beats the SQLite file ./data/archive.db."""
    return explicit or environment().db or DEFAULT_DB


def where(url: str | None = None) -> str:
    """The archive as a user names it: the SQLite file, else the URL without its password."""
    parsed = make_url(database_url(url))
    path = sqlite_file(url)
    return str(path) if path is not None else parsed.render_as_string(hide_password=True)


def sqlite_file(url: str | None = None) -> Path | None:
    parsed = make_url(database_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str | None = None, create: bool = True) -> Engine:
    """The archive's engine; with create=False nothing is made on disk (no file, no folder)."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            _check_sqlite_file(path, create)
        # Crawls and CLI readers share the file: wait for locks instead of failing.
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _check_sqlite_file(path: Path, create: bool) -> None:
    """Refuse what SQLite would otherwise create. Only stat() here: opening and closing the file
    would drop every POSIX lock this process's own SQLite connections hold on it (SQLite's
    documented pitfall), and another process could then checkpoint away a WAL still in use.
    A file that is not a database is SQLite's own "file is not a database" (database_problem)."""
    if path.is_dir():
        raise ArchiveError(f"{path}: a directory, expected an SQLite archive file")
    if not path.exists() and not create:
        raise NoArchive(f"no archive at {path} ({CREATORS})")


def database_problem(url: str | None, error: BaseException) -> str | None:
    """One line for a database fault a user can act on, or None if `error` is no such fault."""
    if isinstance(error, ArchiveError):
        return str(error)
    if not isinstance(error, DBAPIError):
        return None
    name = where(url)
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
    lowered = reason.lower()
    if "file is not a database" in lowered:
        return f"{name}: not an SQLite database, expected an rdarchive archive"
    if "malformed" in lowered or "corrupt" in lowered:
        return f"{name}: the SQLite file is corrupted ({reason}); restore it from a backup"
    if "does not exist" in lowered and "database" in lowered:
        return f"{name}: {reason} (create it first, e.g. `createdb`; rdarchive makes tables, not databases)"
    if error.connection_invalidated or "connect" in lowered:
        return f"{name}: cannot reach the database ({reason})"
    return f"{name}: database error ({reason})"


# Seconds to wait before each retry of a database operation whose connection went away
# (the crawl's writes, export and search alike).
BACKOFF = (0.1, 0.5, 1.0)
SQLITE_TRANSIENT = ("locked", "busy", "disk i/o", "unable to open")

log = logging.getLogger(__name__)
T = TypeVar("T")


def is_transient(error: BaseException) -> bool:
    """A database error worth retrying: the connection went away, or the database was busy."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    orig = getattr(error, "orig", None)
    if type(orig).__module__.startswith("sqlite3"):
        # SQLite reports schema and SQL errors as OperationalError too: only a busy database is transient.
        return any(word in str(orig).lower() for word in SQLITE_TRANSIENT)
    return True


def retrying(operation: Callable[[], T], what: str, backoff: tuple[float, ...] = BACKOFF) -> T:
    """`operation()`, run again after each pause of `backoff` while it fails with a transient
    database error; the last error is raised as it is (the CLI makes it one line)."""
    for delay in (*backoff, None):
        try:
            return operation()
        except Exception as e:
            if delay is None or not is_transient(e):
                raise
            log.info("%s: database connection lost (%s); retrying in %.1fs", what, type(e).__name__, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a power loss may undo the last
    # commits (never corrupt the file); a crawl re-fetches what they held (README.md, "Database").
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def alembic_config(engine: Engine | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


# Alembic's command API keeps its context in module globals: one upgrade at a
# time per process (the scheduler opens the archive from several threads).
_UPGRADE_LOCK = threading.Lock()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to date; safe to call on every start, from any number of processes."""
    with _UPGRADE_LOCK:
        current = current_revision(engine)
        if revision == "head" and current == head_revision():
            return
        if current is not None and current not in known_revisions():
            raise ArchiveError(
                f"{where(engine.url.render_as_string(hide_password=False))}: schema revision {current} is newer "
                f"than this rdarchive knows (head {head_revision()}); upgrade rdarchive to read it"
            )
        with _across_processes(engine):
            # Another process may have upgraded while this one waited for the lock.
            if revision == "head" and current_revision(engine) == head_revision():
                return
            command.upgrade(alembic_config(engine), revision)


@contextmanager
def _across_processes(engine: Engine) -> Iterator[None]:
    """One schema upgrade at a time across processes: an advisory lock on PostgreSQL,
    a lock file beside the database on SQLite."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.upgrade-lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# Arbitrary constant naming rdarchive's schema-upgrade advisory lock.
_LOCK_KEY = 0x7264_6172


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration this code knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(None)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS}")
    return head


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(script.revision for script in ScriptDirectory.from_config(alembic_config(None)).walk_revisions())


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_archive(url: str | None = None, create: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """The archive, its schema brought up to date.

    create=False is for read commands: an archive that does not exist yet (no
    file, or a database without rdarchive's schema) is an ArchiveError, and
    nothing is made on disk."""
    engine = make_engine(url, create=create)
    if not create and current_revision(engine) is None:
        engine.dispose()
        raise NoArchive(f"no archive at {where(url)} ({CREATORS})")
    upgrade(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)

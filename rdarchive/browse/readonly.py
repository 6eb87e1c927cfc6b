"""Read-only SQLAlchemy sessions on the archive, for the pages `rdarchive serve` renders itself.

SQLite is opened as Datasette opens it: immutable (no write can reach the
file) or, with --live, mode=ro. PostgreSQL sessions run every transaction
READ ONLY, so a bug in a page can never change the archive.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def sqlite_uri(path: Path, live: bool) -> str:
    return f"file:{quote(str(path.resolve()))}?{'mode=ro' if live else 'immutable=1'}"


def read_only_engine(db_url: str, live: bool = False) -> Engine:
    url = make_url(db_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValueError("a read-only view needs an archive file, not an in-memory database")
        uri = sqlite_uri(Path(url.database), live)
        # A connection per use: immutable connections cache nothing that could go stale between pages.
        return create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=NullPool,
        )
    if backend == "postgresql":
        # A page needs one connection; PostgreSQL's are counted against every other client.
        engine = create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cur.close()
            dbapi_conn.commit()

        return engine
    raise ValueError(f"rdarchive serve reads SQLite or PostgreSQL archives, not {backend}")


def read_only_sessions(db_url: str, live: bool = False) -> sessionmaker[Session]:
    return sessionmaker(read_only_engine(db_url, live), expire_on_commit=False)

"""`rdarchive serve`: browse a SQLite archive in Datasette, read-only.

The archive is opened immutable (SQLite's immutable=1: no write can reach the
file, counts are cached) after its write-ahead log has been checkpointed into
the file; `--live` opens it with mode=ro instead, for an archive a crawl is
still writing to. Either way no Datasette write path is enabled: there are no
writable canned queries, and every write permission is refused.

The view articles_browse (migration 0005) is the front page: one row per
article with its site, date, region and channel, facets on site, province,
channel and date, and full-text search through the bigram index articles_fts.
A plugin replaces Datasette's escape_fts() with our query compiler
(models.fulltext), so the search box takes the same queries as
`rdarchive search` (words, "phrases", AND / OR / NOT) and traditional
characters find simplified text.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from models import fulltext

WRITE_ACTIONS = {"insert-row", "delete-row", "update-row", "create-table", "alter-table", "drop-table", "upsert-row"}
HIDDEN = [
    "alembic_version",
    "article_fingerprints",
    "lsh_keys",
    "export_cursors",
    "apscheduler_jobs",
    "crawl_failures",
    "article_versions",
    "captures",
    "schedule_jobs",
]


def fts_expression(query: str) -> str:
    """Datasette's escape_fts(), ours: the user's query compiled to an FTS5 expression."""
    try:
        return fulltext.fts5_with_tags(fulltext.parse_query(query), [])
    except fulltext.QueryError as e:
        raise ValueError(f"bad search query: {e}") from None


def _plugin():
    """Datasette hooks (registered by build(), not installed globally)."""
    from datasette import hookimpl

    class Plugin:
        @staticmethod
        @hookimpl(trylast=True)  # after Datasette's own escape_fts, so ours wins
        def prepare_connection(conn: sqlite3.Connection) -> None:
            conn.create_function("escape_fts", 1, fts_expression, deterministic=True)

        @staticmethod
        @hookimpl
        def permission_allowed(action: str) -> bool | None:
            return False if action in WRITE_ACTIONS else None

    return Plugin


def metadata(name: str) -> dict[str, Any]:
    search = {"fts_table": fulltext.FTS_TABLE, "fts_pk": "id"}
    return {
        "title": "rdarchive: people's congress sites archive",
        "description": 'Search: words and "phrases" match exact characters (traditional finds simplified); '
        "combine with AND, OR, NOT and parentheses.",
        "databases": {
            name: {
                "tables": {
                    "articles_browse": {
                        # Newest archived first: the order SQLite serves at once for any number of
                        # matches (sorting half a million matches by date would hit the time limit).
                        **search,
                        "label_column": "title",
                        "sort_desc": "id",
                        "size": 20,
                        "facets": ["site", "province", "channel", {"date": "published_date"}],
                        "description": "One row per archived article, newest archived first; sort by "
                        "published_date for a narrower search.",
                    },
                    "articles": {
                        **search,
                        "label_column": "title",
                        "sort_desc": "id",
                        "facets": ["site_id", "province", "channel", {"date": "published_at"}],
                    },
                    "sites": {"label_column": "name"},
                    **{t: {"hidden": True} for t in HIDDEN},
                },
            }
        },
    }


def sqlite_path(db_url: str) -> Path:
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValueError("rdarchive serve needs a SQLite archive file (--db sqlite:///path/archive.db)")
    path = Path(url.database)
    if not path.is_file():
        raise ValueError(f"no archive at {path}")
    return path


def checkpoint(path: Path) -> None:
    """Move the write-ahead log into the file, so an immutable reader sees every commit."""
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build(path: Path, live: bool = False):
    """The Datasette instance serving the archive read-only."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    # Datasette prints every refused request's traceback through rich when rich is
    # installed (rich 15 then fails inside the handler and answers 500): errors are
    # answered as pages, never dumped on the console. Looked up only now: importing that
    # module before datasette.plugins registers it half-initialised, without its hook.
    handle_exception: Any = importlib.import_module("datasette.handle_exception")
    handle_exception.rich = None

    if pm.get_plugin("rdarchive") is None:
        pm.register(_plugin(), name="rdarchive")
    if not live:
        checkpoint(path)
    files = {"files": [str(path)]} if live else {"immutables": [str(path)]}
    # A search over a million articles may match half of them: the page comes first (its count
    # and facets give up after their time limits); no facet suggestions over every column.
    settings = {"default_page_size": 20, "sql_time_limit_ms": 2000, "facet_time_limit_ms": 500, "suggest_facets": False}
    return Datasette(**files, metadata=metadata(path.stem), settings=settings, cors=False)


def add_serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8001)
    p.add_argument(
        "--live",
        action="store_true",
        help="open read-only (mode=ro) instead of immutable: for an archive a crawl is writing to",
    )


def serve_command(args: argparse.Namespace, db_url: str) -> int:
    import uvicorn

    path = sqlite_path(db_url)
    ds = build(path, live=args.live)
    asyncio.run(ds.invoke_startup())
    mode = "read-only" if args.live else "immutable"
    print(f"serving {path} ({mode}) at http://{args.host}:{args.port}/{path.stem}/articles_browse", flush=True)
    uvicorn.run(ds.app(), host=args.host, port=args.port, log_level="warning", lifespan="on", workers=1)
    return 0

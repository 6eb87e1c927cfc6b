"""`rdarchive serve`: the archive in a browser, read-only: search, citable article pages, archived copies.

Datasette serves it, extended by our plugin and templates (rdarchive/browse):
/search (the query language and ranking of `rdarchive search`, facets),
/article/<id> (a stable page per article: metadata in Beijing time, body,
versions and their diff, cluster, archived copy) and /replay/... (the page as
it was captured, replayed by pywb from the archive's WARC files in a child
process, rdarchive/replay.py).

A SQLite archive is opened immutable (SQLite's immutable=1: no write can reach
the file, counts are cached) after its write-ahead log has been checkpointed
into the file; `--live` opens it with mode=ro instead, for an archive a crawl
is still writing to. Its tables are browsable in Datasette too: the view
articles_browse with facets and full-text search (Datasette's escape_fts() is
replaced by our query compiler), the raw and internal tables hidden. No
Datasette write path is enabled: there are no writable canned queries, and
every write permission is refused.

A PostgreSQL archive gets the search and article pages and the archived
copies, through read-only transactions; Datasette's table views need SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from models import fulltext
from rdarchive import replay
from rdarchive.replay import ReplayProcess

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


def metadata(name: str | None, plugin: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata: our plugin's settings, and for a SQLite archive its tables' facets and search."""
    search = {"fts_table": fulltext.FTS_TABLE, "fts_pk": "id"}
    meta: dict[str, Any] = {
        "title": "rdarchive: people's congress sites archive",
        "description": 'Search: words and "phrases" match exact characters (traditional finds simplified); '
        "combine with AND, OR, NOT and parentheses.",
        "plugins": {plugin_name(): plugin},
    }
    if name is None:
        return meta
    meta["databases"] = {
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
                    # The raw table carries the index columns (search_title, search_body,
                    # search_tags) and hashes: articles_browse and /article/<id> are for readers.
                    "hidden": True,
                    "label_column": "title",
                    "sort_desc": "id",
                    "facets": ["site_id", "province", "channel", {"date": "published_at"}],
                },
                "sites": {"label_column": "name"},
                **{t: {"hidden": True} for t in HIDDEN},
            },
        }
    }
    return meta


def plugin_name() -> str:
    from rdarchive.browse.plugin import NAME

    return NAME


def sqlite_path(db_url: str) -> Path | None:
    """The SQLite archive file, or None for a PostgreSQL archive."""
    url = make_url(db_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return None
    if backend != "sqlite" or not url.database or url.database == ":memory:":
        raise ValueError("rdarchive serve needs an archive file (--db sqlite:///path/archive.db) or a PostgreSQL URL")
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


def build(db_url: str, live: bool = False, replay_origin: str | None = None, replay_unavailable: str | None = None):
    """The Datasette instance serving the archive read-only, with our pages and plugin."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from rdarchive.browse import plugin

    # Datasette prints every refused request's traceback through rich when rich is
    # installed (rich 15 then fails inside the handler and answers 500): errors are
    # answered as pages, never dumped on the console. Looked up only now: importing that
    # module before datasette.plugins registers it half-initialised, without its hook.
    handle_exception: Any = importlib.import_module("datasette.handle_exception")
    handle_exception.rich = None

    if pm.get_plugin(plugin.NAME) is None:
        pm.register(plugin, name=plugin.NAME)
    path = sqlite_path(db_url)
    if path is not None and not live:
        checkpoint(path)  # again: a crawl may have committed since serve_command's
    files: dict[str, Any] = {}
    if path is not None:
        files = {"files": [str(path)]} if live else {"immutables": [str(path)]}
    conf = {"db_url": db_url, "live": live, "replay_origin": replay_origin, "replay_unavailable": replay_unavailable}
    # A search over a million articles may match half of them: the page comes first (its count
    # and facets give up after their time limits); no facet suggestions over every column.
    settings = {"default_page_size": 20, "sql_time_limit_ms": 2000, "facet_time_limit_ms": 500, "suggest_facets": False}
    return Datasette(
        **files,
        metadata=metadata(path.stem if path else None, conf),
        settings=settings,
        cors=False,
        template_dir=str(plugin.TEMPLATES),
        static_mounts=[(plugin.STATIC_MOUNT, str(plugin.STATIC))],
    )


def add_serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8001)
    p.add_argument(
        "--live",
        action="store_true",
        help="open read-only (mode=ro) instead of immutable: for an archive a crawl is writing to",
    )
    p.add_argument(
        "--no-replay",
        action="store_true",
        help="do not start pywb: article pages link to no archived copy",
    )


def start_replay(db_url: str, live: bool) -> tuple[ReplayProcess | None, str | None]:
    """pywb over the archive's WARC folders, or None and the reason it is not running."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import sessionmaker

    from crawlers.warc_files import warc_root
    from rdarchive.browse.readonly import read_only_engine

    engine = read_only_engine(db_url, live)
    try:
        dirs = [d for d in replay.warc_directories(sessionmaker(engine), warc_root(db_url)) if d.is_dir()]
    except SQLAlchemyError as e:
        return None, f"the archive's captures could not be read ({getattr(e, 'orig', None) or e})"
    finally:
        engine.dispose()
    if not dirs:
        return None, "the archive has no WARC captures"
    try:
        return replay.ReplayProcess(dirs).start(), None
    except replay.ReplayUnavailable as e:
        return None, str(e)


def serve_command(args: argparse.Namespace, db_url: str) -> int:
    import signal

    import uvicorn

    # Bound first: a port in use is one line and exit 1, not uvicorn's startup-failure exit 3
    # (which rdarchive uses for "partial crawl"), and no pywb is started for nothing.
    try:
        sock = listening_socket(args.host, args.port)
    except PortInUse as e:
        print(f"rdarchive serve: {e}", file=sys.stderr)
        return 1
    path = sqlite_path(db_url)
    if path is not None and not args.live:
        checkpoint(path)
    proc, why = (None, "started with --no-replay") if args.no_replay else start_replay(db_url, args.live)
    if why and not args.no_replay:
        print(f"rdarchive serve: no archived copies: {why}", file=sys.stderr, flush=True)
    # uvicorn re-raises the SIGTERM it caught once it has shut down: as an exit, so that the
    # replay process is stopped below rather than left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        ds = build(db_url, live=args.live, replay_origin=proc.origin if proc else None, replay_unavailable=why)
        asyncio.run(ds.invoke_startup())
        what = f"{path} ({'read-only' if args.live else 'immutable'})" if path else f"{redacted(db_url)} (read-only)"
        print(f"serving {what} at http://{args.host}:{args.port}/search", flush=True)
        if path is None:
            print("PostgreSQL archive: search and article pages only (Datasette's table views need SQLite)")
        config = uvicorn.Config(ds.app(), host=args.host, port=args.port, log_level="warning", lifespan="on")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        if proc is not None:
            proc.stop()
    return 0


class PortInUse(Exception):
    pass


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's socket, or a PortInUse naming the address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as e:
        sock.close()
        raise PortInUse(f"cannot listen on {host}:{port} ({e.strerror or e}); choose another --port") from e
    sock.set_inheritable(True)
    return sock


def redacted(db_url: str) -> str:
    return make_url(db_url).render_as_string(hide_password=True)

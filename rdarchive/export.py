"""`rdarchive export`: stream articles as JSONL, one object per line (docs/export.schema.json).

Every stored field goes out: text, bylines, dates in ISO 8601 with their
offset (Asia/Shanghai), region names and codes, URL and site, hash, version,
near-duplicate cluster, crawl runs, first / last seen and when the record last
changed. The filters are search's (and an optional full-text QUERY).

`--since-last NAME` exports only the articles new or changed since the last
export under NAME: a cursor kept in the archive (table export_cursors) and
moved only when the export has been written completely. "Changed" follows
articles.updated_at (moved by a database trigger when any exported field but
last_seen / last_run_id changes) and clusters.updated_at (a copy joined or left
the article's cluster). A row committed late, by a transaction that began
before the previous export, is not lost: the export re-reads a safety overlap
(OVERLAP) before the cursor and skips what it already wrote there.

Rows stream from one SELECT (a server-side cursor on PostgreSQL), read by a
thread of their own a few batches ahead, and are written as they come, so
memory stays flat at any archive size. On SQLite the query itself builds each
line with SQLite's JSON functions (C code, outside Python's GIL); on
PostgreSQL (or a SQLite without JSON functions) Python builds it with orjson.
Both give the same objects (tests/test_export.py checks it).
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Protocol

import orjson
from isal import igzip
from sqlalchemy import (
    LargeBinary,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    type_coerce,
    union,
)
from sqlalchemy.orm import Session, aliased, object_session, sessionmaker

from core.article_fields import ARTICLE_FIELDS, BY_NAME, Field, Kind, export_shape, json_value
from models import fulltext
from models.attachments import attachments_of, body_attachment_urls
from models.db import retrying
from models.tables import Article, Cluster, ExportCursor, Site
from models.types import SHANGHAI, utcnow
from rdarchive.search import (
    Filters,
    add_filter_arguments,
    check_cluster,
    check_provinces,
    check_sites,
    filter_conditions,
    filters_from_args,
    match_clause,
    quiet_stdout,
)

OVERLAP = timedelta(minutes=10)
dumps = orjson.dumps
# .gz output through ISA-L (python-isal): standard gzip members, about five times as fast as zlib at
# the size zlib gives at its level 1 (measured on the bench texts as export lines: 0.470 of the size
# at 250 MB/s against 0.471 at 52 MB/s). Compression is what bounds a gzip export.
GZIP_LEVEL = 2


# Values an export line takes from other tables than `articles`.
_canonical = aliased(Article)
_JOINED: dict[str, Any] = {
    "site": Site.slug,
    "site_name": Site.name,
    # The current text is the last of `version` texts.
    "versions": Article.version,
    "cluster_size": Cluster.size,
    "cluster_canonical_id": Cluster.canonical_id,
    "cluster_canonical_url": _canonical.url,
}
# An article without known copies is its own cluster of one: its cluster fields then read
# as these constants or as the named fields of the article itself.
_ALONE: dict[str, Any] = {"cluster_size": 1, "cluster_canonical_id": "id", "cluster_canonical_url": "url"}


def _key_of(f: Field) -> str:
    """The `articles` column holding a field that is not joined from another table."""
    if f.column_name is None:
        raise ValueError(f"article field {f.name!r}: no articles column and no joined source in rdarchive/export.py")
    return f.column_name


def _alone(name: str, values: Any) -> Any:
    v = _ALONE.get(name)
    return values[v] if isinstance(v, str) else v


def article_record(a: Article, site: Site, cluster: dict[str, Any] | None = None) -> dict[str, Any]:
    """The export line of one article (ORM objects); `cluster` as models.neardup_index.cluster_info gives it
    (without it, the article reads as its own cluster of one)."""
    values: dict[str, Any] = {}
    for f in ARTICLE_FIELDS:
        if f.name == "site":
            values[f.name] = site.slug
        elif f.name == "site_name":
            values[f.name] = site.name
        elif f.name == "versions":
            values[f.name] = a.version
        elif f.group == "cluster":
            values[f.name] = cluster[f.path[1]] if cluster is not None else _alone(f.name, values)
        else:
            values[f.name] = json_value(f, getattr(a, _key_of(f)))
    record = export_shape(values)
    s = object_session(a)
    found = attachments_of(s, [a.id]).get(a.id, []) if s is not None else []
    record["text_from_attachment"] = body_attachment_urls(s, [a.id]).get(a.id) if s is not None and found else None
    record["attachments"] = [x.export() for x in found]
    return record


# Export is bound by per-row cost, so values come as the driver gives them (text on SQLite)
# and are converted here without SQLAlchemy's per-value processing; on SQLite the big texts
# come as UTF-8 bytes and are escaped for JSON without ever being decoded.
def _column(f: Field, dialect: str) -> Any:
    if f.name in _JOINED:
        return _JOINED[f.name].label(f.name)
    col = Article.__table__.c[_key_of(f)]
    if f.kind is Kind.TEXT and dialect == "sqlite":
        return literal_column(f"CAST(articles.{col.key} AS BLOB)").label(f.name)
    if f.kind in (Kind.TIME, Kind.NAMES):
        return type_coerce(col, String()).label(f.name)
    return col.label(f.name)


class _Rows:
    """The SELECT list of a streamed export (the fields in order, then the cluster's change time)
    and how one of its rows becomes a line."""

    def __init__(self, dialect: str):
        self.columns = [_column(f, dialect) for f in ARTICLE_FIELDS]
        self.columns.append(type_coerce(Cluster.updated_at, String()).label("cluster_updated_at"))
        at = {f.name: i for i, f in enumerate(ARTICLE_FIELDS)}
        self.updated_at = at["updated_at"]
        self.times = [i for i, f in enumerate(ARTICLE_FIELDS) if f.kind is Kind.TIME]
        self.lists = [i for i, f in enumerate(ARTICLE_FIELDS) if f.kind is Kind.NAMES]
        # The big texts go last, written as they are (see _json_text).
        self.texts = [(b',"%s":' % f.name.encode(), i) for i, f in enumerate(ARTICLE_FIELDS) if f.kind is Kind.TEXT]
        self.cluster = at["cluster_id"]
        self.alone = [(at[n], at[v] if isinstance(v, str) else None, v) for n, v in _ALONE.items()]
        # Top-level keys in field order; a group's key takes its first field's place, then its object.
        top: dict[str, int] = {}
        self.groups: list[tuple[str, tuple[str, ...], int, int]] = []
        for i, f in enumerate(ARTICLE_FIELDS):
            if f.kind is Kind.TEXT:
                continue
            key = f.group or f.name
            if key not in top:
                top[key] = i
            if f.group is not None:
                if self.groups and self.groups[-1][0] == f.group:
                    g, keys, start, _ = self.groups[-1]
                    self.groups[-1] = (g, (*keys, f.path[1]), start, i + 1)
                else:
                    self.groups.append((f.group, (f.path[1],), i, i + 1))
        self.keys = tuple(top)
        self.pick = itemgetter(*top.values())

    def line(self, r: Any) -> bytes:
        """One export line (UTF-8 JSON, no newline); the same object as article_record()."""
        v = list(r)
        last_raw = last_iso = None  # a row's seen / changed / updated times are often one and the same
        for i in self.times:
            raw = v[i]
            if raw != last_raw:
                last_raw = raw
                last_iso = _iso(raw)
            v[i] = last_iso
        for i in self.lists:
            v[i] = _list(v[i])
        if v[self.cluster] is None:
            for i, other, constant in self.alone:
                v[i] = v[other] if other is not None else constant
        record = dict(zip(self.keys, self.pick(v)))
        for group, keys, start, end in self.groups:
            record[group] = dict(zip(keys, v[start:end]))
        parts = [dumps(record)[:-1]]
        for key, i in self.texts:
            parts.append(key)
            parts.append(_json_text(v[i]))
        parts.append(b"}")
        return b"".join(parts)


_UTC = UTC


def _time(v: Any) -> datetime | None:
    """A stored time as an aware datetime (Asia/Shanghai), as AwareDateTime reads it."""
    if v is None:
        return None
    if isinstance(v, str):  # SQLite: naive UTC text
        return datetime.fromisoformat(v + "+00:00").astimezone(SHANGHAI)
    return (v if v.tzinfo else v.replace(tzinfo=_UTC)).astimezone(SHANGHAI)


_HOURS: dict[str, tuple[str, str]] = {}


def _iso(v: Any) -> str | None:
    """ISO 8601 in Asia/Shanghai with its offset, exactly as AwareDateTime's value.isoformat()."""
    if v is None:
        return None
    if not isinstance(v, str) or len(v) < 19 or v[10] != " ":
        t = _time(v)
        return t.isoformat() if t else None
    # SQLite text 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC: the zone only moves the hour
    # (and the date), so convert each hour once.
    head = _HOURS.get(v[:13])
    if head is None:
        local = datetime.fromisoformat(v[:13] + ":00:00+00:00").astimezone(SHANGHAI)
        offset = local.isoformat()[19:]
        head = _HOURS[v[:13]] = (local.strftime("%Y-%m-%dT%H"), offset)
        if len(_HOURS) > 200_000:
            _HOURS.clear()
    micro = v[20:26].ljust(6, "0") if len(v) > 20 else "000000"
    return head[0] + v[13:19] + ("" if micro == "000000" else "." + micro) + head[1]


_LIST_CACHE: dict[str, orjson.Fragment] = {}


def _list(v: Any) -> Any:
    """A JSON list column (text on SQLite, parsed on PostgreSQL); names repeat, so decode once."""
    if v is None or v == "[]":
        return []
    if not isinstance(v, str):
        return v
    out = _LIST_CACHE.get(v)
    if out is None:
        out = orjson.Fragment(orjson.dumps(orjson.loads(v)))
        if len(_LIST_CACHE) < 50_000:
            _LIST_CACHE[v] = out
    return out


_CONTROL = re.compile(rb"[\x00-\x1f]")
_CONTROLS = bytes(range(32))


def _json_text(v: Any) -> bytes:
    """A JSON string of a text value: UTF-8 bytes escaped as they are, or a str through orjson."""
    if v is None:
        return b"null"
    if isinstance(v, str):
        return orjson.dumps(v)
    b = bytes(v).replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    if len(b.translate(None, _CONTROLS)) != len(b):  # rare: a tab, a carriage return, ...
        b = _CONTROL.sub(lambda m: b"\\u%04x" % m.group()[0], b)
    return b'"' + b + b'"'


# -------------------------------------------------- SQLite: lines made by SQLite
# On SQLite the whole line is built by SQLite's JSON functions inside the query,
# in C and without Python's GIL: the reader thread hands over finished bytes.
# Times are rendered with the fixed +08:00 of Asia/Shanghai since 1992; rows
# published earlier (China kept summer time 1986-1991) get their published_at
# redone by _iso() in Python.
FIXED_OFFSET_SINCE = "1992-01-01"


def _sql_iso(col: Any) -> Any:
    c = type_coerce(col, String())
    frac = case(
        (and_(func.length(c) > 19, func.substr(c, 21) != "000000"), literal(".") + func.substr(c, 21)),
        else_=literal(""),
    )
    return case(
        (c.is_(None), null()), else_=func.strftime("%Y-%m-%dT%H:%M:%S", c, "+8 hours") + frac + literal("+08:00")
    )


def _sql_value(f: Field) -> Any:
    """A field's JSON value as SQLite computes it."""
    if f.name in _JOINED:
        value = _JOINED[f.name]
    else:
        col = Article.__table__.c[_key_of(f)]
        if f.kind is Kind.TIME:
            value = _sql_iso(col)
        elif f.kind is Kind.NAMES:
            value = func.json(func.coalesce(type_coerce(col, String()), "[]"))
        else:
            value = col
    if f.name in _ALONE:
        alone = _ALONE[f.name]
        own = Article.__table__.c[_key_of(BY_NAME[alone])] if isinstance(alone, str) else literal(alone)
        value = case((Article.cluster_id.is_(None), own), else_=value)
    return value


def sqlite_line_columns() -> list:
    """(id, line as UTF-8 bytes, stored published_at, updated_at, cluster updated_at)."""

    def obj(pairs: list[tuple[str, Any]]) -> Any:
        return func.json_object(*[v for key, value in pairs for v in (literal(key), value)])

    top: list[tuple[str, Any]] = []
    group: list[tuple[str, Any]] = []
    for i, f in enumerate(ARTICLE_FIELDS):
        if f.group is None:
            top.append((f.name, _sql_value(f)))
            continue
        group.append((f.path[1], _sql_value(f)))
        following = ARTICLE_FIELDS[i + 1] if i + 1 < len(ARTICLE_FIELDS) else None
        if following is None or following.group != f.group:
            top.append((f.group, obj(group)))
            group = []
    return [
        Article.id,
        cast(obj(top), LargeBinary).label("line"),
        type_coerce(Article.published_at, String()).label("p"),
        type_coerce(Article.updated_at, String()).label("u"),
        type_coerce(Cluster.updated_at, String()).label("cu"),
    ]


def _fix_published(line: bytes, published: str) -> bytes:
    record = orjson.loads(line)
    record["published_at"] = _iso(published)
    return dumps(record)


def _marker(updated_at: datetime | None, cluster_updated: datetime | None) -> datetime | None:
    """When the row's exported record last changed."""
    stamps = [d for d in (updated_at, cluster_updated) if d is not None]
    return max(stamps) if stamps else None


def _key(aid: int, marker: datetime | None) -> str:
    return f"{aid}@{marker.astimezone(UTC).isoformat() if marker else '-'}"


# ----------------------------------------------------------------- output
class _Evictor:
    """Drops what the export already wrote from the page cache (in a thread of its own).

    Gigabytes of output would otherwise push the archive itself out of memory
    while it is being read. Every STEP bytes the written range is flushed
    (fdatasync, which waits for the disk outside the GIL) and then released
    with posix_fadvise(DONTNEED).
    """

    STEP = 128 << 20

    def __init__(self, fd: int):
        self.fd, self.done = fd, 0
        self.queue: queue.Queue[int | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="export-evictor", daemon=True)
        self.enabled = hasattr(os, "posix_fadvise") and stat.S_ISREG(os.fstat(fd).st_mode)

    def _run(self) -> None:
        while (upto := self.queue.get()) is not None:
            try:
                os.fdatasync(self.fd)
                os.posix_fadvise(self.fd, 0, upto, os.POSIX_FADV_DONTNEED)
            except OSError:  # not a regular file, or no such advice here: nothing to save
                return

    def written(self, total: int) -> None:
        if self.enabled and total - self.done >= self.STEP:
            self.done = total
            self.queue.put(total)

    def __enter__(self) -> _Evictor:
        if self.enabled:
            self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.enabled:
            self.queue.put(None)
            self.thread.join()


class ByteSink(Protocol):
    """Where export lines go: a file, its gzip stream, or stdout."""

    def write(self, b: bytes, /) -> int: ...


class _Counting:
    """A binary file that tells the evictor how far it has written."""

    def __init__(self, raw: IO[bytes], evictor: _Evictor):
        self.raw, self.evictor, self.total = raw, evictor, 0

    def write(self, b: bytes) -> int:
        n = self.raw.write(b)
        self.total += len(b)
        self.evictor.written(self.total)
        return n

    def flush(self) -> None:
        self.raw.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class OutputError(Exception):
    """The export's output cannot be written; the message names it and why."""


# Names of an already open descriptor: written to as they are, never renamed over.
_DESCRIPTOR_NAMES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


@contextmanager
def open_output(out: str, force: bool) -> Iterator[ByteSink]:
    """The byte stream to write; a regular file appears (atomically) only when complete.

    Anything else that exists (a FIFO, a device, /dev/stdout) is written through:
    renaming a finished file over it would replace the node itself."""
    try:
        if out == "-":
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
            return
        through = _write_through(out)
        if through:
            with open(out, "wb") as node:
                yield from _compressed_if_gz(Path(out), node)
            return
        path = _regular_target(out, force)
        part = path.with_name(path.name + ".part")
        # A .part left by a killed export is reused (truncated) here and replaced or removed below.
        try:
            with open(part, "wb", buffering=1 << 20) as raw, _Evictor(raw.fileno()) as evictor:
                yield from _compressed_if_gz(path, _Counting(raw, evictor))
            os.replace(part, path)
        finally:
            if part.exists():
                part.unlink()
    except (BrokenPipeError, FileExistsError):
        raise
    except OSError as e:
        raise OutputError(f"{out}: cannot write the export ({e.strerror or e}); nothing was kept") from e


def _compressed_if_gz(path: Path, raw: Any) -> Iterator[ByteSink]:
    if path.suffix == ".gz":
        with igzip.IGzipFile(filename=path.name[:-3], mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL) as gz:
            yield gz
    else:
        yield raw


def _write_through(out: str) -> bool:
    if out.startswith(_DESCRIPTOR_NAMES):
        return True
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _regular_target(out: str, force: bool) -> Path:
    """The file to replace when complete (a symlink's target, so the link stays), checked first."""
    path = Path(out)
    if path.is_dir():
        raise OutputError(f"{out}: a directory; --out names the file to write")
    if path.exists() and not force:
        raise FileExistsError(f"{out} exists; pass --force to overwrite it")
    path = path.resolve()
    if not path.parent.is_dir():
        raise OutputError(f"{out}: no folder {path.parent}; create it first")
    return path


# ----------------------------------------------------------------- export
class _Reader:
    """Batches of rows fetched by a thread of their own, a few batches ahead.

    The database driver releases the GIL while SQLite (or the network) works,
    so reading overlaps with encoding and writing on a second core. At most
    AHEAD batches wait in the queue: memory stays bounded.
    """

    AHEAD = 3

    def __init__(self, sessions: sessionmaker[Session], stmt: Any, batch: int):
        self.sessions, self.stmt, self.batch = sessions, stmt, batch
        self.queue: queue.Queue = queue.Queue(maxsize=self.AHEAD)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="export-reader", daemon=True)

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            with self.sessions() as s:
                result = s.connection().execute(self.stmt.execution_options(stream_results=True, yield_per=self.batch))
                for part in result.partitions():
                    if not self._put(part):
                        return
            self._put(None)
        except BaseException as e:  # handed to the writer, which raises it
            self._put(e)

    def __enter__(self) -> Iterator[list]:
        self.thread.start()
        return self._parts()

    def _parts(self) -> Iterator[list]:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        self.thread.join()


def export(
    sessions: sessionmaker[Session],
    out: str,
    site: str | None = None,
    force: bool = False,
    *,
    query: str | None = None,
    filters: Filters | None = None,
    since_last: str | None = None,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every matching article as one JSON line; returns the number of lines written.

    `progress` is told how many lines each batch wrote."""
    f = filters or Filters()
    if site:
        f.site = [site]
    node = fulltext.parse_query(query) if query else None
    with sessions() as s:
        check_sites(s, f)
        check_cluster(s, f)
        check_provinces(f)
        cursor = s.get(ExportCursor, since_last) if since_last else None
    since = cursor.position - OVERLAP if cursor else None
    already = set(cursor.recent) if cursor else set()
    started = utcnow()  # before the snapshot: what commits later is the next export's
    keep_after = started - OVERLAP
    recent: set[str] = set()
    n = 0
    with sessions() as s:
        dialect = s.get_bind().dialect.name
    in_sqlite = dialect == "sqlite" and _sqlite_has_json(sessions)
    rows = None if in_sqlite else _Rows(dialect)
    stmt = (
        select(*(sqlite_line_columns() if rows is None else rows.columns))
        .select_from(Article)
        .join(Site, Site.id == Article.site_id)
        .outerjoin(Cluster, Article.cluster_id == Cluster.id)
        .outerjoin(_canonical, _canonical.id == Cluster.canonical_id)
        .where(*filter_conditions(f))
        .order_by(Article.id)
    )
    if node is not None:
        stmt = stmt.where(match_clause(dialect, node)[0])
    if since is not None:
        changed = union(
            select(Article.id).where(Article.updated_at > since),
            select(Article.id).where(Article.cluster_id.in_(select(Cluster.id).where(Cluster.updated_at > since))),
        )
        stmt = stmt.where(Article.id.in_(changed))
    with open_output(out, force) as fh, _Reader(sessions, stmt, batch) as parts, sessions() as side:
        write = fh.write
        for part in parts:
            lines = []
            ids = []
            for r in part:
                if since_last:
                    marker = _marker(_time(r[-2] if rows is None else r[rows.updated_at]), _time(r[-1]))
                    key = _key(r[0], marker)
                    if marker is not None and marker > keep_after:
                        recent.add(key)
                    if key in already:
                        continue
                ids.append(r[0])
                if rows is not None:
                    lines.append(rows.line(r))
                elif r[2] is not None and r[2] < FIXED_OFFSET_SINCE:
                    lines.append(_fix_published(r[1], r[2]))
                else:
                    lines.append(r[1])
            lines = with_attachments(side, ids, lines)
            if lines:
                lines.append(b"")
                write(b"\n".join(lines))
                n += len(lines) - 1
                if progress is not None:
                    progress(len(lines) - 1)
    if since_last:
        with sessions.begin() as s:
            row = s.get(ExportCursor, since_last) or ExportCursor(name=since_last)
            row.position, row.recent, row.filters = started, sorted(recent), {**f.describe(), "query": query}
            row.exported_at, row.rows = utcnow(), n
            s.add(row)
    return n


def with_attachments(s: Session, ids: list[int], lines: list[bytes]) -> list[bytes]:
    """The lines with their articles' attachments and text_from_attachment (one query per batch)."""
    found = attachments_of(s, ids)
    body_from = body_attachment_urls(s, list(found))
    if not found:
        return [line[:-1] + _NO_ATTACHMENTS for line in lines]
    out = []
    for aid, line in zip(ids, lines, strict=True):
        atts = found.get(aid)
        if atts is None:
            out.append(line[:-1] + _NO_ATTACHMENTS)
            continue
        extra = dumps({"text_from_attachment": body_from.get(aid), "attachments": [a.export() for a in atts]})
        out.append(line[:-1] + b"," + extra[1:])
    return out


_NO_ATTACHMENTS = b',"text_from_attachment":null,"attachments":[]}'


def _sqlite_has_json(sessions: sessionmaker[Session]) -> bool:
    """SQLite's JSON functions (built in since 3.38; an option before)."""
    try:
        with sessions() as s:
            return s.scalar(select(func.json_object("a", 1))) == '{"a":1}'
    except Exception:  # noqa: BLE001 - no JSON1: the Python path
        return False


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Write articles as JSON lines (schema: docs/export.schema.json), optionally only those "
        "matching QUERY (same syntax as `rdarchive search`) and the filters."
    )
    p.add_argument("query", nargs="?", help="optional full-text query")
    p.add_argument("--out", required=True, help="file (.jsonl, or .jsonl.gz for gzip) or - for stdout")
    add_filter_arguments(p)
    p.add_argument(
        "--since-last",
        metavar="NAME",
        help="only articles new or changed since the last export under NAME (a cursor kept in the "
        "archive; moved only when this export completes)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def export_command(args: argparse.Namespace, sessions: sessionmaker[Session]) -> int:
    from rdarchive.progress import ArticleProgress, on_terminal

    def run() -> int:
        with ArticleProgress("export", on_terminal(args.quiet)) as progress:
            return export(
                sessions,
                args.out,
                force=args.force,
                query=args.query,
                filters=filters_from_args(args),
                since_last=args.since_last,
                progress=progress.add,
            )

    try:
        # A file is written whole or not at all, so a dropped connection is retried from the start,
        # as the crawl retries its writes; lines already sent down a stream cannot be taken back.
        stream = args.out == "-" or _write_through(args.out)
        n = run() if stream else retrying(run, "export")
    except BrokenPipeError:  # `rdarchive export --out - | head`: the reader left; the cursor did not move
        quiet_stdout()
        return 1
    except OutputError as e:
        print(f"rdarchive export: {e}", file=sys.stderr)
        return 1
    if args.out != "-" and not args.quiet:
        print(f"exported {n} articles to {args.out}", file=sys.stderr)
    return 0

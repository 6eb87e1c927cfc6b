"""Where WARC files live: written in a local spool, published to the WARC root when closed.

The WARC root (RDARCHIVE_WARC_DIR, else `warc/` beside a SQLite archive) may
be shared storage that every machine of a cluster mounts. A crawl writes its
open files to a spool on its own disk (RDARCHIVE_WARC_SPOOL, else `.open/`
inside the root) and, when a file is closed, writes its CDXJ index and moves
both into the root: the root only ever holds whole, indexed files. Captures
name their file relative to the root, so any machine with the root mounted
reads them.

An open file is flock()ed by the crawl writing it. A crawl killed before it
could publish leaves its file in the spool; the next crawl on that machine
finds the lock free and publishes it (the records the archive points to were
flushed before they were recorded).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from pathlib import Path

from core.settings import environment
from crawlers.cdxj import index_path, write_file_index

log = logging.getLogger(__name__)

SPOOL_NAME = ".open"


def default_warc_dir(db_url: str | None) -> Path:
    """Beside the SQLite archive (data/archive.db -> data/warc), else ./data/warc."""
    if db_url and db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(db_url[len("sqlite:///") :]).resolve().parent / "warc"
    return Path("data/warc").resolve()


def warc_root(db_url: str | None, explicit: str | None = None) -> Path:
    """The archive's WARC root: `explicit`, else RDARCHIVE_WARC_DIR, else beside the SQLite file."""
    chosen = explicit or environment().warc_dir
    return Path(chosen).resolve() if chosen else default_warc_dir(db_url)


def warc_spool(root: Path, explicit: str | None = None) -> Path:
    """Where this machine writes open WARC files: `explicit`, RDARCHIVE_WARC_SPOOL, else inside the root."""
    chosen = explicit or environment().warc_spool
    return Path(chosen).resolve() if chosen else root / SPOOL_NAME


def resolve(warc_file: str, root: Path, spool: Path | None = None) -> Path:
    """The path of a capture's WARC file: absolute as stored by older archives, else under the root.

    A file still being written (or left by a killed crawl) is found in this
    machine's spool.
    """
    path = Path(warc_file)
    if path.is_absolute():
        return path
    published = root / path
    if published.exists():
        return published
    waiting = (spool or warc_spool(root)) / path
    return waiting if waiting.exists() else published


def lock_open_file(fh: object) -> None:
    """Mark a file as being written by this process (released when it closes the file or dies)."""
    fcntl.flock(fh, fcntl.LOCK_EX)  # type: ignore[arg-type]


def publish(path: Path, root: Path) -> Path:
    """Index a closed WARC file and move it, then its index, into the root; returns its new path."""
    try:
        write_file_index(path)
    except Exception as e:  # noqa: BLE001 - the WARC is whole; `rdarchive cdxj` indexes it later
        log.warning("%s: could not write its CDXJ index: %s", path, e)
    if path.parent.resolve() == root.resolve():
        return path
    root.mkdir(parents=True, exist_ok=True)
    target = _move(path, root)
    index = index_path(path)
    if index.exists():
        _move(index, root)
    return target


def _move(path: Path, root: Path) -> Path:
    """Into the root under its own name, appearing there whole (a rename, or copy then rename)."""
    target = root / path.name
    try:
        os.replace(path, target)
    except OSError:  # another file system (a shared mount): copy beside the target, then rename
        part = target.with_name(f".{target.name}.part")
        shutil.copyfile(path, part)
        os.replace(part, target)
        path.unlink()
    return target


def recover_orphans(spool: Path, root: Path) -> list[Path]:
    """Publish the files left in the spool by crawls that were killed before they could."""
    recovered: list[Path] = []
    if not spool.is_dir():
        return recovered
    for path in sorted(spool.glob("*.warc.gz")):
        try:
            with open(path, "rb") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live crawl is writing it
                recovered.append(publish(path, root))
        except FileNotFoundError:
            continue  # its writer published it meanwhile
        log.warning("%s: published a WARC file left unpublished by a crawl that was killed", path.name)
    return recovered

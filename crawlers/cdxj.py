"""CDXJ indexes of the WARC files, written by webrecorder's cdxj-indexer.

Each WARC file gets its own sorted index (`<file>.warc.gz.cdxj`) when it is
closed, so a night's crawls index only the bytes they wrote and never read
earlier nights' files. pywb reads a directory of such indexes as it is; one
merged `index.cdxj` (for ReplayWeb.page and tools that want a single file) is
built on demand by `rdarchive cdxj`, from the per-file indexes only.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from cdxj_indexer.main import write_cdx_index

INDEX_NAME = "index.cdxj"
SUFFIX = ".cdxj"


def index_path(warc: Path) -> Path:
    """The per-file index beside a WARC file: x.warc.gz -> x.warc.gz.cdxj."""
    return warc.with_name(warc.name + SUFFIX)


def write_file_index(warc: Path) -> Path:
    """Index one closed WARC file; its records are named by the file's own name.

    The name, not a path, because the file is moved (with its index) to the
    shared WARC root when it is closed, and indexes are read relative to it.
    """
    warc = Path(warc)
    out = index_path(warc)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        write_cdx_index(fh, [str(warc)], {"sort": True, "dir_root": str(warc.parent)})
    tmp.replace(out)
    return out


def file_indexes(directory: Path) -> list[Path]:
    """The per-file indexes of a WARC directory (the merged index excluded)."""
    return sorted(p for p in Path(directory).glob(f"*.warc.gz{SUFFIX}"))


def unindexed(directory: Path) -> list[Path]:
    """WARC files without their own index (archives written before per-file indexes)."""
    return [p for p in sorted(Path(directory).glob("*.warc.gz")) if not index_path(p).exists()]


def merge_indexes(directory: Path, out: Path | None = None) -> tuple[Path, int]:
    """Merge every per-file index of `directory` into one sorted index; returns it and its line count.

    WARC files that have no index yet are indexed first (once: their index is
    kept). The merge streams sorted files, so memory stays flat at any size.
    """
    directory = Path(directory)
    for warc in unindexed(directory):
        write_file_index(warc)
    out = Path(out) if out else directory / INDEX_NAME
    tmp = out.with_name(out.name + ".tmp")
    lines = 0
    with ExitStack() as stack, open(tmp, "w", encoding="utf-8") as fh:
        sources = [_lines(stack.enter_context(open(p, encoding="utf-8"))) for p in file_indexes(directory)]
        for line in heapq.merge(*sources):
            fh.write(line)
            lines += 1
    tmp.replace(out)
    return out, lines


def _lines(fh: object) -> Iterator[str]:
    for line in fh:  # type: ignore[attr-defined]
        yield line if line.endswith("\n") else line + "\n"

"""CDXJ index beside the WARC files, written by webrecorder's cdxj-indexer.

pywb and ReplayWeb.page open a WARC directory with this index. It is
regenerated over every WARC file of the directory after each run, sorted.
"""

from __future__ import annotations

from pathlib import Path

from cdxj_indexer.main import write_cdx_index

INDEX_NAME = "index.cdxj"


def write_index(directory: Path) -> Path:
    warcs = sorted(str(p) for p in Path(directory).glob("*.warc.gz"))
    out = Path(directory) / INDEX_NAME
    tmp = out.with_suffix(".cdxj.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        write_cdx_index(fh, warcs, {"sort": True, "dir_root": str(directory)})
    tmp.replace(out)
    return out

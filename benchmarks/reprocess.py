"""Offline reprocessing speed: `rdarchive reprocess` against plain trafilatura on the same captures.

    .venv/bin/python benchmarks/reprocess.py [--db URL] [--rounds N]

Without --db it first builds an archive the way `make demo` does (sample sites
replayed from WARC files through the real crawler) in a temporary directory.
Both sides read the same WARC records: ours runs the whole pipeline and the
store (extraction, bylines, dates, region, hashes, near-duplicate index,
version check); the baseline only calls trafilatura.extract on the decoded
bytes. No network is used.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trafilatura
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.db import open_archive  # noqa: E402
from models.tables import Article, Capture  # noqa: E402
from pipelines.extract import decode_html  # noqa: E402
from rdarchive.captures import archive_warc_root, read_capture  # noqa: E402
from rdarchive.reprocess import reprocess  # noqa: E402


def build_demo_archive(directory: Path) -> str:
    subprocess.run(
        [str(Path(sys.executable).parent / "rdarchive"), "demo", "--dir", str(directory)],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    return f"sqlite:///{directory / 'demo.db'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an archive with WARC captures (default: build the demo archive)")
    ap.add_argument("--rounds", type=int, default=3, help="repetitions of each side (best is reported)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or build_demo_archive(Path(tmp.name))
    _, sessions = open_archive(db)
    with sessions() as s:
        captures = list(s.scalars(select(Capture).join(Article, Article.capture_id == Capture.id)))
    pages = len(captures)
    root = archive_warc_root(sessions)
    ours, base = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        report = reprocess(sessions)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for c in captures:
            stored = read_capture(c, root)
            trafilatura.extract(decode_html(stored.body, c.url, stored.headers))
        base.append(time.perf_counter() - t0)
    print(f"archive: {db}")
    print(f"captured articles: {pages}; last reprocess: {report.summary()}")
    print(f"reprocess (full pipeline + store)   {pages / min(ours):8.1f} pages/s  (best of {args.rounds})")
    print(f"plain trafilatura.extract (same)    {pages / min(base):8.1f} pages/s  (best of {args.rounds})")
    print(f"ratio ours/baseline {min(base) / min(ours):.2f}")


if __name__ == "__main__":
    main()

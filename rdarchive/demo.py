"""`rdarchive demo`: the real crawl and pipeline on an offline replay of sample sites."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sqlalchemy import select

from core.status import RunStatus
from models.db import open_archive
from models.tables import Article
from rdarchive import crawl, export, sample_warc, search
from rdarchive.replay_server import ReplayServer

FIXTURE_SITES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sites"


def demo_roots() -> list[Path]:
    return sorted(p for p in FIXTURE_SITES.glob("*/site") if p.is_dir())


def fresh_sqlite(db_path: Path) -> str:
    """The demo's own SQLite archive, emptied: each demo starts from nothing."""
    for old in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        if old.exists():
            old.unlink()
    return f"sqlite:///{db_path.resolve()}"


def query_hint(db: str) -> str:
    """The exact command lines that read the demo archive."""
    program = Path(sys.argv[0])
    try:
        shown = str(program.resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = str(program) if program.name == "rdarchive" else "rdarchive"
    return (
        "== query the demo archive (every other rdarchive command reads sqlite:///data/archive.db unless told):\n"
        f"{shown} --db {shlex.quote(db)} search 常委会\n"
        f"export RDARCHIVE_DB={shlex.quote(db)}   # then `{shown} search 常委会`, `sites`, `runs`, `serve` read it too"
    )


def run_demo(db: str, work_dir: Path, export_path: Path, sites: list[str]) -> int:
    """Crawl the sample sites into `db` (the demo's SQLite file, or the archive --db names)."""
    samples = sample_warc.build(demo_roots(), work_dir / "sample-warc")
    print(f"== built {len(samples)} sample WARC files from the fixture pages in {work_dir / 'sample-warc'}")
    with ReplayServer(warcs=samples) as server:
        print(f"== replaying the sample sites from those WARCs via {server.origin} (no network)")
        runs = crawl.run_crawls(sites, db, replay=server.origin, log_level="WARNING")
    print("\n== crawl runs")
    for run in runs:
        print(crawl.format_run(run))
    _, sessions = open_archive(db)
    print("\n== a few stored articles")
    with sessions() as s:
        for a in s.scalars(select(Article).order_by(Article.published_at.desc()).limit(4)):
            region = " ".join(filter(None, (a.province, a.city, a.county))) or "全国"
            when = a.published_at.strftime("%Y-%m-%d %H:%M %z") if a.published_at else "no date"
            print(
                f"- {a.title}\n  {when} | 来源 {a.source or '-'} | "
                f"编辑 {'、'.join(a.editors) or '-'} | 责编 {'、'.join(a.responsible_editors) or '-'} | "
                f"{region} {a.region_code or ''}\n  {a.url}\n  {' '.join(a.body.split())[:60]}…"
            )
    print("\n== rdarchive search 常委会")
    for hit in search.search(sessions, "常委会", limit=5):
        print(f"- [{(hit.published_at or 'no date')[:10]}] {hit.title}  {hit.marked_snippet(search.PLAIN_MARKS)}")
    n = export.export(sessions, str(export_path), force=True)
    print(f"\n== exported {n} articles to {export_path}")
    print("\n" + query_hint(db))
    # Partial runs are expected: some sample sites deliberately hold broken links.
    return 1 if any(r.status == RunStatus.FAILED for r in runs) else 0

"""`rdarchive demo`: the real crawl and pipeline on an offline replay of sample sites."""

from __future__ import annotations

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


def run_demo(db_path: Path, export_path: Path, sites: list[str]) -> int:
    for old in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        if old.exists():
            old.unlink()  # each demo starts from an empty archive
    db = f"sqlite:///{db_path}"
    samples = sample_warc.build(demo_roots(), db_path.parent / "sample-warc")
    print(f"== built {len(samples)} sample WARC files from the fixture pages in {db_path.parent / 'sample-warc'}")
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
        print(f"- [{hit.published_at}] {hit.title}  {hit.snippet}")
    n = export.export(sessions, str(export_path), force=True)
    print(f"\n== exported {n} articles to {export_path}")
    # Partial runs are expected: some sample sites deliberately hold broken links.
    return 1 if any(r.status == RunStatus.FAILED for r in runs) else 0

"""`rdarchive crawl`: run site spiders in this process and report the runs."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from core.status import RunStatus
from crawlers.replay import replay_settings
from crawlers.runs import check_archive_mode
from models.db import open_archive
from models.store import ArchiveStore
from models.tables import CrawlRun
from rdarchive.spiders import project_settings, spider_for


def crawl_settings(
    db: str | None,
    replay: str | None = None,
    log_level: str | None = None,
    incremental_depth: int | None = None,
    run_id: int | None = None,
    mixed_archive: bool = False,
) -> Settings:
    """The project's settings with what this command line asked for."""
    settings = project_settings()
    if incremental_depth:
        settings.set("RDARCHIVE_INCREMENTAL_DEPTH", incremental_depth, priority="cmdline")
    if run_id:
        settings.set("RDARCHIVE_RUN_ID", run_id, priority="cmdline")
    if db:
        settings.set("RDARCHIVE_DB", db, priority="cmdline")
    if replay:
        settings.setdict(replay_settings(replay), priority="cmdline")
    if mixed_archive:
        settings.set("RDARCHIVE_MIXED_ARCHIVE", True, priority="cmdline")
    if log_level:
        settings.set("LOG_LEVEL", log_level, priority="cmdline")
    return settings


def run_crawls(
    sites: Sequence[str],
    db: str | None,
    urls: Sequence[str] = (),
    replay: str | None = None,
    log_level: str | None = None,
    full: bool = False,
    incremental_depth: int | None = None,
    run_id: int | None = None,
    mixed_archive: bool = False,
) -> list[CrawlRun]:
    """Crawl each site once; returns the finished crawl-run rows."""
    if run_id and len(sites) != 1:
        raise ValueError("--run-id takes exactly one --site")
    settings = crawl_settings(db, replay, log_level, incremental_depth, run_id, mixed_archive)
    # Refused here, before Scrapy starts, so the user sees one line and no run is recorded.
    check_archive_mode(settings)
    if replay:
        print(f"rdarchive: REPLAY: every download goes to {replay}, not to the live sites", file=sys.stderr)
    process = CrawlerProcess(settings)
    crawlers = []
    for slug in sites:
        crawler = process.create_crawler(spider_for(slug))
        crawlers.append(crawler)
        process.crawl(crawler, urls=list(urls) or None, full=full)
    process.start()
    _, sessions = open_archive(db)
    store = ArchiveStore(sessions)
    runs = []
    for crawler in crawlers:
        run_id = crawler.stats.get_value("rdarchive/run_id")
        run = store.get_run(run_id) if run_id else None
        if run is None:
            print(f"rdarchive: {crawler.spidercls.name}: the crawl never opened a run", file=sys.stderr)
            continue
        runs.append(run)
    return runs


def format_run(run: CrawlRun, site: str | None = None) -> str:
    c = run.counts()
    replayed = f" (replay from {run.replay})" if run.replay else ""
    lines = [
        f"run {run.id} [{', '.join(run.sites)}] {run.status.upper()}{replayed}: "
        f"{c['pages_fetched']} pages fetched, {c['new']} new, {c['unchanged']} unchanged, "
        f"{c['changed']} changed, {c['duplicate']} duplicate, {c['failed']} failed",
    ]
    if run.status == RunStatus.RUNNING and run.heartbeat_at is not None:
        lines.append(f"  last progress: {run.heartbeat_at:%Y-%m-%d %H:%M:%S %z}")
    if run.error_summary:
        lines.append(f"  problems: {run.error_summary}")
    for f in run.failures[:20]:
        lines.append(f"  - {f.kind}: {f.reason}")
    if len(run.failures) > 20:
        lines.append(f"  ... and {len(run.failures) - 20} more failures (see crawl_failures)")
    return "\n".join(lines)


def exit_code(runs: Sequence[CrawlRun]) -> int:
    """0: every run succeeded; 3: some pages failed; 1: a run failed or stopped early."""
    statuses = {r.status for r in runs}
    if not runs or statuses - {RunStatus.SUCCEEDED, RunStatus.PARTIAL}:
        return 1
    return 3 if RunStatus.PARTIAL in statuses else 0

"""`rdarchive crawl`: run site spiders in this process and report the runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from core.settings import environment
from core.status import FailureKind, RunStatus
from crawlers.base import CongressSpider
from crawlers.exclusion import Busy, crawl_locks, server_locks, take_servers, take_site
from crawlers.replay import replay_settings
from crawlers.runs import check_archive_mode
from models.db import open_archive
from models.locks import ArchiveLocks
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
    revisit_days: int | None = None,
    log_file: str | None = None,
    progress_bar: bool = False,
) -> Settings:
    """The project's settings with what this command line asked for."""
    settings = project_settings()
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    if progress_bar:
        settings.set("RDARCHIVE_PROGRESS_BAR", True, priority="cmdline")
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
    if revisit_days is not None:
        if revisit_days < 0:
            raise ValueError(f"--revisit-days {revisit_days}: a number of nights (0 or more) expected")
        settings.set("RDARCHIVE_REVISIT_DAYS", revisit_days, priority="cmdline")
    return settings


def run_crawls(
    sites: Sequence[str | type[CongressSpider]],
    db: str | None,
    urls: Sequence[str] = (),
    replay: str | None = None,
    log_level: str | None = None,
    full: bool = False,
    incremental_depth: int | None = None,
    run_id: int | None = None,
    mixed_archive: bool = False,
    revisit_days: int | None = None,
    log_file: str | None = None,
    progress_bar: bool = False,
    quiet: bool = False,
) -> list[CrawlRun]:
    """Crawl each site (a slug, or a spider class made for this crawl) once; returns the finished crawl-run rows.

    `log_file`: Scrapy's log goes there instead of stderr, and each run names it.
    `progress_bar`: one progress line per site on stderr (a terminal)."""
    if run_id and len(sites) != 1:
        raise ValueError("--run-id takes exactly one --site")
    check_start_urls(sites, urls)
    settings = crawl_settings(
        db,
        replay,
        log_level,
        incremental_depth,
        run_id,
        mixed_archive,
        revisit_days,
        log_file=log_file,
        progress_bar=progress_bar,
    )
    # Refused here, before Scrapy starts, so the user sees one line and no run is recorded.
    check_archive_mode(settings)
    if replay:
        print(f"rdarchive: REPLAY: every download goes to {replay}, not to the live sites", file=sys.stderr)
    if log_file and not quiet:
        print(f"rdarchive: crawl log: {log_file}", file=sys.stderr)
    _, sessions = open_archive(db)
    store = ArchiveStore(sessions)
    locks = crawl_locks(db)
    try:
        runs = []
        process = CrawlerProcess(settings)
        crawlers = []
        for site in sites:
            spidercls = site if isinstance(site, type) else spider_for(site)
            busy = _exclusive(locks, spidercls, resolve=not replay)
            if busy is not None:
                runs.append(_skipped(store, spidercls.name, run_id, busy, replay))
                continue
            crawler = process.create_crawler(spidercls)
            crawlers.append(crawler)
            process.crawl(crawler, urls=list(urls) or None, full=full)
        if crawlers:
            process.start()
        runs += network_down(store, _finished(store, crawlers))
        if log_file and runs:
            store.set_log_file([r.id for r in runs], log_file)
            runs = [store.get_run(r.id) or r for r in runs]
        return runs
    finally:
        locks.close()


NETWORK_DOWN = (
    "no site of this crawl could be reached (every request failed at the network level: "
    "DNS or the local network is down?); the site's health is left as it was"
)


def unreachable(run: CrawlRun) -> bool:
    """A run that got no answer at all: no page fetched, and only network failures."""
    return (
        run.status == RunStatus.FAILED
        and not run.pages_fetched
        and bool(run.failures)
        and all(f.kind == FailureKind.NETWORK for f in run.failures)
    )


def network_down(store: ArchiveStore, runs: list[CrawlRun]) -> list[CrawlRun]:
    """When no site at all answered, the fault is this machine's network, not the sites:
    the runs say so and no site is marked failing. One unreachable site alone may really be down."""
    if len(runs) < 2 or not all(unreachable(r) for r in runs):
        return runs
    print(f"rdarchive: {NETWORK_DOWN}", file=sys.stderr)
    out = []
    for run in runs:
        store.finish_run(run.id, RunStatus.FAILED, f"{NETWORK_DOWN}; {len(run.failures)} network", health=None)
        out.append(store.get_run(run.id) or run)
    return out


def sites_for_all(spiders: Mapping[str, type[CongressSpider]]) -> tuple[list[str], list[str]]:
    """`crawl --all`: the crawlable sites, and those skipped as unsupported (they would only fail every night)."""
    skipped = [name for name, cls in spiders.items() if cls.unsupported]
    return [name for name in spiders if name not in skipped], skipped


def check_start_urls(sites: Sequence[str | type[CongressSpider]], urls: Sequence[str]) -> None:
    """A --url outside a named site is a usage error, refused before any run is recorded
    (a run would fail on it and mark the site failing for the user's typo)."""
    for site in sites:
        spidercls = site if isinstance(site, type) else spider_for(site)
        slug = spidercls.name
        for url in urls:
            if not spidercls.allows_url(url):
                raise ValueError(
                    f"{slug}: --url {url} is outside the site (expected http(s) on "
                    f"{', '.join(spidercls.allowed_domains)})"
                )


def _exclusive(locks: ArchiveLocks, spidercls: type[CongressSpider], resolve: bool) -> Busy | None:
    """The site's own lock, then its servers' (waiting while another site's crawl uses one)."""
    slug = spidercls.name
    busy = take_site(locks, slug)
    if busy is None:
        wait = environment().server_wait
        busy = take_servers(locks, slug, server_locks(spidercls.allowed_domains, resolve), wait)
    return busy


def _skipped(store: ArchiveStore, slug: str, run_id: int | None, busy: Busy, replay: str | None) -> CrawlRun:
    what = (
        "crawl of this site" if busy.lock.startswith("site:") else f"crawl of a site on the same server ({busy.lock})"
    )
    reason = f"{slug}: not crawled: another {what} is running ({busy.holder})"
    print(f"rdarchive: {reason}", file=sys.stderr)
    rid = run_id or store.start_run([slug], replay=replay)
    run = store.finish_run(rid, RunStatus.SKIPPED, reason)
    return store.get_run(run.id) or run


def _finished(store: ArchiveStore, crawlers: list) -> list[CrawlRun]:
    runs = []
    for crawler in crawlers:
        run_id = crawler.stats.get_value("rdarchive/run_id")
        run = store.get_run(run_id) if run_id else None
        if run is None:
            print(f"rdarchive: {crawler.spidercls.name}: the crawl never opened a run", file=sys.stderr)
            continue
        runs.append(run)
    return runs


def log_path(db: str | None, sites: Sequence[str]) -> Path:
    """A new log file for one crawl: in RDARCHIVE_LOG_DIR, else logs/ beside the SQLite archive (data/logs)."""
    from crawlers.warc_files import default_warc_dir
    from models.db import database_url

    chosen = environment().log_dir
    folder = Path(chosen).resolve() if chosen else default_warc_dir(database_url(db)).parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    what = "-".join(sites) if len(sites) <= 3 else f"{len(sites)}-sites"
    return folder / f"crawl-{what}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}.log"


def format_run(run: CrawlRun, site: str | None = None) -> str:
    c = run.counts()
    replayed = f" (replay from {run.replay})" if run.replay else ""
    lines = [
        f"run {run.id} [{', '.join(run.sites)}] {run.status.upper()}{replayed}: "
        f"{c['pages_fetched']} pages fetched, {c['new']} new, {c['unchanged']} unchanged, "
        f"{c['changed']} changed, {c['duplicate']} duplicate, {c['failed']} failed",
    ]
    if run.articles_revisited or run.articles_withdrawn or run.articles_restored:
        lines.append(
            f"  revisits: {run.articles_revisited} archived articles rechecked, "
            f"{run.articles_withdrawn} found withdrawn, {run.articles_restored} back on the site"
        )
    if run.status == RunStatus.RUNNING and run.heartbeat_at is not None:
        lines.append(f"  last progress: {run.heartbeat_at:%Y-%m-%d %H:%M:%S %z}")
    if run.error_summary:
        lines.append(f"  problems: {run.error_summary}")
    if run.log_file:
        lines.append(f"  log: {run.log_file}")
    for f in run.failures[:20]:
        lines.append(f"  - {f.kind}: {f.reason}")
    if len(run.failures) > 20:
        lines.append(f"  ... and {len(run.failures) - 20} more failures (see crawl_failures)")
    return "\n".join(lines)


def run_record(run: CrawlRun) -> dict[str, object]:
    """A run as `rdarchive runs --json` prints it (times ISO 8601 with their offset)."""

    def iso(t: datetime | None) -> str | None:
        return t.isoformat() if t else None

    return {
        "id": run.id,
        "sites": list(run.sites),
        "status": str(run.status),
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "replay": run.replay,
        **run.counts(),
        "undated": run.articles_undated,
        # The night's revisits of archived articles (crawlers/revisit.py).
        "revisited": run.articles_revisited,
        "withdrawn": run.articles_withdrawn,
        "restored": run.articles_restored,
        "problems": run.error_summary,
        "log_file": run.log_file,
    }


def exit_code(runs: Sequence[CrawlRun]) -> int:
    """0: every run succeeded; 3: some pages failed; 1: a run failed or stopped early."""
    statuses = {r.status for r in runs}
    if not runs or statuses - {RunStatus.SUCCEEDED, RunStatus.PARTIAL}:
        return 1
    return 3 if RunStatus.PARTIAL in statuses else 0

"""The rdarchive command line: crawl, sites, probe, parse, search, export, diff, serve, runs, db, demo.

Each command imports its own modules inside its function, on purpose: Scrapy,
trafilatura and the site modules take seconds to import, and `rdarchive search`
or `rdarchive runs` should not pay for them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from core.status import RunStatus
from rdarchive.argtypes import non_negative, positive
from rdarchive.dates import FORMS

EPILOG = "The database is --db URL, else $RDARCHIVE_DB, else sqlite:///data/archive.db."


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rdarchive")
    except PackageNotFoundError:
        return "(not installed)"


def add_common_options(p: argparse.ArgumentParser, top: bool) -> None:
    """Options every command takes, before or after its name (`rdarchive search 人大 --db URL`).

    On the subcommands they default to SUPPRESS, so a value given after the command
    name wins and one given before it is not overwritten by a default."""
    default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
    p.add_argument("--db", default=default(None), help="SQLAlchemy database URL")
    p.add_argument("--log-level", default=default(None), help="log level of crawls (DEBUG, INFO, WARNING...)")
    out = p.add_argument_group("output")
    out.add_argument(
        "--json", action="store_true", default=default(False), help="JSON output (sites, parse, search, diff, runs)"
    )
    out.add_argument(
        "--jsonl", action="store_true", default=default(False), help="one JSON object per line (search, runs)"
    )
    out.add_argument(
        "-q", "--quiet", action="store_true", default=default(False), help="no progress, only results and errors"
    )
    out.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default(False),
        help="crawl logs on the terminal instead of a log file",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rdarchive", description="Archive of people's congress (人大) websites.", epilog=EPILOG
    )
    add_common_options(p, top=True)
    p.add_argument("--version", action="version", version=f"rdarchive {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    add_parser = sub.add_parser

    def add_command(name: str, **kwargs: object) -> argparse.ArgumentParser:
        parser = add_parser(name, **kwargs)  # type: ignore[arg-type]
        add_common_options(parser, top=False)
        return parser

    sub.add_parser = add_command  # type: ignore[method-assign]

    c = sub.add_parser("crawl", help="crawl sites into the archive")
    c.add_argument("--site", action="append", help="site slug (repeatable); see `rdarchive sites`")
    c.add_argument("--all", action="store_true", help="crawl every site")
    c.add_argument(
        "--url",
        action="append",
        default=[],
        help="start from this URL instead of the site's channels; without --site: crawl the site of this URL "
        "(its definition if one matches, else discovery from the URL alone)",
    )
    c.add_argument(
        "--region",
        metavar="CODE",
        help="with --url of a site without a definition: its jurisdiction (GB/T 2260 code, or 'national'); "
        "default: read from the site's own name",
    )
    c.add_argument("--replay", help="fetch everything from this local replay server (tests, demo)")
    c.add_argument(
        "--mixed-archive",
        action="store_true",
        help="allow a replayed crawl into an archive of live runs, or a live crawl into one of replayed runs",
    )
    c.add_argument(
        "--full",
        action="store_true",
        help="walk every list page and re-fetch every article (default: incremental, only what is new)",
    )
    c.add_argument(
        "--incremental-depth",
        type=positive,
        default=None,
        help="stop a channel after this many list pages holding only archived articles (default 1)",
    )
    c.add_argument(
        "--revisit-days",
        type=int,
        default=None,
        metavar="N",
        help="after the list walk, re-request the 1/N of the site's archived articles checked longest ago, "
        "so each is rechecked within N nights (default 30; 0: no revisits)",
    )
    c.add_argument("--run-id", type=int, default=None, help=argparse.SUPPRESS)

    s = sub.add_parser("sites", help="list known sites and their archive status")
    s.add_argument(
        "--jurisdictions",
        action="store_true",
        help="coverage of the gazetteer's prefecture and county units: how many have a site, how many were crawled",
    )

    pr = sub.add_parser(
        "probe", help="what discovery learns about a site from its home page and a few lists; --save a definition"
    )
    pr.add_argument("url", help="the site's home page (or a channel page)")
    pr.add_argument("--replay", help="fetch everything from this local replay server (tests, demo)")
    pr.add_argument("--save", metavar="PATH", help="write what was learned as a site definition (TOML file or folder)")
    pr.add_argument("--slug", help="the saved site's slug (default: from the host name)")
    pr.add_argument("--region", help="the saved site's jurisdiction, a GB/T 2260 code (default: from the site's name)")
    pr.add_argument(
        "--domain", action="append", default=[], help="another host of the same site to follow (repeatable)"
    )

    pa = sub.add_parser("parse", help="extract one page and print what would be stored")
    pa.add_argument("target", help="URL or HTML file")
    pa.add_argument("--site")
    pa.add_argument("--url", help="the page's URL (required for a file)")
    pa.add_argument("--replay", help="fetch the URL from this local replay server")
    pa.add_argument(
        "--from-archive",
        action="store_true",
        help="read the page from its WARC capture in the archive (target is the URL)",
    )

    rp = sub.add_parser("reprocess", help="re-run extraction over archived WARC captures (no network)")
    rp.add_argument("--site", action="append", help="site slug (repeatable, or comma-separated)")
    rp.add_argument("--since", help=f"only articles published on or after this date ({FORMS})")

    from rdarchive import export, search

    search.add_search_arguments(sub.add_parser("search", help="search the archive (Chinese full text)"))
    export.add_export_arguments(sub.add_parser("export", help="export articles as JSONL"))

    from rdarchive import diff, replay, serve

    diff.add_diff_arguments(sub.add_parser("diff", help="what changed between two versions of an article"))
    serve.add_serve_arguments(
        sub.add_parser("serve", help="the archive in a browser, read-only: search, article pages, archived copies")
    )
    replay.add_replay_arguments(sub.add_parser("replay", help="replay archived pages from the WARC files (pywb)"))

    r = sub.add_parser("runs", help="show recent crawl runs")
    r.add_argument("--limit", type=non_negative, default=10)

    cx = sub.add_parser("cdxj", help="merge the per-file CDXJ indexes of the WARC files into one index.cdxj")
    cx.add_argument("--warc-dir", help="the WARC root (default: $RDARCHIVE_WARC_DIR, else beside the SQLite archive)")
    cx.add_argument("--out", help="the merged index (default: index.cdxj in the WARC root)")

    d = sub.add_parser("db", help="database maintenance")
    d.add_argument("action", choices=["upgrade", "current"])

    sc = sub.add_parser("schedule", help="run the nightly crawl scheduler (jobs kept in the archive database)")
    sc.add_argument(
        "--config", help="TOML file with the window, defaults and per-site overrides (see docs/schedule.md)"
    )
    sc.add_argument("--list", action="store_true", help="show every job and its next run, then exit")
    sc.add_argument("--run-now", metavar="SITE", help="crawl this site at once in a child process, then exit")
    sc.add_argument("--full", action="store_true", help="scheduled crawls walk everything (default: incremental)")
    sc.add_argument(
        "--poll",
        type=float,
        default=5.0,
        help="seconds between a standby scheduler's attempts to take over (default 5)",
    )
    sc.add_argument(
        "--now",
        action="store_true",
        help="also start every enabled site's crawl at once (one extra run each), then keep the schedule",
    )
    sc.add_argument("--replay", help=argparse.SUPPRESS)

    w = sub.add_parser("worker", help="run site crawls from the RQ queue (needs RDARCHIVE_QUEUE and PostgreSQL)")
    w.add_argument("--queues", nargs="+", default=["rdarchive"], help="queues to take jobs from, in order")
    w.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    w.add_argument(
        "--heartbeat",
        type=positive,
        default=30,
        help="seconds between heartbeats; a job whose worker is silent for about twice this is retried (default 30)",
    )
    w.add_argument("--name", help="worker name (default: a random one)")

    dm = sub.add_parser(
        "demo",
        help="crawl the bundled sample sites offline into DIR/demo.db (emptied first) or the --db archive, and show the result",
    )
    dm.add_argument("--dir", default="data", help="where the demo database, sample WARCs and export go")
    dm.add_argument("--site", action="append", help="sample site (default: every site with fixtures)")
    return p


# The commands that print JSON, and in which forms; elsewhere --json / --jsonl are refused.
JSON_FORMS = {
    "sites": {"json"},
    "parse": {"json"},
    "probe": {"json"},
    "diff": {"json"},
    "search": {"json", "jsonl"},
    "runs": {"json", "jsonl"},
}


def check_output_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    asked = [form for form in ("json", "jsonl") if getattr(args, form)]
    if len(asked) > 1:
        parser.error("--json and --jsonl: choose one")
    for form in asked:
        if form not in JSON_FORMS.get(args.command, set()):
            offered = [c for c, forms in JSON_FORMS.items() if form in forms]
            parser.error(f"{args.command} has no --{form} output (offered by {', '.join(offered)})")
    if args.quiet and args.verbose:
        parser.error("-q and -v: choose one")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_output_options(parser, args)
    try:
        code = COMMANDS[args.command](args)
        # Flushed here, not at exit: a reader that went away is then the BrokenPipeError below.
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # `rdarchive ... | head`: the reader has what it wanted
        from rdarchive.search import quiet_stdout

        quiet_stdout()
        return 0
    except (ValueError, FileExistsError) as e:
        print(f"rdarchive: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rdarchive: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        from models.db import database_problem

        problem = database_problem(args.db, e)
        if problem is None:
            if args.verbose:
                raise
            # A fault nobody foresaw still reaches the user as one line; -v shows where it arose.
            problem = f"unexpected error in {args.command}: {type(e).__name__}: {e} (run with -v for the traceback)"
        print(f"rdarchive: {problem}", file=sys.stderr)
        return 1


def _archive(args: argparse.Namespace):
    """An existing archive: read commands never create one."""
    from models.db import open_archive

    return open_archive(args.db, create=False)[1]


def cmd_crawl(args: argparse.Namespace) -> int:
    from rdarchive import crawl
    from rdarchive.spiders import all_spiders, spider_for

    sites: list = args.site or []
    if args.all:
        sites, skipped = crawl.sites_for_all(all_spiders())
        if skipped:
            print(f"rdarchive: not crawled (unsupported, see `rdarchive sites`): {', '.join(skipped)}", file=sys.stderr)
    urls = args.url
    if args.region and (sites or not urls):
        raise ValueError("--region goes with --url of a site without a definition (and no --site)")
    if not sites and urls:
        from rdarchive.by_url import spider_for_urls

        spidercls, made = spider_for_urls(urls, args.region)
        sites, urls = [spidercls], ([] if made else urls)
    if not sites:
        raise ValueError("name a site with --site SLUG (or --all), or give its --url; `rdarchive sites` lists them")
    sites = [_site_or_archived(slug, args) for slug in sites]
    for site in sites:
        if isinstance(site, str):
            spider_for(site)  # an unknown site is refused before a log file is made
    # Scrapy's own log (dozens of lines a site) goes to a file the runs name, unless -v asks for it here.
    names = [site if isinstance(site, str) else site.name for site in sites]
    log_file = None if args.verbose else str(crawl.log_path(args.db, names))
    runs = crawl.run_crawls(
        sites,
        args.db,
        log_file=log_file,
        progress_bar=sys.stderr.isatty() and not (args.quiet or args.verbose),
        quiet=args.quiet,
        urls=urls,
        replay=args.replay,
        log_level=args.log_level,
        full=args.full,
        incremental_depth=args.incremental_depth,
        run_id=args.run_id,
        mixed_archive=args.mixed_archive,
        revisit_days=args.revisit_days,
    )
    for run in runs:
        print(crawl.format_run(run))
    return crawl.exit_code(runs)


def cmd_probe(args: argparse.Namespace) -> int:
    from rdarchive import probe

    return probe.main(args)


def _site_or_archived(site, args: argparse.Namespace):
    """A slug of a module or definition as it is; the slug of a site crawled by URL before, as its
    generic spider; anything else is left to the crawl to refuse."""
    if not isinstance(site, str):
        return site
    from rdarchive.spiders import all_spiders

    if site in all_spiders():
        return site
    from models.db import NoArchive
    from rdarchive.by_url import archived_generic_site

    try:
        archive = _archive(args)
    except NoArchive:
        return site  # no archive, so no site crawled by URL before: the crawl refuses an unknown slug
    return archived_generic_site(site, archive) or site


def cmd_sites(args: argparse.Namespace) -> int:
    from models.db import NoArchive, open_archive
    from rdarchive import sites
    from rdarchive.spiders import all_spiders

    all_spiders()  # a broken site definition is the one thing said, before any note on the archive
    # The known sites are worth listing before the first crawl; only their archive status needs one.
    try:
        archive = _archive(args)
    except NoArchive as e:
        print(f"rdarchive sites: {e}: archive status not shown", file=sys.stderr)
        # An empty archive in memory: every site as never crawled, nothing made on disk.
        archive = open_archive("sqlite://")[1]
    if args.jurisdictions:
        from rdarchive import coverage

        codes = {slug: cls.region_code for slug, cls in all_spiders().items()}
        result = coverage.coverage(codes, coverage.crawled_slugs(archive))
        print(coverage.render(result, args.json))
        return 0
    print(sites.render(sites.site_rows(archive), args.json))
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from rdarchive import parse

    try:
        if args.from_archive:
            article, capture = parse.parse_archived(_archive(args), args.target)
            print(parse.render_capture(capture))
        else:
            article = parse.parse_target(args.target, site=args.site, url=args.url, replay=args.replay)
    except parse.ParseError as e:
        print(f"rdarchive parse: {e}", file=sys.stderr)
        return 1
    from models.db import NoArchive

    try:
        cluster = parse.archive_cluster(_archive(args), article)
    except NoArchive as e:
        # The page parses without an archive; only its near-duplicate cluster needs one.
        print(f"rdarchive parse: {e}: cluster not shown", file=sys.stderr)
        cluster = None
    print(parse.render(article, args.json, cluster))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from rdarchive import search

    return search.search_command(args, _archive(args))


def cmd_export(args: argparse.Namespace) -> int:
    from rdarchive import export

    return export.export_command(args, _archive(args))


def cmd_diff(args: argparse.Namespace) -> int:
    from rdarchive import diff

    return diff.diff_command(args, _archive(args))


def cmd_replay(args: argparse.Namespace) -> int:
    from models.db import database_url
    from rdarchive import replay
    from rdarchive.browse.readonly import read_only_sessions

    _archive(args)  # the schema up to date before opening it read-only
    url = database_url(args.db)
    return replay.replay_command(args, read_only_sessions(url), url)


def cmd_serve(args: argparse.Namespace) -> int:
    from models.db import database_url
    from rdarchive import serve

    _archive(args)  # the schema (search index, browse view) up to date before opening it read-only
    return serve.serve_command(args, database_url(args.db))


def cmd_runs(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from models.tables import CrawlRun
    from rdarchive.crawl import format_run, run_record

    with _archive(args)() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(args.limit)))
        if args.json or args.jsonl:
            import json

            records = [run_record(run) for run in runs]
            if args.json:
                print(json.dumps(records, ensure_ascii=False, indent=2))
            for record in records if args.jsonl else []:
                print(json.dumps(record, ensure_ascii=False))
            return 0
        for run in runs:
            print(f"{run.started_at:%Y-%m-%d %H:%M} {run.started_at.isoformat()[-6:]} {format_run(run)}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from models.db import CREATORS, NoArchive, current_revision, make_engine, open_archive, where

    if args.action == "upgrade":
        engine = open_archive(args.db)[0]
    else:
        engine = make_engine(args.db, create=False)
    revision = current_revision(engine)
    if revision is None:
        raise NoArchive(f"no archive at {where(args.db)} ({CREATORS})")
    print(f"schema revision: {revision}")
    return 0


def cmd_cdxj(args: argparse.Namespace) -> int:
    from crawlers.cdxj import file_indexes, merge_indexes
    from crawlers.warc_files import warc_root
    from models.db import database_url

    root = Path(args.warc_dir) if args.warc_dir else warc_root(database_url(args.db))
    if not root.is_dir():
        raise ValueError(f"{root}: no WARC directory there (--warc-dir, or RDARCHIVE_WARC_DIR)")
    out, lines = merge_indexes(root, Path(args.out) if args.out else None)
    print(f"{out}: {lines} records from {len(file_indexes(root))} WARC files")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from rdarchive import reprocess
    from rdarchive.dates import parse_when
    from rdarchive.search import _listed

    since = parse_when(args.since) if args.since else None
    from rdarchive.progress import on_terminal

    report = reprocess.reprocess(
        _archive(args), sites=_listed(args.site), since=since, show_progress=on_terminal(args.quiet)
    )
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    print(report.summary())
    return 3 if report.problems else 0


def cmd_schedule(args: argparse.Namespace) -> int:
    import logging
    import signal
    import threading

    from models.db import database_url, open_archive
    from rdarchive.spiders import all_spiders
    from schedules import config, queue, runner, service

    # --list prints its table alone: the libraries' INFO lines are for the running service.
    logging.basicConfig(
        level=logging.WARNING if args.list or args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    db = database_url(args.db)
    sites = [name for name, cls in all_spiders().items() if not cls.unsupported]
    plans = config.schedules(sites, config.load(args.config), source=args.config or "schedule")
    queued = queue.queue_url() is not None
    if queued:
        queue.require_shared_archive(db)
        queue.connect().close()
    if args.run_now:
        plan = next((p for p in plans if p.site == args.run_now), None)
        if plan is None:
            raise ValueError(f"no schedulable site {args.run_now!r}; known: {', '.join(sites)}")
        if queued:
            job = queue.enqueue_crawl(
                plan.site,
                plan.queue,
                plan.time_limit,
                full=args.full,
                incremental_depth=plan.incremental_depth,
                replay=args.replay,
            )
            print(f"{plan.site}: crawl enqueued on {plan.queue} (RQ job {job})")
            return 0
        signal.signal(signal.SIGTERM, lambda *_: runner.stop_all())
        signal.signal(signal.SIGINT, lambda *_: runner.stop_all())
        status = runner.crawl_job(
            plan.site, db, plan.time_limit, full=args.full, incremental_depth=plan.incremental_depth, replay=args.replay
        )
        exit_codes: dict[str, int] = {RunStatus.SUCCEEDED: 0, RunStatus.PARTIAL: 3}
        return exit_codes.get(status, 1)
    from schedules.leader import Leadership

    open_archive(db)[0].dispose()  # the archive (and its schema) exists before anyone locks in it
    leadership = Leadership(db, poll=args.poll)
    try:
        if args.list:
            return _list_jobs(db, plans, leadership)
        stop = threading.Event()
        # A standby stops at once on SIGTERM/SIGINT: it runs nothing.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        if not leadership.wait_to_lead(stop):
            return 0
        scheduler = service.build_scheduler(db)
        service.sync_jobs(scheduler, plans, db, replay=args.replay, full=args.full, queued=queued)
        if args.now:
            started = service.start_now(scheduler, plans, db, replay=args.replay, full=args.full, queued=queued)
            logging.getLogger("rdarchive.schedule").info("starting %d sites now (--now)", started)
        if not service.serve(scheduler, leadership):
            print(
                "rdarchive: schedule: lost the archive's scheduler lock; stopped (restart to stand by)", file=sys.stderr
            )
            return 1
        return 0
    finally:
        leadership.release()


def _list_jobs(db: str, plans: list, leadership) -> int:
    """The plan and the stored next runs; never writes a job (the running scheduler owns the store)."""
    from datetime import datetime

    from schedules import listing

    stored = listing.stored_jobs_if_any(db)
    if leadership.try_lead():
        rows = listing.plan_rows(plans, stored, datetime.now().astimezone())
    else:
        # Another scheduler leads with its own plan: show what it holds.
        print(
            f"rdarchive: standby: another scheduler leads this archive ({leadership.leader()}); "
            "showing its stored jobs (the --config given here is not applied)",
            file=sys.stderr,
        )
        rows = listing.stored_rows(stored)
    table = listing.render(rows)
    if table:
        print(table)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import logging

    from models.db import database_url, open_archive
    from schedules import queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db = database_url(args.db)
    queue.require_shared_archive(db)
    open_archive(db)[0].dispose()
    queue.run_worker(db, args.queues, burst=args.burst, heartbeat=args.heartbeat, name=args.name)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from rdarchive import crawl, demo

    out = Path(args.dir)
    from rdarchive.spiders import all_spiders, spider_for

    spiders = all_spiders()
    unsupported = [n for n, cls in spiders.items() if cls.unsupported]
    if unsupported and not args.site:
        print(f"== not crawled (unsupported, see `rdarchive sites`): {', '.join(unsupported)}")
    sites = args.site or [
        p.parent.name for p in demo.demo_roots() if p.parent.name in spiders and p.parent.name not in unsupported
    ]
    for site in sites:
        spider_for(site)  # an unknown site is refused before anything is built
    # Only an explicit --db (not $RDARCHIVE_DB) takes the demo elsewhere; it is added to, never emptied.
    db = args.db or demo.fresh_sqlite(out / "demo.db")
    # As `crawl`: Scrapy's log in a file unless -v, a progress line per site on a terminal.
    log_file = None if args.verbose else str(crawl.log_path(db, ["demo"]))
    return demo.run_demo(
        db,
        out,
        out / "demo-export.jsonl",
        sites,
        log_file=log_file,
        progress_bar=sys.stderr.isatty() and not (args.quiet or args.verbose),
    )


COMMANDS = {
    "crawl": cmd_crawl,
    "sites": cmd_sites,
    "probe": cmd_probe,
    "parse": cmd_parse,
    "search": cmd_search,
    "export": cmd_export,
    "runs": cmd_runs,
    "db": cmd_db,
    "schedule": cmd_schedule,
    "reprocess": cmd_reprocess,
    "cdxj": cmd_cdxj,
    "worker": cmd_worker,
    "demo": cmd_demo,
    "serve": cmd_serve,
    "diff": cmd_diff,
    "replay": cmd_replay,
}

if __name__ == "__main__":
    sys.exit(main())

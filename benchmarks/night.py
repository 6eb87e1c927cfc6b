#!/usr/bin/env python3
"""Benchmark: one simulated night of many small sites, crawled by RQ workers, with one and with two workers.

    .venv/bin/python benchmarks/night.py ../shared/bench [--sites 200] [--latency 0.3]

Needs the PostgreSQL and Redis of this machine (RDARCHIVE_TEST_PG, --redis);
each configuration gets a fresh schema and a random queue name, dropped after.

The world: --sites synthetic congress sites, each the 银川市人大 (ycrd) site
definition moved to its own host (definition files in a folder given to the
crawls as RDARCHIVE_SITE_DIRS), served by the replay server with
--latency seconds before every answer (a stand-in for a distant server and the
crawl's politeness pacing, which replay crawls switch off). Each site's list
holds tonight's new articles first, then articles archived on earlier nights
(already in the archive, so the crawl is the real incremental one: robots.txt,
two list pages, the new articles). Tonight's volume per site is drawn (seeded)
from a small-site distribution: 35% 0-1 new articles, 45% 2-5, 15% 6-15, 5%
16-20. Article texts are sentences of ../shared/bench recombined at run time.

For each worker count the night goes as in production: `rdarchive schedule
--now` (queue mode) enqueues every site, then that many `rdarchive worker
--burst` processes start together; the makespan runs from their start to the
last one's exit. Reported: the makespan against the 01:00-05:00 window,
throughput per worker, CPU per site, the speedup of two workers over one, and
the machines of this kind needed for 3,300 sites in the window at the two-worker
rate. The last line is exactly:

    night sites=<n> workers=2 speedup=<x> projected_machines_for_3300=<k>
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from redis import Redis  # noqa: E402
from rq import Queue  # noqa: E402
from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from benchmarks import synthetic as syn  # noqa: E402
from core.site import SiteRecord  # noqa: E402
from models.db import open_archive  # noqa: E402
from models.store import ArchiveStore  # noqa: E402
from models.tables import Article, CrawlRun  # noqa: E402
from rdarchive.replay_server import ReplayServer  # noqa: E402

PG_URL = os.environ.get("RDARCHIVE_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
BIN = Path(sys.executable).parent
WINDOW = 4 * 3600  # 01:00-05:00
TARGET_SITES = 3300
LIST_ROWS = 20


@dataclass
class Site:
    slug: str
    host: str
    new: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return 3 + len(self.new)  # robots.txt, two list pages, the new articles


def tonight(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.35:
        return rng.randint(0, 1)
    if r < 0.80:
        return rng.randint(2, 5)
    if r < 0.95:
        return rng.randint(6, 15)
    return rng.randint(16, LIST_ROWS)


def row(url: str, title: str, day: date) -> str:
    return f'<li><a href="{url}" target="_blank" title="{title}">{title}</a><span>{day:%Y-%m-%d}</span></li>'


def list_page(rows: list[str], index: int) -> str:
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        "<title>人大要闻</title></head><body>"
        '<div class="dqwz">当前位置:<a href="../">首页</a>&gt;<a href="./">人大要闻</a></div>'
        '<div class="list_box"><ul class="list">' + "".join(rows) + "</ul>"
        '<div class="page"><script type="text/javascript">'
        'function createPageHTML(n, c, name, ext) { if (c < n - 1) { document.write("<a href=\\"" + name + "_" + '
        '(c + 1) + "." + ext + "\\">下一页</a>"); } }'
        f'createPageHTML(2, {index}, "index", "html");</script></div></div></body></html>'
    )


def article_page(title: str, day: date, paras: list[str]) -> str:
    body = "".join(f"<p>\u3000\u3000{p}</p>" for p in paras)
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        f"<title>{title}_人大要闻</title></head><body>"
        '<div class="dqwz">当前位置:<a href="../../">首页</a>&gt;<a href="../">人大要闻</a></div>'
        f'<div class="xl_box"><div class="xl_title"><h1>{title}</h1></div>'
        f'<div class="xl_info"><span>发布日期:{day:%Y-%m-%d}</span>　<span>来源:本站</span></div>'
        f'<div class="xl_content"><div class="TRS_Editor">{body}</div></div></div></body></html>'
    )


def definition(site: Site) -> str:
    """The site's definition file: crawlers/sites/ycrd.toml's template on the site's own host."""
    return f"""slug = "{site.slug}"
name = "夜间基准站点 {site.slug}"
jurisdiction = "640100"
family = "trs"
start_urls = ["http://{site.host}/rdyw/index.html"]
allowed_domains = ["{site.host}"]
article_patterns = ['/\\d{{6}}/t\\d{{8}}_\\d+\\.html$']
evidence = "partly guessed"
evidence_note = "a synthetic site of benchmarks/night.py"

[[templates]]
name = "night-trs"
detect_css = "div.xl_content div.TRS_Editor"
title = ["div.xl_title h1", "h1"]
byline = ["div.xl_info"]
breadcrumb = "div.dqwz a"
body = ["div.xl_content div.TRS_Editor", "div.xl_content"]
"""


def build_world(n: int, seed: int, bench_dir: Path, out: Path) -> list[Site]:
    rng = random.Random(seed)
    kept, _ = syn.meaningful(syn.read_bench(bench_dir))
    pool = [s for t in kept for s in syn.all_sentences(t.content) if 8 <= len(s) <= 160]
    sites = []
    for i in range(n):
        slug = f"night{i:03d}"
        site = Site(slug, f"www.{slug}.bench.gov.cn")
        k = tonight(rng)
        day = date(2026, 9, 30)
        entries = []
        for j in range(2 * LIST_ROWS):
            d = day - timedelta(days=j // 2)
            ident = 9_000_000 + i * 100 + j
            url = f"http://{site.host}/rdyw/{d:%Y%m}/t{d:%Y%m%d}_{ident}.html"
            title = "".join(rng.choice(pool) for _ in range(1))[:28].rstrip("。！？")
            entries.append((url, title, d))
            (site.new if j < k else site.old).append(url)
        folder = out / site.host
        (folder / "rdyw").mkdir(parents=True)
        (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        for index, chunk in enumerate((entries[:LIST_ROWS], entries[LIST_ROWS:])):
            name = "index.html" if index == 0 else f"index_{index}.html"
            rows = [row(u.split("/rdyw/", 1)[1], t, d) for u, t, d in chunk]
            (folder / "rdyw" / name).write_text(list_page(rows, index), encoding="utf-8")
        for url, title, d in entries[:k]:
            paras = ["".join(rng.choice(pool) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(4, 12))]
            path = folder / url.split(f"{site.host}/", 1)[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(article_page(title, d, paras), encoding="utf-8")
        sites.append(site)
    return sites


def fresh_schema() -> tuple[str, str]:
    schema = f"night_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def seed_archive(db: str, sites: list[Site]) -> None:
    """Earlier nights: the sites and their older articles are in the archive already."""
    engine, sessions = open_archive(db)
    store = ArchiveStore(sessions)
    rows = []
    for site in sites:
        site_id = store.ensure_site(SiteRecord(site.slug, site.slug, "宁夏回族自治区", "640100", [site.host]))
        for url in site.old:
            body = f"往日的文章 {url}"
            rows.append(
                dict(
                    url=url,
                    site_id=site_id,
                    title="往日",
                    body=body,
                    body_normalized=body,
                    content_hash=hashlib.sha256(body.encode()).hexdigest(),
                )
            )
    with engine.begin() as conn:
        conn.execute(insert(Article), rows)
    engine.dispose()


@dataclass
class Result:
    workers: int
    makespan: float
    enqueue: float
    cpu: float
    statuses: dict[str, int]
    new_articles: int
    pages: int


def environment(site_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RDARCHIVE_SITE_DIRS": str(site_dir),
        "RDARCHIVE_PROGRESS_INTERVAL": "0",
        "RDARCHIVE_LOG_LEVEL": "WARNING",
    }


def night(workers: int, sites: list[Site], site_dir: Path, origin: str, redis_url: str, work: Path) -> Result:
    db, schema = fresh_schema()
    queue = f"night-{uuid.uuid4().hex[:10]}"
    redis = Redis.from_url(redis_url)
    env = {**environment(site_dir), "RDARCHIVE_QUEUE": redis_url, "RDARCHIVE_WARC_DIR": str(work / schema)}
    config = work / f"{schema}.toml"
    config.write_text(
        f'[defaults]\nenabled = false\nqueue = "{queue}"\ntime_limit = 1800\n\n'
        + "".join(f"[sites.{s.slug}]\nenabled = true\n" for s in sites),
        encoding="utf-8",
    )
    try:
        seed_archive(db, sites)
        started = time.monotonic()
        log = open(work / f"{schema}-schedule.log", "w")
        scheduler = subprocess.Popen(
            [str(BIN / "rdarchive"), "--db", db, "schedule", "--config", str(config), "--now", "--replay", origin],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 600
        while Queue(queue, connection=redis).count < len(sites):
            if time.monotonic() > deadline or scheduler.poll() is not None:
                raise SystemExit(f"the scheduler did not enqueue every site; see {log.name}")
            time.sleep(0.5)
        enqueue = time.monotonic() - started
        scheduler.send_signal(signal.SIGTERM)
        scheduler.wait(timeout=120)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        procs = [
            subprocess.Popen(
                [str(BIN / "rdarchive"), "--db", db, "worker", "--burst", "--queues", queue],
                env=env,
                stdout=open(work / f"{schema}-worker{i}.log", "w"),
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
            for i in range(workers)
        ]
        for p in procs:
            p.wait()
        makespan = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        engine = create_engine(db)
        with Session(engine) as s:
            statuses = dict(s.execute(select(CrawlRun.status, func.count()).group_by(CrawlRun.status)).all())
            new = s.scalar(select(func.coalesce(func.sum(CrawlRun.articles_new), 0)))
            pages = s.scalar(select(func.coalesce(func.sum(CrawlRun.pages_fetched), 0)))
            problems = [
                f"{', '.join(r.sites)}: {r.status}: {r.error_summary}"
                for r in s.scalars(select(CrawlRun).where(CrawlRun.status != "succeeded"))
            ]
        engine.dispose()
        for line in problems:
            print(f"  workers={workers}: {line}")
        return Result(workers, makespan, enqueue, cpu, statuses, int(new), int(pages))
    finally:
        Queue(queue, connection=redis).delete(delete_jobs=True)
        drop_schema(schema)


def loadavg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bench_dir", type=Path, help="../shared/bench (article texts, read at run time)")
    p.add_argument("--sites", type=int, default=200)
    p.add_argument("--latency", type=float, default=0.3, help="seconds before every answer of the replay server")
    p.add_argument("--redis", default=os.environ.get("RDARCHIVE_TEST_REDIS", "redis://127.0.0.1:6379/0"))
    p.add_argument("--seed", type=int, default=20261203)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rdarchive-night-") as tmp:
        work = Path(tmp)
        sites = build_world(args.sites, args.seed, args.bench_dir, work / "world")
        site_dir = work / "sites"
        site_dir.mkdir()
        for site in sites:
            (site_dir / f"{site.slug}.toml").write_text(definition(site), encoding="utf-8")
        new = sum(len(s.new) for s in sites)
        requests = sum(s.requests for s in sites)
        print(
            f"night: {len(sites)} sites, {new} new articles, {requests} requests expected, "
            f"replay latency {args.latency:.2f} s per request; {os.cpu_count()} cores, load {loadavg()}"
        )
        server = ReplayServer(roots=[work / "world"], delay=args.latency).start()
        results = []
        try:
            for workers in (1, 2):
                r = night(workers, sites, site_dir, server.origin, args.redis, work)
                results.append(r)
                per_worker = len(sites) / r.makespan / workers
                print(
                    f"workers={workers}: makespan {r.makespan:7.1f} s = {100 * r.makespan / WINDOW:4.1f}% of the "
                    f"01:00-05:00 window; {per_worker * 3600:6.0f} sites/h per worker; CPU {r.cpu / len(sites):.2f} s "
                    f"per site; runs {r.statuses}; {r.new_articles} new articles, {r.pages} pages "
                    f"(enqueueing took {r.enqueue:.1f} s; load {loadavg()})"
                )
        finally:
            server.stop()
    one, two = results
    speedup = one.makespan / two.makespan
    per_machine = len(sites) / two.makespan * WINDOW
    machines = max(1, math.ceil(TARGET_SITES / per_machine))
    print(
        f"speedup {speedup:.2f} (two workers against one); one machine like this with two workers crawls "
        f"{per_machine:,.0f} such sites in the window, so {TARGET_SITES} sites need {machines} machine(s)"
    )
    ok = all(set(r.statuses) == {"succeeded"} for r in results) and all(r.new_articles == new for r in results)
    if not ok:
        print("WARNING: not every site succeeded with every new article stored; see the runs above")
    print(f"night sites={len(sites)} workers=2 speedup={speedup:.2f} projected_machines_for_3300={machines}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

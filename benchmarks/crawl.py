#!/usr/bin/env python3
"""Benchmark: what a crawl costs per page, against a bare Scrapy spider, and as the archive grows.

    .venv/bin/python benchmarks/crawl.py ../shared/bench [--articles 1000] [--rounds 3] [--nights 10,100]

The world, built at run time in a temporary folder: one synthetic congress site
(the 银川市人大 (ycrd) TRS template on its own host, as benchmarks/night.py has
it) with --articles article pages on list pages of 50 rows. Each article is
8-20 paragraphs recombined from the sentences of the real texts in BENCH_DIR
(about 1,500-4,000 characters), inside page furniture of our own writing (a
navigation bar, a side list of links, a footer), about 15-25 KB of HTML. The
replay server (rdarchive/replay_server.py) serves it.

Crawlers, each a child process (CPU time and peak RSS of that child alone, from
wait4), with the same Scrapy settings (the replay transport, robots.txt obeyed,
8 concurrent requests, 2 per domain, no delay, no AutoThrottle):

* full: `rdarchive crawl --site <site> --full --replay ORIGIN` into a fresh SQLite
  archive with its WARC root beside it: the whole pipeline (WARC capture,
  extraction, bylines, near-duplicate fingerprint, storage, run recording).
* bare: a plain Scrapy spider following the same links and storing each response
  body in SQLite (one INSERT and commit per page, Python's sqlite3 defaults).
* full+N: the full crawl with N earlier nights of WARC files (with their CDXJ
  indexes) already in the WARC root: copies of a night's files made before the
  timed rounds.

The configurations run interleaved, round by round; medians are reported. CPU
ms per page = the child's user + system CPU time / pages fetched (start-up
included). Then one more full crawl runs under cProfile and its CPU is split by
component (cumulative time of each component's entry points; the rest is the
Scrapy engine, Twisted and the process start-up). The last line is exactly:

    crawl cpu_ms_per_page=<x> bare=<y> ratio=<x/y> growth_100_nights=<g>

where growth_100_nights = CPU ms per page with 100 earlier nights / with none.
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import synthetic as syn  # noqa: E402

RDARCHIVE = Path(sys.executable).parent / "rdarchive"
SLUG = "crawlbench"
HOST = "www.crawlbench.bench.gov.cn"
LIST_ROWS = 50
CHANNEL = "rdyw"


# ------------------------------------------------------------------- the world
def _nav() -> str:
    items = ["首页", "人大要闻", "常委会工作", "立法工作", "监督工作", "代表工作", "机关建设", "人大研究", "专题专栏"]
    return (
        '<div class="nav"><ul>'
        + "".join(f'<li><a href="/{i}/">{t}</a></li>' for i, t in enumerate(items))
        + "</ul></div>"
    )


def _side(titles: list[str]) -> str:
    rows = "".join(f'<li><a href="/tzgg/{i}.html">{t}</a></li>' for i, t in enumerate(titles))
    return f'<div class="side"><h3>通知公告</h3><ul>{rows}</ul></div>'


FOOTER = (
    '<div class="footer"><p>主办单位：基准市人民代表大会常务委员会办公室</p>'
    "<p>地址：基准市人民路一号　邮编：000000　联系电话：0000-0000000</p>"
    "<p>版权所有 基准市人大常委会 未经授权不得转载</p></div>"
)


def list_page(rows: list[str], index: int, total: int, side: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        "<title>人大要闻</title></head><body>" + _nav() + side + '<div class="dqwz">当前位置:<a href="../">首页</a>&gt;'
        '<a href="./">人大要闻</a></div><div class="list_box"><ul class="list">' + "".join(rows) + "</ul>"
        '<div class="page"><script type="text/javascript">'
        'function createPageHTML(n, c, name, ext) { if (c < n - 1) { document.write("<a href=\\"" + name + "_" + '
        '(c + 1) + "." + ext + "\\">下一页</a>"); } }'
        f'createPageHTML({total}, {index}, "index", "html");</script></div></div>' + FOOTER + "</body></html>"
    )


def article_page(title: str, day: date, paras: list[str], side: str) -> str:
    body = "".join(f"<p>\u3000\u3000{p}</p>" for p in paras)
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        f"<title>{title}_人大要闻</title></head><body>" + _nav() + side + '<div class="dqwz">当前位置:'
        '<a href="../../">首页</a>&gt;<a href="../">人大要闻</a></div>'
        f'<div class="xl_box"><div class="xl_title"><h1>{title}</h1></div>'
        f'<div class="xl_info"><span>发布日期:{day:%Y-%m-%d}</span>　<span>来源:本站</span></div>'
        f'<div class="xl_content"><div class="TRS_Editor">{body}</div></div></div>' + FOOTER + "</body></html>"
    )


DEFINITION = f"""slug = "{SLUG}"
name = "爬取基准站点"
jurisdiction = "640100"
family = "trs"
start_urls = ["http://{HOST}/{CHANNEL}/index.html"]
allowed_domains = ["{HOST}"]
article_patterns = ['/\\d{{6}}/t\\d{{8}}_\\d+\\.html$']
evidence = "partly guessed"
evidence_note = "a synthetic site of benchmarks/crawl.py"

[[templates]]
name = "crawlbench-trs"
detect_css = "div.xl_content div.TRS_Editor"
title = ["div.xl_title h1", "h1"]
byline = ["div.xl_info"]
breadcrumb = "div.dqwz a"
body = ["div.xl_content div.TRS_Editor", "div.xl_content"]
"""


@dataclass
class World:
    folder: Path
    site_dir: Path
    pages: int  # robots.txt, list pages, articles
    articles: int
    html_bytes: int


def build_world(n: int, seed: int, bench_dir: Path, out: Path) -> World:
    rng = random.Random(seed)
    kept, _ = syn.meaningful(syn.read_bench(bench_dir))
    pool = [s for t in kept for s in syn.all_sentences(t.content) if 8 <= len(s) <= 160]
    folder = out / "world"
    site = folder / HOST
    (site / CHANNEL).mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    side = _side([rng.choice(pool)[:24] for _ in range(40)])
    entries = []
    size = 0
    for j in range(n):
        d = date(2026, 9, 30) - timedelta(days=j // 3)
        url = f"{d:%Y%m}/t{d:%Y%m%d}_{7_000_000 + j}.html"
        title = rng.choice(pool)[:28].rstrip("。！？")
        paras = ["".join(rng.choice(pool) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(8, 20))]
        path = site / CHANNEL / url
        path.parent.mkdir(parents=True, exist_ok=True)
        html = article_page(title, d, paras, side)
        path.write_text(html, encoding="utf-8")
        size += len(html.encode())
        entries.append((url, title, d))
    chunks = [entries[i : i + LIST_ROWS] for i in range(0, n, LIST_ROWS)]
    for index, chunk in enumerate(chunks):
        name = "index.html" if index == 0 else f"index_{index}.html"
        rows = [
            f'<li><a href="{u}" target="_blank" title="{t}">{t}</a><span>{d:%Y-%m-%d}</span></li>' for u, t, d in chunk
        ]
        (site / CHANNEL / name).write_text(list_page(rows, index, len(chunks), side), encoding="utf-8")
    site_dir = out / "sites"
    site_dir.mkdir()
    (site_dir / f"{SLUG}.toml").write_text(DEFINITION, encoding="utf-8")
    return World(folder, site_dir, 1 + len(chunks) + n, n, size)


# ------------------------------------------------------------------- the crawls
@dataclass
class Measure:
    name: str
    cpu: float
    wall: float
    pages: int
    rss_mb: float

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall


def run_child(name: str, cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """Run one crawler process: (cpu seconds, wall seconds, peak RSS MB) of that child alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{name}: crawl exited {code}:\n{out.decode('utf-8', 'replace')[-3000:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def env_for(world: World, tree: Path | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "RDARCHIVE_SITE_DIRS": str(world.site_dir),
        "RDARCHIVE_PROGRESS_INTERVAL": "0",
        "RDARCHIVE_LOG_LEVEL": "WARNING",
    }
    if tree is not None:
        # Another checkout of the project (--compare) imported ahead of this one, with this .venv.
        env["PYTHONPATH"] = str(tree)
    return env


def full_command(db: Path, origin: str) -> list[str]:
    return [str(RDARCHIVE), "--db", f"sqlite:///{db}", "crawl", "--site", SLUG, "--full", "--replay", origin]


def crawl_full(
    name: str,
    work: Path,
    world: World,
    origin: str,
    earlier: Path | None,
    profile: Path | None = None,
    tree: Path | None = None,
) -> Measure:
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))
    if earlier is not None:
        shutil.copytree(earlier, folder / "warc")
    db = folder / "archive.db"
    cmd = full_command(db, origin)
    if profile is not None:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--profile-child", str(profile), *cmd[1:]]
    cpu, wall, rss = run_child(name, cmd, env_for(world, tree), cwd=tree or ROOT)
    with sqlite3.connect(db) as conn:
        pages, articles = conn.execute("SELECT pages_fetched, articles_new FROM crawl_runs").fetchone()
    if articles != world.articles:
        raise SystemExit(f"{name}: {articles} of {world.articles} articles stored")
    shutil.rmtree(folder)
    return Measure(name, cpu, wall, int(pages), rss)


def crawl_bare(work: Path, world: World, origin: str) -> Measure:
    db = Path(tempfile.mkdtemp(prefix="bare-", dir=work)) / "bodies.db"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--bare-child", origin, str(db)]
    cpu, wall, rss = run_child("bare", cmd, env_for(world))
    with sqlite3.connect(db) as conn:
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    shutil.rmtree(db.parent)
    return Measure("bare", cpu, wall, int(pages), rss)


def bare_child(origin: str, db: str) -> int:
    """The baseline: a plain Scrapy spider with the crawl's transport and politeness settings."""
    import re

    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawlers.replay import replay_settings

    class BareSpider(scrapy.Spider):
        name = "bare"
        start_urls = [f"http://{HOST}/{CHANNEL}/index.html"]
        allowed_domains = [HOST]

        def __init__(self, *a: object, **kw: object) -> None:
            super().__init__(*a, **kw)
            self.conn = sqlite3.connect(db)
            self.conn.execute("CREATE TABLE pages (url TEXT PRIMARY KEY, status INTEGER, body BLOB)")

        def keep(self, response: scrapy.http.Response) -> None:
            self.conn.execute("INSERT INTO pages VALUES (?, ?, ?)", (response.url, response.status, response.body))
            self.conn.commit()

        def parse(self, response: scrapy.http.Response):  # type: ignore[override]
            self.keep(response)
            for href in response.css("ul.list a::attr(href)").getall():
                yield response.follow(href, self.parse_article)
            m = re.search(r"createPageHTML\((\d+), (\d+),", response.text)
            if m and int(m.group(2)) < int(m.group(1)) - 1:
                yield response.follow(f"index_{int(m.group(2)) + 1}.html", self.parse)

        def parse_article(self, response: scrapy.http.Response) -> None:
            self.keep(response)

        def closed(self, reason: str) -> None:
            self.conn.close()

    class RobotsToo:
        """robots.txt (fetched by Scrapy's middleware, never a callback) is stored like every page."""

        def __init__(self, crawler: object) -> None:
            self.crawler = crawler

        @classmethod
        def from_crawler(cls, crawler: object) -> RobotsToo:
            return cls(crawler)

        def process_response(self, request: object, response: scrapy.http.Response) -> object:
            if response.url.endswith("/robots.txt"):
                spider = self.crawler.spider  # type: ignore[attr-defined]
                spider.keep(response)
            return response

    settings = {
        **replay_settings(origin),
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "rdarchive/0.1 (benchmark)",
        "DOWNLOADER_MIDDLEWARES": {"__main__.RobotsToo": 950},
    }
    sys.modules["__main__"].RobotsToo = RobotsToo  # type: ignore[attr-defined]
    process = CrawlerProcess(settings)
    process.crawl(BareSpider)
    process.start()
    return 0


# ------------------------------------------------------------------- CPU split
def profile_child(out: Path, cli_args: list[str]) -> int:
    """`rdarchive CLI_ARGS` under cProfile with a CPU-time clock (wall time would count other jobs' turns)."""
    import cProfile

    def cli() -> int:
        from rdarchive.cli import main as cli_main  # imported under the profiler: start-up counts

        return cli_main(cli_args)

    profiler = cProfile.Profile(time.process_time)
    try:
        code = profiler.runcall(cli)
    finally:
        profiler.dump_stats(str(out))
    return int(code or 0)


# Entry points of each component, as <file name>:<function name>; their cumulative time is the component's.
COMPONENTS = [
    (
        "extraction (extract, clean, metadata stages)",
        {"stages.py:extract_stage", "stages.py:clean_stage", "stages.py:metadata_stage"},
    ),
    ("near-duplicate fingerprint", {"stages.py:fingerprint_stage"}),
    ("storage (articles, captures, run counts)", {"spool.py:store", "runs.py:flush", "runs.py:page_failed"}),
    ("WARC capture", {"warc.py:process_response"}),
    ("WARC close: CDXJ index, publish", {"warc.py:spider_closed"}),
    ("spider callbacks (lists, links, pages)", {"base.py:parse", "base.py:parse_list", "base.py:parse_article"}),
    ("imports (process start-up)", {"<frozen importlib._bootstrap>:_find_and_load"}),
]


def cpu_split(profile: Path) -> list[tuple[str, float]]:
    stats = pstats.Stats(str(profile))
    total = stats.total_tt  # type: ignore[attr-defined]
    times: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = f"{Path(filename).name}:{func.rsplit('.', 1)[-1]}"
        times[key] = times.get(key, 0.0) + ct
    rows = [(label, sum(times.get(k, 0.0) for k in keys)) for label, keys in COMPONENTS]
    rows.append(("rest: Scrapy engine, Twisted, set-up", max(0.0, total - sum(s for _, s in rows))))
    return [(label, s / total) for label, s in rows]


# ------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--bare-child":
        return bare_child(argv[1], argv[2])
    if argv and argv[0] == "--profile-child":
        return profile_child(Path(argv[1]), argv[2:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bench_dir", type=Path, help="../shared/bench (article texts, read at run time)")
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--nights", default="10,100", help="earlier nights of WARC files, comma-separated")
    p.add_argument("--seed", type=int, default=20261204)
    p.add_argument("--no-profile", action="store_true")
    p.add_argument(
        "--compare",
        type=Path,
        help="another checkout of the project (e.g. the previous main): its full crawl runs in every round too",
    )
    args = p.parse_args(argv)
    nights = [int(x) for x in args.nights.split(",") if x]
    from rdarchive.replay_server import ReplayServer

    with tempfile.TemporaryDirectory(prefix="rdarchive-crawlbench-") as tmp:
        work = Path(tmp)
        world = build_world(args.articles, args.seed, args.bench_dir, work)
        print(
            f"crawl: one site, {args.articles} articles, {world.pages} pages, "
            f"{world.html_bytes / max(1, args.articles) / 1024:.1f} KB of HTML per article; "
            f"{os.cpu_count()} cores, {platform.python_version()}, load {loadavg()}"
        )
        server = ReplayServer(roots=[world.folder]).start()
        try:
            return measure(args, nights, work, world, server.origin)
        finally:
            server.stop()


def earlier_nights(work: Path, night: Path, n: int) -> Path:
    """A WARC root holding n copies of one night's files (renamed as other runs), with their indexes."""
    root = work / f"earlier-{n}"
    root.mkdir()
    files = sorted(night.glob("*.warc.gz"))
    for k in range(n):
        for f in files:
            name = f.name.replace(f"-{SLUG}-run", f"-{SLUG}-night{k:03d}-run")
            shutil.copyfile(f, root / name)
            idx = f.with_name(f.name + ".cdxj")
            if idx.exists():
                shutil.copyfile(idx, root / (name + ".cdxj"))
    return root


def measure(args: argparse.Namespace, nights: list[int], work: Path, world: World, origin: str) -> int:
    # A first full crawl: warms the page cache and leaves one night of WARC files to copy.
    warm_dir = Path(tempfile.mkdtemp(prefix="warm-", dir=work))
    run_child("warm-up", full_command(warm_dir / "archive.db", origin), env_for(world))
    roots = {n: earlier_nights(work, warm_dir / "warc", n) for n in nights}
    shutil.rmtree(warm_dir)
    results: dict[str, list[Measure]] = {}
    for r in range(args.rounds):
        names = ["full", "bare", *[f"full+{n}" for n in nights], *(["compare"] if args.compare else [])]
        for name in names:
            if name == "bare":
                m = crawl_bare(work, world, origin)
            elif name == "compare":
                m = crawl_full(name, work, world, origin, None, tree=args.compare.resolve())
            else:
                n = int(name.split("+")[1]) if "+" in name else 0
                m = crawl_full(name, work, world, origin, roots.get(n))
            results.setdefault(name, []).append(m)
            print(
                f"  round {r + 1} {name:9s} {m.cpu_ms_per_page:6.2f} CPU ms/page {m.pages_per_s:6.1f} pages/s "
                f"{m.rss_mb:6.1f} MB peak RSS ({m.pages} pages, CPU {m.cpu:.1f} s, wall {m.wall:.1f} s; "
                f"load {loadavg()})",
                flush=True,
            )
    print("medians:")
    med = {}
    for name, ms in results.items():
        med[name] = statistics.median(m.cpu_ms_per_page for m in ms)
        print(
            f"  {name:9s} CPU {med[name]:6.2f} ms/page, {statistics.median(m.pages_per_s for m in ms):6.1f} pages/s, "
            f"peak RSS {max(m.rss_mb for m in ms):6.1f} MB"
        )
    if not args.no_profile:
        profile = work / "full.prof"
        crawl_full("profiled", work, world, origin, None, profile=profile)
        print("full pipeline CPU by component (cProfile with a CPU clock, one more crawl):")
        for label, share in cpu_split(profile):
            print(f"  {label:45s} {100 * share:5.1f}%")
    if args.compare:
        print(f"full against compare ({args.compare}): {med['full'] / med['compare']:.2f}x the CPU per page")
    x, y = med["full"], med["bare"]
    growth = med.get("full+100", med[f"full+{nights[-1]}"] if nights else x) / x
    print(f"crawl cpu_ms_per_page={x:.2f} bare={y:.2f} ratio={x / y:.2f} growth_100_nights={growth:.2f}")
    return 0


def loadavg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())

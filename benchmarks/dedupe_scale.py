"""Near-duplicate index at scale: dedupe cost per article at 10k, 100k and 1M stored, and memory.

    .venv/bin/python benchmarks/dedupe_scale.py BENCH_DIR [--n 1000000] [--db URL] [--seed N]
        [--batch 1000] [--window 2000] [--workers 1] [--sqlite-cache-mb MB] [--sqlite-synchronous MODE]
        [--json OUT]

Synthetic articles are made at run time by recombining sentences (split after
。！？) of the real texts in BENCH_DIR (manifest.tsv + truth JSON `content`,
e.g. ../shared/bench; read, never copied) with a seeded RNG: 3-10 paragraphs
of 2-5 sentences, a byline block on 70%. About 5% (--repost-share) are reposts
of an earlier article: shortened by ~10%, with another byline block and lead,
or a traditional-character mirror with pinyin notes - so clusters really form.

Articles are inserted in transactions of --batch (1000) articles. A worker
process (--workers 1) makes each article, normalises it and computes its
MinHash signature (`pipelines.neardup.signature`, timed there), as the crawl
pipeline's fingerprint stage does before the archive. The main process
inserts the batch's `articles` rows directly with the required fields (URL,
site, body, normalised body, content hash, dates; one multi-row INSERT, not
ArchiveStore.save: no exact-dedupe lookup, no versions), then indexes them one
by one with the engine itself: `models.neardup_index.index_article` on the
persistent Article row + the flush of the rows it wrote, one article in the
session at a time as in ArchiveStore.save. Dedupe cost per article =
signature time + index time (wall clock, and thread CPU time, which the other
load on a shared machine does not inflate); the row inserts and commits are
timed apart.

At each mark (10k, 100k, 1M stored, and the final count) it reports the mean,
median and p95 dedupe cost over the --window (2000) inserts just before the
mark and the RSS then; at the end the ratio of the last mark to the 10k mark,
the peak RSS (getrusage ru_maxrss, main process and workers), the wall time,
the clusters formed and how many reposts joined their original's cluster.

Every --run-size (20,000) articles the benchmark does what the end of a crawl
run does: `refresh_statistics_if_due` (ANALYZE of the index tables on PostgreSQL
once enough of them changed, a no-op on SQLite), timed apart.

SQLite runs with the engine's own pragmas (WAL, foreign keys) unless
--sqlite-cache-mb / --sqlite-synchronous are given. Without --db the archive
is a fresh SQLite file in a temporary directory (--workdir), deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from array import array
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import make_transient_to_detached  # noqa: E402

from benchmarks import synthetic as syn  # noqa: E402
from core.site import SiteRecord  # noqa: E402
from models.db import open_archive  # noqa: E402
from models.neardup_index import index_article, refresh_statistics_if_due  # noqa: E402
from models.store import ArchiveStore  # noqa: E402
from models.tables import Article, Cluster  # noqa: E402
from pipelines import neardup  # noqa: E402
from pipelines.textnorm import content_hash, normalize_text  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
MARKS = (10_000, 100_000, 1_000_000)
N_SITES = 12
TRANSFORMS = ("shortened", "rebyline", "mirror")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Generator:
    """Synthetic article k and reposts of earlier ones: a pure function of (seed, k)."""

    def __init__(self, texts: list[syn.BenchText], seed: int, repost_share: float):
        self.pool = syn.SentencePool(texts)
        self.seed = seed
        self.repost_share = repost_share

    def _repost_rng(self, k: int) -> random.Random:
        return random.Random(f"repost:{self.seed}:{k}")

    def is_repost(self, k: int) -> bool:
        return k > 0 and self._repost_rng(k).random() < self.repost_share

    def make(self, k: int) -> tuple[str, int | None, str | None]:
        """(body, index of the original or None, transform)."""
        rng = self._repost_rng(k)
        if k > 0 and rng.random() < self.repost_share:
            j = rng.randrange(k)
            while self.is_repost(j):
                j = rng.randrange(k)
            header, paras, footer = self.pool.article(self.seed, j)
            how = rng.choice(TRANSFORMS)
            if how == "shortened":
                out = [*header, *syn.shorten(paras, rng), *footer]
            elif how == "rebyline":
                filler = [rng.choice(self.pool.sentences) for _ in range(12)]
                out = syn.rebyline(paras, rng, filler)
            else:
                out = syn.mirror([*header, *paras, *footer], rng)
            return syn.body(out), j, how
        header, paras, footer = self.pool.article(self.seed, k)
        return syn.body([*header, *paras, *footer]), None, None


_GEN: Generator | None = None


def _init_worker(gen: Generator) -> None:
    global _GEN
    _GEN = gen


def prepare(k: int) -> tuple:
    """What the crawl pipeline does before the archive: text, normalised text, hash, signature.

    The signature is the first half of the dedupe cost; its wall and CPU time travel along.
    """
    text, orig, how = _GEN.make(k)
    norm = normalize_text(text)
    w, c = time.perf_counter(), time.thread_time()
    sig = neardup.signature(norm)
    return k, text, norm, content_hash(norm), sig, time.perf_counter() - w, time.thread_time() - c, orig, how


def prepared_batches(pool, n: int, batch: int, workers: int = 1):
    """Prepared articles a batch at a time; the workers work one batch ahead, never more
    (memory stays bounded however much faster they are than the archive)."""

    def submit(lo: int):
        span = range(lo, min(n, lo + batch))
        if pool is None:
            return [prepare(k) for k in span]
        return pool.map_async(prepare, span, chunksize=max(1, len(span) // (4 * max(1, workers))))

    ahead = submit(0)
    for lo in range(0, n, batch):
        current = ahead if pool is None else ahead.get()
        if lo + batch < n:
            ahead = submit(lo + batch)
        yield current


def sqlite_tuning(engine, cache_mb: int | None, synchronous: str | None) -> list[str]:
    pragmas = []
    if cache_mb:
        pragmas.append(f"PRAGMA cache_size=-{cache_mb * 1024}")
    if synchronous:
        pragmas.append(f"PRAGMA synchronous={synchronous}")
    if pragmas:

        @event.listens_for(engine, "connect")
        def _tune(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            for p in pragmas:
                cur.execute(p)
            cur.close()

        engine.dispose()  # connections opened by the migrations do not have them
    return pragmas


def _stats(xs: array, lo: int, hi: int) -> tuple[float, float, float]:
    v = sorted(xs[lo:hi])
    return (1000 * statistics.fmean(v), 1000 * v[len(v) // 2], 1000 * v[min(len(v) - 1, int(0.95 * len(v)))])


def window_stats(cost: dict[str, array], end: int, window: int) -> dict:
    lo = max(0, end - window)
    out = {}
    for name, xs in cost.items():
        mean, median, p95 = _stats(xs, lo, end)
        out[name] = {"mean_ms": mean, "median_ms": median, "p95_ms": p95}
    return out


def run(
    bench_dir: str,
    n: int,
    db_url: str | None = None,
    seed: int = 1,
    batch: int = 1000,
    window: int = 2000,
    repost_share: float = 0.05,
    marks: tuple[int, ...] = MARKS,
    sqlite_cache_mb: int | None = None,
    sqlite_synchronous: str | None = None,
    workdir: str | None = None,
    workers: int = 1,
    progress: int = 0,
    run_size: int = 20_000,
    out=sys.stdout,
) -> dict:
    started = time.perf_counter()
    gen = Generator(syn.read_bench(bench_dir), seed, repost_share)
    tmp = None
    if db_url is None:
        tmp = tempfile.TemporaryDirectory(prefix="dedupe-scale-", dir=workdir)
        db_url = f"sqlite:///{Path(tmp.name) / 'archive.db'}"
    pool = None
    try:
        engine, sessions = open_archive(db_url)
        backend = make_url(db_url).get_backend_name()
        pragmas = sqlite_tuning(engine, sqlite_cache_mb, sqlite_synchronous) if backend == "sqlite" else []
        with sessions() as s:
            if s.scalar(select(func.count()).select_from(Article)):
                raise SystemExit(f"{db_url} already holds articles: the scale benchmark needs an empty archive")
        archive = ArchiveStore(sessions)
        site_ids = [
            archive.ensure_site(
                SiteRecord(
                    slug=f"scale-{k}",
                    name=f"人大网{k}",
                    province=None,
                    region_code=None,
                    domains=[f"site{k}.scale"],
                    official=k % 3 != 2,
                )
            )
            for k in range(N_SITES)
        ]

        # Per article: dedupe cost (signature + index_article + flush of its rows), wall and CPU.
        cost = {name: array("d", bytes(8 * n)) for name in ("wall", "cpu", "signature_wall", "index_wall")}
        ids = array("q", bytes(8 * n))
        other = {"article_insert": 0.0, "commit": 0.0, "repost_check": 0.0, "run_end_statistics": 0.0}
        reposts = {t: [0, 0] for t in TRANSFORMS}  # transform -> [reposts, joined the original's cluster]
        base = datetime(2020, 1, 1, 8, 0, tzinfo=SH)
        mark_rows = []
        pending = sorted({m for m in marks if m <= n} | {n})
        if workers > 0:
            pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (gen,))
        else:
            _init_worker(gen)
        batches = prepared_batches(pool, n, batch, workers)
        print(
            f"dedupe_scale: n={n:,} batch={batch} window={window} seed={seed} db={backend} "
            f"pragmas={pragmas or 'engine defaults'} workers={workers} sentences={len(gen.pool.sentences):,}",
            file=out,
            flush=True,
        )
        insert_rows = insert(Article).returning(Article.id, sort_by_parameter_order=True)
        done = 0
        while done < n:
            items = next(batches)
            with sessions.begin() as s:
                t0 = time.perf_counter()
                rows = []
                for k, text, norm, chash, *_ in items:
                    now = base + timedelta(seconds=30 * k)
                    rows.append(
                        dict(
                            url=f"http://site{k % N_SITES}.scale/{k}.html",
                            site_id=site_ids[k % N_SITES],
                            title=f"文章{k}",
                            body=text,
                            body_normalized=norm,
                            content_hash=chash,
                            published_at=now,
                            first_seen=now,
                            last_seen=now,
                            changed_at=now,
                            authors=[],
                            editors=[],
                            responsible_editors=[],
                            reviewers=[],
                            breadcrumb=[],
                        )
                    )
                new_ids = s.scalars(insert_rows, rows).all()
                other["article_insert"] += time.perf_counter() - t0
                for (k, _text, _norm, _chash, sig, sig_wall, sig_cpu, orig, how), aid in zip(items, new_ids):
                    # The stored row as the engine sees it after an insert: persistent, no cluster yet.
                    row = Article(id=aid, cluster_id=None)
                    make_transient_to_detached(row)
                    s.add(row)
                    w, c = time.perf_counter(), time.thread_time()
                    index_article(s, row, sig)
                    s.flush()
                    iw, ic = time.perf_counter() - w, time.thread_time() - c
                    ids[k] = aid
                    cost["wall"][k], cost["cpu"][k] = sig_wall + iw, sig_cpu + ic
                    cost["signature_wall"][k], cost["index_wall"][k] = sig_wall, iw
                    if orig is not None:
                        t1 = time.perf_counter()
                        reposts[how][0] += 1
                        original = s.scalar(select(Article.cluster_id).where(Article.id == ids[orig]))
                        reposts[how][1] += row.cluster_id is not None and row.cluster_id == original
                        other["repost_check"] += time.perf_counter() - t1
                    s.expunge_all()  # one article at a time in the session, as ArchiveStore.save has it
                tc = time.perf_counter()
            other["commit"] += time.perf_counter() - tc
            done += len(items)
            if run_size and done % run_size == 0:
                # The end of a "crawl run": what RunRecorder does then (statistics, PostgreSQL only).
                ta = time.perf_counter()
                refresh_statistics_if_due(engine)
                other["run_end_statistics"] += time.perf_counter() - ta
            if progress and done % progress == 0:
                w = window_stats(cost, done, window)
                print(
                    f"  {done:>9,} stored {time.perf_counter() - started:7.0f} s  dedupe wall "
                    f"{w['wall']['mean_ms']:.2f} ms (signature {w['signature_wall']['mean_ms']:.2f} + index "
                    f"{w['index_wall']['mean_ms']:.2f}), cpu {w['cpu']['mean_ms']:.2f} ms  rss {rss_mb():.0f} MB  "
                    f"load {os.getloadavg()[0]:.1f}",
                    file=out,
                    flush=True,
                )
            while pending and done >= pending[0]:
                m = pending.pop(0)
                row = {
                    "stored": m,
                    **window_stats(cost, m, window),
                    "rss_mb": rss_mb(),
                    "elapsed_s": time.perf_counter() - started,
                    "load_1min": os.getloadavg()[0],
                }
                mark_rows.append(row)
                print(
                    f"  mark {m:>9,}: dedupe wall mean {row['wall']['mean_ms']:.3f} ms (median "
                    f"{row['wall']['median_ms']:.3f}, p95 {row['wall']['p95_ms']:.3f}), cpu mean "
                    f"{row['cpu']['mean_ms']:.3f} ms; rss {row['rss_mb']:.0f} MB; {row['elapsed_s']:.0f} s",
                    file=out,
                    flush=True,
                )

        with sessions() as s:
            clusters = s.scalar(select(func.count()).select_from(Cluster))
            clustered = s.scalar(select(func.count()).select_from(Article).where(Article.cluster_id.is_not(None)))
        db_size = None
        if backend == "sqlite":
            path = Path(make_url(db_url).database)
            db_size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
        engine.dispose()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if tmp is not None:
            tmp.cleanup()
    wall = time.perf_counter() - started
    first = next((r for r in mark_rows if r["stored"] == min(marks)), mark_rows[0])
    last = mark_rows[-1]
    total_reposts = sum(v[0] for v in reposts.values())
    return {
        "n": n,
        "batch": batch,
        "window": window,
        "seed": seed,
        "db": backend,
        "pragmas": pragmas,
        "workers": workers,
        "marks": mark_rows,
        "ratio": {
            "from": first["stored"],
            "to": last["stored"],
            **{
                f"{name}_{stat}": last[name][f"{stat}_ms"] / first[name][f"{stat}_ms"]
                for name in ("wall", "cpu")
                for stat in ("mean", "median")
            },
        },
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "wall_s": wall,
        "dedupe_wall_total_s": sum(cost["wall"]),
        "dedupe_cpu_total_s": sum(cost["cpu"]),
        "other_s": other,
        "clusters": clusters,
        "clustered_articles": clustered,
        "reposts": {t: {"reposts": v[0], "joined": v[1]} for t, v in reposts.items()},
        "repost_recall": sum(v[1] for v in reposts.values()) / total_reposts if total_reposts else None,
        "db_size_mb": db_size,
        "sentences": len(gen.pool.sentences),
    }


def report(r: dict) -> str:
    out = [
        f"{r['n']:,} synthetic articles ({r['sentences']:,} bench sentences recombined, "
        f"{sum(v['reposts'] for v in r['reposts'].values()):,} reposts), {r['db']}, transactions of {r['batch']}, "
        f"pragmas: {', '.join(r['pragmas']) or 'engine defaults'}, {r['workers']} preparing worker(s)",
        "article rows inserted directly (required fields, one INSERT per transaction), then indexed one by one by "
        "pipelines.neardup.signature + models.neardup_index.index_article",
        "",
        f"{'stored':>10} {'wall mean':>9} {'median':>7} {'p95':>7} {'signature':>9} {'index':>7} {'cpu mean':>8} "
        f"{'median':>7} {'rss MB':>7} {'elapsed s':>9} {'load':>5}",
    ]
    for m in r["marks"]:
        out.append(
            f"{m['stored']:>10,} {m['wall']['mean_ms']:>9.3f} {m['wall']['median_ms']:>7.3f} "
            f"{m['wall']['p95_ms']:>7.3f} {m['signature_wall']['mean_ms']:>9.3f} "
            f"{m['index_wall']['mean_ms']:>7.3f} {m['cpu']['mean_ms']:>8.3f} {m['cpu']['median_ms']:>7.3f} "
            f"{m['rss_mb']:>7.0f} {m['elapsed_s']:>9.0f} {m['load_1min']:>5.1f}"
        )
    ratio = r["ratio"]
    o = r["other_s"]
    out += [
        f"(dedupe cost per article in ms over the {r['window']:,} inserts just before each mark; wall = signature "
        "+ index_article wall time, cpu = their thread CPU time)",
        "",
        f"cost ratio {ratio['to']:,} / {ratio['from']:,}: wall mean {ratio['wall_mean']:.2f}x, median "
        f"{ratio['wall_median']:.2f}x; cpu mean {ratio['cpu_mean']:.2f}x, median {ratio['cpu_median']:.2f}x (target <= 2x)",
        f"peak RSS {r['peak_rss_mb']:.0f} MB (workers {r['peak_rss_children_mb']:.0f} MB); wall time {r['wall_s']:.0f} s; "
        f"dedupe total wall {r['dedupe_wall_total_s']:.0f} s, cpu {r['dedupe_cpu_total_s']:.0f} s; "
        f"article row inserts {o['article_insert']:.0f} s, commits {o['commit']:.0f} s, "
        f"run-end statistics {o.get('run_end_statistics', 0):.0f} s",
        f"clusters {r['clusters']:,} holding {r['clustered_articles']:,} articles; reposts that joined their "
        f"original's cluster: "
        + ", ".join(f"{t} {v['joined']}/{v['reposts']}" for t, v in r["reposts"].items())
        + (f" ({r['repost_recall']:.3f})" if r["repost_recall"] is not None else ""),
    ]
    if r["db_size_mb"] is not None:
        out.append(f"SQLite files at the end: {r['db_size_mb']:,.0f} MB")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench_dir")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--db", help="archive URL holding no article yet (default: a temporary SQLite file)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    ap.add_argument("--window", type=int, default=2000, help="inserts averaged before each mark")
    ap.add_argument("--repost-share", type=float, default=0.05)
    ap.add_argument("--sqlite-cache-mb", type=int, help="PRAGMA cache_size in MiB per connection")
    ap.add_argument("--sqlite-synchronous", choices=["OFF", "NORMAL", "FULL"])
    ap.add_argument("--workdir", help="where the temporary SQLite archive goes (default: the system's)")
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes making, normalising and fingerprinting articles (0: in this process)",
    )
    ap.add_argument("--progress", type=int, default=10_000, help="print a line every N stored (0: never)")
    ap.add_argument(
        "--run-size",
        type=int,
        default=20_000,
        help="articles per simulated crawl run: the planner statistics are refreshed after each, "
        "as at the end of a real run (PostgreSQL only; 0: never)",
    )
    ap.add_argument("--json", help="write the results as JSON here")
    args = ap.parse_args(argv)
    date = time.strftime("%Y-%m-%d %H:%M")
    r = run(
        args.bench_dir,
        args.n,
        args.db,
        args.seed,
        args.batch,
        args.window,
        args.repost_share,
        sqlite_cache_mb=args.sqlite_cache_mb,
        sqlite_synchronous=args.sqlite_synchronous,
        workdir=args.workdir,
        workers=args.workers,
        progress=args.progress,
        run_size=args.run_size,
    )
    r["date"] = date
    r["machine"] = f"{platform.platform()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
    print(report(r), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

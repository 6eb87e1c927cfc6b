"""A synthetic archive of N articles for the search and export benchmarks.

    .venv/bin/python benchmarks/corpus.py BENCH_DIR --db data/bench/access-1m.db [--n 1000000] [--seed 7]

Articles are made at run time by recombining sentences (split after 。！？) of
the real texts in BENCH_DIR (manifest.tsv + truth JSON `content`, e.g.
../shared/bench; read, never copied) with a seeded RNG: 4-9 paragraphs of 2-5
sentences (about 900 characters), on half of them a congress-news opening
and closing of our own writing, a title of our own template around a phrase of
the text. Sites, provinces with their GB/T 2260 codes, channels, sources,
authors, dates (2015-2025, Asia/Shanghai) and 2% near-duplicate pairs in
clusters are spread over the rows; 5% of bodies are stored in traditional
characters (their normalised form is simplified).

The archive schema comes from the project's migrations (models.db.upgrade);
rows are bulk-inserted with sqlite3 (executemany, 5,000 per transaction), the
full-text index filled by its own triggers, exactly as crawls fill it. The
index text (models.fulltext.search_columns) and the normalised text
(pipelines.textnorm.normalize_text) are computed by the project's code in
worker processes. Build time is reported apart from query times.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import re
import sqlite3
import sys
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*")

PROVINCES = [
    ("北京市", "110000", "bjrd"),
    ("天津市", "120000", "tjrd"),
    ("河北省", "130000", "hebrd"),
    ("山西省", "140000", "sxrd"),
    ("内蒙古自治区", "150000", "nmgrd"),
    ("辽宁省", "210000", "lnrd"),
    ("吉林省", "220000", "jlrd"),
    ("黑龙江省", "230000", "hljrd"),
    ("上海市", "310000", "shrd"),
    ("江苏省", "320000", "jsrd"),
    ("浙江省", "330000", "zjrd"),
    ("安徽省", "340000", "ahrd"),
    ("福建省", "350000", "fjrd"),
    ("江西省", "360000", "jxrd"),
    ("山东省", "370000", "sdrd"),
    ("河南省", "410000", "henanrd"),
    ("湖北省", "420000", "hbrd"),
    ("湖南省", "430000", "hnrd"),
    ("广东省", "440000", "gdrd"),
    ("广西壮族自治区", "450000", "gxrd"),
    ("海南省", "460000", "hainanpc"),
    ("重庆市", "500000", "cqrd"),
    ("四川省", "510000", "scspc"),
    ("贵州省", "520000", "gzrd"),
    ("云南省", "530000", "ynrd"),
    ("西藏自治区", "540000", "xizangrd"),
    ("陕西省", "610000", "sxpc"),
    ("甘肃省", "620000", "gsrdw"),
    ("青海省", "630000", "qhrd"),
    ("宁夏回族自治区", "640000", "nxrd"),
    ("新疆维吾尔自治区", "650000", "xjpcsc"),
]
CHANNELS = ["人大要闻", "立法工作", "监督工作", "代表工作", "地方人大", "理论研究", "常委会公报", "选举任免"]
SURNAMES = "张王李刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕彬鹏辉宇浩凯健俊帆婷晨雪琳晶欣"
# Our own congress-news stock: openings, closings and title templates.
OPENINGS = [
    "{d}，{p}人大常委会召开第{n}次主任会议，听取和审议有关工作情况的报告。",
    "{d}，{p}人大常委会执法检查组深入基层，就有关法律法规实施情况开展执法检查。",
    "近日，{p}人大常委会组织部分全国人大代表和省人大代表开展集中视察。",
    "{d}，{p}第十四届人民代表大会常务委员会第{n}次会议在省会举行。",
    "为深入学习贯彻党的二十大精神，进一步加强和改进新时代人大工作，{p}人大常委会开展专题调研。",
    "{d}，{p}人大常委会召开基层立法联系点工作座谈会。",
]
CLOSINGS = [
    "会议强调，要坚持党的领导、人民当家作主、依法治国有机统一，奋力谱写新时代人大工作新篇章。",
    "检查组将认真梳理检查中发现的问题，形成执法检查报告，提请常委会会议审议。",
    "代表们表示，将认真履行代表职责，积极提出高质量的议案和建议。",
    "常委会有关负责同志、部分省人大代表参加活动。",
]
TITLES = [
    "{p}人大常委会召开第{n}次主任会议",
    "{p}人大常委会开展{x}执法检查",
    "{p}人大代表视察{x}工作",
    "{p}人大常委会审议{x}条例草案",
    "{p}人大常委会专题调研{x}",
    "关于{x}情况的报告",
    "{x}——{p}人大常委会工作综述",
    "{p}召开人大代表座谈会",
    "{p}人大常委会听取{x}工作报告",
]


def read_sentences(bench_dir: Path) -> list[str]:
    """Every sentence of the bench texts (read at run time, never copied)."""
    out = []
    with open(bench_dir / "manifest.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            content = json.loads((bench_dir / row["truth_path"]).read_text(encoding="utf-8")).get("content") or ""
            for para in content.split("\n"):
                para = para.strip()
                out.extend(s.strip() for s in _SENTENCE.findall(para) if len(s.strip()) >= 6)
    return out


def phrases(sentences: list[str]) -> list[str]:
    """Short Chinese phrases (between punctuation) for titles and queries."""
    out = []
    for s in sentences:
        for piece in re.split(r"[，。！？、；：“”（）《》\s,.;:!?()\"]+", s):
            if 4 <= len(piece) <= 10 and re.fullmatch(r"[\u4e00-\u9fff]+", piece):
                out.append(piece)
    return out


_WORKER: dict = {}


def _init(bench_dir: str) -> None:
    import opencc

    sents = read_sentences(Path(bench_dir))
    _WORKER.update(sentences=sents, phrases=phrases(sents), s2t=opencc.OpenCC("s2t"))


def make_chunk(args: tuple[int, int, int]) -> list[tuple]:
    """Rows of articles [start, start + count), deterministic in (seed, start)."""
    from models.fulltext import search_columns, search_tags
    from pipelines.textnorm import content_hash, normalize_text

    start, count, seed = args
    rng = random.Random(seed * 1_000_003 + start)
    sents, phr = _WORKER["sentences"], _WORKER["phrases"]
    base = datetime(2015, 1, 1, tzinfo=UTC)
    rows = []
    prev = None
    for i in range(start, start + count):
        aid = i + 1
        if prev is not None and prev["cluster"] is None and rng.random() < 0.02:
            # A near-duplicate repost of the previous article on another site.
            p = prev
            site_idx = (p["site_idx"] + 1 + rng.randrange(31)) % 32
            paras = p["paras"][:-1] if len(p["paras"]) > 1 else p["paras"]
            title, published = p["title"], p["published"] + timedelta(hours=rng.randint(1, 48))
            cluster = p["aid"]
        else:
            site_idx = rng.randrange(32)
            province = PROVINCES[site_idx - 1][0] if site_idx else "全国"
            published = base + timedelta(seconds=rng.randrange(11 * 365 * 86400))
            fill = dict(
                p=province if site_idx else "全国",
                n=rng.randint(1, 60),
                d=f"{published.month}月{published.day}日",
                x=rng.choice(phr),
            )
            paras = []
            for _ in range(rng.randint(4, 9)):
                paras.append("".join(rng.choice(sents) for _ in range(rng.randint(2, 5))))
            if rng.random() < 0.5:
                paras[0] = rng.choice(OPENINGS).format(**fill) + paras[0]
                paras.append(rng.choice(CLOSINGS))
            title = rng.choice(TITLES).format(**fill)
            cluster = None
        body_norm = "\n".join(paras)
        body = _WORKER["s2t"].convert(body_norm) if rng.random() < 0.05 else body_norm
        body_norm = normalize_text(body)
        if site_idx:
            pname, pcode, slug = PROVINCES[site_idx - 1]
        else:
            pname, pcode, slug = None, None, "npc"
        st, sb = search_columns(title, None, body_norm)
        tags = search_tags(site_idx + 1, pname, pcode, None, None, None, None, pcode, published)
        author = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        editor = rng.choice(SURNAMES) + rng.choice(GIVEN)
        seen = published + timedelta(hours=rng.randint(1, 200))
        rows.append(
            dict(
                aid=aid,
                site_idx=site_idx,
                title=title,
                paras=paras,
                published=published,
                cluster=cluster,
                row=(
                    aid,
                    f"http://www.{slug}.gov.cn/content/{published:%Y%m}/t{aid}.html",
                    site_idx + 1,
                    title,
                    None,
                    body,
                    body_norm,
                    rng.choice(["人民代表报", f"{pname or '中国'}人大网", "法治日报", "新华社", None]),
                    json.dumps([author]),
                    json.dumps([editor]),
                    json.dumps([]),
                    json.dumps([]),
                    _ts(published),
                    "page_label",
                    rng.choice(CHANNELS),
                    json.dumps(["首页", rng.choice(CHANNELS)]),
                    pname,
                    pcode,
                    None,
                    None,
                    None,
                    None,
                    pcode,
                    "site" if pcode else None,
                    content_hash(body_norm),
                    None,
                    cluster,
                    1,
                    200,
                    "site:selector",
                    "trs-2019",
                    _ts(seen),
                    _ts(seen),
                    _ts(seen),
                    1,
                    1,
                    _ts(seen),
                    st,
                    sb,
                    tags,
                ),
            )
        )
        prev = rows[-1]
    return [(r["row"], r["row"][26]) for r in rows]


def _ts(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


COLUMNS = (
    "id",
    "url",
    "site_id",
    "title",
    "subtitle",
    "body",
    "body_normalized",
    "source",
    "authors",
    "editors",
    "responsible_editors",
    "reviewers",
    "published_at",
    "date_basis",
    "channel",
    "breadcrumb",
    "province",
    "province_code",
    "city",
    "city_code",
    "county",
    "county_code",
    "region_code",
    "region_basis",
    "content_hash",
    "duplicate_of_id",
    "cluster_id",
    "version",
    "http_status",
    "extraction_method",
    "template",
    "first_seen",
    "last_seen",
    "changed_at",
    "crawl_run_id",
    "last_run_id",
    "updated_at",
    "search_title",
    "search_body",
    "search_tags",
)


def _bounded(pool, jobs: list, window: int):
    """pool.imap with at most `window` chunks made ahead (imap would queue them all in memory)."""
    pending: deque = deque()
    for job in jobs:
        pending.append(pool.apply_async(make_chunk, (job,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def build(
    bench_dir: Path, db_path: Path, n: int, seed: int = 7, workers: int = 2, chunk: int = 5000, log=print
) -> dict:
    """Create the archive file with n articles; returns build timings."""
    from models.db import make_engine, upgrade

    if db_path.exists():
        raise FileExistsError(f"{db_path} exists")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    now = _ts(datetime.now(UTC))
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO crawl_runs (id, started_at, finished_at, sites, status, pages_fetched, articles_new, "
        "articles_unchanged, articles_changed, articles_duplicate, pages_failed, articles_undated, health) "
        "VALUES (1, ?, ?, '[]', 'succeeded', 0, 0, 0, 0, 0, 0, 0, 'ok')",
        (now, now),
    )
    sites = [(1, "npc", "中国人大网", None, None)] + [
        (i + 2, slug, f"{name}人大", name, code) for i, (name, code, slug) in enumerate(PROVINCES)
    ]
    conn.executemany(
        "INSERT INTO sites (id, slug, name, province, region_code, domains, official, created_at) "
        "VALUES (?, ?, ?, ?, ?, '[]', 1, ?)",
        [(*s, now) for s in sites],
    )
    conn.execute("COMMIT")
    sql = f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    jobs = [(s, min(chunk, n - s), seed) for s in range(0, n, chunk)]
    clusters: dict[int, int] = {}
    done = 0
    with multiprocessing.get_context("fork").Pool(workers, initializer=_init, initargs=(str(bench_dir),)) as pool:
        for rows in _bounded(pool, jobs, window=workers + 1):
            conn.execute("BEGIN")
            batch = []
            for row, cluster_of in rows:
                row = list(row)
                if cluster_of is not None:
                    # cluster_of names the original article: both join the cluster named after it.
                    clusters.setdefault(cluster_of, 0)
                    clusters[cluster_of] += 1
                    row[COLUMNS.index("cluster_id")] = cluster_of
                batch.append(row)
            needed = {r[COLUMNS.index("cluster_id")] for r in batch if r[COLUMNS.index("cluster_id")]}
            conn.executemany(
                "INSERT OR IGNORE INTO clusters (id, canonical_id, size, created_at, updated_at) "
                "VALUES (?, ?, 0, ?, ?)",
                [(c, c, now, now) for c in needed],
            )
            conn.executemany(sql, batch)
            conn.executemany(
                "UPDATE articles SET cluster_id = ? WHERE id = ? AND cluster_id IS NULL", [(c, c) for c in needed]
            )
            conn.execute("COMMIT")
            done += len(rows)
            if done % 100_000 < chunk:
                log(f"  {done:>9,} articles  {time.perf_counter() - t0:7.0f} s")
    t_rows = time.perf_counter() - t0
    conn.execute("BEGIN")
    conn.execute("UPDATE clusters SET size = (SELECT count(*) FROM articles WHERE cluster_id = clusters.id)")
    conn.execute("COMMIT")
    t_opt = time.perf_counter()
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    total = time.perf_counter() - t0
    return {
        "articles": n,
        "rows_seconds": round(t_rows, 1),
        "optimize_seconds": round(total - (t_opt - t0), 1),
        "total_seconds": round(total, 1),
        "bytes": db_path.stat().st_size,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench_dir", type=Path)
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args(argv)
    stats = build(a.bench_dir, a.db, a.n, a.seed, a.workers)
    a.db.with_suffix(".build.json").write_text(json.dumps(stats))
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def loadavg() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def write_report(md: Path, results_dir: Path) -> None:
    """docs/bench/access.md from the latest search and export results (either may be missing)."""

    def load(name: str) -> dict | None:
        p = results_dir / name
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None

    s, e = load("search-results.json"), load("export-results.json")
    out = [
        "# Access benchmarks: search and export on 1,000,000 articles",
        "",
        "Synthetic archive made at run time by `benchmarks/corpus.py` from the sentences of the real texts in",
        "`../shared/bench` (recombined, never copied), bulk-inserted into SQLite through the project's schema",
        "(the full-text index filled by its own triggers). Figures are wall-clock times on a shared machine;",
        "the load average (1 / 5 / 15 min) is given with each run.",
        "",
    ]
    if s:
        b = s.get("build") or {}
        out += [
            "## Search (SQLite)",
            "",
            f"- date: {s['date']}; command: `{s['command']}`",
            f"- machine: {s['machine']}; load after the run: {s['load_after']}",
            f"- archive: {s['articles']:,} articles, {s['db_bytes'] / 1e9:.1f} GB"
            + (
                f"; built in {b['total_seconds']:.0f} s ({b['rows_seconds']:.0f} s rows + index, "
                f"{b['optimize_seconds']:.0f} s optimize / analyze) by `python benchmarks/corpus.py "
                "../shared/bench --db data/bench/access-1m.db` (bulk insert, not the crawler; 2 worker "
                "processes, partly while other jobs loaded the machine)"
                if b
                else ""
            ),
            f"- {s['queries']} typical queries (words of 2-4 characters, quoted phrases, traditional characters,",
            "  AND / OR / NOT, filters on site / province / region code / dates, date order); limit 20, hits",
            "  loaded with snippets; one warm-up pass, then one timed pass",
            "",
            "| | queries | p50 | p95 | max |",
            "|---|---:|---:|---:|---:|",
            f"| ours: FTS5 bigram index (bm25 up to 20,000 matches) | {s['queries']} | {s['p50_ms']} ms | {s['p95_ms']} ms | "
            f"{s['max_ms']} ms |",
            f"| ours, on the LIKE sample | {s['like_queries']} | {s['ours_on_like_sample_p50_ms']} ms | "
            f"{s['ours_on_like_sample_p95_ms']} ms | |",
            f"| plain LIKE '%term%' scan (the old search) | {s['like_queries']} | {s['like_p50_ms']} ms | "
            f"{s['like_p95_ms']} ms | {max(r['ms'] for r in s['like_rows'])} ms |",
            "",
            f"Target p95 <= 100 ms: {'met' if s['p95_ms'] <= 100 else 'NOT met'}. "
            f"{s['approximate']} of the {s['queries']} queries matched more than 20,000 articles: bm25 would",
            "first count every match of every phrase (its IDF), so relevance is then simplified: among the",
            "20,000 most recently archived matches those with the query in the title come first, then the others,",
            "then older matches, newest archived first (date order and the set of matches stay exact).",
            "",
            "The LIKE baseline is `search` as it was before the index: `title LIKE '%term%' OR body_normalized",
            "LIKE '%term%'` per term, newest first, 20 rows. It is quick when the words are frequent (it stops at",
            "the first 20 hits walking the date index) and reads the whole table (about 1 s here) when they are",
            "rare. The synthetic corpus repeats each of its ~8,200 sentences about 2,800 times, so few queries",
            "are really rare; in a real archive more are, and the LIKE scan grows with the archive, the index",
            "does not. It has no ranking.",
            "",
            "Median by kind of query: " + ", ".join(f"{k} {v} ms" for k, v in s["by_kind"].items()) + ".",
            "",
        ]
    if e:
        out += [
            "## Export (SQLite)",
            "",
            f"- date: {e['date']}; command: `{e['command']}`",
            f"- machine: {e['machine']}",
            "",
            "| output | rows | seconds | rows/s | CPU s | peak RSS | size | load after |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in e["runs"].values():
            out.append(
                f"| `rdarchive {r['command']}` | {r['rows']:,} | {r['seconds']} | {r['rows_per_second'] or 0:,} | "
                f"{r.get('cpu_seconds', '')} | {r['peak_rss_mb']} MB | {r['bytes'] / 1e9:.2f} GB | "
                f"{r.get('load_after', '')} |"
            )
        j = e["runs"].get("jsonl", {})
        out += [
            "",
            f"Targets >= 20,000 rows/s and peak RSS <= 250 MB (JSONL): rows/s "
            f"{'met' if (j.get('rows_per_second') or 0) >= 20000 else 'NOT met'}, RSS "
            f"{'met' if j.get('peak_rss_mb', 1e9) <= 250 else 'NOT met'}. Rows per second are measured on the",
            "child process's wall time, start-up included; peak RSS is the child's ru_maxrss. Every line has",
            "every field, body and normalised body included (about 7 KB). The last row is an incremental",
            "`--since-last` export right after a full one under the same cursor (nothing new).",
            "",
        ]
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text("\n".join(out), encoding="utf-8")

"""Search latency on a 1,000,000-article archive: our FTS index vs a plain LIKE scan.

    .venv/bin/python benchmarks/search.py BENCH_DIR [--db data/bench/access-1m.db] [--n 1000000]
        [--queries 100] [--like-every 5] [--seed 11] [--md docs/bench/access.md]

Without the database file it is built first (benchmarks/corpus.py: sentences
of the real texts in BENCH_DIR recombined at run time; bulk insert, not the
crawler); the build time is reported apart. Then 100 typical queries, made
from a seeded RNG (congress vocabulary of our own, words and phrases cut from
the corpus sentences, traditional-character forms, AND / OR / NOT, filters on
site, province and dates, date order), run through `rdarchive.search.search_page`
(the code path of `rdarchive search`: match, rank, load the 20 hits, snippets)
once to warm the caches and once timed. Every fifth query (--like-every) also
runs as the old implementation: a LIKE '%term%' scan over title and
normalised body with the same filters, newest first, 20 rows (once to warm,
once timed). p50 / p95 of both go to stdout, data/bench/search-results.json
and docs/bench/access.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

# Our own congress vocabulary (what people look for in a 人大 archive).
WORDS_2 = [
    "人大",
    "代表",
    "会议",
    "立法",
    "监督",
    "审议",
    "条例",
    "调研",
    "视察",
    "预算",
    "选举",
    "任免",
    "议案",
    "建议",
    "财政",
    "教育",
    "医疗",
    "养老",
    "就业",
    "法治",
    "环境",
    "农村",
    "改革",
    "民生",
    "经济",
    "文化",
]
WORDS_LONG = [
    "常委会",
    "人大代表",
    "执法检查",
    "乡村振兴",
    "生态环境",
    "主任会议",
    "座谈会",
    "人民代表大会",
    "基层立法联系点",
    "全过程人民民主",
    "营商环境",
    "食品安全",
    "安全生产",
    "知识产权",
    "专题调研",
    "新时代人大工作",
    "审议意见",
    "工作报告",
]
PROVINCES = ["湖南", "广东", "四川", "浙江", "北京", "新疆", "云南", "江苏"]


def _filters(rng: random.Random) -> dict:
    kind = rng.choice(["site", "province", "dates", "site+dates", "region-code"])
    f: dict = {}
    if "site" in kind:
        f["site"] = [rng.choice(corpus.PROVINCES)[2]]
    if kind == "province":
        f["province"] = rng.choice(PROVINCES)
    if kind == "region-code":
        f["region"] = rng.choice(corpus.PROVINCES)[1][:2]
    if "dates" in kind:
        y = rng.randint(2015, 2024)
        f["date_from"], f["date_to"] = f"{y}-{rng.randint(1, 12):02d}-01", f"{y + rng.randint(0, 1)}-12-31"
    return f


def make_queries(sentences: list[str], n: int, seed: int) -> list[dict]:
    """n typical queries: (kind, query, filters, sort)."""
    import opencc

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    cjk = re.compile(r"[\u4e00-\u9fff]{6,}")
    runs = [m.group() for s in sentences for m in cjk.finditer(s)]

    def cut(k: int) -> str:
        r = rng.choice(runs)
        while len(r) < k:
            r = rng.choice(runs)
        i = rng.randrange(len(r) - k + 1)
        return r[i : i + k]

    def word() -> str:
        roll = rng.random()
        return (
            rng.choice(WORDS_2) if roll < 0.4 else rng.choice(WORDS_LONG) if roll < 0.7 else cut(rng.choice((2, 3, 4)))
        )

    plan = (
        ["word2"] * 20
        + ["word"] * 15
        + ["phrase"] * 10
        + ["traditional"] * 5
        + ["and"] * 10
        + ["or"] * 5
        + ["not"] * 5
        + ["filtered"] * 15
        + ["date"] * 15
    )
    plan = (plan * (n // len(plan) + 1))[:n]
    out = []
    for kind in plan:
        filters: dict = {}
        sort = "relevance"
        if kind == "word2":
            q = rng.choice(WORDS_2) if rng.random() < 0.6 else cut(2)
        elif kind == "word":
            q = rng.choice(WORDS_LONG) if rng.random() < 0.5 else cut(rng.choice((3, 4)))
        elif kind == "phrase":
            q = f'"{cut(rng.randint(5, 8))}"'
        elif kind == "traditional":
            q = s2t.convert(rng.choice(WORDS_LONG + WORDS_2))
        elif kind == "and":
            q = f"{word()} {word()}" if rng.random() < 0.5 else f"{word()} AND {word()}"
        elif kind == "or":
            q = f"{word()} OR {word()}"
        elif kind == "not":
            q = f"{word()} NOT {word()}"
        elif kind == "filtered":
            q, filters = word(), _filters(rng)
        else:
            q, sort = word(), "date"
            if rng.random() < 0.4:
                filters = _filters(rng)
        out.append({"kind": kind, "query": q, "filters": filters, "sort": sort})
    return out


def to_filters(d: dict):
    from rdarchive.search import Filters, parse_when

    f = Filters(site=list(d.get("site", [])), province=d.get("province"), region=d.get("region"))
    if d.get("date_from"):
        f.date_from = parse_when(d["date_from"])
    if d.get("date_to"):
        f.date_to = parse_when(d["date_to"], end=True)
    return f


def like_search(sessions, q: dict, limit: int = 20) -> list[int]:
    """The old `rdarchive search`: LIKE '%term%' on title and normalised body, newest first."""
    from sqlalchemy import and_, not_, or_, select

    from models.fulltext import And, Or, Term, parse_query
    from models.tables import Article
    from rdarchive.search import _escape_like, filter_conditions

    def cond(node):
        if isinstance(node, Term):
            pat = f"%{_escape_like(node.text)}%"
            return or_(Article.title.like(pat, escape="\\"), Article.body_normalized.like(pat, escape="\\"))
        if isinstance(node, Or):
            return or_(*(cond(c) for c in node.children))
        assert isinstance(node, And)
        return and_(*(cond(c) for c in node.positive), *(not_(cond(c)) for c in node.negative))

    f = to_filters(q["filters"])
    with sessions() as s:
        from models.tables import Site

        if f.site:
            f.site = list(s.scalars(select(Site.slug).where(Site.slug.in_(f.site))))
        stmt = (
            select(Article.id)
            .where(cond(parse_query(q["query"])), *filter_conditions(f))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(limit)
        )
        return list(s.scalars(stmt))


def pct(values: list[float], p: float) -> float:
    vs = sorted(values)
    k = (len(vs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(vs) - 1)
    return vs[lo] + (vs[hi] - vs[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench_dir", type=Path)
    p.add_argument("--db", type=Path, default=ROOT / "data" / "bench" / "access-1m.db")
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=100)
    p.add_argument("--like-every", type=int, default=5)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--md", type=Path, default=ROOT / "docs" / "bench" / "access.md")
    p.add_argument("--json", type=Path, default=ROOT / "data" / "bench" / "search-results.json")
    a = p.parse_args(argv)

    from models.db import open_archive
    from rdarchive.search import search_page

    build = None
    if not a.db.exists():
        print(f"building {a.n:,} articles into {a.db} ...", flush=True)
        build = corpus.build(a.bench_dir, a.db, a.n)
        print(f"built in {build['total_seconds']:.0f} s ({build['bytes'] / 1e9:.1f} GB)", flush=True)
        a.db.with_suffix(".build.json").write_text(json.dumps(build))
    else:
        build_file = a.db.with_suffix(".build.json")
        build = json.loads(build_file.read_text()) if build_file.exists() else None
    _, sessions = open_archive(f"sqlite:///{a.db}")
    with sessions() as s:
        from sqlalchemy import func, select

        from models.tables import Article

        articles = s.scalar(select(func.count()).select_from(Article))
    queries = make_queries(corpus.read_sentences(a.bench_dir), a.queries, a.seed)
    print(f"{articles:,} articles; {len(queries)} queries; load {corpus.loadavg()}", flush=True)

    def ours(q):
        hits, page = search_page(sessions, q["query"], filters=to_filters(q["filters"]), sort=q["sort"], limit=20)
        return hits, page

    for q in queries:  # warm-up pass
        ours(q)
    rows = []
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        hits, page = ours(q)
        ms = (time.perf_counter() - t0) * 1000
        row = {**q, "ms": round(ms, 2), "hits": len(hits), "matches": page.matches, "approximate": page.approximate}
        rows.append(row)
        print(
            f"{i:3} {q['kind']:11} {ms:8.1f} ms  {page.matches:>6}{'+' if page.approximate else ' '} "
            f"{q['sort'][:3]} {q['query']} {q['filters'] or ''}",
            flush=True,
        )
    like_rows = []
    sample = [r for i, r in enumerate(rows) if i % a.like_every == 0]
    print(f"LIKE baseline on {len(sample)} of the queries ...", flush=True)
    for r in sample:
        like_search(sessions, r)  # warm
        t0 = time.perf_counter()
        found = like_search(sessions, r)
        ms = (time.perf_counter() - t0) * 1000
        like_rows.append(
            {"query": r["query"], "filters": r["filters"], "ms": round(ms, 1), "hits": len(found), "ours_ms": r["ms"]}
        )
        print(f"    LIKE {ms:9.1f} ms (ours {r['ms']:6.1f})  {r['query']} {r['filters'] or ''}", flush=True)

    ms = [r["ms"] for r in rows]
    sample_ours = [r["ours_ms"] for r in like_rows]
    like_ms = [r["ms"] for r in like_rows]
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python " + " ".join([Path(sys.argv[0]).as_posix(), *(argv or sys.argv[1:])]),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}",
        "load_after": corpus.loadavg(),
        "articles": articles,
        "db_bytes": a.db.stat().st_size,
        "build": build,
        "queries": len(rows),
        "p50_ms": round(pct(ms, 50), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "approximate": sum(r["approximate"] for r in rows),
        "like_queries": len(like_rows),
        "like_p50_ms": round(pct(like_ms, 50), 1),
        "like_p95_ms": round(pct(like_ms, 95), 1),
        "ours_on_like_sample_p50_ms": round(pct(sample_ours, 50), 1),
        "ours_on_like_sample_p95_ms": round(pct(sample_ours, 95), 1),
        "by_kind": {
            k: round(statistics.median(r["ms"] for r in rows if r["kind"] == k), 1)
            for k in dict.fromkeys(r["kind"] for r in rows)
        },
        "rows": rows,
        "like_rows": like_rows,
    }
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"\nours: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms over {len(rows)} queries "
        f"(target p95 <= 100 ms)\nLIKE: p50 {result['like_p50_ms']} ms, p95 {result['like_p95_ms']} ms over "
        f"{len(like_rows)} queries (ours on the same: p50 {result['ours_on_like_sample_p50_ms']}, "
        f"p95 {result['ours_on_like_sample_p95_ms']})"
    )
    corpus.write_report(a.md, a.json.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())

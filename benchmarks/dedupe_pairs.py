"""Near-duplicate pair benchmark: labelled pairs built at run time, stored through the real archive.

    .venv/bin/python benchmarks/dedupe_pairs.py BENCH_DIR [--sites DIR] [--seed N] [--db URL] [--json OUT]

BENCH_DIR holds `manifest.tsv` and truth JSON files with `content` (e.g.
../shared/bench). The texts are read from there at run time and never copied
into the project. Texts shorter than --min-chars (200) non-space characters
are skipped (the count is printed).

For every remaining text the benchmark builds an original (with a byline
block) and three copies that must end in its cluster:

    mirror     traditional characters with pinyin notes (動態(tài) 網(wǎng) 會(huì)), plus
               a line of the mirror site's own
    rebyline   another byline block and another first paragraph (lead)
    shortened  about 10% of the text dropped (the tail or scattered sentences)

and lookalikes that must not:

    stock      two different articles of one site sharing its stock opening,
               closing, template paragraph and byline block (all pairs per site)
    law        two law-like texts made of different texts' sentences under the
               shared chapter headings 总则 / 法律责任 / 附则 and boilerplate articles
    random     random pairs of items made from different texts

Every item is saved through `ArchiveStore.save` (exact dedupe + the
near-duplicate index) into a fresh temporary SQLite archive, or into --db
(which must hold no article yet), in a seeded random order. A pair is
predicted a duplicate iff both articles end in the same cluster
(`articles.cluster_id` equal and not null). `copy↔copy` (two copies of one
original) is reported but not part of the target.

A second, harder set (benchmarks/hard_pairs.py) is built from the real texts
of BENCH_DIR and of the sites directory beside it (--sites, default
BENCH_DIR/../sites: pages_texts.md and the NPC pages), with titles and
realistic publish dates: copies by lead rewrite, byline swap, trimming
10-30%, script conversion with pinyin notes and inserted picture
placeholders; lookalikes by template news (session numbers, dates, names and
one paragraph changed) and by pairing real texts of one channel. It is stored
into a temporary SQLite archive of its own (or --hard-db).

Per type: pairs and how many the archive put in one cluster; recall for the
positive types, false merges for the negative ones. Overall precision =
TP / (TP + FP) and recall = TP / positives over the labelled pairs; the
"all cross-text pairs" line counts every pair of stored items made from
different texts that shares a cluster.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from benchmarks import hard_pairs as hard  # noqa: E402
from benchmarks import synthetic as syn  # noqa: E402
from core.article import Byline, ParsedArticle  # noqa: E402
from core.page import Page  # noqa: E402
from core.site import SiteRecord  # noqa: E402
from models.db import open_archive  # noqa: E402
from models.store import ArchiveStore  # noqa: E402
from models.tables import Article  # noqa: E402
from pipelines import neardup  # noqa: E402
from pipelines.stages import fingerprint_stage  # noqa: E402
from pipelines.textnorm import content_hash, normalize_text  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
POSITIVE = ("mirror", "rebyline", "shortened")
NEGATIVE = ("stock", "law", "random")
EXTRA = ("copy↔copy",)
STOCK_SITES = tuple(syn.SITE_STOCK)

SITES = {
    "origin": SiteRecord(slug="bench-origin", name="原发站", province=None, region_code=None, domains=["origin.bench"]),
    "mirror": SiteRecord(
        slug="bench-mirror",
        name="繁体镜像站",
        province=None,
        region_code=None,
        domains=["mirror.bench"],
        official=False,
    ),
    "repost": SiteRecord(slug="bench-repost", name="转载站", province=None, region_code=None, domains=["repost.bench"]),
    "law": SiteRecord(slug="bench-law", name="法规库", province=None, region_code=None, domains=["law.bench"]),
    **{
        s: SiteRecord(
            slug=f"bench-{s}", name=f"人大网{s[-1].upper()}", province=None, region_code=None, domains=[f"{s}.bench"]
        )
        for s in STOCK_SITES
    },
    # The harder set's sites.
    "notice": SiteRecord(
        slug="hard-notice", name="人大常委会网站", province=None, region_code=None, domains=["notice.hard"]
    ),
}


@dataclass
class Item:
    url: str
    site: str
    kind: str
    sources: frozenset[str]
    paras: list[str]
    day: int = 0

    @property
    def title(self) -> str:
        return f"{self.kind} {self.url}"

    @property
    def published(self) -> datetime:
        return datetime(2024, 1, 1, 9, 0, tzinfo=SH) + timedelta(days=self.day)


@dataclass
class Pair:
    a: str
    b: str
    type: str

    @property
    def positive(self) -> bool:
        return self.type not in NEGATIVE


@dataclass
class Built:
    items: list[Item]
    pairs: list[Pair]
    kept: int
    skipped: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ building
def build(
    texts: list[syn.BenchText],
    seed: int,
    min_chars: int = syn.MIN_CHARS,
    random_pairs: int = 3000,
    pinyin_rate: float = 0.15,
) -> Built:
    """Items and labelled pairs, deterministic for the seed."""
    rng = random.Random(seed)
    kept, skipped = syn.meaningful(texts, min_chars)
    items: list[Item] = []
    pairs: list[Pair] = []
    for n, t in enumerate(kept):
        src = frozenset([t.key])
        paras = syn.paragraphs(t.content)
        head, foot = syn.byline_block(rng)
        other = kept[(n + 1 + rng.randrange(len(kept) - 1)) % len(kept)] if len(kept) > 1 else t
        orig = Item(f"http://origin.bench/{n}.html", "origin", "original", src, [*head, *paras, *foot])
        copies = [
            Item(
                f"http://mirror.bench/{n}.html",
                "mirror",
                "mirror",
                src,
                [*syn.mirror(orig.paras, rng, pinyin_rate), syn.mirror_line(rng)],
            ),
            Item(
                f"http://repost.bench/rebyline/{n}.html",
                "repost",
                "rebyline",
                src,
                syn.rebyline(paras, rng, syn.all_sentences(other.content)),
            ),
            Item(
                f"http://repost.bench/short/{n}.html",
                "repost",
                "shortened",
                src,
                [*head, *syn.shorten(paras, rng), *foot],
            ),
        ]
        items += [orig, *copies]
        pairs += [Pair(orig.url, c.url, c.kind) for c in copies]
        pairs += [Pair(a.url, b.url, "copy↔copy") for a, b in itertools.combinations(copies, 2)]

    # Stock: each site's articles share its opening, closing, template paragraph, byline.
    order = list(range(len(kept)))
    rng.shuffle(order)
    by_site: dict[str, list[Item]] = defaultdict(list)
    for pos, n in enumerate(order):
        site = STOCK_SITES[pos % len(STOCK_SITES)]
        t = kept[n]
        it = Item(
            f"http://{site}.bench/{n}.html",
            site,
            "stock",
            frozenset([t.key]),
            syn.stock_article(t.content, site, rng, rng.randint(300, 1200)),
        )
        by_site[site].append(it)
        items.append(it)
    for site_items in by_site.values():
        pairs += [Pair(a.url, b.url, "stock") for a, b in itertools.combinations(site_items, 2)]

    # Laws: shared chapter headings and boilerplate articles, different texts' sentences.
    laws = [
        Item(f"http://law.bench/{n}.html", "law", "law", frozenset([t.key]), syn.law_text(t.content, rng))
        for n, t in enumerate(kept)
    ]
    items += laws
    pairs += [Pair(a.url, b.url, "law") for a, b in itertools.combinations(laws, 2)]

    # Random pairs of items made from different texts.
    labelled = {frozenset((p.a, p.b)) for p in pairs}
    tries = 0
    chosen: set[frozenset[str]] = set()
    while len(chosen) < random_pairs and tries < random_pairs * 20:
        tries += 1
        a, b = rng.sample(items, 2)
        key = frozenset((a.url, b.url))
        if a.sources & b.sources or key in labelled or key in chosen:
            continue
        chosen.add(key)
        pairs.append(Pair(a.url, b.url, "random"))

    for it in items:
        it.day = rng.randrange(365)
    rng.shuffle(items)
    return Built(items, pairs, len(kept), [t.key for t in skipped])


def parsed(item: Item | hard.HardItem) -> ParsedArticle:
    text = syn.body(item.paras)
    art = ParsedArticle(
        page=Page(url=item.url, html="", site=SITES[item.site].slug),
        title=item.title,
        body=text,
        body_normalized=normalize_text(text),
        byline=Byline(),
        published_at=item.published,
    )
    art.content_hash = content_hash(art.body_normalized)
    return fingerprint_stage(art)


# ------------------------------------------------------------------- storing
def store(items: list[Item] | list[hard.HardItem], db_url: str) -> tuple[dict[str, int | None], Counter, float]:
    """Save every item through ArchiveStore.save; (url -> cluster_id, outcomes, seconds)."""
    _, sessions = open_archive(db_url)
    with sessions() as s:
        if s.scalar(select(func.count()).select_from(Article)):
            raise SystemExit(f"{db_url} already holds articles: the pair benchmark needs an empty archive")
    archive = ArchiveStore(sessions)
    site_ids = {k: archive.ensure_site(rec) for k, rec in SITES.items()}
    run = archive.start_run(["dedupe-bench"])
    outcomes: Counter = Counter()
    t0 = time.perf_counter()
    for it in items:
        outcomes[archive.save(parsed(it), site_ids[it.site], run)] += 1
    seconds = time.perf_counter() - t0
    archive.finish_run(run, "succeeded")
    with sessions() as s:
        clusters = dict(s.execute(select(Article.url, Article.cluster_id)).all())
    sessions.kw["bind"].dispose()
    return clusters, outcomes, seconds


# ---------------------------------------------------------------- evaluating
def same_cluster(clusters: dict[str, int | None], a: str, b: str) -> bool:
    ca, cb = clusters.get(a), clusters.get(b)
    return ca is not None and ca == cb


def evaluate(built: Built, clusters: dict[str, int | None]) -> dict:
    story = {it.url: next(iter(it.sources)) for it in built.items}
    return score(built.pairs, clusters, story, POSITIVE, NEGATIVE, EXTRA)


def score(
    pairs: list[Pair] | list[hard.HardPair],
    clusters: dict[str, int | None],
    story: dict[str, str],
    positive: tuple[str, ...],
    negative: tuple[str, ...],
    extra: tuple[str, ...] = (),
) -> dict:
    """Per-type and overall figures of labelled pairs; `story`: url -> the story its text tells."""
    per: dict[str, Counter] = defaultdict(Counter)
    failures = []
    for p in pairs:
        hit = same_cluster(clusters, p.a, p.b)
        per[p.type]["pairs"] += 1
        per[p.type]["same_cluster"] += hit
        if hit != (p.type not in negative):
            failures.append(p)
    tp = sum(per[t]["same_cluster"] for t in positive)
    pos = sum(per[t]["pairs"] for t in positive)
    fp = sum(per[t]["same_cluster"] for t in negative)
    types = {}
    for t in (*positive, *negative, *extra):
        c = per.get(t, Counter())
        row = {
            "label": "dup" if t not in negative else "not dup",
            "pairs": c["pairs"],
            "same_cluster": c["same_cluster"],
        }
        if t in negative:
            row["false_merges"] = c["same_cluster"]
            # Precision of all positive predictions against this family of lookalikes alone.
            row["precision"] = tp / (tp + c["same_cluster"]) if tp + c["same_cluster"] else 1.0
        else:
            row["recall"] = c["same_cluster"] / c["pairs"] if c["pairs"] else None
        types[t] = row
    # Every pair of items telling different stories that the archive put in one cluster.
    by_cluster: dict[int, list[str]] = defaultdict(list)
    for url, cid in clusters.items():
        if cid is not None and url in story:
            by_cluster[cid].append(url)
    cross_merged = sum(
        1 for members in by_cluster.values() for a, b in itertools.combinations(members, 2) if story[a] != story[b]
    )
    n = len(story)
    cross_total = n * (n - 1) // 2 - sum(c * (c - 1) // 2 for c in Counter(story.values()).values())
    return {
        "types": types,
        "overall": {
            "tp": tp,
            "positives": pos,
            "fp": fp,
            "negatives": sum(per[t]["pairs"] for t in negative),
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / pos if pos else 0.0,
        },
        "cross_text": {"pairs": cross_total, "same_cluster": cross_merged},
        "clusters": len(by_cluster),
        "failures": failures,
    }


def diagnose(by_url: dict, pair: Pair | hard.HardPair) -> dict:
    """Why a pair went wrong: true shingle Jaccard, signature estimate, shared LSH bands."""
    na, nb = (normalize_text(syn.body(by_url[u].paras)) for u in (pair.a, pair.b))
    sa, sb = set(neardup.shingles(na)), set(neardup.shingles(nb))
    siga, sigb = neardup.signature(na), neardup.signature(nb)
    bands = sum(x == y for x, y in zip(neardup.lsh_keys(siga), neardup.lsh_keys(sigb))) if siga and sigb else 0
    return {
        "type": pair.type,
        "a": pair.a,
        "b": pair.b,
        "chars": (len(na), len(nb)),
        "jaccard": round(len(sa & sb) / len(sa | sb), 3) if sa | sb else 0.0,
        "estimate": round(neardup.similarity(siga, sigb), 3) if siga and sigb else None,
        "shared_bands": bands,
    }


def run(
    bench_dir: str,
    seed: int = 1,
    db_url: str | None = None,
    min_chars: int = syn.MIN_CHARS,
    random_pairs: int = 3000,
    pinyin_rate: float = 0.15,
) -> dict:
    texts = syn.read_bench(bench_dir)
    built = build(texts, seed, min_chars, random_pairs, pinyin_rate)
    with tempfile.TemporaryDirectory(prefix="dedupe-pairs-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'archive.db'}"
        clusters, outcomes, seconds = store(built.items, url)
    result = evaluate(built, clusters)
    # Copies whose normalised text is exactly the original's (exact dedupe alone would catch them).
    by_url = {it.url: it for it in built.items}
    norm = {}

    def normalised(url: str) -> str:
        if url not in norm:
            norm[url] = content_hash(normalize_text(syn.body(by_url[url].paras)))
        return norm[url]

    result["exact_copies"] = {
        t: sum(normalised(p.a) == normalised(p.b) for p in built.pairs if p.type == t) for t in POSITIVE
    }
    result.update(
        texts=len(texts),
        kept=built.kept,
        skipped=len(built.skipped),
        min_chars=min_chars,
        items=len(built.items),
        outcomes=dict(outcomes),
        store_seconds=round(seconds, 1),
        seed=seed,
        db="sqlite (temporary)" if db_url is None else db_url.split("://")[0],
    )
    result["diagnosis"] = [diagnose(by_url, p) for p in result.pop("failures")]
    return result


def run_hard(
    bench_dir: str,
    sites_dir: str | None = None,
    seed: int = 1,
    db_url: str | None = None,
    min_chars: int = syn.MIN_CHARS,
    random_pairs: int = 3000,
) -> dict:
    """The harder set (benchmarks/hard_pairs.py) stored into its own archive and scored."""
    texts = hard.read_real_texts(bench_dir, sites_dir)
    built = hard.build(texts, seed, min_chars, random_pairs)
    with tempfile.TemporaryDirectory(prefix="dedupe-hard-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'archive.db'}"
        clusters, outcomes, seconds = store(built.items, url)
    story = {it.url: it.story for it in built.items}
    result = score(built.pairs, clusters, story, hard.POSITIVE, hard.NEGATIVE)
    by_url = {it.url: it for it in built.items}
    # How hard the lookalikes are: pairs whose texts alone pass the near-duplicate threshold.
    sigs = {url: neardup.signature(normalize_text(syn.body(it.paras))) for url, it in by_url.items()}
    result["similar_by_text"] = {
        t: sum(
            1
            for p in built.pairs
            if p.type == t and sigs[p.a] and sigs[p.b] and neardup.similarity(sigs[p.a], sigs[p.b]) >= neardup.THRESHOLD
        )
        for t in hard.NEGATIVE
    }
    result.update(
        texts=built.texts,
        used=built.used,
        items=len(built.items),
        outcomes=dict(outcomes),
        store_seconds=round(seconds, 1),
        seed=seed,
        db="sqlite (temporary)" if db_url is None else db_url.split("://")[0],
    )
    result["diagnosis"] = [diagnose(by_url, p) for p in result.pop("failures")]
    return result


TARGET_PRECISION, TARGET_RECALL = 0.98, 0.97


def _table(r: dict) -> list[str]:
    out = [f"{'type':<11} {'label':<8} {'pairs':>6} {'same cluster':>13} {'recall':>7} {'precision':>10}"]
    for t, row in r["types"].items():
        rec = f"{row['recall']:.3f}" if row.get("recall") is not None else "-"
        prec = f"{row['precision']:.3f}" if "precision" in row else "-"
        out.append(f"{t:<11} {row['label']:<8} {row['pairs']:>6} {row['same_cluster']:>13} {rec:>7} {prec:>10}")
    o = r["overall"]
    out += [
        f"{'overall':<11} {'':<8} {o['positives'] + o['negatives']:>6} {o['tp'] + o['fp']:>13} "
        f"{o['recall']:>7.3f} {o['precision']:>10.3f}",
        "",
        f"precision {o['precision']:.3f}  recall {o['recall']:.3f}  (TP {o['tp']} / {o['positives']} positives, "
        f"FP {o['fp']} / {o['negatives']} negatives; target precision >= {TARGET_PRECISION}, "
        f"recall >= {TARGET_RECALL})",
        f"all cross-story pairs: {r['cross_text']['same_cluster']} of {r['cross_text']['pairs']} share a cluster",
    ]
    return out


def _wrong(r: dict, show: int) -> list[str]:
    diag = r["diagnosis"]
    if not diag:
        return []
    out = [
        "",
        f"wrong pairs: {len(diag)} (showing {min(show, len(diag))}; jaccard = true 5-shingle "
        f"Jaccard, estimate = MinHash, bands = shared LSH bands of {neardup.BANDS})",
    ]
    for d in sorted(diag, key=lambda d: (d["type"], d["jaccard"]))[:show]:
        out.append(
            f"  {d['type']:<10} jaccard {d['jaccard']:.3f} estimate {d['estimate']} bands "
            f"{d['shared_bands']:>2} chars {d['chars']} {d['a']} {d['b']}"
        )
    return out


def report(r: dict, show: int = 10) -> str:
    out = [
        f"texts: {r['texts']} read, {r['kept']} used, {r['skipped']} skipped (< {r['min_chars']} chars)",
        f"items stored: {r['items']} through ArchiveStore.save into {r['db']} in {r['store_seconds']} s "
        f"({', '.join(f'{k} {v}' for k, v in sorted(r['outcomes'].items()))}); clusters: {r['clusters']}; seed {r['seed']}",
        "",
        *_table(r),
        "copies whose normalised text equals the original's exactly: "
        + ", ".join(f"{t} {n}/{r['types'][t]['pairs']}" for t, n in r["exact_copies"].items()),
        *_wrong(r, show),
    ]
    return "\n".join(out)


def report_hard(r: dict, show: int = 10) -> str:
    out = [
        f"harder set: {r['texts']} real texts read, {r['used']} used; {r['items']} items stored through "
        f"ArchiveStore.save into {r['db']} in {r['store_seconds']} s "
        f"({', '.join(f'{k} {v}' for k, v in sorted(r['outcomes'].items()))}); clusters: {r['clusters']}; seed {r['seed']}",
        "",
        *_table(r),
        "lookalikes whose texts alone pass the similarity threshold ("
        + f"{neardup.THRESHOLD}): "
        + ", ".join(f"{t} {n}/{r['types'][t]['pairs']}" for t, n in r["similar_by_text"].items()),
        *_wrong(r, show),
    ]
    return "\n".join(out)


def verdict(today: dict, harder: dict | None) -> str:
    """The last line: both sets against the targets."""
    parts = []
    ok = True
    for name, r in (("today", today), ("harder", harder)):
        if r is None:
            continue
        o = r["overall"]
        ok = ok and o["precision"] >= TARGET_PRECISION and o["recall"] >= TARGET_RECALL
        parts.append(f"{name} P={o['precision']:.3f} R={o['recall']:.3f}")
    return f"pairs {' '.join(parts)} target P>={TARGET_PRECISION} R>={TARGET_RECALL}: {'met' if ok else 'NOT met'}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench_dir")
    ap.add_argument("--sites", help="the real site texts (pages_texts.md, html/npc); default BENCH_DIR/../sites")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="archive URL holding no article yet (default: a temporary SQLite file)")
    ap.add_argument("--hard-db", help="another empty archive URL for the harder set (default: temporary SQLite)")
    ap.add_argument("--no-hard", action="store_true", help="today's set only")
    ap.add_argument("--min-chars", type=int, default=syn.MIN_CHARS)
    ap.add_argument("--random-pairs", type=int, default=3000)
    ap.add_argument("--pinyin-rate", type=float, default=0.15)
    ap.add_argument("--show", type=int, default=15, help="wrong pairs to print")
    ap.add_argument("--json", help="write the results as JSON here")
    args = ap.parse_args(argv)
    started = time.time()
    r = run(args.bench_dir, args.seed, args.db, args.min_chars, args.random_pairs, args.pinyin_rate)
    r["date"] = time.strftime("%Y-%m-%d %H:%M", time.localtime(started))
    r["machine"] = f"{platform.platform()}, python {platform.python_version()}"
    print(report(r, args.show))
    harder = None
    if not args.no_hard:
        harder = run_hard(args.bench_dir, args.sites, args.seed, args.hard_db, args.min_chars, args.random_pairs)
        r["harder"] = harder
        print()
        print(report_hard(harder, args.show))
    print()
    print(verdict(r, harder))
    if args.json:
        Path(args.json).write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Body-text, author and date extraction benchmark.

    .venv/bin/python benchmarks/extraction.py BENCH_DIR [--json OUT] [--limit N] [--rounds N]

BENCH_DIR holds `manifest.tsv` (tab-separated, header row, columns dataset, id,
language, html_path, truth_path, source_url, truth_format; paths relative to
BENCH_DIR). Each truth file is JSON with `content` and, where labelled,
`author` and `date` ("UNKNOWN" = the page has none).

Every page is decoded as the crawler decodes it (`pipelines.extract.decode_html`)
and run through the project's extraction (`pipelines.extract.extract_body`
with no selectors, i.e. the generic extractor) and through plain
`trafilatura.extract(html)` as the baseline.

Speed: CPU time of this thread (time.thread_time, so other processes on a
shared machine do not count), ours and the baseline interleaved page by page
with the order alternating, over --rounds rounds (default 3); each side's
figure is its median round. "stages" adds what a crawl runs on a page no
template knows: extract, clean and metadata (the byline and date finder).
The overfitting check splits each dataset's pages by the SHA-1 of their id
(alternating) into two halves and prints F1 for each.

Body metric: whitespace removed from both texts, each text's multiset of
character bigrams, overlap = size of the multiset intersection;
P = overlap / bigrams(extracted), R = overlap / bigrams(truth), F1 per page
(0 when nothing was extracted), means over pages.

Author/date: the crawl's own stages (`extract_stage`, `clean_stage`,
`metadata_stage`) on the page as a page without a site template, i.e. the
generic byline/date finder `pipelines.generic.meta`, on pages whose truth
labels them. Dates (`Article.published_at`) are compared as YYYY-MM-DD, at the
precision the truth gives (a truth of "2003-5" matches any day of May 2003);
authors as a set of names split on separators (exact match). A truth of
UNKNOWN expects no value.

Which field is "author": the set's annotator credits the writer, and the
editor only where a page credits no writer (5 pages: 编辑：山石, 责任编辑：魏喆 ...;
on all 8 pages that credit both, the truth names the writer alone). The data
model keeps them apart (`authors`, `editors`, `responsible_editors`), so the
headline author figure compares the truth with `authors`, or with the
credited editors when `authors` is empty; the figure for `authors` alone is
printed beside it.

Both scripts: the annotated pages are also run as a traditional-script copy
made here with OpenCC (s2t over the decoded page, byline labels included).
Authors and date are scored against the annotation in both scripts (names
compared in simplified form); source and editors have no annotation, so the
copy's reading, converted back, is compared with the page's own.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402
import trafilatura  # noqa: E402

from core.article import ParsedArticle  # noqa: E402
from core.errors import StageFailure  # noqa: E402
from core.page import Page  # noqa: E402
from pipelines import stages  # noqa: E402
from pipelines.extract import decode_html, extract_body  # noqa: E402
from pipelines.textnorm import to_simplified  # noqa: E402

_WS = re.compile(r"\s+")


# ---------------------------------------------------------------- body metric
def bigrams(text: str | None) -> Counter:
    s = _WS.sub("", text or "")
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def score(extracted: str | None, truth: str) -> tuple[float, float, float]:
    """(P, R, F1) of character-bigram overlap; all zero if nothing was extracted."""
    got, want = bigrams(extracted), bigrams(truth)
    n_got, n_want = sum(got.values()), sum(want.values())
    if not n_got or not n_want:
        return 0.0, 0.0, 0.0
    overlap = sum((got & want).values())
    p, r = overlap / n_got, overlap / n_want
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# ------------------------------------------------------------- author / date
_UNKNOWN = re.compile(r"^\s*unk", re.I)  # "UNKNOWN" (and the set's one "UNKNWON" typo)
_NAME_SEP = re.compile(r"[\s\u3000\xa0、，,/／;；|｜()（）]+")
_TRUTH_DATE = re.compile(r"^\s*((?:19|20)\d{2})(?:\s*[-/.年]\s*(\d{1,2}))?(?:\s*[-/.月]\s*(\d{1,2}))?")


def truth_authors(value: str) -> frozenset[str] | None:
    """Expected author names (empty set = no author); None if the page is not labelled."""
    if value is None or not value.strip():
        return None
    if _UNKNOWN.match(value):
        return frozenset()
    return frozenset(n for n in _NAME_SEP.split(value) if n)


def found_authors(names: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        out.update(n for n in _NAME_SEP.split(name) if n)
    return frozenset(out)


def truth_date(value: str) -> str | None | bool:
    """Expected date as YYYY[-MM[-DD]], "" for no date, None if unlabelled/unreadable."""
    if value is None or not value.strip():
        return None
    if _UNKNOWN.match(value):
        return ""
    m = _TRUTH_DATE.match(value)
    if not m:
        return None  # not a date (a mislabelled field): left out of the count
    y, mo, d = m.groups()
    return "-".join([y] + [f"{int(x):02d}" for x in (mo, d) if x])


def credited(article: ParsedArticle) -> list[str]:
    """The writers; where the page credits none, its editors (the annotator's convention)."""
    b = article.byline
    return list(b.authors) or list(b.editors) + list(b.responsible_editors)


def page_metadata(html: str, url: str) -> ParsedArticle:
    """Byline and date as a crawl stores them for this page when no site template knows it."""
    page = Page(url=url, html=html, site="bench")
    try:
        article = stages.clean_stage(stages.extract_stage(page))
    except StageFailure:
        article = ParsedArticle(page=page)  # no body: the finder still reads the page
    return stages.metadata_stage(article)


def date_matches(expected: str, published) -> bool:
    if expected == "":
        return published is None
    if published is None:
        return False
    return published.strftime("%Y-%m-%d").startswith(expected)


# ------------------------------------------------------ both scripts
def _simple(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(to_simplified(v) for v in value)
    return to_simplified(value) if isinstance(value, str) else value


BYLINE_FIELDS = ("source", "authors", "editors", "date")


def _fields(article: ParsedArticle) -> dict[str, Any]:
    b = article.byline
    return {
        "source": b.source,
        "authors": list(b.authors),
        "editors": list(b.editors) + list(b.responsible_editors),
        "date": article.published_at.strftime("%Y-%m-%d") if article.published_at else None,
    }


def byline_in_both_scripts(
    rows: list[dict[str, str]], pages: list[tuple[str, str, dict[str, Any]]], outputs: list[tuple[Any, Any, Any]]
) -> tuple[list[str], list[dict[str, Any]]]:
    """Byline fields of the annotated pages as printed and in a traditional-script copy.

    The copy is the decoded page converted with OpenCC (s2t, labels and all). Authors and
    date are scored against the annotation in both scripts; source and editors have no
    annotation, so the copy's reading (simplified back) is compared with the page's own."""
    s2t = opencc.OpenCC("s2t")
    ok: dict[str, list[int]] = {f"{f}/{k}": [] for f in ("authors", "date") for k in ("simplified", "traditional")}
    same: dict[str, list[int]] = {f: [] for f in BYLINE_FIELDS}
    recs: list[dict[str, Any]] = []
    for (html, url, truth), (_, _, article) in zip(pages, outputs):
        if "author" not in truth and "date" not in truth:
            recs.append({})
            continue
        copy = page_metadata(s2t.convert(html), url)
        readings = {"simplified": _fields(article), "traditional": _fields(copy)}
        trad_simple = {k: _simple(v) for k, v in readings["traditional"].items()}
        for name in BYLINE_FIELDS:
            same[name].append(int(trad_simple[name] == _simple(readings["simplified"][name])))
        want_a = truth_authors(truth.get("author"))
        want_a = frozenset(to_simplified(n) for n in want_a) if want_a is not None else None
        want_d = truth_date(truth.get("date"))
        for script, art in (("simplified", article), ("traditional", copy)):
            if want_a is not None:
                got = frozenset(to_simplified(n) for n in found_authors(credited(art)))
                ok[f"authors/{script}"].append(int(got == want_a))
            if want_d is not None:
                ok[f"date/{script}"].append(int(date_matches(want_d, art.published_at)))
        recs.append({"traditional_byline": {k: v for k, v in readings["traditional"].items()}})
    lines = ["byline fields on the annotated pages, as printed and in a traditional-script copy (OpenCC s2t):"]
    for name in ("authors", "date"):
        a, b = ok[f"{name}/simplified"], ok[f"{name}/traditional"]
        lines.append(
            f"  {name:<8} accuracy simplified {sum(a)}/{len(a)} = {sum(a) / max(len(a), 1):.3f}, "
            f"traditional {sum(b)}/{len(b)} = {sum(b) / max(len(b), 1):.3f}"
        )
    for name in BYLINE_FIELDS:
        v = same[name]
        lines.append(
            f"  {name:<8} traditional copy reads as the page: {sum(v)}/{len(v)} = {sum(v) / max(len(v), 1):.3f}"
        )
    return lines, recs


# --------------------------------------------------------------------- driver
def load_manifest(bench: Path) -> list[dict[str, str]]:
    with open(bench / "manifest.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def halves(rows: list[dict[str, str]]) -> list[int]:
    """The overfitting check's split: within each dataset, pages in the order of the
    SHA-1 of their id, alternately in half 0 and half 1."""
    half = [0] * len(rows)
    by_ds: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_ds[row["dataset"]].append(i)
    for indexes in by_ds.values():
        for n, i in enumerate(sorted(indexes, key=lambda i: hashlib.sha1(rows[i]["id"].encode()).hexdigest())):
            half[i] = n % 2
    return half


def cpu_seconds(fn: Callable[[], Any]) -> tuple[Any, float]:
    """fn's result and the CPU time this thread spent in it (other processes on the
    machine do not count, as they would in wall time)."""
    t0 = time.thread_time()
    result = fn()
    return result, time.thread_time() - t0


def baseline_extract(html: str) -> str | None:
    try:
        return trafilatura.extract(html)
    except Exception:  # noqa: BLE001 - a baseline crash counts as nothing extracted
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench_dir", type=Path)
    ap.add_argument("--json", type=Path, metavar="OUT", help="write per-page scores here")
    ap.add_argument("--limit", type=int, help="only the first N pages of the manifest")
    ap.add_argument("--rounds", type=int, default=3, help="timing rounds over all pages (default 3)")
    args = ap.parse_args(argv)

    rows = load_manifest(args.bench_dir)
    if args.limit:
        rows = rows[: args.limit]
    pages: list[tuple[str, str, dict[str, Any]]] = []
    for row in rows:
        url = row.get("source_url") or ""
        body = (args.bench_dir / row["html_path"]).read_bytes()
        truth = json.loads((args.bench_dir / row["truth_path"]).read_text(encoding="utf-8"))
        pages.append((decode_html(body, url), url, truth))

    # Timing: CPU seconds, ours and the baseline interleaved page by page (which goes
    # first alternates), over several rounds; a side's figure is its median round.
    # "stages" is what a crawl runs on a page no template knows: extract, clean and
    # metadata, i.e. the body as above plus the byline and date finder.
    rounds: dict[str, list[float]] = {"ours": [], "base": [], "stages": []}
    page_ours = [float("inf")] * len(pages)
    outputs: list[tuple[str | None, str | None, ParsedArticle]] = []
    for r in range(max(1, args.rounds)):
        totals = dict.fromkeys(rounds, 0.0)
        for i, (html, url, _) in enumerate(pages):
            runs: list[tuple[str, Callable[[], Any]]] = [
                ("ours", lambda html=html, url=url: extract_body(html, url).text),
                ("base", lambda html=html: baseline_extract(html)),
                ("stages", lambda html=html, url=url: page_metadata(html, url)),
            ]
            if (i + r) % 2:
                runs.reverse()
            got: dict[str, Any] = {}
            for name, fn in runs:
                got[name], seconds = cpu_seconds(fn)
                totals[name] += seconds
                if name == "ours":
                    page_ours[i] = min(page_ours[i], seconds)
            if r == 0:
                outputs.append((got["ours"], got["base"], got["stages"]))
        for name, value in totals.items():
            rounds[name].append(value)

    per_page: list[dict] = []
    author_res: list[dict] = []
    author_field_res: list[dict] = []
    date_res: list[dict] = []
    for row, (_, _, truth), (ours, base, article), seconds in zip(rows, pages, outputs, page_ours):
        p, r, f = score(ours, truth.get("content") or "")
        bp, br, bf = score(base, truth.get("content") or "")
        rec = {
            "dataset": row["dataset"],
            "id": row["id"],
            "P": p,
            "R": r,
            "F1": f,
            "base_P": bp,
            "base_R": br,
            "base_F1": bf,
            "seconds": seconds,
            "chars": len(ours or ""),
            "truth_chars": len(truth.get("content") or ""),
        }

        want_a = truth_authors(truth.get("author")) if "author" in truth else None
        want_d = truth_date(truth.get("date")) if "date" in truth else None
        if want_a is not None or want_d is not None:
            rec["byline_text"] = article.byline.raw
            if want_a is not None:
                got_a = found_authors(credited(article))
                ok = got_a == want_a
                field_ok = found_authors(article.byline.authors) == want_a
                rec.update(
                    author_truth=sorted(want_a),
                    author_found=sorted(got_a),
                    author_ok=ok,
                    authors=article.byline.authors,
                    editors=article.byline.editors,
                    responsible_editors=article.byline.responsible_editors,
                    author_is_editor=bool(got_a) and not article.byline.authors,
                )
                author_res.append({"dataset": row["dataset"], "ok": ok})
                author_field_res.append({"dataset": row["dataset"], "ok": field_ok})
            if want_d is not None:
                got_d = article.published_at
                ok = date_matches(want_d, got_d)
                rec.update(
                    date_truth=want_d,
                    date_found=got_d.isoformat() if got_d else None,
                    date_basis=article.date_basis,
                    date_ok=ok,
                )
                date_res.append({"dataset": row["dataset"], "ok": ok})
        per_page.append(rec)

    by_ds: dict[str, list[dict]] = defaultdict(list)
    for rec in per_page:
        by_ds[rec["dataset"]].append(rec)

    def mean(recs, key):
        return statistics.fmean(r[key] for r in recs) if recs else 0.0

    print(f"{'dataset':<16}{'pages':>6}  {'P':>6}{'R':>7}{'F1':>7}   {'base_P':>6}{'base_R':>7}{'base_F1':>8}")
    for ds in sorted(by_ds):
        recs = by_ds[ds]
        print(
            f"{ds:<16}{len(recs):>6}  {mean(recs, 'P'):>6.3f}{mean(recs, 'R'):>7.3f}"
            f"{mean(recs, 'F1'):>7.3f}   {mean(recs, 'base_P'):>6.3f}{mean(recs, 'base_R'):>7.3f}"
            f"{mean(recs, 'base_F1'):>8.3f}"
        )
    n = len(per_page)
    print(
        f"{'all':<16}{n:>6}  {mean(per_page, 'P'):>6.3f}{mean(per_page, 'R'):>7.3f}"
        f"{mean(per_page, 'F1'):>7.3f}   {mean(per_page, 'base_P'):>6.3f}"
        f"{mean(per_page, 'base_R'):>7.3f}{mean(per_page, 'base_F1'):>8.3f}"
    )
    split = halves(rows)
    for h in (0, 1):
        recs = [rec for rec, k in zip(per_page, split) if k == h]
        print(f"half {h}: pages={len(recs)} F1={mean(recs, 'F1'):.3f} baseline_F1={mean(recs, 'base_F1'):.3f}")

    def rate(name: str) -> float:
        cpu = statistics.median(rounds[name])
        return n / cpu if cpu else 0.0

    ours_rate, base_rate = rate("ours"), rate("base")
    print(
        f"speed: ours {ours_rate:.1f} pages/s, baseline {base_rate:.1f} pages/s, "
        f"ratio {ours_rate / base_rate if base_rate else 0:.2f}"
    )
    print(
        f"cpu seconds per round (median of {len(rounds['ours'])}, interleaved): "
        f"ours {statistics.median(rounds['ours']):.2f}, baseline {statistics.median(rounds['base']):.2f}, "
        f"stages {statistics.median(rounds['stages']):.2f} "
        f"(extract, clean and metadata: {rate('stages'):.1f} pages/s, ratio {rate('stages') / base_rate if base_rate else 0:.2f}); "
        f"slowest page ours {max(page_ours, default=0):.2f}s"
    )

    for label, res, note in (
        ("author", author_res, " (authors; the credited editor where no author is credited)"),
        ("author", author_field_res, " (the authors field alone)"),
        ("date", date_res, ""),
    ):
        groups: dict[str, list[dict]] = defaultdict(list)
        for item in res:
            groups[item["dataset"]].append(item)
        for ds in sorted(groups):
            ok = sum(i["ok"] for i in groups[ds])
            print(f"{label} accuracy {ds}: {ok}/{len(groups[ds])} = {ok / len(groups[ds]):.3f}{note}")

    script_lines, script_recs = byline_in_both_scripts(rows, pages, outputs)
    for line in script_lines:
        print(line)
    for rec, extra in zip(per_page, script_recs):
        rec.update(extra)

    if args.json:
        args.json.write_text(json.dumps(per_page, ensure_ascii=False, indent=1), encoding="utf-8")

    print(f"overall pages={n} F1={mean(per_page, 'F1'):.3f} baseline_F1={mean(per_page, 'base_F1'):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generic body extraction for pages no site template recognises.

Used as the fallback of pipelines/extract.py and measured by
benchmarks/extraction.py. Rules here must hold for any Chinese page: nothing
keyed to particular sites or domains.

Two independent views of the page are cross-checked:

* a text-density finder (pipelines/generic/density.py): the DOM element, or the
  run of lines, with the most prose, helped by the class/id names Chinese
  CMSs give body containers and furniture;
* trafilatura, run once per page, without its own fallback extractors
  (readability and justext: the density finder is this extractor's other view).

The density finder's lines are kept where trafilatura found the same text
(each extractor errs differently: trafilatura tends to take in link lists and
neighbouring stories on old table layouts, the density finder adds prose-like
furniture such as comments quoting the article or captions of recommended
pictures). Where the two disagree wholesale the view with more Chinese
sentences wins. Lines that are mostly link text on the page are dropped
whichever view brought them, and every line goes through the Chinese
furniture filter (pipelines/generic/clean.py). Where trafilatura found less than
half of what the density finder found, it under-delivered by its own measure
(trafilatura prefers its fallback's text in that case) and the density view
stands.

Big pages: the input is capped, scripts and styles are stripped before
parsing, and every step is linear in the page, so no page takes more than a
few seconds.
"""

from __future__ import annotations

import re

import numpy as np
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from pipelines.generic.clean import clean_text
from pipelines.generic.density import WeightedLines, clean_tree, page_body
from pipelines.generic.parsed import ParsedPage
from pipelines.generic.render import lines_of

# trafilatura's cost grows faster than the page: past this many elements (after
# clean-up) it runs in its precision configuration, past the second not at all.
# (Article pages have a few hundred to a few thousand.)
FULL_TRAFILATURA_ELEMENTS = 6_000
MAX_TRAFILATURA_ELEMENTS = 15_000
# ... and on very deep trees (hundreds of nested <div>s) it slows down sharply.
MAX_TRAFILATURA_DEPTH = 400
# A density line is kept when this share of its character 4-grams is in trafilatura's text.
SUPPORT = 0.7
SUPPORT_N = 4
# Unconfirmed lines kept when at most this many sit between confirmed ones.
MAX_GAP = 3
# Below this share of both texts in common, the two views disagree wholesale.
DISAGREE = 0.3

# Below this many 4-grams to look up, each is searched in trafilatura's text
# instead of building the set of all its 4-grams.
SUBSTRING_CHECKS = 400

# A density find this small (characters) is too little to judge by density.
SMALL = 200
# trafilatura under-delivered when the density view is more than this many times
# longer (trafilatura's own test for taking its fallback's text instead).
UNDER_DELIVERED = 2

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CN_PUNCT = re.compile(r"[，。；！？、]")


def generic_extract(html: str, url: str = "") -> str | None:
    """The main text of a page, one paragraph per line, or None."""
    return generic_body(ParsedPage(html, url))


def generic_body(page: ParsedPage) -> str | None:
    """The main text of a parsed page, one paragraph per line, or None."""
    root = page.working_copy()
    if root is None:
        return None
    titles = _titles(page)
    clean_tree(root)
    density = WeightedLines(root)
    dense = page_body(density, page.title_text)
    views = _trafilatura_views(root, page.url)
    text = drop_link_lines(cross_check(dense, views), density.link_texts())
    return clean_text(text, titles)


def _titles(page: ParsedPage) -> tuple[str, ...]:
    """The headline as the page gives it (<title>, <h1>), whitespace removed."""
    out = [squashed for _, text in page.headings if 4 <= len(squashed := _WS.sub("", text)) <= 200]
    return tuple(out[:4])


def _size_and_depth(root: etree._Element) -> tuple[int, int]:
    depth = {root: 0}
    deepest = 0
    for el in root.iter():
        parent = el.getparent()
        if parent is not None:
            d = depth[el] = depth.get(parent, 0) + 1
            deepest = max(deepest, d)
    return len(depth), deepest


def _trafilatura_views(root: lxml_html.HtmlElement, url: str) -> list[str]:
    """trafilatura's text (one view, or none on a page too big for it)."""
    size, depth = _size_and_depth(root)
    if size > MAX_TRAFILATURA_ELEMENTS or depth > MAX_TRAFILATURA_DEPTH:
        return []
    try:
        doc = trafilatura.bare_extraction(
            root,
            url=url or None,
            fast=True,
            favor_precision=size > FULL_TRAFILATURA_ELEMENTS,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except Exception:  # noqa: BLE001 - a crash in trafilatura must not lose the page
        doc = None
    body = getattr(doc, "body", None)
    text = "\n".join(line.text for line in lines_of(body)) if body is not None else ""
    return [text] if text else []


def drop_link_lines(text: str | None, link_texts: set[str]) -> str | None:
    """Without the lines that are link text on the page (a menu trafilatura kept)."""
    if not text:
        return text
    kept = [line for line in text.split("\n") if _WS.sub("", line) not in link_texts]
    return "\n".join(kept) or None


def _squash(text: str) -> str:
    return "".join(text.split())


def _grams(text: str, n: int) -> set[str]:
    s = _squash(text)
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def _share(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def _bigram_codes(squashed: str) -> np.ndarray:
    """The distinct character bigrams of a text, as sorted integers (two code points each)."""
    points = np.frombuffer(squashed.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    return np.unique((points[:-1] << np.uint64(32)) | points[1:])


def _bigram_shares(a: str, b: str) -> tuple[float, float]:
    """The share of a's distinct bigrams found in b, and of b's found in a."""
    codes_a, codes_b = _bigram_codes(a), _bigram_codes(b)
    common = len(np.intersect1d(codes_a, codes_b, assume_unique=True))
    return (common / len(codes_a) if len(codes_a) else 0.0), (common / len(codes_b) if len(codes_b) else 0.0)


def _prose(text: str) -> float:
    """Characters in lines that read like Chinese sentences (mostly CJK, with Chinese
    punctuation): a length-free measure of article text."""
    total = 0
    for line in text.split("\n"):
        n = len(_WS.sub("", line))
        if n >= 15 and _CN_PUNCT.search(line) and len(_CJK.findall(line)) * 2 >= n:
            total += n
    return total


def cross_check(dense: str | None, views: list[str]) -> str | None:
    """The density lines that trafilatura confirms; one view whole if they disagree."""
    if not views:
        return dense
    if not dense:
        return views[-1]
    if len(_WS.sub("", views[-1])) * UNDER_DELIVERED < len(_WS.sub("", dense)):
        return dense
    # Support is judged on character 4-grams: bigrams are too common to tell a
    # comment quoting the article from the article itself. A 4-gram is supported
    # when it occurs in trafilatura's text (whitespace removed).
    whole_views = [_squash(v) for v in views]
    whole_lines = {_squash(line) for v in views for line in v.split("\n")}
    lines = dense.split("\n")
    confirmed: list[bool] = []
    pending: list[tuple[int, str, set[str]]] = []
    for i, line in enumerate(lines):
        squashed = _squash(line)
        # A line found whole in trafilatura's text has every 4-gram supported.
        confirmed.append(len(squashed) >= SUPPORT_N and any(squashed in v for v in whole_views))
        if not confirmed[-1]:
            pending.append((i, squashed, _grams(squashed, SUPPORT_N)))
    if pending:
        if sum(len(grams) for _, _, grams in pending) <= SUBSTRING_CHECKS:
            supported = {g for _, _, grams in pending for g in grams if any(g in v for v in whole_views)}
        else:
            supported = set().union(*(_grams(v, SUPPORT_N) for v in whole_views))
        for i, squashed, grams in pending:
            if len(grams) < 3:  # a line of a few characters: trafilatura has it as a line
                confirmed[i] = squashed in whole_lines or bool(grams and grams <= supported)
            else:
                confirmed[i] = _share(grams, supported) >= SUPPORT
    # A short run of unconfirmed lines between confirmed ones stays: trafilatura
    # drops small blocks (a subheading, a table) inside articles.
    keep = list(confirmed)
    i = 0
    while i < len(lines):
        if confirmed[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and not confirmed[j]:
            j += 1
        if 0 < i and j < len(lines) and j - i <= MAX_GAP:
            keep[i:j] = [True] * (j - i)
        i = j
    kept = [line for line, k in zip(lines, keep) if k]
    dense_in_view, view_in_dense = _bigram_shares(_squash(dense), whole_views[-1])
    if dense_in_view < DISAGREE and view_in_dense < DISAGREE:
        # No common ground: the two found different parts of the page. Density
        # needs text mass to mean anything; on a small find trafilatura's structure wins.
        if len(_WS.sub("", dense)) < SMALL or _prose(views[-1]) > _prose(dense):
            return views[-1]
        return dense
    confirmed_text = "\n".join(kept)
    if not _prose(confirmed_text) and _prose(dense):
        # trafilatura confirmed no Chinese sentence at all: it read the wrong thing.
        return dense
    return confirmed_text or dense

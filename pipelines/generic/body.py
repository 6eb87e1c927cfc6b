"""Generic body extraction for pages no site template recognises.

Used as the fallback of pipelines/extract.py and measured by
benchmarks/extraction.py. Rules here must hold for any Chinese page: nothing
keyed to particular sites or domains.

Two independent views of the page are cross-checked:

* a text-density finder (pipelines/generic/density.py): the DOM element, or the
  run of lines, with the most prose, helped by the class/id names Chinese
  CMSs give body containers and furniture;
* trafilatura, in its default and its precision configuration.

The density finder's lines are kept where trafilatura found the same text
(each extractor errs differently: trafilatura tends to take in link lists and
neighbouring stories on old table layouts, the density finder adds prose-like
furniture such as comments quoting the article or captions of recommended
pictures). Where the two disagree wholesale the view with more Chinese
sentences wins. Lines that are mostly link text on the page are dropped
whichever view brought them, and every line goes through the Chinese
furniture filter (pipelines/generic/clean.py).

Big pages: the input is capped, scripts and styles are stripped before
parsing, and every step is linear in the page, so no page takes more than a
few seconds.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from pipelines.generic.clean import clean_text
from pipelines.generic.density import WeightedLines, clean_tree, page_body
from pipelines.generic.render import lines_of

# Past this many characters only the start of the page is read (article bodies
# come before comment threads and footers); scripts and styles are dropped first.
MAX_HTML_CHARS = 1_000_000
# trafilatura's cost grows faster than the page: past this many elements (after
# clean-up) only its precision configuration runs, past the second not even that.
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

# A density find this small (characters) is too little to judge by density.
SMALL = 200

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CN_PUNCT = re.compile(r"[，。；！？、]")
_HEAVY_OPEN = re.compile(r"<(script|style|noscript|template|svg)\b|<!--", re.I)
# huge_tree: old pages with unclosed <font>/<div> nest deeper than libxml2's default
# limit of 256, past which it drops the text.
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)


def generic_extract(html: str, url: str = "") -> str | None:
    """The main text of a page, one paragraph per line, or None."""
    root = _parse(html)
    if root is None:
        return None
    titles = _titles(root)
    page_title = _page_title(root)
    clean_tree(root)
    page = WeightedLines(root)
    dense = page_body(page, page_title)
    views = _trafilatura_views(root, url)
    text = drop_link_lines(cross_check(dense, views), page.link_texts())
    return clean_text(text, titles)


def _parse(html: str) -> lxml_html.HtmlElement | None:
    if not html or not html.strip():
        return None
    if len(html) > MAX_HTML_CHARS:
        html = _strip_heavy(html)[:MAX_HTML_CHARS]
    try:
        doc = lxml_html.fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if doc is None:
        return None
    # fromstring may hand back the body or a lone element: work on the whole tree.
    return doc.getroottree().getroot()


def _strip_heavy(html: str) -> str:
    """The page without scripts, styles and comments, in one pass (an unclosed
    <script> runs to the end, as in a browser)."""
    lower = html.lower()
    out: list[str] = []
    pos = 0
    while True:
        m = _HEAVY_OPEN.search(html, pos)
        if m is None:
            out.append(html[pos:])
            break
        out.append(html[pos : m.start()])
        if m.group(0) == "<!--":
            end = html.find("-->", m.end())
            pos = len(html) if end < 0 else end + 3
        else:
            end = lower.find("</" + m.group(1).lower(), m.end())
            if end < 0:
                break
            close = html.find(">", end)
            pos = len(html) if close < 0 else close + 1
    return " ".join(out)


def _titles(root: lxml_html.HtmlElement) -> tuple[str, ...]:
    """The headline as the page gives it (<title>, <h1>), whitespace removed."""
    out = []
    for el in root.iter("h1", "title"):
        text = _WS.sub("", el.text_content() or "")
        if 4 <= len(text) <= 200:
            out.append(text)
    return tuple(out[:4])


def _page_title(root: lxml_html.HtmlElement) -> str:
    for el in root.iter("title"):
        return _WS.sub("", el.text_content() or "")
    return ""


def _size_and_depth(root: lxml_html.HtmlElement) -> tuple[int, int]:
    depth = {root: 0}
    deepest = 0
    for el in root.iter():
        parent = el.getparent()
        if parent is not None:
            d = depth[el] = depth.get(parent, 0) + 1
            deepest = max(deepest, d)
    return len(depth), deepest


def _trafilatura_views(root: lxml_html.HtmlElement, url: str) -> list[str]:
    """trafilatura's text in its default and precision configurations (precision last)."""
    size, depth = _size_and_depth(root)
    if size > MAX_TRAFILATURA_ELEMENTS or depth > MAX_TRAFILATURA_DEPTH:
        return []
    configs: list[dict[str, Any]] = (
        [{}, {"favor_precision": True}] if size <= FULL_TRAFILATURA_ELEMENTS else [{"favor_precision": True}]
    )
    views = []
    for options in configs:
        try:
            doc = trafilatura.bare_extraction(
                root, url=url or None, include_comments=False, include_tables=True, deduplicate=False, **options
            )
        except Exception:  # noqa: BLE001 - a crash in one view must not lose the page
            doc = None
        body = getattr(doc, "body", None)
        if body is not None:
            text = "\n".join(line.text for line in lines_of(body))
            if text:
                views.append(text)
    return views


def drop_link_lines(text: str | None, link_texts: set[str]) -> str | None:
    """Without the lines that are link text on the page (a menu trafilatura kept)."""
    if not text:
        return text
    kept = [line for line in text.split("\n") if _WS.sub("", line) not in link_texts]
    return "\n".join(kept) or None


def _grams(text: str, n: int) -> set[str]:
    s = _WS.sub("", text)
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def _share(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


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
        return views[-1]  # the precision view
    # Support is judged on character 4-grams: bigrams are too common to tell a
    # comment quoting the article from the article itself.
    support = set().union(*(_grams(v, SUPPORT_N) for v in views))
    whole_lines = {_WS.sub("", line) for v in views for line in v.split("\n")}
    lines = dense.split("\n")
    confirmed = []
    for line in lines:
        grams = _grams(line, SUPPORT_N)
        if len(grams) < 3:  # a line of a few characters: trafilatura has it as a line
            confirmed.append(_WS.sub("", line) in whole_lines or bool(grams and grams <= support))
        else:
            confirmed.append(_share(grams, support) >= SUPPORT)
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
    dense_set = _grams(dense, 2)
    precise_set = _grams(views[-1], 2)
    if _share(dense_set, precise_set) < DISAGREE and _share(precise_set, dense_set) < DISAGREE:
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

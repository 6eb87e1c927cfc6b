"""Generic body extraction for pages no site template recognises.

Used as the fallback of pipelines/extract.py and measured by
benchmarks/extraction.py. Rules here must hold for any Chinese page: nothing
keyed to particular sites or domains.

Two independent views of the page are cross-checked:

* a text-density finder (pipelines/generic_dom.py): the DOM element, or the
  run of lines, with the most prose, helped by the class/id names Chinese
  CMSs give body containers and furniture;
* trafilatura, in its default and its precision configuration.

The density finder's lines are kept where trafilatura found the same text
(each extractor errs differently: trafilatura tends to take in link lists and
neighbouring stories on old table layouts, the density finder adds prose-like
furniture such as captions of recommended pictures). Where the two disagree
wholesale the view with more article-like text wins. Finally every line goes
through the Chinese furniture filter (pipelines/generic_clean.py).

Big pages: the input is capped, scripts and styles are stripped before
parsing, and every step is linear in the page, so no page takes more than a
few seconds.
"""
from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from pipelines.generic_clean import clean_text
from pipelines.generic_dom import PUNCT, clean_tree, dom_extract, lines_of

# Past this many characters only the start of the page is read (article bodies
# come before comment threads and footers); scripts and styles are dropped first.
MAX_HTML_CHARS = 1_500_000
# Past this many elements trafilatura is skipped (its cost is not linear).
MAX_TRAFILATURA_ELEMENTS = 30_000
# A density line is kept when this share of its character bigrams is in trafilatura's text.
SUPPORT = 0.5
# Below this share of both texts in common, the two views disagree wholesale.
DISAGREE = 0.3

_WS = re.compile(r"\s+")
_HEAVY = re.compile(r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->",
                    re.I | re.S)
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def generic_extract(html: str, url: str = "") -> str | None:
    """The main text of a page, one paragraph per line, or None."""
    root = _parse(html)
    if root is None:
        return None
    clean_tree(root)
    titles = _titles(root)
    dense = dom_extract(root)
    views = _trafilatura_views(root, url)
    text = cross_check(dense, views)
    return clean_text(text, titles)


def _parse(html: str) -> etree._Element | None:
    if not html or not html.strip():
        return None
    if len(html) > MAX_HTML_CHARS:
        html = _HEAVY.sub(" ", html)
        html = html[:MAX_HTML_CHARS]
    try:
        doc = lxml_html.fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if doc is None:
        return None
    # fromstring may hand back the body or a lone element: work on the whole tree.
    return doc.getroottree().getroot()


def _titles(root: etree._Element) -> tuple[str, ...]:
    """The headline as the page gives it (<title>, <h1>), whitespace removed."""
    out = []
    for el in root.iter("h1", "title"):
        text = _WS.sub("", el.text_content() or "")
        if 4 <= len(text) <= 200:
            out.append(text)
    return tuple(out[:4])


def _trafilatura_views(root: etree._Element, url: str) -> list[str]:
    if sum(1 for _ in root.iter()) > MAX_TRAFILATURA_ELEMENTS:
        return []
    views = []
    for options in ({}, {"favor_precision": True}):
        try:
            doc = trafilatura.bare_extraction(root, url=url or None, include_comments=False,
                                              include_tables=True, deduplicate=False,
                                              **options)
        except Exception:  # noqa: BLE001 - a crash in one view must not lose the page
            doc = None
        body = getattr(doc, "body", None)
        if body is not None:
            text = "\n".join(line.text for line in lines_of(body))
            if text:
                views.append(text)
    return views


def _bigram_set(text: str) -> set[str]:
    s = _WS.sub("", text)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _share(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def _prose(text: str) -> float:
    """Characters in lines that read like sentences: a length-free quality measure."""
    total = 0
    for line in text.split("\n"):
        n = len(_WS.sub("", line))
        if n >= 15 and PUNCT.search(line):
            total += n
    return total


def cross_check(dense: str | None, views: list[str]) -> str | None:
    """The density lines that trafilatura confirms; one view whole if they disagree."""
    if not views:
        return dense
    if not dense:
        return views[-1]  # the precision view
    support = set().union(*(_bigram_set(v) for v in views))
    raw = "".join(_WS.sub("", v) for v in views)
    kept = []
    for line in dense.split("\n"):
        grams = _bigram_set(line)
        if len(grams) < 4:
            ok = _WS.sub("", line) in raw
        else:
            ok = _share(grams, support) >= SUPPORT
        if ok:
            kept.append(line)
    dense_set = _bigram_set(dense)
    precise_set = _bigram_set(views[-1])
    if _share(dense_set, precise_set) < DISAGREE and _share(precise_set, dense_set) < DISAGREE:
        # No common ground: the two found different parts of the page.
        return dense if _prose(dense) >= _prose(views[-1]) else views[-1]
    return "\n".join(kept) or dense

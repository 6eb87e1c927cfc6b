"""One page's HTML, parsed once for every stage that reads it.

The extract stage parses the page and hands the `ParsedPage` on with the
article (`ParsedArticle.parsed`); the template's body selectors, the generic
body finder, the headline, and the byline and date finder all read the same
tree and the same rendered lines instead of parsing the HTML again. Each
derived view is computed on first use and kept.

The tree is never changed: the generic body finder removes invisible
elements, so it works on a copy (`working_copy`, a C-level copy, cheaper than
a parse). Only htmldate, the byline finder's last resort for a date, still
reads the HTML text itself: it looks at HTML comments, which this parse drops.
"""

from __future__ import annotations

import copy
import re
from functools import cached_property

from lxml import etree
from lxml import html as lxml_html

from pipelines.generic.render import text_of

# Past this many characters only the start of the page is read (article bodies
# come before comment threads and footers); scripts and styles are dropped first.
MAX_HTML_CHARS = 1_000_000
# huge_tree: old pages with unclosed <font>/<div> nest deeper than libxml2's default
# limit of 256, past which it drops the text.
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
# Every element an lxml.html HtmlElement (cssselect, text_content, drop_tree), but
# picked in C: lxml.html's own lookup runs Python code for each element a walk
# touches (a third of a walk's time) to give forms and inputs classes no reader
# here uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)
_HEAVY_OPEN = re.compile(r"<(script|style|noscript|template|svg)\b|<!--", re.I)
_WS = re.compile(r"\s+")
# Icon-font glyphs stand where a page shows brackets or separators: [ 黄宇 ] 来源.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


class ParsedPage:
    """A page's tree and the views of it the stages share."""

    def __init__(self, html: str, url: str = "") -> None:
        self.html = html
        self.url = url

    @cached_property
    def root(self) -> lxml_html.HtmlElement | None:
        """The document's root element, or None for an empty or unparsable page."""
        html = self.html
        if not html or not html.strip():
            return None
        if len(html) > MAX_HTML_CHARS:
            html = strip_heavy(html)[:MAX_HTML_CHARS]
        try:
            # Bytes: lxml rejects strings that carry an XML encoding declaration.
            doc = lxml_html.fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
        except (etree.ParserError, ValueError):
            return None
        if doc is None:
            return None
        # fromstring may hand back the body or a lone element: keep the whole tree.
        return doc.getroottree().getroot()

    def working_copy(self) -> lxml_html.HtmlElement | None:
        """A copy of the tree that a reader may change."""
        return copy.deepcopy(self.root) if self.root is not None else None

    @cached_property
    def lines(self) -> list[str]:
        """The page as a reader sees it, one block per line, whitespace collapsed."""
        if self.root is None:
            return []
        text = _PRIVATE_USE.sub(" ", text_of(self.root))
        return [" ".join(line.split()) for line in text.split("\n") if line.strip()]

    @cached_property
    def headings(self) -> tuple[tuple[str, str], ...]:
        """(tag, text with whitespace collapsed) of every <h1> and <title>, in page order."""
        if self.root is None:
            return ()
        return tuple((str(el.tag), " ".join(el.text_content().split())) for el in self.root.iter("h1", "title"))

    @cached_property
    def title_text(self) -> str:
        """The <title>'s text, whitespace removed ("" if there is none)."""
        for tag, text in self.headings:
            if tag == "title":
                return _WS.sub("", text)
        return ""

    @cached_property
    def has_title_element(self) -> bool:
        return any(tag == "title" and text for tag, text in self.headings)

    @cached_property
    def meta_tags(self) -> tuple[tuple[str, str], ...]:
        """(name or property, content with whitespace collapsed) of every <meta>."""
        if self.root is None:
            return ()
        return tuple(
            (el.get("name") or el.get("property") or "", " ".join((el.get("content") or "").split()))
            for el in self.root.iter("meta")
        )

    def select(self, css: str) -> list[lxml_html.HtmlElement]:
        """Elements matching a CSS selector (a bad selector raises, as cssselect does)."""
        if self.root is None:
            return []
        return self.root.cssselect(css)


def strip_heavy(html: str) -> str:
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

"""Page text as lines: the one HTML-to-text renderer of the pipeline.

Every reader of page text goes through this walk, so what counts as a block,
what is never text and how table cells join is decided here once:

* a template's body container (`text_of`, the text a crawl stores);
* the generic byline finder, which reads the whole page as lines;
* the text-density finder and trafilatura's output tree (`lines_of`, lines
  with their link share and the block element that holds them).

Two forms come out of the same walk. `lines_of` gives analysis lines: one per
block element, table cells apart, whitespace collapsed. `text_of` gives the
reading text: one block per line, a table row's cells on one line, the
page's own line breaks inside a paragraph kept (CMS editors break lines in
the source, and stored bodies have always kept those breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipelines import textnorm

# Elements that start and end a line. trafilatura's output elements (item, list,
# row, cell, quote, lb, code, head) are here too, so its trees render alike.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "section",
        "article",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "center",
        "hr",
        "figure",
        "figcaption",
        "header",
        "footer",
        "form",
        "tbody",
        "thead",
        "main",
        "aside",
        "nav",
        "td",
        "th",
        "body",
        "html",
        "address",
        "fieldset",
        "legend",
        "caption",
        "details",
        "summary",
        "menu",
        "option",
        "text",
        "head",
        "item",
        "list",
        "row",
        "cell",
        "quote",
        "lb",
        "code",
    }
)
# Table cells are lines of their own for analysis (a layout table's columns are
# different things) but a reader sees a row's cells side by side.
CELL_TAGS = frozenset({"td", "th"})
# Never visible text, whatever tree is rendered (their tails are).
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "select",
        "button",
        "input",
        "textarea",
        "object",
        "embed",
        "svg",
    }
)

_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Line:
    """One analysis line: its text (whitespace collapsed), how many of its
    characters are link text, and the nearest block element holding its first text."""

    text: str
    link_chars: int
    owner: etree._Element


def lines_of(root: etree._Element) -> list[Line]:
    """The visible text of `root` (its tail included), one line per block element."""
    return _walk(root, None)


def text_of(node: etree._Element) -> str:
    """The reading text of `node` (its tail included): one block per line, a table
    row's cells on one line, edges of lines stripped, no blank lines."""
    out: list[str] = []
    _walk(node, out)
    return textnorm.tidy_lines("".join(out))


def _walk(root: etree._Element, reading: list[str] | None) -> list[Line]:
    """Analysis lines, or (given `reading`) the reading text's pieces appended to it."""
    lines: list[Line] = []
    parts: list[str] = []
    link_chars = 0
    owner: etree._Element | None = None

    def add(text: str, in_link: int, block: etree._Element) -> None:
        nonlocal link_chars, owner
        if reading is not None:
            reading.append(text)
            return
        parts.append(text)
        if in_link or owner is None:
            chars = len(_WS.sub("", text))
            if in_link:
                link_chars += chars
            if owner is None and chars:
                owner = block

    def flush(block: etree._Element) -> None:
        nonlocal link_chars, owner
        if parts:
            text = _WS.sub(" ", "".join(parts)).strip()
            if text:
                lines.append(Line(text, link_chars, owner if owner is not None else block))
            parts.clear()
        link_chars = 0
        owner = None

    # Iterative walk (deep trees must not hit the recursion limit); each entry
    # carries the count of enclosing links and the nearest block ancestor, so
    # nothing walks up the tree.
    stack: list[tuple[etree._Element, bool, int, etree._Element]] = [(root, False, 0, root)]
    while stack:
        el, closing, in_link, parent_block = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP_TAGS:
            # A comment, a processing instruction, a script: only the tail is text.
            if el.tail:
                add(el.tail, in_link, parent_block)
            continue
        block = tag in BLOCK_TAGS
        if closing:
            if block:
                flush(el)
                if reading is not None:
                    reading.append(" " if tag in CELL_TAGS else "\n")
            if el.tail:
                add(el.tail, in_link, parent_block)
            continue
        if block:
            flush(parent_block)
            if reading is not None and tag not in CELL_TAGS:
                reading.append("\n")
        own_block = el if block else parent_block
        link = in_link + (tag == "a")
        if el.text:
            add(el.text, link, own_block)
        stack.append((el, True, in_link, parent_block))
        for child in reversed(el):
            stack.append((child, False, link, own_block))
    flush(root)
    return lines

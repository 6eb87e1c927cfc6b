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
    """Analysis lines, or (given `reading`) the reading text's pieces appended to it.

    One pass of lxml's iterwalk; the loop is written out because it runs over
    every element of every page (a helper call per text costs a third more)."""
    lines: list[Line] = []
    parts: list[str] = []  # the current line's texts
    link_chars = 0  # ... how many of their characters are link text
    owner: etree._Element | None = None  # ... the block holding its first text
    # The context of the texts met next: enclosing links and the nearest block.
    in_link = 0
    block = root
    # Per open element: (its tag, whether it is a block, the context to restore at its end).
    open_elements: list[tuple[str, bool, int, etree._Element]] = []
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event == "start":
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                open_elements.append((tag, False, in_link, block))
                continue
            is_block = tag in BLOCK_TAGS
            open_elements.append((tag, is_block, in_link, block))
            if is_block:
                if parts:
                    if reading is None and (line := " ".join("".join(parts).split())):
                        lines.append(Line(line, link_chars, owner if owner is not None else block))
                    parts.clear()
                    link_chars, owner = 0, None
                if reading is not None and tag not in CELL_TAGS:
                    reading.append("\n")
                block = el
            if tag == "a":
                in_link += 1
            text = el.text
        else:
            if event == "end":
                tag, is_block, in_link, parent_block = open_elements.pop()
                if is_block:
                    if parts:
                        if reading is None and (line := " ".join("".join(parts).split())):
                            lines.append(Line(line, link_chars, owner if owner is not None else el))
                        parts.clear()
                        link_chars, owner = 0, None
                    if reading is not None:
                        reading.append(" " if tag in CELL_TAGS else "\n")
                block = parent_block
            # After an element (or a comment) its tail follows, in the parent's context.
            text = el.tail
        if text:
            if reading is not None:
                reading.append(text)
                continue
            parts.append(text)
            if in_link or owner is None:
                chars = len("".join(text.split()))
                if in_link:
                    link_chars += chars
                if owner is None and chars:
                    owner = block
    if parts and reading is None and (line := " ".join("".join(parts).split())):
        lines.append(Line(line, link_chars, owner if owner is not None else root))
    return lines

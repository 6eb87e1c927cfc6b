"""Text-density body finder for Chinese article pages.

The page is cut into text lines (one per block element), each line scored
by how much it reads like article prose: plenty of characters outside links,
sentence punctuation (，。；！？), no link lists. A line's score counts for every
element that contains it; the element with the highest sum is the body
container (an ancestor that adds navigation, footers or related-link lists
scores lower, because those lines count against it). Class and id names
that Chinese CMSs give their body container (content, article, TRS_Editor,
zoom, detail, text ...) lift an element; prose inside blocks named like
furniture (comment, related, footer, share ...) or opened by a related-links
heading (相关阅读, 猜你喜欢 ...) counts against it.

The page headline (the heading that the <title> repeats) anchors the
choice: prose right under it that the densest block leaves out is either the
article's lead (kept) or, when the densest block is another story of a feed,
the article itself.

Every step is a constant number of passes over the tree or the lines, so the
cost grows linearly with the page, however deep its nesting.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from pipelines.generic import vocabulary
from pipelines.generic.clean import TRAILER
from pipelines.generic.render import Line, lines_of
from pipelines.textnorm import to_simplified

# Never visible text.
DROP_TAGS = frozenset(
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
        "canvas",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "audio",
        "video",
        "source",
        "picture",
        "frameset",
        "frame",
        "applet",
        "param",
        "label",
    }
)

_EDGE_L = r"(?:^|[\s_\-])"
_EDGE_R = r"(?:$|[\s_\-\d])"
POSITIVE = re.compile(_EDGE_L + r"(?:" + vocabulary.alternation(vocabulary.BODY_CLASS_NAMES) + r")" + _EDGE_R, re.I)
NEGATIVE = re.compile(
    _EDGE_L + r"(?:" + vocabulary.alternation(vocabulary.FURNITURE_CLASS_NAMES) + r")" + _EDGE_R, re.I
)
STRONG_NEGATIVE = re.compile(
    _EDGE_L + r"(?:" + vocabulary.alternation(vocabulary.NO_TEXT_CLASS_NAMES) + r")" + _EDGE_R, re.I
)
# Elements with a class or an id: only those can be named like furniture.
_NAMED = etree.XPath("descendant-or-self::*[@class or @id]")
# Hidden blocks: drop-down menus, pop-ups. (Pages that reveal their body by script
# hide it too, so a hidden block with much text is kept.)
HIDDEN = re.compile(r"display\s*:\s*none", re.I)
HIDDEN_MAX_CHARS = 200

# Sentence punctuation: prose has it, menus and link lists do not.
PUNCT = re.compile(r"[，。；！？、：“”,.;!?]")
_WS = re.compile(r"\s+")

# A furniture-named block keeps its prose if it holds this share of the page's prose.
FURNITURE_SHARE = 0.4
# Weight of a related-links heading: a wall no container or run of lines reaches across.
TRAILER_WEIGHT = 150.0
# Global run of lines preferred to the best container when it scores this much more
# (old table layouts put the prose and the link lists in one cell).
SPAN_OVER_CONTAINER = 1.5
HEADINGS = frozenset({"h1", "h2", "h3"})
# Prose weight between the headline and the densest block that makes the anchor matter.
ANCHOR_GAP = 30.0
# The weight of a line that counts as the article's first paragraph.
ANCHOR_LINE = 30.0
# Link share above which a line inside the body is dropped as a link list.
LINK_LINE = 0.6


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _short_text(el, limit: int) -> bool:
    """Whether the element has at most `limit` visible characters (stops early)."""
    n = 0
    for piece in el.itertext():
        n += len(_WS.sub("", piece))
        if n > limit:
            return False
    return True


def clean_tree(root: lxml_html.HtmlElement) -> None:
    """Drop invisible elements in place (scripts, styles, hidden blocks, comments); tails stay."""
    doomed = []
    dead: set = set()
    for el in root.iter():
        parent = el.getparent()
        if parent is not None and parent in dead:
            dead.add(el)
            continue
        tag = el.tag
        if not isinstance(tag, str):
            doomed.append(el)  # comments, processing instructions, entities
            continue
        tag = tag.lower()
        if tag in DROP_TAGS or el.get("hidden") is not None:
            doomed.append(el)
        elif tag != "body" and HIDDEN.search(el.get("style") or "") and _short_text(el, HIDDEN_MAX_CHARS):
            doomed.append(el)
        else:
            continue
        dead.add(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            try:
                el.drop_tree()
            except AttributeError:  # a plain etree node
                parent.remove(el)


def line_weight(line: Line) -> float:
    """How much a line reads like article prose (negative: furniture)."""
    chars = len(_WS.sub("", line.text))
    if not chars:
        return 0.0
    link = min(line.link_chars, chars)
    plain = chars - link
    if link / chars > 0.5:
        return -0.7 * chars - 5
    punct = len(PUNCT.findall(line.text))
    if punct == 0 and plain < 15:
        return -3.0  # a label, a menu word
    w = plain - 0.5 * link
    if punct == 0:
        w *= 0.4
    return w - 4


def _names(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"))))


def class_bonus(el) -> float:
    names = _names(el)
    if not names:
        return 1.0
    pos = bool(POSITIVE.search(names))
    neg = bool(NEGATIVE.search(names))
    if pos and not neg:
        return 1.25
    if neg and not pos:
        return 0.8
    return 1.0


def furniture_block(el) -> bool:
    """An element named like comments, related links, footers ... (not the page frame)."""
    if _tag(el) in ("html", "body", ""):
        return False
    names = _names(el)
    return bool(names) and bool(STRONG_NEGATIVE.search(names)) and not POSITIVE.search(names)


class WeightedLines:
    """Lines of a page with their weights, and per element the sum of its lines'
    weights and the range of its lines (an element's lines are consecutive)."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.lines = lines_of(root)
        self.weights = [line_weight(ln) for ln in self.lines]
        self.penalised = [False] * len(self.lines)
        self.trailers: set[int] = set()
        short = [i for i, line in enumerate(self.lines) if len(line.text) <= 24]
        # One conversion for all short lines (a line holds no newline).
        simplified = to_simplified("\n".join(self.lines[i].text for i in short)).split("\n") if short else []
        for i, text in zip(short, simplified):
            if TRAILER.match(text):
                self.trailers.add(i)
                self.weights[i] = -TRAILER_WEIGHT
        # Elements in document order; reversed, every element comes after its
        # descendants, so sums and ranges add up bottom-up in one pass.
        self.order = list(root.iter(etree.Element))
        self.first: dict = {}
        self.last: dict = {}
        for i, line in enumerate(self.lines):
            self.first.setdefault(line.owner, i)
            self.last[line.owner] = i
        for el in reversed(self.order):
            if el not in self.first:
                continue
            parent = el.getparent()
            if parent is None:
                continue
            if parent not in self.first or self.first[el] < self.first[parent]:
                self.first[parent] = self.first[el]
            if parent not in self.last or self.last[el] > self.last[parent]:
                self.last[parent] = self.last[el]
        self._penalise_furniture()
        self._penalise_trailer_blocks()
        self.sums = self._bottom_up(self.weights)

    def _bottom_up(self, weights: list[float]) -> dict:
        sums: dict = {}
        for line, w in zip(self.lines, weights):
            sums[line.owner] = sums.get(line.owner, 0.0) + w
        for el in reversed(self.order):
            if el in sums:
                parent = el.getparent()
                if parent is not None:
                    sums[parent] = sums.get(parent, 0.0) + sums[el]
        return sums

    def _penalise(self, i: int) -> None:
        if not self.penalised[i]:
            self.penalised[i] = True
            self.weights[i] = -abs(self.weights[i]) * 0.5 - 2

    def _penalise_furniture(self) -> None:
        # Prose inside a comment/related/footer block counts against its ancestors,
        # unless that block holds most of the page's prose (then it is the page).
        positive = [max(w, 0.0) for w in self.weights]
        total = sum(positive)
        pos = self._bottom_up(positive)
        flagged: set = set()
        for el in _NAMED(self.root):  # in document order: ancestors first
            if el not in flagged and furniture_block(el) and pos.get(el, 0.0) < FURNITURE_SHARE * total:
                flagged.update(el.iter())
        for i, line in enumerate(self.lines):
            if line.owner in flagged:
                self._penalise(i)

    def _penalise_trailer_blocks(self) -> None:
        # A block that opens with a related-links heading is that list, whatever
        # prose its teasers carry.
        for i in sorted(self.trailers):
            el: etree._Element | None = self.lines[i].owner
            block = None
            while el is not None and self.first.get(el) == i:
                block = el
                el = el.getparent()
            if block is None:
                continue
            for j in range(i + 1, self.last[block] + 1):
                self._penalise(j)

    def link_texts(self) -> set[str]:
        """Lines (whitespace removed) that are mostly link text: menus, link lists."""
        out = set()
        for line in self.lines:
            key = _WS.sub("", line.text)
            if key and line.link_chars / len(key) > LINK_LINE:
                out.add(key)
        return out

    def best_container(self):
        best, best_score = None, 0.0
        for el, s in self.sums.items():
            if s <= 0:
                continue
            s *= class_bonus(el)
            if s > best_score:
                best, best_score = el, s
        return best, best_score


def best_span(weights: list[float], lo: int = 0, hi: int | None = None) -> tuple[int, int, float]:
    """Kadane: the contiguous run of lines with the highest total weight, [start, end)."""
    hi = len(weights) if hi is None else hi
    best = (lo, lo, 0.0)
    start, total = lo, 0.0
    for i in range(lo, hi):
        if total <= 0:
            start, total = i, 0.0
        total += weights[i]
        if total > best[2]:
            best = (start, i + 1, total)
    return best


def headline_index(page: WeightedLines, title: str) -> int | None:
    """The line of the page's headline: a heading whose text the <title> contains."""
    if not title:
        return None
    for i, line in enumerate(page.lines):
        if _tag(line.owner) not in HEADINGS:
            continue
        text = _WS.sub("", line.text)
        if len(text) >= 5 and (text in title or title in text):
            return i
    return None


def _another_story(page: WeightedLines, head: int, best) -> bool:
    """The densest block is another story or a list: a related-links heading sits
    between it and the headline, or it has a headline of the headline's rank."""
    b0 = page.first[best]
    if any(head < i <= b0 + 2 for i in page.trailers):
        return True
    rank = _tag(page.lines[head].owner)
    return any(_tag(page.lines[i].owner) == rank for i in range(b0, page.last[best] + 1))


def _next_h1(page: WeightedLines, head: int, end: int) -> int | None:
    if _tag(page.lines[head].owner) != "h1":
        return None
    for i in range(head + 1, end + 1):
        if _tag(page.lines[i].owner) == "h1" and len(_WS.sub("", page.lines[i].text)) >= 5:
            return i
    return None


def _anchored(page: WeightedLines, head: int, stop: int):
    """The largest element holding the first paragraph under the headline and
    ending before line `stop`."""
    first = next((i for i in range(head + 1, stop) if page.weights[i] >= ANCHOR_LINE), None)
    if first is None:
        return None
    el: etree._Element | None = page.lines[first].owner
    found = None
    while el is not None and el in page.last and page.last[el] < stop:
        found = el
        el = el.getparent()
    return found


def _lead(page: WeightedLines, head: int, stop: int) -> list[int]:
    """Prose lines from the first paragraph under the headline up to line `stop`."""
    out: list[int] = []
    for i in range(head + 1, stop):
        if out or page.weights[i] >= ANCHOR_LINE:
            if page.weights[i] > 0 and not page.penalised[i]:
                out.append(i)
    return out


def dom_extract(root: etree._Element, title: str = "") -> str | None:
    """Body text by text density, one line per block. `title` is the page's <title>
    with whitespace removed ("" if unknown)."""
    return page_body(WeightedLines(root), title)


def page_body(page: WeightedLines, title: str = "") -> str | None:
    """dom_extract on a page already cut into lines."""
    if not page.lines:
        return None
    best, score = page.best_container()
    g_start, g_end, g_total = best_span(page.weights)
    if best is None and g_total <= 0:
        return None
    head = headline_index(page, title)
    lead: list[int] = []
    if best is not None and head is not None and head < page.first[best]:
        gap = sum(w for w in page.weights[head + 1 : page.first[best]] if w > 0)
        if gap >= ANCHOR_GAP:
            if _another_story(page, head, best):
                # Prose right under the headline, outside the densest block: the densest
                # block is a neighbour (the next story of a feed, recommendations).
                anchored = _anchored(page, head, page.first[best])
                if anchored is not None:
                    best, score = anchored, page.sums[anchored]
                    g_total = 0.0
            else:
                # A lead paragraph or summary between the headline and the body block.
                lead = _lead(page, head, page.first[best])
    elif best is not None and head is not None and head <= page.last[best]:
        # The block holds the headline and, below its story, another page-rank
        # headline (h1): a second story. The article ends before it.
        other = _next_h1(page, head, page.last[best])
        if other is not None:
            anchored = _anchored(page, head, other)
            if anchored is not None:
                best, score = anchored, page.sums[anchored]
                g_total = 0.0
    if best is not None and g_total <= SPAN_OVER_CONTAINER * score:
        # The whole container: furniture at its edges is left to the line cleaner,
        # which knows a notice's closing signature from a byline.
        start, end = page.first[best], page.last[best] + 1
    else:
        # The prose shares its container with link lists (old table layouts).
        start, end = g_start, g_end
        lead = []
    kept = [page.lines[i].text for i in lead]
    for i in range(start, end):
        line = page.lines[i]
        chars = len(_WS.sub("", line.text))
        if page.penalised[i] or line.link_chars / max(chars, 1) > LINK_LINE:
            continue
        kept.append(line.text)
    return "\n".join(kept) or None

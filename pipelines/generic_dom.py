"""Text-density body finder for Chinese article pages.

The page is cut into text lines (one per block element), each line scored
by how much it reads like article prose: plenty of characters outside links,
sentence punctuation (，。；！？), no link lists. A line's score counts for every
element that contains it; the element with the highest sum is the body
container (an ancestor that adds navigation, footers or related-link lists
scores lower, because those lines count against it). Class and id names
that Chinese CMSs give their body container (content, article, TRS_Editor,
zoom, detail, text ...) lift an element; names of page furniture (nav,
footer, comment, related ...) sink it.

Everything is a constant number of passes over the tree, so the cost grows
linearly with the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

BLOCK_TAGS = frozenset({
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
    "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "figure",
    "figcaption", "header", "footer", "form", "tbody", "thead", "main", "aside", "nav",
    "td", "th", "body", "html", "address", "fieldset", "legend", "caption", "details",
    "summary", "menu", "option", "text",
    # trafilatura's output elements, so its trees render the same way
    "head", "item", "list", "row", "cell", "quote", "lb", "code",
})
# Never visible text.
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "select", "button", "input",
    "textarea", "object", "embed", "svg", "canvas", "map", "head", "title", "meta", "link",
    "audio", "video", "source", "picture", "frameset", "frame", "applet", "param", "label",
})
CONTAINER_TAGS = frozenset({
    "div", "td", "article", "section", "main", "body", "table", "tbody", "font", "span",
    "center", "blockquote", "form", "dd", "li", "text",
})

# Class/id names of body containers in Chinese CMSs (TRS, 动易, PHPCMS, DedeCMS ...).
POSITIVE = re.compile(
    r"(?:^|[\s_\-])(?:content|contents|conent|article|articles|art|post|entry|text|txt|"
    r"detail|details|zoom|trs_?editor|trs_?word|main|body|neirong|nr|zw|zhengwen|"
    r"news_?(?:content|txt|text|body|detail)|article_?(?:content|body|text|con)|"
    r"con_?text|show_?(?:content|text|con)|read|story|ueditor|editor|wz|wenzhang)"
    r"(?:$|[\s_\-\d])",
    re.I,
)
NEGATIVE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|footer|foot|header|head|top|topbar|sidebar|side|"
    r"aside|right|left|comment|comments|reply|related|relate|xgxw|xgwz|recommend|tuijian|"
    r"hot|rank|share|fenxiang|bdshare|jiathis|copyright|banquan|breadcrumb|crumb|position|"
    r"location|weizhi|dqwz|ad|ads|advert|guanggao|gg|banner|login|search|tags?|pager|"
    r"page|pages|pagination|print|tools?|toolbar|qrcode|ewm|erweima|widget|links?|"
    r"friend|youqing|bottom|btm|list|more|subnav|sitemap|social|author_?info)"
    r"(?:$|[\s_\-\d])",
    re.I,
)
# Blocks that hold no article text whatever their content.
STRONG_NEGATIVE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|footer|comment|comments|commentlist|reply|replies|"
    r"related|relate|xgxw|xgwz|recommend|tuijian|share|fenxiang|bdshare|jiathis|copyright|"
    r"banquan|breadcrumb|crumbs?|sidebar|advert|ads|guanggao|hotnews|ranking)"
    r"(?:$|[\s_\-\d])",
    re.I,
)
# Hidden blocks: drop-down menus, pop-ups. (Pages that reveal their body by script
# hide it too, so a hidden block with much text is kept.)
HIDDEN = re.compile(r"display\s*:\s*none", re.I)
HIDDEN_MAX_CHARS = 200

# Sentence punctuation: prose has it, menus and link lists do not.
PUNCT = re.compile(r"[，。；！？、：“”,.;!?]")
_WS = re.compile(r"\s+")


@dataclass
class Line:
    text: str = ""
    link_chars: int = 0
    owner: etree._Element | None = None
    parts: list[str] = field(default_factory=list)


def clean_tree(root: lxml_html.HtmlElement) -> None:
    """Drop invisible elements in place (scripts, styles, hidden blocks, comments); tails stay."""
    doomed = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            doomed.append(el)  # comments, processing instructions, entities
            continue
        tag = tag.lower()
        if tag in DROP_TAGS:
            doomed.append(el)
        elif tag != "body" and HIDDEN.search(el.get("style") or ""):
            if len(_WS.sub("", el.text_content())) <= HIDDEN_MAX_CHARS:
                doomed.append(el)
        elif el.get("hidden") is not None:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            try:
                el.drop_tree()
            except AttributeError:  # a plain etree node
                el.getparent().remove(el)


def lines_of(root: etree._Element) -> list[Line]:
    """The visible text, cut into lines at block elements, each with its link share."""
    lines: list[Line] = []
    cur = Line()

    def flush(owner):
        nonlocal cur
        text = _WS.sub(" ", "".join(cur.parts)).strip()
        if text:
            cur.text = text
            cur.owner = cur.owner if cur.owner is not None else owner
            lines.append(cur)
        cur = Line()

    # Iterative walk: deep trees must not hit the recursion limit.
    stack: list[tuple[etree._Element, bool, int]] = [(root, False, 0)]
    while stack:
        el, closing, in_link = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in BLOCK_TAGS
        if closing:
            if block:
                flush(el)
            if el.tail:
                _add(cur, el.tail, in_link, el.getparent())
            continue
        if block:
            flush(el.getparent() if el.getparent() is not None else el)
        link = in_link + (1 if tag == "a" else 0)
        if el.text:
            _add(cur, el.text, link, el)
        stack.append((el, True, in_link))
        for child in reversed(el):
            if isinstance(child.tag, str):
                stack.append((child, False, link))
    flush(root)
    return lines


def _add(line: Line, text: str, in_link: int, el) -> None:
    line.parts.append(text)
    if in_link:
        line.link_chars += len(_WS.sub("", text))
    if line.owner is None and el is not None and _WS.sub("", text):
        line.owner = _block_owner(el)


def _block_owner(el):
    while el is not None and not (isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS):
        el = el.getparent()
    return el


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
    if not isinstance(el.tag, str) or el.tag.lower() in ("html", "body"):
        return False
    names = _names(el)
    return bool(names) and bool(STRONG_NEGATIVE.search(names)) and not POSITIVE.search(names)


class Page:
    """Lines of a page with their weights and the sums per element."""

    def __init__(self, root: etree._Element):
        self.lines = lines_of(root)
        self.weights = [line_weight(ln) for ln in self.lines]
        self._penalise_furniture()
        self.sums: dict = {}
        self.first: dict = {}
        self.last: dict = {}
        for i, (line, w) in enumerate(zip(self.lines, self.weights)):
            el = line.owner
            while el is not None:
                self.sums[el] = self.sums.get(el, 0.0) + w
                self.first.setdefault(el, i)
                self.last[el] = i
                el = el.getparent()

    def _penalise_furniture(self) -> None:
        # Prose inside a comment/related/footer block counts against its ancestors,
        # unless that block holds most of the page's prose (then it is the page).
        total = sum(w for w in self.weights if w > 0)
        pos: dict = {}
        for line, w in zip(self.lines, self.weights):
            if w <= 0:
                continue
            el = line.owner
            while el is not None:
                pos[el] = pos.get(el, 0.0) + w
                el = el.getparent()
        self.penalised = [False] * len(self.lines)
        memo: dict = {}
        for i, line in enumerate(self.lines):
            el = line.owner
            hit = False
            chain = []
            while el is not None:
                if el in memo:
                    hit = memo[el]
                    break
                chain.append(el)
                if furniture_block(el) and pos.get(el, 0.0) < 0.4 * total:
                    hit = True
                    break
                el = el.getparent()
            for c in chain:
                memo[c] = hit if hit else memo.get(c, False)
            if hit:
                self.penalised[i] = True
                self.weights[i] = -abs(self.weights[i]) * 0.5 - 2

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


def dom_extract(root: etree._Element) -> str | None:
    """Body text by text density, one line per block."""
    page = Page(root)
    if not page.lines:
        return None
    best, score = page.best_container()
    g_start, g_end, g_total = best_span(page.weights)
    if best is None and g_total <= 0:
        return None
    if best is not None and g_total <= 1.5 * score:
        # Trim the container's edges: its first and last lines may be furniture.
        start, end, _ = best_span(page.weights, page.first[best], page.last[best] + 1)
    else:
        # The prose shares its container with link lists (old table layouts).
        start, end = g_start, g_end
    kept = []
    for i in range(start, end):
        line = page.lines[i]
        chars = len(_WS.sub("", line.text))
        if page.penalised[i] or line.link_chars / max(chars, 1) > 0.6:
            continue
        kept.append(line.text)
    return "\n".join(kept) or None

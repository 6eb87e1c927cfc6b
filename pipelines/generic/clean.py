"""Line-level clean-up of an extracted Chinese article body.

Whatever extractor found the body, the same furniture sticks to its edges
and sits between its paragraphs on Chinese sites: share / QR-code / font-size
/ print / close lines, 上一篇/下一篇, view counters, copyright and ICP
footers, related-link lists after a 相关阅读 heading, the headline repeated
above the text, byline and date lines at the top or bottom, platform
disclaimers. All rules look at one line's own text (and its position), never
at a site.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines import bylines, textnorm
from pipelines.generic import vocabulary
from pipelines.textnorm import to_simplified

_WS = re.compile(r"\s+")
_OPEN = r"^[\s【\[〖(（<《■●◆▲►▶·•\-—|]*"
_CLOSE = r"[\s】\]〗)）>》|:：]*$"

# A whole short line that is a control or a counter, never text.
_CONTROL_WORDS = vocabulary.alternation(vocabulary.CONTROL_WORDS)
CONTROL_LINE = re.compile(_OPEN + r"(?:(?:" + _CONTROL_WORDS + r")[\s|/·、,，]*)+\d*" + _CLOSE)
# Furniture recognisable anywhere in a short line.
FURNITURE = re.compile(textnorm.FURNITURE.pattern + r"|" + vocabulary.alternation(vocabulary.GENERIC_FURNITURE), re.I)
FURNITURE_MAX = 40
# Disclaimers and reprint notes: longer, but only ever at the end (or start) of a body.
STATEMENT = re.compile(vocabulary.alternation(vocabulary.STATEMENTS), re.I)
STATEMENT_MAX = 160
# Headings that start a list of related links or the comments (cut what follows).
TRAILER = re.compile(
    _OPEN + r"(?:" + vocabulary.alternation(vocabulary.GENERIC_RELATED_HEADINGS) + r")(?:\s*[\(（]?\d*[\)）]?)" + _CLOSE
)
# A line that is only a date/time (or a date with a few words around it).
DATE_LINE = re.compile(
    r"^\D{0,12}(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\D{0,12}$"
)
# Short lines with a source/author label that read like a byline, even unlabelled
# ones such as "2024-05-15 08:58:52来源：新华网".
BYLINE_HINT = re.compile(vocabulary.alternation(vocabulary.BYLINE_HINTS))
BYLINE_MAX = 80
STRAY_MAX = 30
# List items: a teaser cut short ("...【详细】") or a headline with its date.
_MORE = vocabulary.alternation(vocabulary.TEASER_MORE)
TEASER_CUT = re.compile(rf"(?:\.{{3}}|…+|[【\[]\s*(?:{_MORE})\s*[】\]]|(?:{_MORE})\s*>+|>>)\s*$")
TEASER_MAX = 120
TEASER = re.compile(
    r"^.{2,40}?\s*(?:\(|（|\[)?(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\)|）|\])?\s*$|"
    r"^\s*(?:\(|（|\[)?\d{1,2}[-/.]\d{1,2}(?:\)|）|\])?\s+\S.{2,40}$"
)
# Wiki section headings carry an edit link: "历史沿革[编辑]".
EDIT_LINK = re.compile(r"\s*[\[【]\s*(?:" + vocabulary.alternation(vocabulary.EDIT_LINK_WORDS) + r")\s*[\]】]\s*$")
# Repeated lines this long are a duplicated block (table cells may repeat).
DEDUPE_MIN = 30
PROSE_PUNCT = re.compile(r"[，。；！？、,;!?]")
SENTENCE_END = re.compile(r"[。！？!?；;…”\"』」]$")


def _squash(text: str) -> str:
    return _WS.sub("", text)


@lru_cache(maxsize=4096)
def _probe(line: str) -> str:
    """The line as the patterns read it: stripped, and in simplified characters
    (traditional-character pages have the same furniture). Kept for the lines
    last seen: the edge rules probe the same few lines again and again."""
    s = line.strip()
    return to_simplified(s) if len(s) <= STATEMENT_MAX else s


def is_furniture(line: str) -> bool:
    """A line that is page furniture wherever it appears."""
    s = _probe(line)
    if not s:
        return True
    n = len(_squash(s))
    if n <= FURNITURE_MAX and CONTROL_LINE.match(s):
        return True
    if n <= FURNITURE_MAX and FURNITURE.search(s) and not (n > 12 and SENTENCE_END.search(s)):
        return True
    return False


def _wordless(s: str) -> bool:
    """Numbers and separators only: a pager (1 2 3 4 5), a calendar row, a share bar."""
    return len(_squash(s)) <= FURNITURE_MAX and not re.search(r"[\u4e00-\u9fffA-Za-z]", s)


def is_edge_line(line: str, titles: tuple[str, ...] = (), top: bool = True) -> bool:
    """A line that is not body text when it sits at the start (top) or end of the body.
    A bare date is a byline above the text but the date of signature below a notice."""
    s = _probe(line)
    n = len(_squash(s))
    if is_furniture(s) or (_wordless(s) and not (not top and DATE_LINE.match(s))):
        return True
    if (
        n <= BYLINE_MAX
        and (bylines.looks_like_byline(s) or _hint_not_after_a_sentence(s))
        and not SENTENCE_END.search(s)
    ):
        return True
    if top and n <= 40 and DATE_LINE.match(s) and not SENTENCE_END.search(s):
        return True
    if n <= 4 and not PROSE_PUNCT.search(s):
        return True  # a menu word or ticker left at the edge ("首页", "美元")
    if n <= STATEMENT_MAX and STATEMENT.search(s):
        return True
    if titles and n >= 4:
        sq = _squash(line)
        for t in titles:
            if sq == t or (len(sq) >= 8 and sq in t):
                return True
            # The headline and its byline run together: "标题发布时间：2024-04-16 来源：…"
            if top and len(t) >= 8 and sq.startswith(t) and is_edge_line(sq[len(t) :]):
                return True
    return False


def _hint_not_after_a_sentence(s: str) -> bool:
    # ……。（来源：X 记者 Y）: a paragraph that ends in its credit is text, not a byline line.
    m = BYLINE_HINT.search(s)
    return m is not None and not re.search(r"[。！？!?]", s[: m.start()])


def _stray(line: str) -> bool:
    """A short line that is no sentence: a name, a source, a label."""
    return len(_squash(line)) <= STRAY_MAX and not PROSE_PUNCT.search(line) and not SENTENCE_END.search(line)


def _listlike(lines: list[str]) -> bool:
    """Mostly short lines that are not sentences: headlines of links, not paragraphs."""
    if not lines:
        return True
    short = sum(1 for ln in lines if len(_squash(ln)) < 40 or not SENTENCE_END.search(ln))
    return short >= 0.6 * len(lines)


def _cut_trailers(lines: list[str]) -> list[str]:
    """Drop a related-links or comments list: from its heading to the end when the
    heading is in the back half, else the heading and the short link-like lines under it.
    A heading followed by paragraphs is a section of the article and stays."""
    total = sum(len(_squash(ln)) for ln in lines) or 1
    seen = 0
    out: list[str] = []
    skipping = False
    for i, line in enumerate(lines):
        n = len(_squash(line))
        if n <= 24 and TRAILER.match(_probe(line)) and _listlike(lines[i + 1 : i + 9]):
            if seen >= 0.5 * total:
                return out
            skipping = True
            seen += n
            continue
        if skipping:
            if n < 40 and not SENTENCE_END.search(line):
                seen += n
                continue
            skipping = False
        out.append(line)
        seen += n
    return out


def _cut_teaser_tail(lines: list[str]) -> list[str]:
    """Drop a list of teasers at the end: the longest tail in which list items are
    at least half the lines (and there are two or more of them)."""
    cut = len(lines)
    teasers = 0
    for i in range(len(lines) - 1, -1, -1):
        teaser = _is_teaser(lines[i])
        teasers += teaser
        if teaser and teasers >= 2 and teasers * 2 >= len(lines) - i:
            cut = i
    # A body that is itself a dated list (a chronology) keeps its items.
    if not any(_is_prose(ln) for ln in lines[:cut]):
        return lines
    return lines[:cut]


def _is_teaser(line: str) -> bool:
    # (A long paragraph may end in "……"; a teaser is a short one.)
    return bool(TEASER.search(line)) or (len(line) <= TEASER_MAX and bool(TEASER_CUT.search(line)))


def _is_prose(line: str) -> bool:
    return len(_squash(line)) >= 15 and bool(PROSE_PUNCT.search(line))


def clean_lines(lines: list[str], titles: tuple[str, ...] = ()) -> list[str]:
    """Body lines without duplicates, furniture, trailers, and edge bylines."""
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        line = EDIT_LINK.sub("", line.strip())
        key = _squash(line)
        if not key:
            continue
        if len(key) >= DEDUPE_MIN:
            if key in seen:
                continue  # an article never repeats a paragraph; templates do
            seen.add(key)
        if is_furniture(line):
            continue
        out.append(line)
    out = _cut_trailers(out)
    out = _cut_teaser_tail(out)
    # Edges: bylines, dates, the repeated headline, disclaimers; as deep as they
    # go, since they come in stacks (headline, byline, share bar).
    start, end = 0, len(out)
    while start < end and is_edge_line(out[start], titles):
        start += 1
    while end > start and is_edge_line(out[end - 1], titles, top=False):
        end -= 1
    # A byline block above the text may hold a bare name (a source, a reporter)
    # between its dated lines: a short non-sentence line followed by an edge line
    # goes with it. (Not below the text: a notice ends with its issuer's name.)
    while start < end - 1 and _stray(out[start]) and is_edge_line(out[start + 1], titles):
        start += 2
        while start < end and is_edge_line(out[start], titles):
            start += 1
    return out[start:end]


def clean_text(text: str | None, titles: tuple[str, ...] = ()) -> str | None:
    if not text:
        return None
    lines = clean_lines(textnorm.tidy_lines(text).split("\n"), titles)
    return "\n".join(lines) or None

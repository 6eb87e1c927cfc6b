"""Is this page a "not found / deleted" notice served with status 200?

Sites rarely answer a withdrawn article with a 404: most serve their own error page
(页面不存在, 信息已删除, 该信息已撤销 ...) with 200. The test is general, not one
site's wording: the page says such a thing (pipelines/generic/vocabulary.py) in its
title or a short line, and it has no article text: outside its links (menus, the
site map, related items) it holds only a few lines. An article that merely quotes
the words is long, so it is never taken for a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html
from lxml.etree import ParserError

from pipelines.generic.vocabulary import NOTICE_PHRASES, NOTICE_STATES, NOTICE_SUBJECTS, alternation
from pipelines.textnorm import to_simplified

# A subject, then within a few characters (该信息已于2024年撤销) what became of it.
_NOTICE = re.compile(
    rf"(?:{alternation(NOTICE_SUBJECTS)})[^，。！!,.\n]{{0,12}}?(?:{alternation(NOTICE_STATES)})"
    rf"|{alternation(NOTICE_PHRASES)}",
    re.IGNORECASE,
)
# Text outside links a notice page may hold (its message, a footer's address and
# copyright line); the shortest real articles of the sites' lists run longer.
MAX_NOTICE_TEXT = 400
# A notice is a short line; a sentence of an article that mentions a deletion is not one.
MAX_NOTICE_LINE = 40


@dataclass(frozen=True)
class Notice:
    """The words that give the page away and where they were."""

    words: str
    where: str  # "title" or "text"
    text_chars: int

    def reason(self) -> str:
        return (
            f'a "not found / deleted" page served with status 200: its {self.where} says '
            f'"{self.words}" and it holds {self.text_chars} characters outside links (no article text)'
        )


def withdrawal_notice(html: str) -> Notice | None:
    """The notice a page is, or None for anything else (an article, a list, a broken page)."""
    try:
        root = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    title = " ".join(root.xpath("//title//text()")).strip()
    lines = _unlinked_lines(root)
    chars = sum(len(line) for line in lines)
    if chars > MAX_NOTICE_TEXT:
        return None
    m = _NOTICE.search(to_simplified(title))
    if m:
        return Notice(m.group(0), "title", chars)
    for line in lines:
        if len(line) <= MAX_NOTICE_LINE and (m := _NOTICE.search(to_simplified(line))):
            return Notice(m.group(0), "text", chars)
    return None


def _unlinked_lines(root: lxml_html.HtmlElement) -> list[str]:
    """The body's text outside <a> elements, one entry per text node, without blanks."""
    body = root.find("body")
    if body is None:
        return []
    texts = body.xpath(".//text()[not(ancestor::a)]")
    return [t for text in texts if (t := " ".join(str(text).split()))]

"""An article's title as its list row named it, where the article page prints it too.

Generic extraction guesses a title from the page (its headings, its <title>), and on many CMS
templates the first heading is the site's name. A title the list showed and the page repeats
as a text of its own is the article's title; a row's shortened title (…) is completed from it.
"""

from __future__ import annotations

import re

import lxml.html

SPACE_RE = re.compile(r"\s+")
ELLIPSIS_RE = re.compile(r"(?:\.{2,}|…+)$")
# Texts that are no place for a title: links (上一篇/下一篇, related articles), the <title>, scripts.
SKIP_TAGS = frozenset({"a", "title", "script", "style", "option"})


def confirmed_title(html: str, listed: str | None) -> str | None:
    """The listed title where the page shows it as a text of its own (completed where the row cut it
    short), else None."""
    if not listed:
        return None
    listed = SPACE_RE.sub(" ", listed).strip()
    stem = ELLIPSIS_RE.sub("", listed).strip()
    shortened = stem != listed
    if len(stem) < 4:
        return None
    root = lxml.html.document_fromstring(html or "<html></html>")
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
            continue
        for text in (node.text, node.get("content") if node.tag == "meta" else None):
            text = SPACE_RE.sub(" ", text or "").strip()
            if text == stem or (shortened and text.startswith(stem) and len(text) <= len(stem) + 60):
                return text
    return None

"""Channel (section) links of a page: short labels leading to other lists of the same site.

Every channel found is walked as a list; a page that lists no article simply yields none. What a
label-length link cannot be: an article (its shape), a page of this same list, a trap, the home page.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple
from urllib.parse import urlsplit

from crawlers.discovery.articles import article_shapes
from crawlers.discovery.page import ParsedPage
from crawlers.discovery.urls import list_key, on_site, shape, trap
from crawlers.discovery.vocabulary import BACK_WORDS, FULL_DATE_RE, LAST_WORDS, MAX_CHANNEL_CHARS, NEXT_WORDS

HOME_PATH_RE = re.compile(r"^/(?:(?:index|default|home)\.\w+)?$", re.I)
PAGER_WORDS = NEXT_WORDS | LAST_WORDS | BACK_WORDS


class ChannelLink(NamedTuple):
    url: str
    name: str


def channel_links(
    page: ParsedPage, hosts: Collection[str] | None = None, known: Collection[str] = ()
) -> list[ChannelLink]:
    """Links to other lists of the site, in page order, once each. `known`: article shapes learned
    on earlier pages of the site (their links are articles, however short their text)."""
    hosts = hosts or [urlsplit(page.url).hostname or ""]
    articles = article_shapes(page, hosts) | set(known)
    here = list_key(page.url)
    found: dict[str, ChannelLink] = {}
    for link in page.links:
        name = link.text.strip()
        if not name or len(name) > MAX_CHANNEL_CHARS or name.lower() in PAGER_WORDS or link.scripted:
            continue
        if name.isdigit() or FULL_DATE_RE.search(name) or re.fullmatch(r"\d{4}年\d{1,2}月", name):
            continue
        url = link.url
        parts = urlsplit(url)
        if url in found or not on_site(url, hosts) or trap(url) or shape(url) in articles:
            continue
        if (HOME_PATH_RE.match(parts.path) and not parts.query) or list_key(url) == here:
            continue
        found[url] = ChannelLink(url, name)
    return list(found.values())

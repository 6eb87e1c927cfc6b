"""What a list page plainly lists when a site's declared patterns see nothing on it (template drift).

Discovery (crawlers/discovery/) finds a page's article rows from the page itself: links whose URL shape
repeats inside list blocks, with titles of article length, outside the page's furniture and traps. A
page "plainly lists articles" when at least MIN_ROWS of those rows show a date beside the link: a
site's redesigned channel, not a page with a box of related links. Its further pages are what its
pager labels next (or what a TRS pager script announces).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.listing import ListRow
from crawlers.discovery import article_links, pagination_links, parse_page

# Fewer dated rows than this is no list (a "latest news" box beside an article, say).
MIN_ROWS = 3


@dataclass(frozen=True)
class GenericListing:
    rows: list[ListRow] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


def generic_listing(html: str, url: str, hosts: Sequence[str], channel: str | None = None) -> GenericListing:
    """The article rows and next pages of a list page by discovery; empty unless the page plainly lists
    articles (MIN_ROWS dated rows)."""
    page = parse_page(url, html)
    found = article_links(page, hosts=hosts)
    if sum(1 for a in found if a.date) < MIN_ROWS:
        return GenericListing()
    pages = pagination_links(page, hosts)
    # Page by page, as incremental walks go: the pager's next link, else the first page a script announces.
    following = [p.url for p in pages if p.rel == "next"] or [p.url for p in pages if p.rel == "script"][:1]
    rows = [ListRow(a.url, channel=channel, title=a.title, date=a.date) for a in found]
    return GenericListing(rows, following)

"""Article links of a list page, learned from the page itself.

A list's rows repeat one URL shape (crawlers/discovery/urls.py `shape`), carry a title of article
length and mostly a date beside it; navigation, footer, external, `javascript:`, search and
attachment links do not. A shape once learned on a site (its home page, a first list page) marks
the same site's single-row pages too: pass the shapes learned so far as `known`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from typing import NamedTuple
from urllib.parse import urlsplit

from crawlers.discovery.page import Link, ParsedPage
from crawlers.discovery.urls import has_id, on_site, shape, trap
from crawlers.discovery.vocabulary import FULL_DATE_RE, MIN_CJK_TITLE_CHARS, MIN_TITLE_CHARS, SHORT_DATE_RE

# "继续阅读“标题”": WordPress themes put the title inside the read-more label for screen readers.
READ_MORE_RE = re.compile(r"^(?:继续阅读|阅读全文|阅读更多|查看全文|查看详情|详细)\s*[“\"'「]?(.*?)[”\"'」]?$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


class ArticleLink(NamedTuple):
    url: str
    title: str | None
    date: str | None  # YYYY-MM-DD as the row shows it; None where it shows none (or no year)


def title_like(text: str) -> bool:
    """Long enough to be an article's title, and not a date or a number."""
    text = text.strip()
    rest = FULL_DATE_RE.sub("", text)
    if len(rest) < len(text) / 2:
        return False
    return len(CJK_RE.findall(rest)) >= MIN_CJK_TITLE_CHARS or (len(rest) >= MIN_TITLE_CHARS and " " in rest)


def row_date(link: Link) -> str | None:
    """The full date the link's row shows beside it (not inside its title)."""
    beside = link.row.replace(link.text, " ", 1) if link.text else link.row
    m = FULL_DATE_RE.search(beside)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def dated(link: Link) -> bool:
    beside = link.row.replace(link.text, " ", 1) if link.text else link.row
    return bool(FULL_DATE_RE.search(beside) or SHORT_DATE_RE.search(beside))


def candidates(page: ParsedPage, hosts: Collection[str] | None = None) -> list[Link]:
    """Links that could be articles: on the site, no trap, outside the page's furniture."""
    hosts = hosts or [urlsplit(page.url).hostname or ""]
    return [link for link in page.links if on_site(link.url, hosts) and not trap(link.url) and not link.furniture]


def article_shapes(page: ParsedPage, hosts: Collection[str] | None = None) -> set[str]:
    """The URL shapes this page's rows show articles under."""
    groups: dict[str, list[Link]] = defaultdict(list)
    for link in candidates(page, hosts):
        if title_like(link.text) and has_id(link.url) and link.url != page.url:
            groups[shape(link.url)].append(link)
    found = set()
    for key, links in groups.items():
        urls = {link.url for link in links}
        # A repeated shape, or one row that shows a date: a list of articles.
        if len(urls) >= 2 or any(dated(link) for link in links):
            found.add(key)
    return found


def article_links(
    page: ParsedPage, known: Collection[str] = (), hosts: Collection[str] | None = None
) -> list[ArticleLink]:
    """The page's article links in page order, each with the title and date its row shows.

    `known`: article shapes learned on earlier pages of the same site. `hosts`: the site's host and
    the domains a user named (default: the page's own host)."""
    shapes = article_shapes(page, hosts) | set(known)
    found: dict[str, ArticleLink] = {}
    for link in candidates(page, hosts):
        if link.url == page.url or shape(link.url) not in shapes:
            continue
        text = READ_MORE_RE.sub(r"\1", link.text).strip()
        title = text if title_like(text) else None
        date = row_date(link)
        before = found.get(link.url)
        if before is None:
            found[link.url] = ArticleLink(link.url, title, date)
        else:
            # A "read more" link repeats the title inside its label: the shorter title is the title.
            better = title if title and (not before.title or len(title) < len(before.title)) else before.title
            found[link.url] = ArticleLink(link.url, better, before.date or date)
    return list(found.values())

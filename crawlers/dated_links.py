"""Article rows of a list page found without any site declaration: same-shaped links with dates.

A congress list page shows its articles as rows: a link with a title of article length and the
date beside it, many rows whose URLs share one shape (`/art/2025/5/9/art_12_318.html`,
`/art/2025/4/2/art_12_301.html`). When a site's declared article patterns match none of a list
page's links but the page plainly lists articles this way, the site's template has drifted and
these rows are what the page lists (crawlers/base.py). Generic discovery may later replace this
small detector with its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from core.listing import ListRow

# Fewer dated rows than this is no list (a page's "latest news" box beside an article, say).
MIN_ROWS = 3
# Titles shorter than this are navigation (首页, 工作动态, 更多>>), not articles.
MIN_TITLE_CHARS = 6
# How far up from a link its row may be (li > span > a, tr > td > a, div.item > h3 > a).
ROW_DEPTH = 3
DATE = re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?")
# Links to files, searches and logins are no article, whatever their text.
NOT_ARTICLE_PATH = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|jpe?g|png|gif|mp4|mp3)$|search|login|logon|register",
    re.IGNORECASE,
)
# Pager links to a channel's next page.
NEXT_WORDS = frozenset({"下一页", "下页", "后页", "下一頁", "next"})


@dataclass(frozen=True)
class Candidate:
    url: str
    title: str
    date: str | None


def url_shape(url: str) -> str:
    """The URL with every digit run as 0 and query values dropped: one shape per CMS URL rule."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "0", parts.path)
    keys = sorted(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    return f"{parts.hostname}{path}?{'&'.join(keys)}" if keys else f"{parts.hostname}{path}"


def dated_rows(
    html: str, base_url: str, allows_host: Callable[[str], bool], channel: str | None = None
) -> list[ListRow]:
    """The rows of the largest group of same-shaped, dated, article-titled links; [] when the page
    does not plainly list articles (fewer than MIN_ROWS dated rows of one shape)."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in _candidates(Selector(text=html, base_url=base_url), base_url, allows_host):
        groups[url_shape(candidate.url)].append(candidate)
    best: list[Candidate] = []
    for members in groups.values():
        dated = sum(1 for c in members if c.date)
        # Most rows of a real list show their date; a shape only a few dated links share is no list.
        if dated >= MIN_ROWS and dated * 2 >= len(members) and dated > sum(1 for c in best if c.date):
            best = members
    seen: dict[str, ListRow] = {}
    for c in best:
        seen.setdefault(c.url, ListRow(c.url, channel=channel, title=c.title, date=c.date))
    return list(seen.values())


def next_page_links(html: str, base_url: str, allows_host: Callable[[str], bool]) -> list[str]:
    """Links a pager labels 下一页 (next page), absolute, on an allowed host."""
    sel = Selector(text=html, base_url=base_url)
    out = []
    for a in sel.css("a[href]"):
        text = re.sub(r"[\s>»›<«‹]+", "", " ".join(a.css("::text").getall())).lower()
        if text in NEXT_WORDS:
            url = _absolute(a.attrib.get("href", ""), base_url, allows_host)
            if url and url != base_url and url not in out:
                out.append(url)
    return out


def _candidates(sel: Selector, base_url: str, allows_host: Callable[[str], bool]) -> Iterable[Candidate]:
    for a in sel.css("a[href]"):
        url = _absolute(a.attrib.get("href", ""), base_url, allows_host)
        if url is None or NOT_ARTICLE_PATH.search(urlsplit(url).path):
            continue
        text = " ".join(" ".join(a.css("::text").getall()).split())
        title = " ".join((a.attrib.get("title") or "").split()) or text
        if len(re.sub(r"\s", "", title)) < MIN_TITLE_CHARS:
            continue
        yield Candidate(url, title, _row_date(a, text))


def _row_date(link: Selector, link_text: str) -> str | None:
    """The date beside a link inside its row: the nearest ancestor holding no other titled link
    (above it is the list itself, whose text holds every row's date)."""
    node = link
    for _ in range(ROW_DEPTH):
        parents = node.xpath("..")
        if not parents:
            return None
        node = parents[0]
        titled = [
            a
            for a in node.css("a[href]")
            if len(re.sub(r"\s", "", " ".join(a.css("::text").getall()))) >= MIN_TITLE_CHARS
        ]
        if len(titled) > 1:
            return None
        # The link's own text may hold a date (a session's name); only a date beside it counts.
        text = " ".join(" ".join(node.css("::text").getall()).split()).replace(link_text, " ", 1)
        found = DATE.search(text)
        if found:
            return found.group(0)
    return None


def _absolute(href: str, base_url: str, allows_host: Callable[[str], bool]) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(base_url, href).split("#")[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not allows_host(parts.hostname or ""):
        return None
    return url

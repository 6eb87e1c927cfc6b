"""The further pages of a list: what its pager links and what a pager script announces.

TRS `createPageHTML(total, current, "index", "html")` (index_1.html ...), DedeCMS `list_T_N.html`,
`?page=N` / `?pageIndex=N` / `?PageNo=N`, WordPress `/page/N/`, PHPCMS `N.html`, and the labels
下一页 / 尾页 / 末页 / 较早文章 or a strip of page numbers. Only links to the same list count
(urls.same_list): a 下一页 to another channel or the next article is no page of this list.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple
from urllib.parse import urlsplit

from crawlers.discovery.page import ParsedPage
from crawlers.discovery.urls import on_site, same_list, trap
from crawlers.discovery.vocabulary import BACK_WORDS, LAST_WORDS, NEXT_WORDS

# The count may be a literal or a variable set before the call (var countPage = 2;).
TRS_PAGER_RE = re.compile(r"createPageHTML\(\s*(\w+)\s*,\s*(\w+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](s?html?)[\"']")
# Arrows printed beside a pager label (← 较早文章, 下一页 »).
ARROWS_RE = re.compile(r"^[\s←→«»‹›<>]+|[\s←→«»‹›<>]+$")
STRIP_NUMBER_RE = re.compile(r"^[\[【(（]?\s*(\d{1,4})\s*[\]】)）]?$")


class PageLink(NamedTuple):
    url: str
    rel: str  # next, last, back, number (a page-number strip), script (announced by a pager script)
    number: int | None  # the page's number in the list as its pager counts (1 = first page)


def pagination_links(page: ParsedPage, hosts: Collection[str] | None = None) -> list[PageLink]:
    """Every further page of this list the page announces or links, in page order, once each."""
    hosts = hosts or [urlsplit(page.url).hostname or ""]
    found: dict[str, PageLink] = {}
    for announced in trs_pages(page):
        found.setdefault(announced.url, announced)
    for link in page.links:
        if link.url == page.url or not on_site(link.url, hosts) or trap(link.url) or not same_list(link.url, page.url):
            continue
        label = ARROWS_RE.sub("", link.text).strip().lower() or link.text.strip()
        m = STRIP_NUMBER_RE.match(label)
        if m:
            rel, number = "number", int(m.group(1))
        elif label in NEXT_WORDS:
            rel, number = "next", None
        elif label in LAST_WORDS:
            rel, number = "last", None
        elif label in BACK_WORDS:
            rel, number = "back", None
        else:
            continue
        before = found.get(link.url)
        # A page both numbered and labelled "next" keeps both facts.
        if before is None or (before.rel != "next" and rel == "next"):
            found[link.url] = PageLink(link.url, rel, number if before is None else before.number or number)
        elif before.number is None and number is not None:
            found[link.url] = PageLink(link.url, before.rel, number)
    return list(found.values())


def trs_pages(page: ParsedPage) -> list[PageLink]:
    """The pages a TRS pager script announces: index.html is page 1, index_1.html page 2 ..."""
    m = TRS_PAGER_RE.search(page.html)
    if not m:
        return []
    count, stem, ext = m.group(1), m.group(3), m.group(4)
    if not count.isdigit():
        var = re.search(rf"\b{re.escape(count)}\s*=\s*(\d+)", page.html[: m.start()])
        if var is None:
            return []
        count = var.group(1)
    total = int(count)
    folder = page.url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    return [PageLink(f"{folder}{stem}_{k}.{ext}", "script", k + 1) for k in range(1, total)]


def next_pages(links: list[PageLink], current: int) -> list[PageLink]:
    """The list's next page only (incremental walks go page by page, to stop where the archive is):
    what the pager labels next, else the page numbered current + 1."""
    following = [link for link in links if link.number == current + 1]
    return following or [link for link in links if link.rel == "next"]


def pagination_style(links: list[PageLink]) -> str:
    """How a list paginates, in words (rdarchive probe shows it)."""
    if not links:
        return "none"
    if any(link.rel == "script" for link in links):
        return "TRS createPageHTML (index_N)"
    path = urlsplit(links[0].url)
    query = path.query.lower()
    for key in ("pageindex", "pageno", "page", "pn", "p"):
        if re.search(rf"(?:^|&){key}=\d+", query):
            kind = f"?{key}=N"
            break
    else:
        if re.search(r"/page/\d+/?$", path.path):
            kind = "/page/N/"
        elif re.search(r"list_\d+_\d+\.\w+$", path.path):
            kind = "list_T_N"
        elif re.search(r"_\d+\.\w+$", path.path):
            kind = "index_N"
        else:
            kind = "N.html"
    labels = sorted({link.rel for link in links} - {"back"})
    return f"{kind} ({', '.join(labels)})"

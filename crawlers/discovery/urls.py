"""URL facts discovery works with: one spelling per page, links that lead nowhere useful, the shape an
article URL shares with its siblings, and which list a paginated URL belongs to."""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawlers.discovery.vocabulary import (
    ATTACHMENT_RE,
    PAGE_KEYS,
    SEARCH_KEYS,
    TRACKING_KEYS,
    TRACKING_PREFIXES,
    TRAP_FILE_RE,
    TRAP_PATH_RE,
    TRAP_QUERY_VALUES,
)

DIGITS = re.compile(r"\d+")


def absolute(href: str, base: str) -> str | None:
    """The link as an absolute http(s) URL without its #fragment and tracking query; None for the rest
    (javascript:, mailto:, tel:, data:)."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_KEYS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    # Keep the site's own spelling of the query when nothing was dropped.
    spelled = parts.query if len(query) == len(parse_qsl(parts.query, keep_blank_values=True)) else urlencode(query)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", spelled, ""))


def on_site(url: str, hosts: Collection[str]) -> bool:
    """On one of the hosts or below one of the named domains."""
    host = urlsplit(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in hosts)


def trap(url: str) -> str | None:
    """Why a link leads to no list and no article (a file, a search, an account, a counter), or None."""
    parts = urlsplit(url)
    if ATTACHMENT_RE.search(parts.path):
        return "attachment"
    if TRAP_PATH_RE.search(parts.path) or TRAP_FILE_RE.search(parts.path):
        return "search, account, feed or action"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if ATTACHMENT_RE.search(value):
            return "attachment"
        if key.lower() in SEARCH_KEYS:
            return "search"
        if value.lower() in TRAP_QUERY_VALUES or key.lower() in ("op", "action") and value:
            return "action"
    return None


def shape(url: str) -> str:
    """The URL with every run of digits as 0 and its query keys sorted: sibling articles share it
    (/art/2025/4/20/art_3402_4416034.html and /art/2025/4/2/art_3402_4411208.html)."""
    parts = urlsplit(url)
    path = DIGITS.sub("0", parts.path)
    query = sorted(f"{k}={DIGITS.sub('0', v)}" for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return path + ("?" + "&".join(query) if query else "")


def has_id(url: str) -> bool:
    """A page id or date in the file name or query: what article URLs carry and channel URLs mostly don't."""
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if re.search(r"\d{2,}", last) and not LIST_FILE_RE.search(parts.path):
        return True
    return any(re.fullmatch(r"\d{2,}", v) for k, v in parse_qsl(parts.query) if k.lower() not in PAGE_KEYS)


# File names of list pages: TRS index_N, DedeCMS list_T_N, default_N, PHPCMS's bare N.html in a channel folder.
LIST_FILE_RE = re.compile(r"/(?:index|default|list|more)(?:_\d+)*\.\w+$|/list_\d+(?:_\d+)?\.\w+$", re.I)
PAGED_PATH_RE = re.compile(r"/page/(\d+)/?$")
NUMBERED_FILE_RE = re.compile(r"/(?:(?:index|default|list|more)_)?(?:\d+_)?(\d+)\.\w+$", re.I)
# A page number after the list's own file name: list1021_2.html is page 2 of list1021.html, List/19-2.htm
# of List/19-1.htm.
SUFFIX_PAGE_RE = re.compile(r"[_-](\d+)(\.\w+)$")
INDEX_FILE_RE = re.compile(r"/(?:index|default)\.\w+$", re.I)


def list_key(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What the pages of one list share: host, folder (or script) and the query less its page keys.

    /a/gzdt/, /a/gzdt/index.html and /a/gzdt/list_3_2.html; /category/gzdt/ and /category/gzdt/page/2/;
    list.php?tid=5 and list.php?tid=5&TotalResult=3&PageNo=2 each share one."""
    parts = urlsplit(url)
    # count//0003016/ and count/0003016/ are one folder (relative links resolve to the latter).
    path = PAGED_PATH_RE.sub("/", re.sub(r"/{2,}", "/", parts.path))
    query = tuple(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in PAGE_KEYS)
    )
    if not query and (path.endswith("/") or INDEX_FILE_RE.search(path) or NUMBERED_FILE_RE.search(path)):
        path = path.rsplit("/", 1)[0] + "/"
    elif not query:
        # list1021.html and list1021_2.html; col1839990.html and col1839990_2.html.
        path = SUFFIX_PAGE_RE.sub(r"\2", path)
    return parts.hostname or "", path, query


def same_list(url: str, other: str) -> bool:
    """Pages of one list: one list_key, or one script whose query adds a fixed parameter on its
    further pages (list.jsp?strColId=X, then list.jsp?strColId=X&strWebSiteId=Y&PageSizeIndex=2)."""
    a, b = list_key(url), list_key(other)
    if a == b:
        return True
    if a[:2] != b[:2] or not a[2] or not b[2]:
        return False
    small, large = sorted((set(x for x in a[2] if x[1]), set(x for x in b[2] if x[1])), key=len)
    return bool(small) and small <= large


def page_number(url: str) -> int:
    """The page's number within its list as the URL spells it (0 where it spells none: the first page)."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_KEYS - {"totalresult", "start"} and value.isdigit():
            return int(value)
    m = PAGED_PATH_RE.search(parts.path)
    if m:
        return int(m.group(1))
    if not parts.query:
        m = NUMBERED_FILE_RE.search(parts.path) or SUFFIX_PAGE_RE.search(parts.path)
        if m:
            return int(m.group(1))
    return 0

"""TRS WCM family: index.html, index_1.html, ... list pages and t-date articles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from crawlers.base import CongressSpider

# TRS list pages announce their page count to the pager script:
# createPageHTML(total_pages, current_index, "index", "html")
PAGER_RE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](s?html?)[\"']")
PAGE_LINK_RE = re.compile(r"(?:^|/)(index|default)(?:_\d+)?\.(s?html?)$")


class TRSSpider(CongressSpider):
    # Article URLs of TRS sites: /<channel dirs>/YYYYMM/tYYYYMMDD_<id>.html
    article_patterns: ClassVar[Sequence[str]] = (r"/\d{6}/t\d{8}_\d+\.s?html?$",)
    # The second list page's number: index_1 on most TRS sites, index_2 on some (old gzrd).
    first_page_number = 1

    def pagination(self, response: TextResponse) -> Iterable[str]:
        # Links the site module declares (sub-channel lists) are always followed.
        declared = list(super().pagination(response))
        pages = [p for p in dict.fromkeys(self._all_pages(response)) if p not in declared]
        if self.incremental:
            # Walk numbered pages one by one, so a channel stops where the archive already is.
            pager = PAGER_RE.search(response.text)
            following = self._next_page(response.url, pager.group(4) if pager else "html")
            pages = [p for p in pages if p == following]
        return declared + pages

    def _next_page(self, url: str, ext: str = "html") -> str | None:
        if url.endswith("/"):
            # A channel given as its folder is its index page.
            url += f"index.{ext}"
        m = re.search(r"/(index|default)(?:_(\d+))?\.(s?html?)$", url)
        if not m:
            return None
        current = int(m.group(2) or 0)
        following = self.first_page_number if current == 0 else current + 1
        return f"{url[: m.start()]}/{m.group(1)}_{following}.{m.group(3)}"

    def _all_pages(self, response: TextResponse) -> Iterable[str]:
        """Numbered pages of this channel: what the TRS pager announces and links."""
        base = response.url.rsplit("/", 1)[0] + "/"
        m = PAGER_RE.search(response.text)
        if m:
            # Upper bound on pages per channel, in case a pager announces nonsense.
            total, stem, ext = int(m.group(1)), m.group(3), m.group(4)
            start = self.first_page_number
            for k in range(start, start + min(total, self.max_list_pages) - 1):
                yield f"{base}{stem}_{k}.{ext}"
        for url in self.links(response):
            # Only pages of this same channel folder: navigation links to other
            # channels' index pages must not widen the crawl.
            if url.rsplit("/", 1)[0] + "/" == base and PAGE_LINK_RE.search(urlsplit(url).path):
                yield url

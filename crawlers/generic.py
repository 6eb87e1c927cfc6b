"""The generic spider: any congress site from its home URL alone (discovery, no site code).

Used for every site without a module or definition (`rdarchive crawl --url URL`) and for data
definitions without URL patterns. From each page it walks it learns (crawlers/discovery/): the
channels it links, its article links (URL shapes that repeat in list blocks, learned per site and
remembered for the rest of the crawl), and its further pages. Everything else is the shared base:
robots and politeness settings, incremental stops, failures recorded, the article pipeline (generic
extraction, as for any page no template reads).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from core.listing import ListRow
from core.page import Page
from core.site import SiteRecord
from crawlers.base import CongressSpider
from crawlers.discovery import article_links, channel_links, next_pages, pagination_links, parse_page, shape
from crawlers.discovery.page import ParsedPage
from crawlers.discovery.site_name import jurisdiction_of, site_name
from crawlers.discovery.titles import confirmed_title
from crawlers.runs import RunContext
from crawlers.walk import ListWalk
from pipelines.region import region_from_code

# How many channel links deep from the start page the walk goes (home → channel → sub-channel → ...).
MAX_CHANNEL_DEPTH = 3
GENERIC_EVIDENCE = "generic"


@dataclass(frozen=True)
class DiscoveryWalk(ListWalk):
    # Channel links followed from the start page to reach this list.
    depth: int = 0
    # This page's number in its list as the pager counts it (1: the list's first page).
    page: int = 1


class GenericSpider(CongressSpider):
    """A site walked by discovery. `generic_site()` makes the class of one site."""

    name = "generic"
    site_name = "generic"
    evidence = GENERIC_EVIDENCE
    # "site": the jurisdiction was declared (--region, a definition); "site_name": read from the site.
    # False where the class was named after its host: the name the site prints replaces it.
    site_name_declared: ClassVar[bool] = False

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Article URL shapes learned on this site so far (a single-row page is read with them).
        self.learned_shapes: set[str] = set()
        self.learned_name: str | None = None
        self.learned_region: str | None = None

    # -- crawl ---------------------------------------------------------------
    async def start(self) -> Any:
        for url in self.requested_urls or self.start_channels:
            yield self.list_request(url, DiscoveryWalk())

    def parse_list(self, response: Response, walk: ListWalk | None = None) -> Iterable[scrapy.Request]:
        if not self._is_html(response, "list"):
            return
        walk = walk if isinstance(walk, DiscoveryWalk) else DiscoveryWalk()
        page = parse_page(response.url, response.text)
        hosts = self.allowed_domains
        if walk.depth == 0 and walk.page == 1:
            self.learn_site(page)
        found = article_links(page, known=self.learned_shapes, hosts=hosts)
        self.learned_shapes |= {shape(a.url) for a in found}
        channel = self.list_channel(response, walk)
        rows = {a.url: ListRow(a.url, channel=channel, title=a.title, date=a.date) for a in found}
        urls = list(rows)
        fresh = self.not_archived(urls)
        for url in fresh:
            yield self.article_request(rows[url])
        if walk.depth < MAX_CHANNEL_DEPTH:
            for channel_link in channel_links(page, hosts, known=self.learned_shapes):
                yield self.list_request(channel_link.url, DiscoveryWalk(depth=walk.depth + 1))
        stale = self.stale_pages(response, walk, urls, fresh)
        if stale is None:
            return
        pages = pagination_links(page, hosts)
        if self.incremental:
            # Page by page, so the walk stops where the archive already is.
            pages = next_pages(pages, walk.page)
        for link in pages[: self.max_list_pages]:
            number = link.number or walk.page + 1
            yield self.list_request(
                link.url, DiscoveryWalk(stale=stale, channel=channel, depth=walk.depth, page=number)
            )

    # -- what the site says about itself --------------------------------------
    def learn_site(self, page: ParsedPage) -> None:
        """The congress's name and, where none was declared, its jurisdiction from that name."""
        name = site_name(page)
        if not name:
            return
        self.learned_name = name
        if self.region_code is None:
            self.learned_region = jurisdiction_of(name)
        if getattr(self, "crawler", None) is None:
            return
        ctx = RunContext.of(self.crawler)
        ctx.store.update_site(self.current_site_record())

    def current_site_record(self) -> SiteRecord:
        record = self.site_record()
        code = self.region_code or self.learned_region
        region = region_from_code(code) if code else None
        name = record.name if self.site_name_declared else (self.learned_name or record.name)
        return SiteRecord(
            slug=record.slug,
            name=name,
            province=region.province if region else record.province,
            region_code=code,
            domains=record.domains,
            evidence=record.evidence,
            official=record.official,
        )

    def parse_article(self, response: Response, row: ListRow | None = None) -> Iterable[Page | scrapy.Request]:
        for item in super().parse_article(response, row):
            if isinstance(item, Page) and item.hints.title is None and row is not None:
                item.hints.title = confirmed_title(item.html, row.title)
            if isinstance(item, Page) and self.region_code is None and self.learned_region:
                # The jurisdiction read from the site's own name, and that it was read so.
                item.hints.region_code = self.learned_region
                item.hints.region_basis = "site_name"
            yield item


def slug_for_host(host: str) -> str:
    """A site's slug from its host name: www.jiaxianrd.gov.cn -> jiaxianrd-gov-cn."""
    host = re.sub(r"^www\d*\.", "", host.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", host).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "site-" + slug
    return slug[:64]


def generic_site(
    start_urls: Sequence[str],
    slug: str | None = None,
    domains: Sequence[str] = (),
    region_code: str | None = None,
    site_name: str | None = None,
) -> type[GenericSpider]:
    """The generic spider class of one site: named after its host unless a slug is given; its hosts are
    the start URLs' hosts plus `domains`; `region_code` the declared jurisdiction (else read from the
    site's own name)."""
    hosts = list(dict.fromkeys([*(urlsplit(u).hostname or "" for u in start_urls), *domains]))
    hosts = [h for h in hosts if h]
    if not hosts:
        raise ValueError(f"no host in the start URLs {list(start_urls)!r} (expected http://host/...)")
    slug = slug or slug_for_host(hosts[0])
    region = region_from_code(region_code) if region_code else None
    attrs: dict[str, Any] = {
        "name": slug,
        "site_name": site_name or hosts[0],
        "site_name_declared": site_name is not None,
        "province": region.province if region else None,
        "region_code": region_code,
        "allowed_domains": hosts,
        "start_channels": tuple(start_urls),
        "__module__": __name__,
        "__doc__": f"{site_name or hosts[0]}: walked by discovery from {', '.join(start_urls)}",
    }
    class_name = "".join(p.capitalize() for p in re.split(r"[-_]", slug)) + "GenericSpider"
    return type(class_name, (GenericSpider,), attrs)

"""The shared base of every site spider.

A site module only declares what is particular to its site (see
crawlers/spiders/npc.py); walking channels, following pagination, recognising
article links and reporting failures happen here.
"""
from __future__ import annotations

import re
from typing import Any, AsyncIterator, ClassVar, Iterable, Sequence
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.middlewares import BlockedByChallenge
from crawlers.signals import page_failed
from crawlers.templates import Template, read_page
from models.store import SiteRecord
from pipelines.article import Page, SiteHints

HTML_TYPES = (b"text/html", b"application/xhtml")


class CongressSpider(scrapy.Spider):
    # -- what a site module declares --------------------------------------
    name: ClassVar[str]
    site_name: ClassVar[str]
    province: ClassVar[str | None] = None
    region_code: ClassVar[str | None] = None  # GB/T 2260 code of the jurisdiction
    allowed_domains: ClassVar[list[str]] = []
    start_channels: ClassVar[Sequence[str]] = ()
    article_patterns: ClassVar[Sequence[str]] = ()  # regexes on the URL path
    templates: ClassVar[Sequence[Template]] = ()
    evidence: ClassVar[str] = "confirmed"

    def __init__(self, urls: str | Iterable[str] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(urls, str):
            urls = [u for u in re.split(r"[\s,]+", urls) if u]
        # Explicit URLs (rdarchive crawl --url) replace the declared channels.
        self.requested_urls = list(urls or [])

    # -- class-level helpers used by the CLI without a crawl ----------------
    @classmethod
    def site_record(cls) -> SiteRecord:
        return SiteRecord(slug=cls.name, name=cls.site_name, province=cls.province,
                          region_code=cls.region_code, domains=list(cls.allowed_domains),
                          evidence=cls.evidence)

    @classmethod
    def hints_for(cls, html: str) -> SiteHints:
        return read_page(cls.templates, html, cls.region_code)

    @classmethod
    def is_article_url(cls, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not cls.allows_host(parts.hostname or ""):
            return False
        return any(re.search(p, parts.path) for p in cls.article_patterns)

    @classmethod
    def allows_host(cls, host: str) -> bool:
        return any(host == d or host.endswith("." + d) for d in cls.allowed_domains)

    # -- crawl -------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.requested_urls or self.start_channels:
            if self.is_article_url(url):
                yield self.article_request(url, channel=None)
            else:
                yield self.list_request(url)

    def list_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_list, errback=self.on_error,
                              meta={"rd_kind": "list"})

    def article_request(self, url: str, channel: str | None) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"rd_kind": "article", "rd_channel": channel})

    def parse_list(self, response: Response) -> Iterable[scrapy.Request]:
        if not self._is_html(response):
            return
        channel = self.channel_name(response)
        for url in self.article_links(response):
            yield self.article_request(url, channel)
        for url in self.pagination(response):
            yield self.list_request(url)

    def article_links(self, response: TextResponse) -> Iterable[str]:
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip()).split("#")[0]
            if self.is_article_url(url):
                yield url

    def pagination(self, response: TextResponse) -> Iterable[str]:
        """Further pages of the same channel; CMS families override this."""
        return ()

    def channel_name(self, response: TextResponse) -> str | None:
        return None

    def parse_article(self, response: Response) -> Iterable[Page]:
        if not self._is_html(response):
            return
        yield Page(
            url=response.url, html=response.text, site=self.name, status=response.status,
            encoding=response.encoding, channel=response.meta.get("rd_channel"),
            hints=self.hints_for(response.text),
        )

    # -- failures ----------------------------------------------------------
    def _is_html(self, response: Response) -> bool:
        ctype = response.headers.get(b"Content-Type", b"").lower()
        if isinstance(response, TextResponse) and (not ctype or any(t in ctype for t in HTML_TYPES)):
            return True
        self.report_failure(
            response.url, "not_html",
            f"{self.name}: {response.url} is {ctype.decode('latin-1') or 'of unknown type'}, "
            f"expected an HTML {response.meta.get('rd_kind', 'page')}",
            response.status,
        )
        return False

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            kind, reason = "http_error", f"HTTP {status}"
        elif failure.check(BlockedByChallenge):
            kind, reason = "blocked", str(failure.value)
        elif failure.check(scrapy.exceptions.IgnoreRequest):
            kind, reason = "ignored", str(failure.value) or "request ignored"
        else:
            kind, reason = "network", f"{failure.type.__name__}: {failure.getErrorMessage()}"
        what = request.meta.get("rd_kind", "page")
        self.report_failure(request.url, kind,
                            f"{self.name}: {request.url}: {reason} (expected an HTML {what})", status)

    def report_failure(self, url: str, kind: str, reason: str, http_status: int | None = None) -> None:
        self.logger.warning("failed %s: %s", kind, reason)
        self.crawler.signals.send_catch_log(page_failed, spider=self, url=url, kind=kind,
                                            reason=reason, http_status=http_status)

"""What discovery learns about a site from a few pages: the crawl behind `rdarchive probe`.

The probe fetches the start page, a few of the channels it links (and one further page of a paginated
channel) and a few articles, through the crawl's own engine, middlewares and settings (robots.txt, the
network policy, politeness, the replay transport): a probe sees what a crawl would see. It stores
nothing: the articles are read by the same pure stages a crawl uses (pipelines/stages.py), and what
was learned stays on the spider (`ProbeSpider.report`) for the command line to print or save.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core.errors import StageFailure
from core.page import Page, SiteHints
from crawlers.discovery import article_links, channel_links, pagination_links, pagination_style, parse_page, shape
from crawlers.discovery.site_name import jurisdiction_of, site_name
from crawlers.discovery.titles import confirmed_title
from crawlers.middlewares import BlockedByChallenge
from pipelines.stages import run_stages

# A probe is a look, not a crawl: a handful of lists and articles.
MAX_CHANNELS = 8
SAMPLES = 5
HTML_TYPES = ("text/html", "application/xhtml")
# Shorter than this, a "body" is a caption or a notice line, not an article.
MIN_BODY_CHARS = 50


@dataclass
class ChannelFinding:
    name: str
    url: str
    articles: int = 0
    pagination: str = "none"
    # A further page of the list, fetched to see that the pagination leads somewhere.
    next_page: str | None = None
    next_page_articles: int | None = None
    error: str | None = None


@dataclass
class SampleFinding:
    url: str
    channel: str | None
    title: str | None = None
    published_at: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    body_chars: int = 0
    error: str | None = None

    @property
    def complete(self) -> bool:
        """Read as an article: a title, a date and a body of some length."""
        return bool(self.title and self.published_at and self.body_chars >= MIN_BODY_CHARS and not self.error)


@dataclass
class ArticleLinkFinding:
    url: str
    title: str | None
    date: str | None
    channel: str | None
    # Found only inside a script datastore (Hanweb JCMS): a crawl by URL patterns does not see it.
    scripted: bool = False


@dataclass
class ProbeReport:
    url: str
    home_error: str | None = None
    site_name: str | None = None
    jurisdiction: str | None = None
    channels: list[ChannelFinding] = field(default_factory=list)
    articles: list[ArticleLinkFinding] = field(default_factory=list)
    samples: list[SampleFinding] = field(default_factory=list)
    # URLs of list pages the pagination of the probed channels leads to.
    list_pages: list[str] = field(default_factory=list)
    script_pagination: bool = False
    failures: list[str] = field(default_factory=list)


class ProbeSpider(scrapy.Spider):
    """Fetches the start page, channels, one further list page and sample articles; keeps what it learned."""

    name = "probe"

    def __init__(self, url: str, domains: Iterable[str] = (), **kwargs: Any):
        super().__init__(**kwargs)
        self.start_url = url
        host = urlsplit(url).hostname or ""
        self.hosts = list(dict.fromkeys([host, *domains]))
        self.allowed_domains = list(self.hosts)
        self.report = ProbeReport(url)
        self.shapes: set[str] = set()
        self.pending_lists = 0
        self.samples_requested = False
        self.paged_once = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ProbeSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.idle, signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_home, errback=self.home_failed)

    # -- the start page ---------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterable[scrapy.Request]:
        if not _is_html(response):
            self.report.home_error = f"{response.url} is {_ctype(response) or 'of unknown type'}, expected an HTML page"
            return
        assert isinstance(response, TextResponse)
        page = parse_page(response.url, response.text)
        self.report.site_name = site_name(page)
        self.report.jurisdiction = jurisdiction_of(self.report.site_name) if self.report.site_name else None
        # The start page may itself be a list (a channel URL given as the start).
        home = ChannelFinding(page.title or "(start page)", response.url)
        self.read_list(page, home)
        if home.articles:
            self.report.channels.append(home)
        for link in channel_links(page, self.hosts, known=self.shapes)[:MAX_CHANNELS]:
            yield self.list_request(link.url, ChannelFinding(link.name, link.url))
        yield from self.further_page(home)

    def home_failed(self, failure: Failure) -> None:
        self.report.home_error = _reason(failure)

    # -- channels -------------------------------------------------------------------------------------
    def list_request(self, url: str, finding: ChannelFinding, further: bool = False) -> scrapy.Request:
        self.pending_lists += 1
        return scrapy.Request(
            url,
            callback=self.parse_list,
            errback=self.list_failed,
            cb_kwargs={"finding": finding, "further": further},
            dont_filter=False,
        )

    def parse_list(self, response: Response, finding: ChannelFinding, further: bool) -> Iterable[scrapy.Request]:
        self.pending_lists -= 1
        if not _is_html(response):
            message = f"{response.url} is {_ctype(response) or 'of unknown type'}, expected an HTML list page"
            self.report.failures.append(message)
            if not further:
                finding.error = message
            return
        assert isinstance(response, TextResponse)
        page = parse_page(response.url, response.text)
        if further:
            finding.next_page_articles = len(self.read_articles(page, finding.name))
            self.report.list_pages.append(response.url)
            return
        self.read_list(page, finding)
        self.report.channels.append(finding)
        yield from self.further_page(finding)

    def list_failed(self, failure: Failure) -> None:
        self.pending_lists -= 1
        finding = failure.request.cb_kwargs.get("finding")  # type: ignore[attr-defined]  # set by Scrapy
        reason = _reason(failure)
        self.report.failures.append(reason)
        if isinstance(finding, ChannelFinding) and not failure.request.cb_kwargs.get("further"):  # type: ignore[attr-defined]
            finding.error = reason
            self.report.channels.append(finding)

    def read_list(self, page: Any, finding: ChannelFinding) -> None:
        finding.articles = len(self.read_articles(page, finding.name))
        links = pagination_links(page, self.hosts)
        finding.pagination = pagination_style(links)
        self.report.script_pagination |= any(link.rel == "script" for link in links)
        following = [link for link in links if link.rel in ("next", "number", "script")]
        finding.next_page = following[0].url if following else None

    def read_articles(self, page: Any, channel: str) -> list[ArticleLinkFinding]:
        found = article_links(page, known=self.shapes, hosts=self.hosts)
        self.shapes |= {shape(a.url) for a in found}
        scripted = {link.url for link in page.links if link.scripted}
        rows = [ArticleLinkFinding(a.url, a.title, a.date, channel, scripted=a.url in scripted) for a in found]
        known = {a.url for a in self.report.articles}
        # Each article once in the report (a home page repeats its channels' newest rows).
        self.report.articles.extend(a for a in rows if a.url not in known)
        return rows

    def further_page(self, finding: ChannelFinding) -> Iterable[scrapy.Request]:
        """One further page of the first paginated channel: does the pagination lead to more articles?"""
        if finding.next_page and not self.paged_once:
            self.paged_once = True
            yield self.list_request(finding.next_page, finding, further=True)

    # -- sample articles --------------------------------------------------------------------------
    def idle(self) -> None:
        if self.samples_requested or self.report.home_error:
            return
        self.samples_requested = True
        requests = [
            scrapy.Request(a.url, callback=self.parse_sample, errback=self.sample_failed, cb_kwargs={"link": a})
            for a in self.sample_links()
        ]
        if not requests:
            return
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def sample_links(self) -> list[ArticleLinkFinding]:
        """Up to SAMPLES articles, taken from the channels in turn (one channel's rows look alike)."""
        by_channel: dict[str | None, list[ArticleLinkFinding]] = {}
        for a in self.report.articles:
            by_channel.setdefault(a.channel, []).append(a)
        picked: list[ArticleLinkFinding] = []
        while len(picked) < SAMPLES and any(by_channel.values()):
            for rows in by_channel.values():
                if rows and len(picked) < SAMPLES:
                    picked.append(rows.pop(0))
        return picked

    def parse_sample(self, response: Response, link: ArticleLinkFinding) -> None:
        sample = SampleFinding(response.url, link.channel)
        self.report.samples.append(sample)
        if not _is_html(response):
            sample.error = f"{response.url} is {_ctype(response) or 'of unknown type'}, expected an HTML article"
            return
        assert isinstance(response, TextResponse)
        page = Page(
            url=response.url,
            html=response.text,
            site=self.name,
            status=response.status,
            encoding=response.encoding,
            channel=link.channel,
            list_date=link.date,
            hints=SiteHints(region_code=self.report.jurisdiction, title=confirmed_title(response.text, link.title)),
        )
        try:
            article = run_stages(page)
        except StageFailure as e:
            sample.error = str(e)
            return
        sample.title = article.title
        sample.published_at = article.published_at.isoformat() if article.published_at else None
        sample.source = article.byline.source
        sample.authors = list(article.byline.authors)
        sample.body_chars = len(article.body or "")

    def sample_failed(self, failure: Failure) -> None:
        link = failure.request.cb_kwargs["link"]  # type: ignore[attr-defined]  # set by Scrapy
        self.report.samples.append(SampleFinding(link.url, link.channel, error=_reason(failure)))


def _ctype(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def _is_html(response: Response) -> bool:
    ctype = _ctype(response).lower()
    return isinstance(response, TextResponse) and (not ctype or any(t in ctype for t in HTML_TYPES))


def _reason(failure: Failure) -> str:
    """What went wrong with a request, in one line naming its URL."""
    url = failure.request.url  # type: ignore[attr-defined]  # set by Scrapy on errback failures
    if failure.check(HttpError):
        return f"{url}: HTTP {failure.value.response.status}"
    if failure.check(BlockedByChallenge):
        return f"{url}: {failure.value}"
    if failure.check(IgnoreRequest):
        message = str(failure.value) or "request ignored"
        if "robots" in message.lower():
            return f"{url}: forbidden by robots.txt"
        return f"{url}: {message}"
    return f"{url}: {failure.type.__name__}: {failure.getErrorMessage()}"

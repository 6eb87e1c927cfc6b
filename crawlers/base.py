"""The shared base of every site spider.

A site definition or module only declares what is particular to its site (see
crawlers/sites/npc.toml); walking channels, following pagination, recognising
article links and reporting failures happen here.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any, ClassVar, TypeGuard
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core.listing import ListRow
from core.page import Page, SiteHints
from core.site import SiteRecord
from core.status import DriftKind, FailureKind
from crawlers.dated_links import generic_listing
from crawlers.drift import list_drift_reason
from crawlers.middlewares import BlockedByChallenge
from crawlers.revisit import revisit_meta
from crawlers.runs import RunContext
from crawlers.signals import page_failed, template_drift
from crawlers.templates import Template, read_page
from crawlers.walk import ListWalk
from crawlers.warc import CAPTURE, CAPTURE_ID, capture_id_of
from models.store import RevisitTarget
from pipelines.withdrawn import withdrawal_notice

HTML_TYPES = (b"text/html", b"application/xhtml")
# A site's home page, whatever its CMS calls it.
HOME_PATH = re.compile(r"/?(?:(?:index|default|main|home)\.(?:s?html?|jsp|aspx?|php))?", re.IGNORECASE)


class CongressSpider(scrapy.Spider):
    # -- what a site module declares --------------------------------------
    name: str
    site_name: ClassVar[str]
    province: ClassVar[str | None] = None
    region_code: ClassVar[str | None] = None  # GB/T 2260 code of the jurisdiction
    allowed_domains: ClassVar[list[str]] = []
    start_channels: ClassVar[Sequence[str]] = ()
    article_patterns: ClassVar[Sequence[str]] = ()  # regexes on the URL path (+ ?query)
    # Further list pages of a channel (pagination), regexes on the URL path (+ ?query).
    list_patterns: ClassVar[Sequence[str]] = ()
    # Links to other channels' lists a list page shows (sub-channels, sibling channels):
    # each is walked as a channel of its own on every crawl, pager or not (regexes on path + ?query).
    channel_patterns: ClassVar[Sequence[str]] = ()
    # False where following pagination is wrong (Fujian's index_N.html answers 403).
    follow_pagination: ClassVar[bool] = True
    # Site navigation links other channels' lists, which match list_patterns too: only
    # pager links of the column being walked continue it. None: any list link; "folder":
    # the same URL folder; a regex: the same first group, searched in the URL path (+ ?query).
    # A page whose own URL shows no column (a channel's start page) follows every list link.
    pagination_scope: ClassVar[str | None] = None
    max_list_pages: ClassVar[int] = 500
    templates: ClassVar[Sequence[Template]] = ()
    # True where the templates are known to cover only some pages and generic extraction is a
    # modelled path for the others (ahrd): such pages are then no template drift.
    generic_pages_expected: ClassVar[bool] = False
    # Hosts never to request, even when a page links to them (hijacked old domains).
    denied_domains: ClassVar[Sequence[str]] = ()
    # confirmed / partly guessed / unsupported, and why (shown by `rdarchive sites`).
    evidence: ClassVar[str] = "confirmed"
    evidence_note: ClassVar[str] = ""
    # False for mirrors and reprint sites: canonical copies come from official sites first.
    official: ClassVar[bool] = True
    # Set for a site the archiver cannot crawl yet: the reason, reported on every crawl.
    unsupported: ClassVar[str | None] = None

    def __init__(self, urls: str | Iterable[str] | None = None, full: bool | str = False, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(urls, str):
            urls = [u for u in re.split(r"[\s,]+", urls) if u]
        # Explicit URLs (rdarchive crawl --url) replace the declared channels.
        self.requested_urls = list(urls or [])
        # -a full=1 on the scrapy command line arrives as a string.
        self.full = str(full).lower() in ("1", "true", "yes") if isinstance(full, str) else bool(full)
        # Incremental: walk a channel's pages only while they list articles not archived yet
        # (from_crawler turns it on unless --full); off without a crawler, e.g. in unit tests.
        self.incremental = False
        self.incremental_depth = 1
        # Known once the first list page asks the archive (see not_archived).
        self.previous_run_finished: bool | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CongressSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # Incremental by default; --full re-fetches everything (to see changes).
        spider.incremental = settings.getbool("RDARCHIVE_INCREMENTAL", True) and not spider.full
        spider.incremental_depth = max(1, settings.getint("RDARCHIVE_INCREMENTAL_DEPTH", 1))
        return spider

    # -- class-level helpers used by the CLI without a crawl ----------------
    @classmethod
    def site_record(cls) -> SiteRecord:
        return SiteRecord(
            slug=cls.name,
            name=cls.site_name,
            province=cls.province,
            region_code=cls.region_code,
            domains=list(cls.allowed_domains),
            evidence="unsupported" if cls.unsupported else cls.evidence,
            official=cls.official,
        )

    @classmethod
    def hints_for(cls, html: str) -> SiteHints:
        return read_page(cls.templates, html, cls.region_code)

    @classmethod
    def is_article_url(cls, url: str) -> bool:
        return cls._matches(url, cls.article_patterns)

    @classmethod
    def is_list_url(cls, url: str) -> bool:
        return cls._matches(url, cls.list_patterns)

    @classmethod
    def list_column(cls, url: str) -> str | None:
        """The column a list page belongs to, as `pagination_scope` defines it."""
        scope = cls.pagination_scope
        if scope is None:
            return None
        parts = urlsplit(url)
        if scope == "folder":
            return parts.path.rsplit("/", 1)[0] + "/"
        m = re.search(scope, f"{parts.path}?{parts.query}" if parts.query else parts.path)
        return m.group(1) if m else None

    def canonical_list_url(self, url: str) -> str:
        """How the site itself spells a list page's URL (one spelling, one request)."""
        return url

    @classmethod
    def _matches(cls, url: str, patterns: Sequence[str]) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not cls.allows_host(parts.hostname or ""):
            return False
        target = f"{parts.path}?{parts.query}" if parts.query else parts.path
        return any(re.search(p, target) for p in patterns)

    @classmethod
    def allows_url(cls, url: str) -> bool:
        """An http(s) URL on the site's own domains (attachments are fetched from these only)."""
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and cls.allows_host(parts.hostname or "")

    @classmethod
    def allows_host(cls, host: str) -> bool:
        def within(domains: Sequence[str]) -> bool:
            return any(host == d or host.endswith("." + d) for d in domains)

        return within(cls.allowed_domains) and not within(cls.denied_domains)

    # -- crawl -------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.unsupported and not self.requested_urls:
            self.report_failure(
                self.start_channels[0] if self.start_channels else f"site:{self.name}",
                FailureKind.UNSUPPORTED,
                f"{self.name}: not crawlable yet: {self.unsupported}",
            )
            return
        for url in self.requested_urls or self.start_channels:
            if self.is_article_url(url):
                yield self.article_request(ListRow(url))
            else:
                yield self.list_request(url)

    def list_request(self, url: str, walk: ListWalk | None = None) -> scrapy.Request:
        """A list page; `walk`: where the channel's walk stands (a new channel: a fresh walk)."""
        return scrapy.Request(
            url, callback=self.parse_list, errback=self.on_error, cb_kwargs={"walk": walk or ListWalk()}
        )

    def article_request(self, row: ListRow) -> scrapy.Request:
        return scrapy.Request(row.url, callback=self.parse_article, errback=self.on_error, cb_kwargs={"row": row})

    def parse_list(self, response: Response, walk: ListWalk | None = None) -> Iterable[scrapy.Request]:
        if not self._is_html(response, "list"):
            return
        walk = walk or ListWalk()
        channel = self.list_channel(response, walk)
        rows = {row.url: row for row in self.article_rows(response, channel)}
        drifted: list[str] | None = None  # the generic listing's next pages, once the page drifted
        if not rows:
            # Template drift: the declared patterns see no article on a page that plainly lists them.
            found, drifted = self.drifted_listing(response, channel)
            if found:
                rows = {row.url: row for row in found}
                self.report_drift(response.url, DriftKind.LIST, list_drift_reason(self.name, response.url, found))
            else:
                drifted = None
        urls = list(rows)
        fresh = self.not_archived(urls)
        for url in fresh:
            yield self.article_request(rows[url])
        for url in self.channel_links(response):
            yield self.list_request(url)  # a channel of its own: its stale count starts afresh
        stale = self.stale_pages(response, walk, urls, fresh)
        if stale is None:
            return
        following = list(self.next_list_requests(response, ListWalk(stale=stale, channel=channel)))
        if drifted is not None and not following:
            # The declared pagination may have drifted with the rows: follow the pager's next page.
            following = [self.list_request(url, ListWalk(stale=stale, channel=channel)) for url in drifted]
        yield from following

    def next_list_requests(self, response: TextResponse, walk: ListWalk) -> Iterable[scrapy.Request]:
        """Requests for the channel's next list pages (CMS families add their XHR pages)."""
        for url in self.pagination(response):
            yield self.list_request(url, walk)

    def stale_pages(self, response: Response, walk: ListWalk, urls: list[str], fresh: list[str]) -> int | None:
        """Consecutive list pages of this channel that held nothing new, carried to the next
        page's request; None where the walk stops here (no pagination, or incremental and stale)."""
        if not self.follow_pagination:
            return None
        stale = walk.stale + 1 if urls and not fresh else 0
        if self.incremental and stale >= self.incremental_depth:
            self.logger.info(
                "%s: %s lists only archived articles; stopping this channel (incremental)", self.name, response.url
            )
            return None
        return stale

    def not_archived(self, urls: list[str]) -> list[str]:
        """The URLs to fetch: all of them on a full crawl, else those not archived yet."""
        if not self.incremental or not urls:
            return urls
        ctx = RunContext.of(self.crawler)
        if self.previous_run_finished is None:
            # After a crawl that never finished (killed, crashed), the archive
            # has holes behind its newest pages: walk everything this time.
            self.previous_run_finished = ctx.store.previous_run_finished(self.name, ctx.run_id)
            if not self.previous_run_finished:
                self.logger.warning(
                    "%s: the previous crawl did not finish; walking every list page "
                    "this time instead of stopping at archived ones",
                    self.name,
                )
                self.incremental = False
                return urls
        known = ctx.store.known_urls(urls, before_run=ctx.run_id)
        ctx.known_skipped += len(known)
        # An article stored earlier in this run through another channel counts as new here (the
        # dupefilter keeps it from being fetched twice), so its channel's older pages are walked.
        return [u for u in urls if u not in known]

    @staticmethod
    def links(response: TextResponse, css: str = "a::attr(href)") -> Iterable[str]:
        """The page's links (or those `css` selects), absolute and without their #fragment."""
        for href in response.css(css).getall():
            yield response.urljoin(href.strip()).split("#")[0]

    def article_links(self, response: TextResponse) -> Iterable[str]:
        return (url for url in self.links(response) if self.is_article_url(url))

    def article_rows(self, response: TextResponse, channel: str | None) -> Iterable[ListRow]:
        """The list page's article links with what the page says about each (sites whose rows
        show a title or date beside the link add them)."""
        return (ListRow(url, channel=channel) for url in self.article_links(response))

    def drifted_listing(self, response: TextResponse, channel: str | None) -> tuple[list[ListRow], list[str]]:
        """The article rows a list page plainly shows by discovery, less the links the site declares as
        list or channel pages, and its next pages; read only when the article patterns found none."""
        if not self.article_patterns:
            return [], []
        listing = generic_listing(response.text, response.url, self.allowed_domains, channel)
        declared = (*self.list_patterns, *self.channel_patterns)
        rows = [
            r
            for r in listing.rows
            if r.url != response.url and self.allows_url(r.url) and not self._matches(r.url, declared)
        ]
        return rows, [u for u in listing.next_pages if self.allows_url(u)]

    def channel_links(self, response: TextResponse) -> Iterable[str]:
        """Other channels' lists linked from this list page: links matching `channel_patterns`."""
        if not self.channel_patterns:
            return
        for url in self.links(response):
            if self._matches(url, self.channel_patterns) and not self.is_article_url(url):
                yield self.canonical_list_url(url)

    def pagination(self, response: TextResponse) -> Iterable[str]:
        """Further pages of the same channel: links matching `list_patterns`.

        CMS families add what their pagers announce (TRS createPageHTML).
        """
        if not self.list_patterns:
            return
        here = self.list_column(response.url)
        for url in self.links(response):
            if not self.is_list_url(url) or self.is_article_url(url):
                continue
            if here is not None and self.list_column(url) != here:
                continue
            yield self.canonical_list_url(url)

    # Where list pages show their breadcrumb; the last crumb names the channel.
    list_crumbs_css: ClassVar[str] = (
        ".article-crumbs a::text, .crumbs a::text, .position a::text, .breadcrumb a::text, "
        ".location a::text, .dqwz a::text"
    )
    # <title> of list pages: "频道_站名" or "频道-站名".
    TITLE_SEPARATORS = re.compile(r"\s*[_|－—-]\s*")

    def list_channel(self, response: TextResponse, walk: ListWalk) -> str | None:
        """The channel of a list page: its own crumbs or title, else the channel of the page
        before it (the later pages of several CMSs are bare fragments without either)."""
        return self.channel_name(response) or walk.channel

    def channel_name(self, response: TextResponse) -> str | None:
        crumbs = [t.strip() for t in response.css(self.list_crumbs_css).getall() if t.strip()]
        if crumbs:
            return crumbs[-1]
        title = (response.css("title::text").get() or "").strip()
        return self.TITLE_SEPARATORS.split(title)[0].strip() or None if title else None

    @classmethod
    def page_from_other_bytes(
        cls,
        url: str,
        body: bytes,
        content_type: str,
        status: int,
        row: ListRow,
    ) -> Page | None:
        """A page the site builds from bytes that are no HTML page (its text attachments, say);
        None for everything else. Used by the crawl and by offline reprocessing alike."""
        return None

    def parse_article(self, response: Response, row: ListRow | None = None) -> Iterable[Page | scrapy.Request]:
        row = row or ListRow(response.url)
        capture_id = response.meta.get(CAPTURE_ID)
        capture = response.meta.get(CAPTURE)
        other = self.page_from_other_bytes(
            response.url,
            response.body,
            (response.headers.get(b"Content-Type") or b"").decode("latin-1"),
            response.status,
            row,
        )
        if other is not None:
            other.capture_id = capture_id
            other.capture = capture
            yield other
            return
        if not self._is_html(response, "article"):
            return
        yield Page(
            url=response.url,
            html=response.text,
            site=self.name,
            status=response.status,
            encoding=response.encoding,
            channel=row.channel,
            list_date=row.date,
            hints=self.hints_for(response.text),
            capture_id=capture_id,
            capture=capture,
        )

    # -- revisits (crawlers/revisit.py) ------------------------------------
    @property
    def revisits_allowed(self) -> bool:
        """Revisits belong to a site's own crawl, not to one of explicit URLs or of a site not crawlable yet."""
        return not self.requested_urls and not self.unsupported

    def revisit_request(self, target: RevisitTarget) -> scrapy.Request:
        row = ListRow(target.url, channel=target.channel, title=target.title, date=target.list_date)
        return scrapy.Request(
            target.url,
            callback=self.parse_revisit,
            errback=self.on_error,
            cb_kwargs={"row": row, "article_id": target.article_id},
            meta=revisit_meta(),
            # A redirect to a list or the home page leads to a URL the walk fetched tonight: it
            # must be fetched again, or the evidence is lost to the duplicate filter.
            dont_filter=True,
        )

    def parse_revisit(self, response: Response, row: ListRow, article_id: int) -> Iterable[Page | scrapy.Request]:
        """An archived article asked for again: withdrawn, or its page (unchanged, changed or restored)."""
        ctx = RunContext.of(self.crawler)
        ctx.revisited += 1
        gone = self.withdrawal(response, row.url)
        if gone is None:
            # Checked even when its page now fails extraction or moved to another URL.
            ctx.store.mark_checked(article_id)
            yield from self.parse_article(response, row)
            return
        reason, reached = gone
        if ctx.store.record_withdrawn(
            article_id,
            ctx.run_id,
            reason=f"{self.name}: {row.url}: {reason}",
            http_status=response.status,
            reached_url=reached,
            capture_id=capture_id_of(self.crawler, response.meta),
        ):
            self.logger.warning("%s: %s withdrawn: %s", self.name, row.url, reason)

    def withdrawal(self, response: Response, url: str) -> tuple[str, str | None] | None:
        """Why the answer to an archived article's URL says the page is gone, and where a redirect
        led; None for a page still there (or moved to another article's URL)."""
        if response.status in (404, 410):
            return f"HTTP {response.status}", None
        if response.meta.get("redirect_urls") and response.url != url:
            if self.is_home_url(response.url):
                return f"redirected to the home page {response.url}", response.url
            if self.is_list_url(response.url) or response.url in self.start_channels:
                return f"redirected to the list page {response.url}", response.url
        if isinstance(response, TextResponse) and (notice := withdrawal_notice(response.text)) is not None:
            reached = response.url if response.url != url else None
            return notice.reason(), reached
        return None

    @classmethod
    def is_home_url(cls, url: str) -> bool:
        parts = urlsplit(url)
        return cls.allows_host(parts.hostname or "") and not parts.query and HOME_PATH.fullmatch(parts.path) is not None

    # -- failures ----------------------------------------------------------
    def _is_html(self, response: Response, what: str) -> TypeGuard[TextResponse]:
        ctype = (response.headers.get(b"Content-Type") or b"").lower()
        if isinstance(response, TextResponse) and (not ctype or any(t in ctype for t in HTML_TYPES)):
            return True
        self.report_failure(
            response.url,
            FailureKind.NOT_HTML,
            f"{self.name}: {response.url} is {ctype.decode('latin-1') or 'of unknown type'}, expected an HTML {what}",
            response.status,
        )
        return False

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on the failures it hands to errbacks
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            kind, reason = FailureKind.HTTP_ERROR, f"HTTP {status}"
        elif failure.check(BlockedByChallenge):
            kind, reason = FailureKind.BLOCKED, str(failure.value)
        elif failure.check(scrapy.exceptions.IgnoreRequest):
            kind, reason, status = (
                getattr(failure.value, "kind", FailureKind.IGNORED),
                str(failure.value) or "request ignored",
                getattr(failure.value, "http_status", None),
            )
        else:
            kind, reason = FailureKind.NETWORK, f"{failure.type.__name__}: {failure.getErrorMessage()}"
        what = _expected(request)
        self.report_failure(
            request.url, kind, f"{self.name}: {request.url}: {reason} (expected an HTML {what})", status
        )

    def report_drift(self, url: str, kind: DriftKind, reason: str) -> None:
        """A page the site's declarations no longer fit, handled by the generic path."""
        self.crawler.signals.send_catch_log(template_drift, spider=self, url=url, kind=kind, reason=reason)

    def report_failure(self, url: str, kind: FailureKind, reason: str, http_status: int | None = None) -> None:
        self.logger.warning("failed %s: %s", kind, reason)
        self.crawler.signals.send_catch_log(
            page_failed, spider=self, url=url, kind=kind, reason=reason, http_status=http_status
        )


def _expected(request: scrapy.Request) -> str:
    """What a request was for, in a failure's reason: "article", "list", "recordset"."""
    if "row" in request.cb_kwargs:
        return "article"
    walk = request.cb_kwargs.get("walk")
    return walk.kind if isinstance(walk, ListWalk) else "page"

"""One page fetched under exactly a crawl's rules, for `rdarchive parse URL`.

The page goes through the Scrapy engine with the project's settings: the
network policy (no private, loopback or link-local address, before and after
every redirect), robots.txt, the User-Agent, DOWNLOAD_TIMEOUT and
DOWNLOAD_MAXSIZE. Only what would record or store something is off: no run,
no WARC, no item pipeline. A page of a known site keeps that site's domains
(a redirect off them is refused as in its crawl).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DownloadCancelledError
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError

from core.status import FailureKind
from pipelines.attachment_links import attachment_links


@dataclass
class Fetched:
    url: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0
    # Why no page came back (the network policy's or the download's words), else None.
    problem: str | None = None
    # The documents the page links to on its site's domains, by URL (fetched when asked for).
    documents: dict[str, Fetched] = field(default_factory=dict)


class FetchError(Exception):
    pass


class PageFetch(scrapy.Spider):
    """Asks for one URL; keeps the response or the reason there is none."""

    name = "parse"

    def __init__(self, url: str, domains: Sequence[str], fetched: Fetched, documents: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.url = url
        self.allowed_domains = list(domains)
        self.fetched = fetched
        self.documents = documents

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.url, callback=self.got, errback=self.failed, dont_filter=True)

    def got(self, response: scrapy.http.Response) -> list[scrapy.Request] | None:
        self.fetched.body = response.body
        self.fetched.headers = {
            k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
        }
        self.fetched.status = response.status
        self.fetched.url = response.url
        if not self.documents or not isinstance(response, scrapy.http.TextResponse):
            return None
        # The page's attachments, in the same engine run (the reactor runs once per process).
        requests = []
        for link in attachment_links(response.text, response.url, self._allows):
            doc = self.fetched.documents[link.url] = Fetched(link.url)
            requests.append(
                scrapy.Request(
                    link.url,
                    callback=self.got_document,
                    errback=self.failed_document,
                    cb_kwargs={"doc": doc},
                    dont_filter=True,
                    meta={"download_maxsize": self.settings.getint("RDARCHIVE_ATTACHMENT_MAX_BYTES")},
                )
            )
        return requests

    def _allows(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return not self.allowed_domains or any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def got_document(self, response: scrapy.http.Response, doc: Fetched) -> None:
        doc.body, doc.status, doc.url = response.body, response.status, response.url

    def failed_document(self, failure: Any) -> None:
        doc = failure.request.cb_kwargs["doc"]
        response = getattr(failure.value, "response", None)
        if isinstance(failure.value, HttpError) and response is not None:
            doc.status, doc.problem = response.status, f"HTTP {response.status}"
        else:
            doc.problem = _reason(failure.value, self.settings.getint("RDARCHIVE_ATTACHMENT_MAX_BYTES"))

    def failed(self, failure: Any) -> None:
        if self.fetched.problem is not None:
            return
        response = getattr(failure.value, "response", None)
        if isinstance(failure.value, HttpError) and response is not None:
            self.fetched.problem = f"HTTP {response.status}"
        else:
            self.fetched.problem = _reason(failure.value, self.settings.getint("DOWNLOAD_MAXSIZE"))
        asked = getattr(failure, "request", None)
        if asked is not None and asked.url != self.url:
            self.fetched.problem = f"redirected to {asked.url}: {self.fetched.problem}"

    def report_failure(self, url: str, kind: FailureKind, reason: str, http_status: int | None = None) -> None:
        """The network policy's report (it calls this on the spider): the clearest reason there is."""
        self.fetched.problem = reason


def _reason(error: BaseException, maxsize: int) -> str:
    text = str(error).strip()
    # Scrapy cancels a body that grows past DOWNLOAD_MAXSIZE without a message (one that announces
    # its size gets one); both are the crawl's size limit.
    if isinstance(error, DownloadCancelledError) and (not text or "max size" in text):
        return f"the response is larger than the crawl's size limit ({maxsize} bytes); not read further"
    return text or type(error).__name__


def fetch_settings(settings: Settings) -> Settings:
    """The crawl's settings minus everything that records or stores."""
    out = settings.copy()
    middlewares = dict(out.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["crawlers.warc.WarcCapture"] = None
    extensions = {name: None for name in out.getdict("EXTENSIONS")}
    out.setdict(
        {
            "ITEM_PIPELINES": {},
            "EXTENSIONS": extensions,
            "DOWNLOADER_MIDDLEWARES": middlewares,
            # The reason a fetch failed is the one line parse prints; Scrapy's own lines would repeat it.
            "LOG_LEVEL": "CRITICAL",
        },
        priority="cmdline",
    )
    return out


def fetch_page(url: str, settings: Settings, domains: Sequence[str] = (), documents: bool = False) -> Fetched:
    """The page as a crawl would get it; FetchError (one line) if it would get none.
    `documents`: its attachments too (Fetched.documents), each with its body or its problem.

    Runs the Twisted reactor in this process: call it once, from a command line."""
    fetched = Fetched(url)
    process = CrawlerProcess(fetch_settings(settings))
    process.crawl(PageFetch, url=url, domains=domains, fetched=fetched, documents=documents)
    process.start()
    if fetched.problem is not None:
        raise FetchError(f"{url}: {fetched.problem}")
    if not fetched.status:
        raise FetchError(f"{url}: no response (robots.txt or the network policy refused it)")
    return fetched

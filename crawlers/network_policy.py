"""Where the crawler may connect, and what it makes of broken responses.

A downloader middleware (priority 585: after decompression and redirects,
before retries) that enforces the network policy and repairs what real,
broken government servers send, so that every problem ends as a crawl_failures
row with a clear kind instead of a silent loss or a garbage article:

* forbidden_address: a request whose host is, or resolves to, a private,
  loopback, link-local, reserved or multicast address is refused before any
  connection (SSRF and DNS hijack protection). The host is resolved through
  Scrapy's caching resolver, the one the download itself uses. The replay
  transport of tests and the demo turns this off with RDARCHIVE_ALLOW_PRIVATE
  (crawlers.replay.replay_settings).
* offsite / offsite_redirect / redirect_loop: Scrapy's offsite middleware and
  duplicate filter drop such requests silently at scheduling time; here they
  are recorded (a redirect to another domain or a hijacked denied domain, a
  redirect back to a URL of the same chain, a start URL of another site).
  Requests Scrapy's offsite filter lets through (dont_filter, e.g. every
  retried request and its redirects) are refused too.
* robots_disallowed: a request robots.txt forbids, recorded under its own kind.
* Retry-After on 429/503: the retry waits the announced delay up to
  RDARCHIVE_RETRY_AFTER_MAX seconds; a longer delay is not retried in this crawl.
* charset: a body that is not valid in the charset the server declared (GBK
  served as UTF-8) or that declares none is decoded as what it really is
  (the page's meta charset, UTF-8, then GB18030). The WARC keeps the raw bytes.
* binary: a PDF, image or Office file labelled text/html becomes a binary
  response of its real type (the spider records not_html).
* challenge: anti-bot pages are checked again after decompression and charset
  repair, including JS cookie challenges without any marker word.
* empty_response: a 2xx answer without a body.
"""

from __future__ import annotations

import codecs
import email.utils
import ipaddress
import logging
import re
import time
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer, task
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

from core.status import FailureKind
from crawlers.middlewares import CHALLENGE_MAX_BYTES, BlockedByChallenge, looks_like_challenge
from crawlers.signals import page_failed

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_MAX = 120.0
HTML_TYPES = ("text/html", "application/xhtml")


class PolicyFailure(IgnoreRequest):
    """A request refused or a response rejected; `kind` is the crawl_failures kind."""

    kind = FailureKind.IGNORED

    def __init__(self, message: str, http_status: int | None = None):
        super().__init__(message)
        self.http_status = http_status


class OffsiteRequest(PolicyFailure):
    kind = FailureKind.OFFSITE

    def __init__(self, message: str, http_status: int | None = None, kind: FailureKind | None = None):
        super().__init__(message, http_status)
        if kind:
            self.kind = kind


class ForbiddenAddress(PolicyFailure):
    kind = FailureKind.FORBIDDEN_ADDRESS


class RobotsDisallowed(PolicyFailure):
    kind = FailureKind.ROBOTS_DISALLOWED


class EmptyResponse(PolicyFailure):
    kind = FailureKind.EMPTY_RESPONSE


class RetryLater(PolicyFailure):
    """429/503 whose Retry-After is longer than this crawl is willing to wait."""

    kind = FailureKind.HTTP_ERROR


# -- addresses -------------------------------------------------------------
def forbidden_ip(address: str) -> bool:
    """True for anything that is not a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None


def resolve(host: str) -> defer.Deferred:
    """The address the download will connect to: Scrapy's caching resolver (DNS_RESOLVER)."""
    from twisted.internet import reactor

    # Any: zope interfaces declare their methods without self, which mypy reads as a wrong signature.
    resolver: Any = reactor
    return resolver.resolve(host)


# -- charsets ----------------------------------------------------------------
def _codec(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(resolve_encoding(encoding) or encoding).name
    except LookupError:
        return None


def _decodes(body: bytes, encoding: str | None) -> bool:
    codec = _codec(encoding)
    if codec is None:
        return False
    try:
        body.decode(codec)
        return True
    except UnicodeDecodeError:
        return False


def better_encoding(body: bytes, content_type: str | None, current: str) -> str | None:
    """The encoding to decode `body` with instead of `current` (Scrapy's choice), or None to keep it.

    Scrapy believes the HTTP header first, then the page's meta, then guesses
    (ASCII, UTF-8, cp1252). Chinese government servers often send GBK pages
    with a UTF-8 header, or no charset at all; cp1252 never is the answer there.
    """
    if read_bom(body)[0]:
        return None
    header = http_content_type_encoding(content_type) if content_type else None
    meta = html_body_declared_encoding(body)
    current_codec = _codec(current)
    if (header or meta) and _decodes(body, current):
        # A legacy charset declared for a body that is valid non-ASCII UTF-8: UTF-8 it is.
        if current_codec != "utf-8" and not body.isascii() and _decodes(body, "utf-8"):
            return "utf-8"
        return None
    if not (header or meta) and current_codec in ("utf-8", "ascii") and _decodes(body, current):
        return None
    for candidate in (meta, "utf-8", "gb18030"):
        if candidate and _codec(candidate) != current_codec and _decodes(body, candidate):
            return _codec(candidate)
    return None


# -- binary bodies -----------------------------------------------------------------
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),  # also docx, xlsx
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),  # OLE2: doc, xls
    (b"Rar!\x1a\x07", "application/vnd.rar"),
)


def sniff_binary(body: bytes) -> str | None:
    head = body[:16]
    for magic, ctype in MAGIC:
        if head.startswith(magic):
            return ctype
    return None


# -- anti-bot pages -----------------------------------------------------------------
JS_COOKIE = re.compile(r"document\s*\.\s*cookie\s*=", re.I)
JS_RELOAD = re.compile(r"location(\s*\.\s*(href|replace|reload|assign)|\s*=)", re.I)
SCRIPTS = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]+>", re.I | re.S)


def looks_like_js_challenge(response: TextResponse) -> bool:
    """A tiny page that only sets a cookie by script and reloads (Jiasule, Yunsuo and the like)."""
    if len(response.body) > CHALLENGE_MAX_BYTES:
        return False
    text = response.text
    if not (JS_COOKIE.search(text) and JS_RELOAD.search(text)):
        return False
    visible = SCRIPTS.sub(" ", text)
    return len("".join(visible.split())) < 40


def retry_after_seconds(value: bytes | str | None) -> float | None:
    if not value:
        return None
    value = value.decode("latin-1") if isinstance(value, bytes) else value
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class NetworkPolicy:
    """Downloader middleware; see the module docstring."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.allow_private = settings.getbool("RDARCHIVE_ALLOW_PRIVATE", False)
        self.retry_after_max = settings.getfloat("RDARCHIVE_RETRY_AFTER_MAX", DEFAULT_RETRY_AFTER_MAX)
        # Retry-After is honoured on the codes RetryMiddleware retries.
        self.retry_codes = (
            {429, 503} & {int(c) for c in settings.getlist("RETRY_HTTP_CODES")}
            if settings.getbool("RETRY_ENABLED")
            else set()
        )
        self.retry_times = settings.getint("RETRY_TIMES")
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetworkPolicy:
        mw = cls(crawler)
        crawler.signals.connect(mw.request_scheduled, signals.request_scheduled)
        return mw

    # -- reporting -----------------------------------------------------------
    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def _report(self, url: str, kind: FailureKind, reason: str, http_status: int | None = None) -> None:
        spider = self.spider
        name = getattr(spider, "name", "crawl")
        message = f"{name}: {url}: {reason}"
        report = getattr(spider, "report_failure", None)
        if report is not None:
            report(url, kind, message, http_status)
        else:
            log.warning("failed %s: %s", kind, message)
            self.crawler.signals.send_catch_log(
                page_failed, spider=spider, url=url, kind=kind, reason=message, http_status=http_status
            )

    def _allows(self, url: str) -> bool:
        domains = getattr(self.spider, "allowed_domains", None) or []
        if not domains:
            return True  # Scrapy's rule: no allowed_domains, no offsite filtering
        host = urlsplit(url).hostname or ""
        allows = getattr(self.spider, "allows_host", None)
        if allows is not None:
            return allows(host)  # allowed_domains minus the spider's denied_domains
        return any(host == d or host.endswith("." + d) for d in domains)

    # -- scheduling: what Scrapy would drop silently ------------------------------
    def request_scheduled(self, request: Request, spider: Any) -> None:
        # dont_filter requests too: Scrapy's offsite filter lets them through, and every retried
        # request is one (so are its redirects).
        if request.meta.get("allow_offsite"):
            return
        chain = list(request.meta.get("redirect_urls", []))
        origin = chain[0] if chain else request.url
        status = next((r for r in reversed(request.meta.get("redirect_reasons", [])) if isinstance(r, int)), None)
        if not self._allows(request.url):
            if chain:
                self._report(
                    origin,
                    FailureKind.OFFSITE_REDIRECT,
                    f"redirected to {request.url}, outside the site's domains; not followed",
                    status,
                )
            else:
                self._report(request.url, FailureKind.OFFSITE, "outside the site's domains; not requested")
            raise IgnoreRequest(f"offsite: {request.url}")
        if chain and request.url in chain:
            path = " -> ".join(chain + [request.url])
            self._report(origin, FailureKind.REDIRECT_LOOP, f"redirect loop: {path}", status)
            raise IgnoreRequest(f"redirect loop: {path}")

    # -- requests -------------------------------------------------------------------
    async def process_request(self, request: Request) -> None:
        # The backstop for requests that never pass the scheduler (engine.download: robots.txt).
        if not request.meta.get("allow_offsite") and not self._allows(request.url):
            chain = request.meta.get("redirect_urls", [])
            if chain:
                raise OffsiteRequest(
                    f"redirected from {chain[0]} to {request.url}, outside the site's domains; not followed",
                    kind=FailureKind.OFFSITE_REDIRECT,
                )
            raise OffsiteRequest(f"{request.url} is outside the site's domains; not requested")
        if self.allow_private:
            return None
        host = urlparse_cached(request).hostname or ""
        if host not in self._verdicts:
            self._verdicts[host] = await self._check_host(host)
        why = self._verdicts[host]
        if why:
            raise ForbiddenAddress(
                f"{why}; refused (private, loopback, link-local and reserved addresses are never crawled)"
            )
        return None

    async def _check_host(self, host: str) -> str | None:
        literal = ip_literal(host)
        if literal is not None:
            return f"{host} is a non-public address" if forbidden_ip(literal) else None
        try:
            address = await maybe_deferred_to_future(resolve(host))
        except Exception:  # noqa: BLE001 - an unresolvable host fails in the download, with its own reason
            return None
        if ip_literal(str(address)) and forbidden_ip(str(address)):
            return f"{host} resolves to the non-public address {address}"
        return None

    async def process_exception(self, request: Request, exception: Exception) -> None:
        if type(exception) is IgnoreRequest and str(exception).startswith("Forbidden by robots.txt"):
            parts = urlparse_cached(request)
            raise RobotsDisallowed(f"forbidden by {parts.scheme}://{parts.netloc}/robots.txt")
        return None

    # -- responses --------------------------------------------------------------------
    async def process_response(self, request: Request, response: Response) -> Response:
        if urlparse_cached(request).path == "/robots.txt":
            return response
        if response.status in self.retry_codes and not request.meta.get("dont_retry"):
            await self._honour_retry_after(request, response)
        if not 200 <= response.status < 300:
            return response
        if not response.body.strip():
            raise EmptyResponse(
                f"empty body (HTTP {response.status}), expected an HTML page", http_status=response.status
            )
        if isinstance(response, TextResponse):
            binary = sniff_binary(response.body)
            if binary:
                return self._as_binary(response, binary)
            response = self._repair_charset(response)
            if looks_like_challenge(response) or looks_like_js_challenge(response):
                raise BlockedByChallenge(
                    f"{getattr(self.spider, 'name', 'crawl')}: {request.url} answered with an anti-bot "
                    f"challenge page (HTTP {response.status}), expected an article or list page"
                )
        return response

    async def _honour_retry_after(self, request: Request, response: Response) -> None:
        delay = retry_after_seconds(response.headers.get(b"Retry-After"))
        if delay is None:
            return
        if request.meta.get("retry_times", 0) >= request.meta.get("max_retry_times", self.retry_times):
            return  # the last attempt: no retry follows, nothing to wait for
        if delay > self.retry_after_max:
            raise RetryLater(
                f"HTTP {response.status} with Retry-After {delay:.0f}s (longer than "
                f"RDARCHIVE_RETRY_AFTER_MAX {self.retry_after_max:.0f}s): not retried in this crawl",
                http_status=response.status,
            )
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))

    @staticmethod
    def _as_binary(response: TextResponse, ctype: str) -> Response:
        headers = response.headers.copy()
        headers[b"Content-Type"] = ctype.encode("ascii")
        label = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        # A correctly labelled document (an attachment) that Scrapy made a text response is no news.
        if not label.lower().startswith(ctype):
            log.warning("%s is labelled %s but is %s", response.url, label, ctype)
        return Response(
            response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            flags=response.flags + ["mislabelled"],
            request=response.request,
            certificate=response.certificate,
            ip_address=response.ip_address,
            protocol=response.protocol,
        )

    @staticmethod
    def _repair_charset(response: TextResponse) -> TextResponse:
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if ctype and not any(t in ctype for t in HTML_TYPES):
            return response
        better = better_encoding(response.body, ctype or None, response.encoding)
        if better is None:
            return response
        log.info("%s: decoding as %s, not %s", response.url, better, response.encoding)
        return response.replace(encoding=better)

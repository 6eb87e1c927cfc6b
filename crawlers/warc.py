"""Raw capture: every response the crawler receives goes into WARC/1.1 files.

A downloader middleware placed next to the downloader (before decompression,
redirects and retries) writes a request and a response record for every
response, errors and redirects included, gzip-compressed per record, into
files rotated by size and named by run. A payload already archived (same
SHA-256) becomes a revisit record pointing to the first capture. Every record
is listed in the `captures` table with its file, offset and length, so an
article can be traced to the exact bytes the server sent.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from core.capture import PendingCapture
from core.status import FailureKind
from crawlers.runs import RunContext
from crawlers.signals import page_failed
from crawlers.warc_files import lock_open_file, publish, recover_orphans, warc_root, warc_spool
from models.tables import Capture
from models.types import utcnow

log = logging.getLogger(__name__)

SOFTWARE = "rdarchive/0.1.0 (Scrapy; warcio)"
DEFAULT_MAX_BYTES = 1_000_000_000


@dataclass
class Written:
    path: Path
    offset: int
    length: int
    record_id: str
    payload_digest: str | None


class RotatingWarc:
    """WARC files of one run: <prefix>-<seq>.warc.gz, a new file past max_bytes.

    Written in the spool, published to the root (indexed, moved) as each closes
    (crawlers/warc_files.py); `Written.path` is the file's name relative to the root.
    """

    def __init__(self, directory: Path, prefix: str, info: dict[str, str], max_bytes: int, root: Path | None = None):
        self.directory = directory
        self.root = root or directory
        self.prefix = prefix
        self.info = info
        self.max_bytes = max_bytes
        self.seq = 0
        self.fh: io.BufferedWriter | None = None
        self.writer: WARCWriter | None = None
        self.path: Path | None = None
        self.paths: list[Path] = []
        self.lock = threading.Lock()

    def _open(self) -> None:
        self.close()
        self.seq += 1
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"{self.prefix}-{self.seq:05d}.warc.gz"
        # Locked before it carries its name, so no orphan sweep ever takes a live file.
        part = self.path.with_name(f".{self.path.name}.new")
        self.fh = open(part, "ab")
        lock_open_file(self.fh)
        os.replace(part, self.path)
        self.writer = WARCWriter(self.fh, gzip=True, warc_version="WARC/1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(self.path.name, dict(self.info)))
        self.paths.append(self.path)

    def ensure_open(self) -> WARCWriter:
        with self.lock:
            if self.fh is None:
                self._open()
            return self.writer

    def write(self, *records: Any) -> list[Written]:
        """Write records together in one file; returns where each landed."""
        with self.lock:
            if self.fh is None or self.fh.tell() >= self.max_bytes:
                self._open()
            fh, writer, path = self.fh, self.writer, self.path
            assert fh is not None and writer is not None and path is not None  # _open set them
            out = []
            for record in records:
                offset = fh.tell()
                writer.write_record(record)
                fh.flush()
                out.append(
                    Written(
                        Path(path.name),
                        offset,
                        fh.tell() - offset,
                        record.rec_headers.get_header("WARC-Record-ID"),
                        record.rec_headers.get_header("WARC-Payload-Digest"),
                    )
                )
            return out

    def close(self) -> None:
        """Close the current file, then index it and move it into the root."""
        if self.fh is None:
            return
        self.fh.close()
        self.fh = self.writer = None
        if self.path is not None:
            try:
                publish(self.path, self.root)
            except OSError as e:  # left in the spool: the next crawl on this machine publishes it
                log.error("%s: could not move it to the WARC root %s: %s", self.path, self.root, e)


def _http_headers(response: Response) -> StatusAndHeaders:
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, values in response.headers.items() for v in values]
    reason = _REASONS.get(response.status, "")
    return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _request_headers(request: Request) -> StatusAndHeaders:
    from urllib.parse import urlsplit

    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = [("Host", parts.netloc)] + [
        (k.decode("latin-1"), v.decode("latin-1")) for k, values in request.headers.items() for v in values
    ]
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

# Request meta keys under which the capture of a response is handed to the spider's callback:
# the id of an earlier capture holding the same bytes (revisits), and the response's own capture row.
CAPTURE_ID = "rdarchive_capture_id"
CAPTURE = "rdarchive_capture"


def capture_id_of(crawler: Crawler, meta: dict[str, Any]) -> int | None:
    """The id of the capture holding a response's full bytes, for records kept beside no article
    (withdrawals, attachments): the response's waiting row is written first if need be."""
    if meta.get(CAPTURE_ID) is not None:
        return int(meta[CAPTURE_ID])
    capture = meta.get(CAPTURE)
    if capture is None:
        return None
    if capture.id is None:
        RunContext.of(crawler).flush()
    return capture.id if isinstance(capture, PendingCapture) else None


class WarcCapture:
    """Downloader middleware (priority 950): archive every response as the server sent it."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("RDARCHIVE_WARC", True)
        self.max_bytes = crawler.settings.getint("RDARCHIVE_WARC_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.warcs: RotatingWarc | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signals.spider_closed)
        return mw

    def _files(self) -> RotatingWarc:
        if self.warcs is None:
            ctx = RunContext.of(self.crawler)
            settings = self.crawler.settings
            root = warc_root(settings.get("RDARCHIVE_DB"), settings.get("RDARCHIVE_WARC_DIR"))
            spool = warc_spool(root, settings.get("RDARCHIVE_WARC_SPOOL"))
            recover_orphans(spool, root)
            stamp = utcnow().strftime("%Y%m%d%H%M%S")
            info = {
                "software": SOFTWARE,
                "format": "WARC File Format 1.1",
                "isPartOf": f"rdarchive crawl run {ctx.run_id} ({ctx.site})",
                "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": settings.get("USER_AGENT"),
                "description": f"site {ctx.site}, crawl run {ctx.run_id}",
            }
            self.warcs = RotatingWarc(
                spool, f"rdarchive-{ctx.site}-run{ctx.run_id}-{stamp}", info, self.max_bytes, root=root
            )
        return self.warcs

    def process_response(self, request: Request, response: Response) -> Response:
        if not self.enabled:
            return response
        try:
            self._capture(request, response)
        except Exception as e:  # noqa: BLE001 - a capture problem must not lose the page
            spider = self.crawler.spider
            reason = f"{self.crawler.spidercls.name}: {request.url}: WARC capture failed: {type(e).__name__}: {e}"
            if spider is not None:
                spider.logger.error(reason)
            self.crawler.signals.send_catch_log(
                page_failed,
                spider=spider,
                url=request.url,
                kind=FailureKind.WARC_ERROR,
                reason=reason,
                http_status=response.status,
            )
        return response

    def _capture(self, request: Request, response: Response) -> None:
        ctx = RunContext.of(self.crawler)
        files = self._files()
        body = response.body
        sha256 = hashlib.sha256(body).hexdigest()
        earlier = self._earlier(ctx, sha256) if body else None
        writer = files.ensure_open()
        now = utcnow()
        date = datetime_to_iso_date(now)
        response_id = f"<urn:uuid:{uuid.uuid4()}>"
        if earlier is not None:
            record = writer.create_revisit_record(
                request.url,
                digest=earlier.payload_digest,
                refers_to_uri=earlier.url,
                refers_to_date=datetime_to_iso_date(earlier.captured_at),
                http_headers=_http_headers(response),
                warc_headers_dict={
                    "WARC-Record-ID": response_id,
                    "WARC-Date": date,
                    "WARC-Refers-To": earlier.record_id,
                },
            )
        else:
            record = writer.create_warc_record(
                request.url,
                "response",
                payload=io.BytesIO(body),
                http_headers=_http_headers(response),
                warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": date},
            )
        req = writer.create_warc_record(
            request.url,
            "request",
            payload=io.BytesIO(request.body or b""),
            http_headers=_request_headers(request),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        written, _ = files.write(record, req)
        # The row is written with the article read from this response, or with the next
        # progress flush (core/capture.py): the record's bytes are in the file already.
        capture = PendingCapture(
            run_id=ctx.run_id,
            url=request.url,
            captured_at=now,
            http_status=response.status,
            content_type=(response.headers.get(b"Content-Type") or b"").decode("latin-1") or None,
            warc_file=str(written.path),
            offset=written.offset,
            length=written.length,
            record_id=written.record_id,
            payload_sha256=sha256,
            payload_digest=earlier.payload_digest if earlier else written.payload_digest,
            revisit_of_id=earlier.id if earlier else None,
        )
        ctx.captures.append(capture)
        request.meta[CAPTURE] = capture
        # The article keeps the capture holding the full bytes (the first one, for a revisit);
        # a redirect's request hands its meta on, so an id from the hop before is dropped.
        if earlier is not None:
            request.meta[CAPTURE_ID] = earlier.id
        else:
            request.meta.pop(CAPTURE_ID, None)

    @staticmethod
    def _earlier(ctx: RunContext, sha256: str) -> Capture | PendingCapture | None:
        """The full capture of an identical payload: archived before, or earlier in this crawl."""
        waiting = next(
            (c for c in ctx.captures if c.payload_sha256 == sha256 and c.revisit_of_id is None and c.id is None), None
        )
        if waiting is not None:
            # A revisit points to it by id: write the waiting rows first (rare: the same bytes twice in one crawl).
            ctx.flush()
            return waiting
        return ctx.store.first_capture_with_payload(sha256)

    def spider_closed(self, spider: Any) -> None:
        if self.warcs is not None:
            self.warcs.close()

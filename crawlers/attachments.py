"""Fetching an article's attachments under the crawl's rules, before the article is fingerprinted.

An item pipeline placed after the metadata stage: for each article it finds the
page's links to documents on the site's own domains (pipelines/attachment_links.py)
and downloads them through the crawl's engine (`download_async`), so the same
downloader middlewares apply as to pages: robots.txt, the network policy,
politeness delays, retries, the size limit and the WARC capture. The bytes are
read in a thread (pipelines/attachment_text.py). A document that cannot be had
(404, an HTML page instead, truncated, too large, password-protected) is a
failure recorded on the attachment and reported like a page's; the article is
always kept.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads

from core.article import ParsedArticle
from core.attachment import Attachment, AttachmentLink
from core.status import FailureKind
from crawlers.signals import page_failed
from crawlers.warc import capture_id_of
from pipelines.attachment_links import apply_attachments, attachment_links
from pipelines.attachment_text import attachment_from_bytes

# Documents fetched once per crawl: the same file linked from many articles is downloaded once.
_REMEMBERED = 500


class AttachmentPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.enabled = settings.getbool("RDARCHIVE_ATTACHMENTS", True)
        self.max_bytes = settings.getint("RDARCHIVE_ATTACHMENT_MAX_BYTES")
        self.fetched: OrderedDict[str, Attachment] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentPipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not self.enabled or not isinstance(item, ParsedArticle):
            return item
        spider = self.crawler.spider
        allows = getattr(spider, "allows_url", None) or (lambda url: True)
        found = []
        for link in attachment_links(item.page.html, item.url, allows):
            found.append(await self.fetch(link))
        apply_attachments(item, found)
        return item

    async def fetch(self, link: AttachmentLink) -> Attachment:
        known = self.fetched.get(link.url)
        if known is not None:
            self.fetched.move_to_end(link.url)
            return _relinked(known, link)
        got = await self._download(link)
        self.fetched[link.url] = got
        if len(self.fetched) > _REMEMBERED:
            self.fetched.popitem(last=False)
        if got.failure:
            self._report(got)
        return got

    async def _download(self, link: AttachmentLink) -> Attachment:
        att = Attachment(url=link.url, link_text=link.link_text, file_name=link.file_name)
        request = scrapy.Request(link.url, meta={"download_maxsize": self.max_bytes})
        engine = self.crawler.engine
        assert engine is not None
        try:
            response = await engine.download_async(request)
        except Exception as e:  # every way a download ends without a response is a failure of this attachment
            att.failure = _download_failure(e, self.max_bytes)
            return att
        capture_id = capture_id_of(self.crawler, response.meta)  # in the reactor thread: it may write the row
        return await maybe_deferred_to_future(
            threads.deferToThread(attachment_from_bytes, link, response.status, bytes(response.body), capture_id)
        )

    def _report(self, att: Attachment) -> None:
        spider = self.crawler.spider
        name = getattr(spider, "name", "?")
        reason = f"{name}: {att.url}: {att.failure} (expected the document {att.file_name!r}; the article is kept)"
        if spider is not None:
            spider.logger.warning("attachment failed: %s", reason)
        self.crawler.signals.send_catch_log(
            page_failed,
            spider=spider,
            url=att.url,
            kind=FailureKind.ATTACHMENT,
            reason=reason,
            http_status=att.http_status,
        )


def _relinked(known: Attachment, link: AttachmentLink) -> Attachment:
    """A document fetched earlier in this crawl, as another article links it."""
    return dataclasses.replace(known, url=link.url, link_text=link.link_text, file_name=link.file_name)


def _download_failure(e: Exception, max_bytes: int) -> str:
    message = str(e) or type(e).__name__
    if "max size" in message:
        return f"larger than the attachment size limit ({max_bytes} bytes); not downloaded"
    if "DataLoss" in type(e).__name__ or "DataLoss" in message or "dataloss" in message.lower():
        return f"truncated in transfer: {message}"
    return f"{type(e).__name__}: {message}"

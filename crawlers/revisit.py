"""The revisit cycle: each night's crawl of a site re-requests a rotating share of its archive.

Once the list walk has nothing left to fetch (the spider goes idle), the cycle asks the
archive for the site's articles checked longest ago, one RDARCHIVE_REVISIT_DAYS-th of them
(so every article is rechecked within that many nights), at most RDARCHIVE_REVISIT_MAX,
and hands them to the spider in small batches. The requests go through the same
downloader as the walk (robots, delays, AutoThrottle, WARC capture): a revisit is as
polite as the crawl. No batch is begun once the crawl has run RDARCHIVE_REVISIT_SECONDS,
so the night's slot is kept; what is left waits for the next night, first in line.

A revisit is skipped when the list walk reached no article at all (the site is down or
its lists moved): a site-wide outage must not read as every page withdrawn.
What a revisit finds is the spider's business (CongressSpider.parse_revisit).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

from crawlers.runs import RunContext
from models.store import RevisitTarget
from models.types import utcnow

log = logging.getLogger(__name__)

# Requests handed to the engine at a time: small enough that the time budget is checked often.
BATCH = 20


class RevisitCycle:
    """Extension: the night's revisits, after the list walk."""

    def __init__(self, crawler: Crawler, days: int, limit: int, seconds: float):
        self.crawler = crawler
        self.days = days
        self.limit = limit
        self.seconds = seconds
        self.started = time.monotonic()
        self.opened_at = utcnow()
        self.pending: list[RevisitTarget] | None = None  # None: not asked for yet
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitCycle:
        days = crawler.settings.getint("RDARCHIVE_REVISIT_DAYS", 30)
        if days <= 0:
            raise NotConfigured("revisits are off (RDARCHIVE_REVISIT_DAYS=0)")
        return cls(
            crawler,
            days,
            crawler.settings.getint("RDARCHIVE_REVISIT_MAX", 2000),
            crawler.settings.getfloat("RDARCHIVE_REVISIT_SECONDS", 1800.0),
        )

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.opened_at = utcnow()

    def spider_idle(self, spider: Spider) -> None:
        if self.pending is None:
            self.pending = self._share(spider)
        if not self.pending:
            return
        elapsed = time.monotonic() - self.started
        if elapsed > self.seconds:
            log.warning(
                "%s: revisit time budget spent (%.0f s of RDARCHIVE_REVISIT_SECONDS=%.0f); "
                "%d articles wait for the next night",
                spider.name,
                elapsed,
                self.seconds,
                len(self.pending),
            )
            self.pending = []
            return
        batch, self.pending = self.pending[:BATCH], self.pending[BATCH:]
        engine = self.crawler.engine
        assert engine is not None, "spider_idle without an engine"
        for target in batch:
            engine.crawl(spider.revisit_request(target))  # type: ignore[attr-defined]  # a CongressSpider
        raise DontCloseSpider

    def _share(self, spider: Spider) -> list[RevisitTarget]:
        if not hasattr(spider, "revisit_request") or not getattr(spider, "revisits_allowed", False):
            return []
        ctx = RunContext.of(self.crawler)
        if ctx.articles + ctx.known_skipped == 0:
            log.warning(
                "%s: no revisits this run: the list walk reached no article (site down or lists moved?)", ctx.site
            )
            return []
        targets, share = ctx.store.revisit_share(ctx.site_id, self.days, self.limit, self.opened_at)
        if share > self.limit:
            log.warning(
                "%s: %d articles are due for a revisit tonight (1/%d of the archive) but "
                "RDARCHIVE_REVISIT_MAX is %d: some will be rechecked later than %d days",
                ctx.site,
                share,
                self.days,
                self.limit,
                self.days,
            )
        log.info("%s: revisiting %d archived articles (1/%d of the site's archive)", ctx.site, len(targets), self.days)
        return targets


def revisit_meta(**extra: Any) -> dict[str, Any]:
    """Request meta of a revisit: a 404 or 410 reaches the callback (it is the answer sought)."""
    return {"handle_httpstatus_list": [404, 410], **extra}

"""Keep-aside store for articles whose write hit a dropped database connection.

The store item pipeline (crawlers/item_pipelines.py) writes through the Spool extension:

1. A transient database error (connection terminated, server restarted,
   SQLite busy) is retried at once a few times with a short backoff: the pool
   (pool_pre_ping) hands out a fresh connection.
2. An article that still cannot be written is kept aside in memory, and
   written later: before the next article, and when the spider goes idle (the
   crawl is then held open, up to RDARCHIVE_SPOOL_IDLE_ROUNDS engine heartbeats
   of 5 s, while the database is away), at the latest at close.
3. An article that could never be written is recorded as a `store_failed`
   crawl failure; if even that is impossible, it is dumped as JSON lines to
   RDARCHIVE_SPOOL_DIR (default: ./data/spool) and logged as an error.

Nothing is dropped silently.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from core.article import ParsedArticle
from core.status import FailureKind, Outcome
from crawlers.runs import RunContext
from models.db import BACKOFF, is_transient

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.idle_rounds = settings.getint("RDARCHIVE_SPOOL_IDLE_ROUNDS", 12)
        self.directory = Path(settings.get("RDARCHIVE_SPOOL_DIR") or "data/spool")
        self.kept: list[ParsedArticle] = []
        self.retried = 0
        self.written_later = 0
        self._idle_seen = 0
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Spool:
        return cls(crawler)

    @classmethod
    def of(cls, crawler: Crawler) -> Spool:
        """The crawl's spool (an extension: EXTENSIONS in crawlers/settings.py)."""
        spool = crawler.get_extension(Spool)
        if spool is None:
            raise RuntimeError(f"{crawler.spidercls.name}: crawlers.spool.Spool is not in EXTENSIONS")
        return spool

    # -- writing ------------------------------------------------------------------
    def store(self, ctx: RunContext, item: ParsedArticle) -> Outcome | None:
        """Write `item`; returns its outcome, or None when it was kept aside for later."""
        if self.kept:
            self.flush(ctx)
        try:
            # While older articles still wait, the database is known to be away: one attempt only.
            return self._save(ctx, item, backoff=() if self.kept else BACKOFF)
        except Exception as e:  # noqa: BLE001 - only transient errors are kept aside
            if not is_transient(e):
                raise
            self.kept.append(item)
            log.warning(
                "%s: database unavailable (%s: %s); %s kept aside, %d waiting",
                ctx.site,
                type(e).__name__,
                str(e).splitlines()[0] if str(e) else "",
                item.url,
                len(self.kept),
            )
            item.notes.append("kept aside: database unavailable")
            return None

    def _save(self, ctx: RunContext, item: ParsedArticle, backoff: tuple[float, ...] = BACKOFF) -> Outcome:
        for delay in (*backoff, None):
            try:
                outcome = ctx.save_article(item)
            except Exception as e:  # noqa: BLE001
                if not is_transient(e) or delay is None:
                    raise
                self.retried += 1
                log.warning("%s: %s: write failed (%s); retrying in %.1fs", ctx.site, item.url, type(e).__name__, delay)
                time.sleep(delay)
                continue
            return outcome
        raise AssertionError("unreachable")

    def flush(self, ctx: RunContext) -> None:
        """Write what was kept aside, oldest first; stops at the first transient failure."""
        while self.kept:
            item = self.kept[0]
            try:
                # One attempt: the backoff was spent when the article was kept aside.
                outcome = self._save(ctx, item, backoff=())
            except Exception as e:  # noqa: BLE001
                if is_transient(e):
                    return
                self.kept.pop(0)
                self._give_up(ctx, item, f"{type(e).__name__}: {e}")
                continue
            self.kept.pop(0)
            self.written_later += 1
            item.notes.append(f"stored later: {outcome}")
            log.info("%s: %s written after the database came back (%s)", ctx.site, item.url, outcome)

    # -- end of the crawl ------------------------------------------------------------
    def spider_idle(self, spider: Any) -> None:
        if not self.kept:
            return
        ctx = RunContext.of(self.crawler)
        self.flush(ctx)
        if not self.kept:
            return
        if self._idle_seen < self.idle_rounds:
            self._idle_seen += 1
            log.warning(
                "%s: %d articles still waiting for the database; holding the crawl open (%d/%d)",
                spider.name,
                len(self.kept),
                self._idle_seen,
                self.idle_rounds,
            )
            raise DontCloseSpider("articles kept aside wait for the database")
        # Given up while the run is still open, so its status counts these failures.
        for item in list(self.kept):
            self._give_up(ctx, item, f"the database stayed unavailable ({self.idle_rounds} idle rounds)")
        self.kept.clear()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if not self.kept:
            return
        ctx = RunContext.of(self.crawler)
        self.flush(ctx)
        for item in list(self.kept):
            self._give_up(ctx, item, "the database stayed unavailable until the end of the crawl")
        self.kept.clear()
        try:
            ctx.flush()  # counts of what was written after the run row was finished
        except Exception as e:  # noqa: BLE001
            log.error("%s: could not update the run counts: %s", ctx.site, e)

    def _give_up(self, ctx: RunContext, item: ParsedArticle, why: str) -> None:
        reason = f"{ctx.site}: {item.url}: article not stored: {why}"
        try:
            ctx.store.record_failure(
                ctx.run_id,
                site=ctx.site,
                url=item.url,
                kind=FailureKind.STORE_FAILED,
                reason=reason,
                http_status=item.page.status,
            )
            ctx.failures[FailureKind.STORE_FAILED] += 1
            log.error("%s", reason)
        except Exception as e:  # noqa: BLE001 - last resort: a file beside the archive
            path = self.dump(ctx, item, reason)
            log.error("%s; could not record the failure either (%s); article written to %s", reason, e, path)

    def dump(self, ctx: RunContext, item: ParsedArticle, reason: str) -> Path:
        """Write an article that could not be stored to a JSON-lines file, for a human to replay."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"kept-{ctx.site}-run{ctx.run_id}.jsonl"
        record = {
            "reason": reason,
            "url": item.url,
            "title": item.title,
            "body": item.body,
            "published_at": item.published_at.isoformat() if item.published_at else None,
            "content_hash": item.content_hash,
            "page": {
                "url": item.page.url,
                "site": item.page.site,
                "status": item.page.status,
                "encoding": item.page.encoding,
                "channel": item.page.channel,
                "capture_id": item.page.capture_id,
                "html": item.page.html,
            },
        }
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        return path

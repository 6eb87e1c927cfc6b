"""One crawl-run row per spider crawl: counts, failures, progress and status."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

from core.article import ParsedArticle
from core.capture import PendingCapture
from core.status import EXTRACTION_FAILURES, DriftKind, FailureKind, Health, Outcome, RunStatus
from crawlers.replay import active_replay, refuse_mixing
from crawlers.signals import page_failed, template_drift
from models.db import open_archive
from models.neardup_index import refresh_statistics_if_due
from models.store import OUTCOME_COLUMNS, ArchiveStore

log = logging.getLogger(__name__)

# Heartbeat period when progress lines are switched off (RDARCHIVE_PROGRESS_INTERVAL=0);
# well under RDARCHIVE_RUN_STALE_AFTER, after which a silent "running" run counts as abandoned.
HEARTBEAT_SECONDS = 30.0
# Example pages of template drift kept per kind and run (every drifted page is counted).
DRIFT_EXAMPLES = 10


class RunContext:
    """The archive connection and run id shared by the recorder and the store pipeline."""

    def __init__(self, crawler: Crawler):
        engine, sessions = open_archive(crawler.settings.get("RDARCHIVE_DB"))
        self.engine = engine
        self.store = ArchiveStore(sessions)
        spidercls = crawler.spidercls
        self.site = spidercls.name
        site_record = getattr(spidercls, "site_record", None)
        if site_record is None:
            raise TypeError(f"{self.site}: not a site spider (crawlers.base.CongressSpider): no site_record()")
        self.site_id = self.store.ensure_site(site_record())
        given = crawler.settings.getint("RDARCHIVE_RUN_ID", 0)
        self.replay = active_replay(crawler.settings)
        self.run_id = (
            self.store.resume_run(given, replay=self.replay)
            if given
            else self.store.start_run([self.site], replay=self.replay)
        )
        stale_after = timedelta(seconds=crawler.settings.getfloat("RDARCHIVE_RUN_STALE_AFTER", 900.0))
        for run_id in self.store.close_abandoned_runs(self.site, stale_after, self.run_id):
            log.warning(
                "%s: run %d was left running by a crawl that stopped without closing it; recorded as interrupted",
                self.site,
                run_id,
            )
        self.pages = 0
        self.outcomes: Counter[Outcome] = Counter()
        self.failures: Counter[FailureKind] = Counter()
        self.undated = 0
        # Pages the site's declarations no longer fit, by kind (template drift).
        self.drift: Counter[DriftKind] = Counter()
        self.drift_example: dict[DriftKind, str] = {}
        # Article links skipped because they are archived already (incremental crawls).
        self.known_skipped = 0
        # Archived articles the revisit cycle re-requested (crawlers/revisit.py) and that answered.
        self.revisited = 0
        self._flushed_revisited = 0
        self._flushed_undated = 0
        self._flushed_pages = 0
        self._flushed: Counter[Outcome] = Counter()
        # Capture rows of responses written to WARC files, waiting for their database row
        # (core/capture.py): written with the next article, or by the next flush.
        self.captures: list[PendingCapture] = []

    @classmethod
    def of(cls, crawler: Crawler) -> RunContext:
        """The crawl's run, kept by the RunRecorder extension (the components of a crawl find
        each other through the crawler)."""
        recorder = crawler.get_extension(RunRecorder)
        if recorder is None:
            raise RuntimeError(f"{crawler.spidercls.name}: crawlers.runs.RunRecorder is not in EXTENSIONS")
        return recorder.context

    def count(self, outcome: Outcome) -> None:
        self.outcomes[outcome] += 1

    @property
    def articles(self) -> int:
        return sum(self.outcomes.values())

    def flush(self) -> None:
        """Write the waiting capture rows and the counts gathered since the last write (crash-safe progress)."""
        self.store.record_progress(self.run_id, self._waiting_captures(), self._deltas())
        self._written()

    def save_article(self, item: ParsedArticle) -> Outcome:
        """Store an article with the waiting capture rows (its own among them) and the run's
        counts, its outcome included, in one transaction."""
        undated = item.published_at is None

        def counts(outcome: Outcome) -> dict[str, int]:
            deltas = self._deltas()
            column = OUTCOME_COLUMNS.get(outcome)
            if column:
                deltas[column] = deltas.get(column, 0) + 1
            deltas["articles_undated"] += int(undated)
            return deltas

        outcome = self.store.save(item, self.site_id, self.run_id, captures=self._waiting_captures(), counts=counts)
        self.count(outcome)
        self.undated += int(undated)
        self._written()
        return outcome

    def _waiting_captures(self) -> list[PendingCapture]:
        self.captures = [c for c in self.captures if c.id is None]
        return list(self.captures)

    def _deltas(self) -> dict[str, int]:
        deltas = {OUTCOME_COLUMNS[o]: n - self._flushed[o] for o, n in self.outcomes.items() if o in OUTCOME_COLUMNS}
        deltas["pages_fetched"] = self.pages - self._flushed_pages
        deltas["articles_undated"] = self.undated - self._flushed_undated
        deltas["articles_revisited"] = self.revisited - self._flushed_revisited
        return deltas

    def _written(self) -> None:
        """The counts so far are in the database."""
        self._flushed_revisited = self.revisited
        self._flushed = Counter(self.outcomes)
        self._flushed_pages = self.pages
        self._flushed_undated = self.undated

    def health(self) -> tuple[Health, str | None]:
        """ "failing" when the site yields no article or most article pages fail extraction."""
        extraction_failed = sum(self.failures[k] for k in EXTRACTION_FAILURES)
        attempted = self.articles + extraction_failed
        if self.articles == 0:
            if self.known_skipped and not extraction_failed:
                return Health.OK, None  # an incremental run that found nothing new: the site is fine
            return Health.FAILING, f"{self.site}: no article archived (empty scrape)"
        bad = extraction_failed + self.undated
        if bad * 2 > attempted:
            return Health.FAILING, (
                f"{self.site}: {bad} of {attempted} article pages failed extraction "
                f"({extraction_failed} without body, {self.undated} without date): "
                f"the site's template may have changed"
            )
        if self.drift:
            return Health.DEGRADED, self.drift_summary()
        return Health.OK, None

    def drift_summary(self) -> str:
        """One line on the run's template drift: how many pages of each kind, one example each."""
        what = {DriftKind.LIST: "list pages", DriftKind.ARTICLE: "article pages"}
        parts = [f"{self.drift[k]} {what[k]} (e.g. {self.drift_example[k]})" for k in what if self.drift[k]]
        return (
            f"{self.site}: template drift: {' and '.join(parts)} no longer fit the site's declared "
            f"patterns or template; the generic path handled them"
        )

    def status(self, close_reason: str) -> tuple[RunStatus, str | None]:
        failed = ", ".join(f"{n} {k}" for k, n in self.failures.most_common())
        health, why = self.health()
        if close_reason != "finished":
            return RunStatus.INTERRUPTED, f"crawl stopped early ({close_reason}); {failed or 'no page failures'}"
        if health == Health.FAILING:
            return RunStatus.FAILED, f"site failing: {why}; {failed or 'no page failures'}"
        degraded = why if health == Health.DEGRADED else None
        if self.failures:
            return RunStatus.PARTIAL, f"{failed}; {degraded}" if degraded else failed
        return RunStatus.SUCCEEDED, degraded


def check_archive_mode(settings: Any) -> None:
    """Refuse, before any run is recorded, a crawl that would mix replayed and live runs in one archive."""
    if settings.getbool("RDARCHIVE_MIXED_ARCHIVE"):
        return
    engine, sessions = open_archive(settings.get("RDARCHIVE_DB"))
    try:
        live, replayed = ArchiveStore(sessions).run_kinds(besides=settings.getint("RDARCHIVE_RUN_ID", 0) or None)
        refuse_mixing(live, replayed, active_replay(settings), _archive_name(engine))
    finally:
        engine.dispose()


def _archive_name(engine: Any) -> str:
    url = engine.url
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)


class RunRecorder:
    """Extension: opens the crawl's run row, counts what happens, closes it with a status."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self._context: RunContext | None = None
        self.interval = crawler.settings.getfloat("RDARCHIVE_PROGRESS_INTERVAL", 10.0)
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.response_received, signals.response_received)
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.page_failed, page_failed)
        crawler.signals.connect(self.template_drift, template_drift)
        crawler.signals.connect(self.spider_error, signals.spider_error)
        crawler.signals.connect(self.item_error, signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        check_archive_mode(crawler.settings)
        return cls(crawler)

    @property
    def context(self) -> RunContext:
        # Opened on first use: the WARC capture of the first response may come before spider_opened.
        if self._context is None:
            self._context = RunContext(self.crawler)
        return self._context

    @property
    def ctx(self) -> RunContext:
        return self.context

    def spider_opened(self, spider: Spider) -> None:
        ctx = self.ctx
        self.crawler.stats.set_value("rdarchive/run_id", ctx.run_id)
        if ctx.replay:
            log.info("%s: crawl run %d started: REPLAY, every download from %s", ctx.site, ctx.run_id, ctx.replay)
        else:
            log.info("%s: crawl run %d started", ctx.site, ctx.run_id)
        # The flush is the run's heartbeat, so it runs even when progress lines are off.
        self.loop = task.LoopingCall(self.progress)
        self.loop.start(self.interval if self.interval > 0 else HEARTBEAT_SECONDS, now=False)

    def progress(self) -> None:
        ctx = self.ctx
        ctx.flush()
        if self.interval > 0:
            log.info(
                "%s: %d pages, %d articles (%d new), %d failures",
                ctx.site,
                ctx.pages,
                ctx.articles,
                ctx.outcomes[Outcome.NEW],
                sum(ctx.failures.values()),
            )

    def response_received(self, response: Any, request: Any, spider: Spider) -> None:
        self.ctx.pages += 1

    def page_failed(
        self, spider: Spider, url: str, kind: FailureKind, reason: str, http_status: int | None = None
    ) -> None:
        ctx = self.ctx
        ctx.failures[kind] += 1
        ctx.store.record_failure(ctx.run_id, site=ctx.site, url=url, kind=kind, reason=reason, http_status=http_status)

    def template_drift(self, spider: Spider, url: str, kind: DriftKind, reason: str) -> None:
        ctx = self.ctx
        ctx.drift[kind] += 1
        ctx.drift_example.setdefault(kind, url)
        log.warning("template drift (%s page): %s", kind, reason)
        keep = ctx.drift[kind] <= DRIFT_EXAMPLES
        ctx.store.record_drift(ctx.run_id, site=ctx.site, url=url, kind=kind, reason=reason, keep=keep)

    def item_dropped(self, item: Any, response: Any, exception: Exception, spider: Spider) -> None:
        url = str(getattr(item, "url", None) or getattr(response, "url", "?"))
        self.page_failed(
            spider,
            url,
            getattr(exception, "kind", FailureKind.DROPPED),
            str(exception),
            getattr(response, "status", None),
        )

    def item_error(self, item: Any, response: Any, spider: Spider, failure: Any) -> None:
        # A pipeline crash (e.g. the database went away) loses this article from
        # the run: it is recorded, never silent.
        url = str(getattr(item, "url", None) or getattr(response, "url", "?"))
        self.page_failed(
            spider,
            url,
            FailureKind.PIPELINE_ERROR,
            f"{spider.name}: {url}: {failure.type.__name__}: {failure.getErrorMessage()}",
            getattr(response, "status", None),
        )

    def spider_error(self, failure: Any, response: Any, spider: Spider) -> None:
        # A bug in a callback loses one page, never the crawl; it is recorded.
        self.page_failed(
            spider,
            response.url,
            FailureKind.SPIDER_ERROR,
            f"{spider.name}: {response.url}: {failure.type.__name__}: {failure.getErrorMessage()}",
            response.status,
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        ctx = self.ctx
        ctx.flush()
        status, summary = ctx.status(reason)
        ctx.store.finish_run(ctx.run_id, status, summary, health=ctx.health()[0])
        try:
            refresh_statistics_if_due(ctx.engine)
        except Exception as e:  # noqa: BLE001 - statistics only speed lookups up; the run is recorded
            log.warning("%s: could not refresh the near-duplicate index statistics: %s", ctx.site, e)
        self.crawler.stats.set_value("rdarchive/status", status.value)
        log.info(
            "%s: crawl run %d %s: %d pages, %s; %s",
            ctx.site,
            ctx.run_id,
            status,
            ctx.pages,
            {str(k): n for k, n in ctx.outcomes.items()} or "no articles",
            summary or "no failures",
        )
        ctx.engine.dispose()

"""Scrapy item pipelines: thin adapters that run one pure stage each.

The stages (pipelines/stages.py) know nothing of Scrapy; here a
`StageFailure` becomes the `DropItem` Scrapy expects, keeping its kind for the
run recorder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from core.article import ParsedArticle
from core.errors import StageFailure
from core.status import DriftKind, FailureKind
from crawlers.drift import article_drift_reason
from crawlers.runs import RunContext
from crawlers.signals import template_drift
from crawlers.spool import Spool
from pipelines import stages


class StageDropped(DropItem):
    """A page a stage refused; `kind` is the crawl_failures kind."""

    def __init__(self, kind: FailureKind, message: str):
        super().__init__(message)
        self.kind = kind


class _StagePipeline:
    stage: Callable[[Any], Any]

    def process_item(self, item: Any) -> Any:
        try:
            return type(self).stage(item)
        except StageFailure as e:
            raise StageDropped(e.kind, str(e)) from e


class ExtractPipeline(_StagePipeline):
    stage = staticmethod(stages.extract_stage)


class TemplateDriftPipeline:
    """Reports an article page the site's templates no longer read (generic extraction did)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TemplateDriftPipeline:
        return cls(crawler)

    def process_item(self, item: ParsedArticle) -> ParsedArticle:
        spider = self.crawler.spider
        if getattr(spider, "generic_pages_expected", False):
            return item
        reason = article_drift_reason(item, getattr(spider, "templates", ()))
        if reason is not None:
            self.crawler.signals.send_catch_log(
                template_drift, spider=spider, url=item.url, kind=DriftKind.ARTICLE, reason=reason
            )
        return item


class CleanPipeline(_StagePipeline):
    stage = staticmethod(stages.clean_stage)


class MetadataPipeline(_StagePipeline):
    stage = staticmethod(stages.metadata_stage)


class FingerprintPipeline(_StagePipeline):
    stage = staticmethod(stages.fingerprint_stage)


class StorePipeline:
    """Writes the article; the outcome (new/unchanged/changed/duplicate) feeds the run counts."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: ParsedArticle) -> ParsedArticle:
        ctx = RunContext.of(self.crawler)
        # A dropped database connection is retried; an article that still cannot be
        # written is kept aside and written later, or recorded as store_failed (crawlers/spool.py).
        outcome = Spool.of(self.crawler).store(ctx, item)
        if outcome is not None:
            item.notes.append(f"stored: {outcome}")
        return item

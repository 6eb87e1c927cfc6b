"""Scrapy item pipelines: thin wrappers that run one stage each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler

from crawlers.runs import RunContext
from pipelines import stages


class _StagePipeline:
    stage: Callable[[Any], Any]

    def process_item(self, item: Any) -> Any:
        return type(self).stage(item)


class ExtractPipeline(_StagePipeline):
    stage = staticmethod(stages.extract_stage)


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

    def process_item(self, item: Any) -> Any:
        from pipelines.spool import Spool

        ctx = RunContext.of(self.crawler)
        # A dropped database connection is retried; an article that still cannot be
        # written is kept aside and written later, or recorded as store_failed (pipelines/spool.py).
        outcome = Spool.of(self.crawler).store(ctx, item)
        if outcome is not None:
            item.notes.append(f"stored: {outcome}")
        return item

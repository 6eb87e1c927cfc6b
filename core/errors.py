"""Errors of the pure stages, free of any crawler."""

from __future__ import annotations

from core.status import FailureKind


class StageFailure(Exception):
    """A page that cannot become an article; `kind` says why.

    The crawl's item pipelines turn it into Scrapy's DropItem
    (crawlers/item_pipelines.py); `rdarchive parse` and `reprocess` report it.
    """

    def __init__(self, kind: FailureKind, message: str):
        super().__init__(message)
        self.kind = kind

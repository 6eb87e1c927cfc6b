"""Log lines of a crawl are capped in length.

Scrapy logs a dropped item with its whole repr, and a page of 100,000 nested
tags once wrote a single 1.1 MB line: unreadable in a terminal and a burden for
any log collector. An extension (enabled in crawlers/settings.py) puts a filter
on every handler of the root logger that cuts each message, and each line of a
traceback, to LINE_LIMIT characters and says how much it cut.
"""

from __future__ import annotations

import logging
import traceback

from scrapy import signals
from scrapy.crawler import Crawler

LINE_LIMIT = 4000


def cap(text: str, limit: int = LINE_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [... {len(text) - limit} more characters cut]"


class LineCap(logging.Filter):
    def __init__(self, limit: int = LINE_LIMIT):
        super().__init__()
        self.limit = limit

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if len(message) > self.limit:
            record.msg, record.args = cap(message, self.limit), None
        if record.exc_info and not record.exc_text:
            lines = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n").splitlines()
            record.exc_text = "\n".join(cap(line, self.limit) for line in lines)
        return True


def install(logger: logging.Logger | None = None) -> None:
    """A LineCap on each handler of `logger` (the root logger) that has none yet."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, LineCap) for f in handler.filters):
            handler.addFilter(LineCap())


class LogLineCap:
    """Scrapy extension. Scrapy replaces its root handler after building the extensions,
    so the cap goes on when the spider opens, on the handler that will really write."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LogLineCap:
        ext = cls()
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        return ext

    def spider_opened(self, spider: object) -> None:
        install()

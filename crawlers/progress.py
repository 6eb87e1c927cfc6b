"""One progress line per site on a terminal: pages, articles, failures and the page rate.

`rdarchive crawl` turns it on (RDARCHIVE_PROGRESS_BAR) only when stderr is a
terminal and neither -q nor -v was given: with -v the crawl's log is on the
terminal and bars would be torn by it; in a pipe or a log file they are noise.
"""

from __future__ import annotations

import sys
from typing import Any, ClassVar

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from tqdm import tqdm

from core.status import Outcome
from crawlers.runs import RunContext


class ProgressBars:
    """Extension: a tqdm line per crawled site, stacked when one process crawls several."""

    lines: ClassVar[int] = 0  # sites of this process so far: each gets the next terminal line

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.bar: tqdm | None = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.response_received, signals.response_received)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressBars:
        if not crawler.settings.getbool("RDARCHIVE_PROGRESS_BAR"):
            raise NotConfigured
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.bar = tqdm(
            desc=spider.name,
            unit=" pages",
            position=ProgressBars.lines,
            file=sys.stderr,
            dynamic_ncols=True,
            mininterval=0.5,
            bar_format="{desc}: {n_fmt}{unit} [{elapsed}, {rate_fmt}{postfix}]",
        )
        ProgressBars.lines += 1
        self._counts()

    def _counts(self) -> None:
        if self.bar is None:
            return
        ctx = RunContext.of(self.crawler)
        self.bar.set_postfix_str(
            f"{ctx.articles} articles ({ctx.outcomes[Outcome.NEW]} new), {sum(ctx.failures.values())} failed",
            refresh=False,
        )

    def response_received(self, response: Any, request: Any, spider: Spider) -> None:
        if self.bar is not None:
            self._counts()
            self.bar.update(1)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.bar is not None:
            self._counts()
            self.bar.refresh()
            self.bar.close()

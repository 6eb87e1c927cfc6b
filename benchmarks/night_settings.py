"""Scrapy settings for benchmarks/night.py: the project's own, plus the benchmark's synthetic sites."""

from crawlers.settings import *  # noqa: F403
from crawlers.settings import SPIDER_MODULES

SPIDER_MODULES = [*SPIDER_MODULES, "benchmarks.night_sites"]

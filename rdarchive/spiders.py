"""Finding site spiders by slug or by URL, through the project's spider loader (modules and definitions)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from crawlers.base import CongressSpider


def project_settings() -> Settings:
    # The CLI must work from any directory, not only beside scrapy.cfg.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawlers.settings")
    return get_project_settings()


def all_spiders() -> dict[str, type[CongressSpider]]:
    # The project's SPIDER_LOADER_CLASS: site modules and site definition files alike.
    loader = get_spider_loader(project_settings())
    spiders = {name: loader.load(name) for name in sorted(loader.list())}
    return {name: cls for name, cls in spiders.items() if issubclass(cls, CongressSpider)}


def spider_for(slug: str) -> type[CongressSpider]:
    spiders = all_spiders()
    if slug not in spiders:
        raise ValueError(f"no site {slug!r}; known sites: {', '.join(spiders)}")
    return spiders[slug]


def spider_for_url(url: str) -> type[CongressSpider] | None:
    host = urlsplit(url).hostname or ""
    for cls in all_spiders().values():
        if cls.allows_host(host):
            return cls
    return None

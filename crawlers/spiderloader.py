"""Scrapy's spider loader, with the sites defined as data beside the site modules.

Set as SPIDER_LOADER_CLASS, so `scrapy list`, `scrapy crawl <slug>` and everything in
rdarchive that finds spiders (rdarchive/spiders.py) sees module-defined and
data-defined sites alike.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from crawlers.definitions import DefinitionError, defined_spiders, definition_dirs


class SiteSpiderLoader(SpiderLoader):
    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        for slug, cls in defined_spiders(definition_dirs(settings.getlist("RDARCHIVE_SITE_DIRS"))).items():
            if slug in self._spiders:
                module = self._found[slug][0][0]
                raise DefinitionError(
                    f"{cls.definition_file}: key 'slug': {slug!r} is already the site module {module}"  # type: ignore[attr-defined]
                )
            self._spiders[slug] = cls
            self._found[slug].append((cls.definition_file, cls.__name__))  # type: ignore[attr-defined]

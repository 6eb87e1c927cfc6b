"""The night benchmark's sites: one spider per synthetic site, made from the list in RDARCHIVE_NIGHT_SITES.

Each is the 银川市人大 (ycrd) spider moved to its own host, so the crawl, the
template and the pipelines are those of a real site module. Loaded only when
SCRAPY_SETTINGS_MODULE is benchmarks.night_settings (benchmarks/night.py sets it).
"""

from __future__ import annotations

import json
import os

from crawlers.spiders.ycrd import YcrdSpider


def _spider(slug: str, host: str) -> type[YcrdSpider]:
    return type(
        f"Night{slug.capitalize()}Spider",
        (YcrdSpider,),
        {
            "__module__": __name__,
            "name": slug,
            "site_name": f"夜间基准站点 {slug}",
            "allowed_domains": [host],
            "start_channels": (f"http://{host}/rdyw/index.html",),
        },
    )


_sites = os.environ.get("RDARCHIVE_NIGHT_SITES")
if _sites:
    with open(_sites, encoding="utf-8") as fh:
        for _site in json.load(fh):
            globals()[f"Night{_site['slug'].capitalize()}Spider"] = _spider(_site["slug"], _site["host"])

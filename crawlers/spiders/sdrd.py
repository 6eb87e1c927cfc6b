"""山东人大网 (www.sdrd.gov.cn): gentleCMS, articles /articles/ch<5-digit channel>/YYYYMM/<uuid>.shtml.

Evidence (../shared/sites/registry.md row 15, §7; pages_texts SD1): http host
www.sdrd.gov.cn [C REG26, PG SD1]; article URL
`/articles/ch00628/202105/<uuid>.shtml` with crumbs `当前位置: 首页 >> 重要发布 >> 决议决定`
and the date line `时间:YYYY-MM-DD` before the body [C PG SD1, 2021]; gentleCMS
(`/gentleCMS/cmssearch/search.do?siteId=…`) [C MISC 11159704363].
Guessed [G]: the channel list pages `/channels/ch<id>/index.shtml` and their pagination
`index_N.shtml` (N from 2), the row markup, and the article markup (`div.crumbs`,
`div.detail-title h1`, `div.detail-info`, `div.detail-content`). The URL's YYYYMM is the
filing month, never a day: only the page's 时间 counts.
"""

from __future__ import annotations

import re

from crawlers.base import CongressSpider
from crawlers.templates import Template

CHANNEL_PAGE_RE = re.compile(r"^/channels/(ch\d{5})/index(?:_\d+)?\.shtml$")


class SdrdSpider(CongressSpider):
    name = "sdrd"
    site_name = "山东人大网"
    province = "山东省"
    region_code = "370000"
    allowed_domains = ["www.sdrd.gov.cn"]
    start_channels = (
        "http://www.sdrd.gov.cn/channels/ch00628/index.shtml",  # 重要发布 > 决议决定
    )
    article_patterns = (r"^/articles/ch\d{5}/\d{6}/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\.shtml$",)
    list_patterns = (CHANNEL_PAGE_RE.pattern,)
    pagination_scope = CHANNEL_PAGE_RE.pattern
    evidence = "partly guessed"
    evidence_note = "channel list pages, their pagination and the article markup are guessed"
    templates = (
        Template(
            name="sdrd-gentlecms",
            detect_css="div.detail-content",
            title=("div.detail-title h1",),
            subtitle=("div.detail-title h3",),
            byline=("div.detail-info",),
            breadcrumb="div.crumbs a",
            body=("div.detail-content",),
        ),
    )

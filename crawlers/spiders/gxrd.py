"""广西人大网 (www.gxrd.gov.cn): flat article ids /html/art<6-digit id>.html, GBK pages.

Evidence (../shared/sites/registry.md row 20, §7; pages_texts GX1): https host
www.gxrd.gov.cn [C REG26, MISC]; articles `/html/art<6-digit id>.html` with the crumb
`您所在的位置>首页> 网眼 >文章页`, the line
`http://www.gxrd.gov.cn    YYYY年MM月DD日 HH:MM      来源:X` before the body, and after
it an author credit `(X/文)` and a review line `初审:X 二审:Y 主审:Z` [C PG GX1, 2018];
old site search `search.php?keyword=<GBK>&pageno=` [C MISC 11055656355] → pages in GBK
[G from that].
Guessed [G]: list pages `/html/list<id>.html` and pagination `list<id>_N.html`, row
markup, and the article markup (`div.weizhi`, `div.art_title h1`, `div.art_info`,
`div.art_content`, `div.shenhe`). The review line is read with the byline; the shared
byline parser does not know 初审/二审/主审 yet, so reviewers stay empty.
"""

from __future__ import annotations

import re

from crawlers.base import CongressSpider
from crawlers.templates import Template

LIST_RE = re.compile(r"^/html/list(\d+)(?:_\d+)?\.html$")


class GxrdSpider(CongressSpider):
    name = "gxrd"
    site_name = "广西人大网"
    province = "广西壮族自治区"
    region_code = "450000"
    allowed_domains = ["www.gxrd.gov.cn"]
    start_channels = (
        "https://www.gxrd.gov.cn/html/list1021.html",  # 网眼
    )
    article_patterns = (r"^/html/art\d{6}\.html$",)
    list_patterns = (LIST_RE.pattern,)
    pagination_scope = LIST_RE.pattern
    evidence = "partly guessed"
    evidence_note = "list pages, their pagination and the article markup are guessed; GBK is inferred"
    templates = (
        Template(
            name="gxrd-art",
            detect_css="div.art_content",
            title=("div.art_title h1",),
            # The metadata line and the review line after the body (初审/二审/主审).
            byline=("div.art_info", "div.shenhe"),
            breadcrumb="div.weizhi a",
            body=("div.art_content",),
        ),
    )

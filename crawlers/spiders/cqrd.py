"""重庆人大 (www.cqrd.gov.cn / cqrd.gov.cn): snowflake-id CMS, column pages /web/column/col<id>.html.

Evidence (../shared/sites/registry.md row 22, notes §2.22, §3.4; pages_texts C1, C2): https
host, both bare and www [C PG, MISC 57386741613, 59670726145]; articles
`/site/article/<19-digit id>/web/content_<same id>.html` (2020) and
`/web/article/<id>/web/content_<id>.html` (2026) [C PG C1, MISC 57386741613]; columns
`/web/column/col<id>.html` [C PG C2]; the article shows `时间:YYYY-MM-DD` and the crumb
`您当前的位置:网站首页 <栏目>` [C PG C1].
Guessed [G]: list pagination `col<id>_N.html` (registry §5.4: unknown), the list row
markup, and the article markup (`div.position`, `h1.article-title`, `div.article-info`,
`div.article-content`). The snowflake id carries no trustworthy date: only the page's
时间 counts.
"""

from __future__ import annotations

import re

from crawlers.base import CongressSpider
from crawlers.templates import Template

COLUMN_RE = re.compile(r"^/web/column/col(\d+)(?:_(\d+))?\.html$")


class CqrdSpider(CongressSpider):
    name = "cqrd"
    site_name = "重庆人大"
    province = "重庆市"
    region_code = "500000"
    # Both cqrd.gov.cn and www.cqrd.gov.cn serve the site.
    allowed_domains = ["cqrd.gov.cn"]
    # The law database SPA is not this archive's business.
    denied_domains = ["fggs.cqrd.gov.cn"]
    start_channels = (
        "https://www.cqrd.gov.cn/web/column/col1839990.html",  # 课题成果
    )
    article_patterns = (r"^/(?:site|web)/article/(\d{19})/web/content_\1\.html$",)
    list_patterns = (COLUMN_RE.pattern,)
    pagination_scope = COLUMN_RE.pattern
    evidence = "partly guessed"
    evidence_note = "list pagination (col<id>_N.html), row markup and the article markup are guessed"
    templates = (
        Template(
            name="cqrd-snowflake",
            detect_css="div.article-content",
            title=("h1.article-title",),
            byline=("div.article-info",),
            breadcrumb="div.position a",
            body=("div.article-content",),
        ),
    )

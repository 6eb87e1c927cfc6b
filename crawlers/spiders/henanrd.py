"""河南人大网 (www.henanrd.gov.cn): custom date-path CMS, /YYYY/MM-DD/<id>.html and (2026) /YYYY-MM-DD/<id>.html.

Evidence (../shared/sites/registry.md): row 16, notes §2.16, §3.3, §6.
- [C PG HE1, MISC] https; article URLs /YYYY/MM-DD/<id>.html (2012 … 2025); [C POF] a 2026 detail
  /2026-09-24/<id>.html (both forms are recognised).
- [C PG HE1] byline 时间:YYYY-MM-DD  来源:X before the body, 编辑:河南人大网编辑部 after it; footer
  版权所有:河南省人大常委会办公厅 豫ICP备05016546号 (HE2).
- [C ES20 HEN 10979320588] channels /rdyw/, /jyjd/, /dflf/, /jdgz/, /xjrm/, /dbgz/, /jgjs/; list rows
  `ul.list li a` + `span` "[YYYY-MM-DD…"; body `div.cl.news-content`; UTF-8.
- [G] list pagination index_N.html, the title/byline containers (div.news-title h1, div.news-info,
  div.news-editor), the div.location crumbs, that the 2026 URL form uses the same template.
- City subsites (lysrd., pysrd., nysrd., xyrd.henanrd.gov.cn) are other congresses: not crawled here.
"""

from __future__ import annotations

from crawlers.datepath import YEAR_MONTHDAY, DatePathSpider
from crawlers.templates import Template

# 2026: /2026-09-24/246366.html
YEAR_MONTH_DAY_DASHED = r"^/\d{4}-\d{2}-\d{2}/\d+\.html$"


class HenanrdSpider(DatePathSpider):
    name = "henanrd"
    site_name = "河南人大网"
    province = "河南省"
    region_code = "410000"
    allowed_domains = ["www.henanrd.gov.cn"]
    start_channels = ("https://www.henanrd.gov.cn/rdyw/",)
    article_patterns = (YEAR_MONTHDAY, YEAR_MONTH_DAY_DASHED)
    list_patterns = (r"^/[a-z]+/index_\d+\.html$",)
    pagination_scope = "folder"
    templates = (
        Template(
            name="henanrd-news",
            detect_css="div.news-content",
            title=("div.news-title h1", "h1"),
            byline=("div.news-info", "div.news-editor"),
            breadcrumb="div.location a",
            body=("div.cl.news-content", "div.news-content"),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "URL forms, byline labels, list rows and body selector confirmed; pagination, "
        "title/byline containers and crumbs guessed"
    )

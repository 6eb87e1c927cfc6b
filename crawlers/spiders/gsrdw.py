"""甘肃人大网 (www.gsrdw.gov.cn): PHPCMS-style static pages /html/YYYY/<col>_MMDD/<id>.html (as ynrd).

Evidence (../shared/sites/registry.md): row 28, §7 (甘肃); pages_texts GS1, GS2.
- [C PG GS1, GS2] http; article URLs /html/YYYY/<col>_MMDD/<id>.html with columns gg (公告) and rdjl
  (2017, 2023); crumbs 首页 > 公告 > 正文; metadata line before the body
  稿件来源:X 发布时间:YYYY-MM-DD HH:MM:SS (稿件来源 names the origin site of reprints); the 公告 body
  repeats the title as its first line.
- [G] list pages /html/<catdir>/ and /html/<catdir>/N.html (PHPCMS v9 static category rule, as for
  ynrd), the column name of rdjl (人大交流), class names of title, metadata line, body and crumbs.
"""

from __future__ import annotations

import re

from crawlers.datepath import HTML_COLUMN_DAY, DatePathSpider
from crawlers.templates import Template

CATEGORY_PAGE = r"^/html/[a-z]\w*/(?:index|\d+)\.html$"


class GsrdwSpider(DatePathSpider):
    name = "gsrdw"
    site_name = "甘肃人大网"
    province = "甘肃省"
    region_code = "620000"
    allowed_domains = ["www.gsrdw.gov.cn"]
    start_channels = (
        "http://www.gsrdw.gov.cn/html/gg/",
        "http://www.gsrdw.gov.cn/html/rdjl/",
    )
    article_patterns = (HTML_COLUMN_DAY,)
    list_patterns = (CATEGORY_PAGE,)
    pagination_scope = "folder"
    templates = (
        Template(
            name="gsrdw-phpcms",
            detect_css="div.article_content",
            title=("div.article_title h1",),
            byline=("div.article_info",),
            breadcrumb="div.crumbs a",
            body=("div.article_content",),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "article URL scheme, crumbs and metadata line confirmed (2017, 2023); list pages, "
        "paging and class names guessed"
    )

    def canonical_list_url(self, url: str) -> str:
        # index.html is the category URL itself.
        return re.sub(r"/index\.html$", "/", url)

"""云南人大网 (www.ynrd.gov.cn): PHPCMS-style static pages /html/YYYY/<col>_MMDD/<id>.html.

Evidence (../shared/sites/registry.md): row 25, notes §2.25, §3.3, §7; pages_texts Y1–Y3.
- [C PG Y1, Y2] https; article URLs /html/YYYY/<column pinyin>_MMDD/<id>.html (5-digit ids in 2023);
  [C PG Y3] 2025 ids have 7 digits and the URL was stored with ?show=2025new (kept as part of the URL).
- [C PG Y2] metadata line before the body: 发布时间: YYYY-MM-DD      来源:X      【字体:大 中 小】     分享到:
- [C ES20 YN] the older site www.srd.yn.gov.cn was TRS (index_N.html lists, div.TRS_Editor); not crawled.
- [G] the list pages: PHPCMS v9's static category rule /html/<catdir>/index.html, /html/<catdir>/2.html
  (the confirmed article URLs follow the same v9 default rule {year}/{catdir}_{month}{day}/{id}.html);
  the PHPCMS-default markup (div.crumbs, div#Article h1, div.content, div#pages); that 2025 ?show=2025new
  pages share the template.
"""

from __future__ import annotations

import re

from crawlers.datepath import DatePathSpider
from crawlers.templates import Template

ARTICLE = r"/html/\d{4}/[a-z]\w*_\d{4}/\d+\.html(?:\?show=\w+)?$"
CATEGORY_PAGE = re.compile(r"^(/html/[a-z]\w*/)(?:index|\d+)\.html$")


class YnrdSpider(DatePathSpider):
    name = "ynrd"
    site_name = "云南人大网"
    province = "云南省"
    region_code = "530000"
    allowed_domains = ["www.ynrd.gov.cn"]
    start_channels = (
        "https://www.ynrd.gov.cn/html/lifadongtai/",
        "https://www.ynrd.gov.cn/html/gongzuoyanjiu/",
    )
    article_patterns = (ARTICLE,)
    list_patterns = (CATEGORY_PAGE.pattern,)
    pagination_scope = "folder"
    templates = (
        Template(
            name="ynrd-phpcms",
            detect_css="div#Article",
            title=("div#Article h1",),
            byline=("div#Article div.info",),
            breadcrumb="div.crumbs a",
            body=("div#Article div.content",),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "article URL scheme and metadata line confirmed; list pages, paging and markup "
        "guessed from the PHPCMS v9 defaults the URLs follow"
    )

    def canonical_list_url(self, url: str) -> str:
        # The pager links back to index.html, which is the channel's first page (/html/<catdir>/).
        return re.sub(r"/index\.html$", "/", url)

"""贵州人大网 (www.gzrd.gov.cn): old TRS-like `.shtml` channels whose paging starts at index_2.shtml.

Evidence (../shared/sites/registry.md row 24, notes §3.1; ES20 GZ 10942977708; MISC 4833971313):
- Channel lists `index.shtml`, then `index_2.shtml`, `index_3.shtml` … (no index_1) [C ES20, MISC]:
  `first_page_number = 2`. Channels `/xwzx/zyfb/cwhgg/`, `/gzdt/lfgz/lfjj/`, `/dffg/gzsdffg/` … [C ES20].
- Rows `div.list-box li` with `a[title]` (root-relative href) and a `span` date [C ES20, MISC].
- Article body: `div.view` paragraphs [C ES20]; `#Zoom`, with a document-number div first in
  `div.content-box` [C MISC].
- Since 2019 the site serves https TRS t-date `.html` pages (`/xwzx/rdyw/202607/t20260715_90623308.html`,
  `/gzwh/201912/t20191220_77669989.html`) [C MISC 69478262359, 67477075860]. Both `.shtml` and `.html`
  t-date names are accepted. The current markup is unknown, so only the old layout is modelled.
- Guessed: https for the old `.shtml` lists, the `.shtml` t-date article names, title/date elements.
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class GzrdSpider(TRSSpider):
    name = "gzrd"
    site_name = "贵州人大网"
    province = "贵州省"
    region_code = "520000"
    allowed_domains = ["www.gzrd.gov.cn"]
    start_channels = (
        "https://www.gzrd.gov.cn/xwzx/zyfb/cwhgg/index.shtml",  # 常委会公告 [C ES20]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.s?html$",)
    # index.shtml, index_2.shtml, index_3.shtml … [C ES20]
    first_page_number = 2
    list_crumbs_css = ".position a::text"
    templates = (
        Template(
            name="gzrd-shtml",
            detect_css="div.view, #Zoom",
            title=("div.content-box h2", "h1"),
            byline=("div.content-box div.info",),
            breadcrumb="div.position a",
            body=("div.view", "#Zoom"),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "index_2.shtml paging, list-box rows and div.view/#Zoom body confirmed (ES20, MISC); "
        "article URL names, title/date elements and today's template guessed"
    )

"""四川人大网 (www.scspc.gov.cn): TRS-style /YYYYMM/ folders with two article URL forms in one column.

Evidence (../shared/sites/registry.md row 23, notes §23):
- https; in 2025/26 the column `/jyjd/` (决议决定) links articles in two forms:
  `/jyjd/202512/t20251203_49669.html` [C MISC 70961684691] and `/jyjd/202604/152661.html`
  [C MISC 71653759194]. Both are recognised, and the 6-digit form carries no date in the URL.
- Older site: `/html/<col>/YYYY/MMDD/<id>.html` [C PG S2, MISC], not modelled (no current list links it).
- Guessed: list markup and paging (TRS createPageHTML, index_1.html), the whole article layout, and that
  both URL forms share it.
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class ScspcSpider(TRSSpider):
    name = "scspc"
    site_name = "四川人大网"
    province = "四川省"
    region_code = "510000"
    allowed_domains = ["www.scspc.gov.cn"]
    start_channels = (
        "https://www.scspc.gov.cn/jyjd/index.html",  # 决议决定 [C MISC: /jyjd/]
    )
    article_patterns = (
        r"/\d{6}/t\d{8}_\d+\.html$",  # TRS t-date (2025-12)
        r"/\d{6}/\d{6,}\.html$",  # numeric id (2026-04)
    )
    templates = (
        Template(
            name="scspc-2025",
            detect_css="div.article_con",
            title=("div.article h1",),
            byline=("div.article_info",),
            breadcrumb="div.location a",
            body=("div.article_con .TRS_Editor", "div.article_con"),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "host, /jyjd/ column and its two URL forms confirmed (MISC); list paging and all page markup guessed"
    )

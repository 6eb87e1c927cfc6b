"""银川市人大 (rd.yinchuan.gov.cn): a city congress site on TRS WCM t-date pages, partly guessed.

Evidence (../shared/sites/registry.md §7 "宁夏 (city only)"; pages_texts NX1):
- [C PG NX1] http host rd.yinchuan.gov.cn; articles `/rdyw/YYYYMM/tYYYYMMDD_N.html`; the crumb
  `当前位置:首页>人大要闻`; the line `发布日期:YYYY-MM-DD` (a date, no time, no 来源) before the body;
  the chrome `新思想`.
- Guessed [G]: the list pages (`/rdyw/index.html`, `index_N.html`, the `createPageHTML` pager), the row
  markup and every element name (div.dqwz, div.xl_title h1, div.xl_info, div.xl_content >
  div.TRS_Editor). These are the same guesses as the provincial spider nxrd, whose template is
  borrowed from this site: checking one against the live site checks both.

The page's 发布日期 is the date; the URL t-date is never used (registry §7: several TRS sites show a
t-date later than the displayed date). Jurisdiction: the city of 银川 (640100).
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class YcrdSpider(TRSSpider):
    name = "ycrd"
    site_name = "银川市人大"
    province = "宁夏回族自治区"
    region_code = "640100"  # 银川市
    allowed_domains = ["rd.yinchuan.gov.cn"]
    start_channels = (
        "http://rd.yinchuan.gov.cn/rdyw/index.html",  # 人大要闻 [C PG NX1 folder and crumb]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    templates = (
        Template(
            name="ycrd-trs",
            detect_css="div.xl_content div.TRS_Editor",
            title=("div.xl_title h1", "h1"),
            byline=("div.xl_info",),
            breadcrumb="div.dqwz a",
            body=("div.xl_content div.TRS_Editor", "div.xl_content"),
            url_date_allowed=False,
            notes="当前位置:首页>人大要闻, 发布日期:YYYY-MM-DD (PG NX1)",
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "http host, /rdyw/ t-date URLs, the 当前位置:首页>人大要闻 crumbs and the date-only 发布日期 line "
        "confirmed (PG NX1); list pages, index_N paging and all element names guessed (the same "
        "guesses as nxrd, which borrows this template)"
    )

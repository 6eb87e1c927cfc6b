"""宁夏人大网 (www.nxrd.gov.cn): a TRS spider whose template is borrowed from 银川市人大, partly guessed.

Evidence (../shared/sites/registry.md row 30, §2 "26/27/29/30/31", §5.1, §7; pages_texts NX1):
- [C REG26, POF] the host www.nxrd.gov.cn (POF candidates.json lists it over http).
  Nothing else of the provincial site is known: no page of it is in the page corpus.
- [C PG NX1] the capital's congress site, rd.yinchuan.gov.cn, is TRS WCM: articles
  /rdyw/YYYYMM/tYYYYMMDD_N.html, crumbs "当前位置:首页>人大要闻", and the metadata line
  "发布日期:YYYY-MM-DD" before the body.

**The template is borrowed from the city site.** The provincial site is assumed to run
the same TRS family (registry §3.1) with the same channel name and metadata line.
Guessed [G]: the scheme (http), the /rdyw/ channel on www.nxrd.gov.cn, the TRS
index_N pager, and all element names (div.dqwz crumbs, div.xl_title h1, div.xl_info,
div.TRS_Editor). Only the texts "当前位置:首页>人大要闻" and "发布日期:" come from NX1.
The start channel names its index.html, because the incremental TRS walk derives index_1.html
from it. The page's 发布日期 is the date. The URL t-date is never used: several TRS sites of the
registry show a t-date later than the displayed date (§7).
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class NxrdSpider(TRSSpider):
    name = "nxrd"
    site_name = "宁夏人大网"
    province = "宁夏回族自治区"
    region_code = "640000"
    allowed_domains = ["www.nxrd.gov.cn"]
    start_channels = (
        "http://www.nxrd.gov.cn/rdyw/index.html",  # 人大要闻 [G: the 银川 channel name]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    templates = (
        Template(
            name="nxrd-trs-guessed",
            detect_css="div.TRS_Editor",
            title=("div.xl_title h1", "h1"),
            byline=("div.xl_info",),
            breadcrumb="div.dqwz a",
            body=("div.TRS_Editor", "div.xl_content"),
            url_date_allowed=False,
            notes="borrowed from rd.yinchuan.gov.cn (PG NX1): 当前位置:首页>人大要闻, 发布日期:YYYY-MM-DD",
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "template borrowed from the city site rd.yinchuan.gov.cn (TRS t-date, 当前位置 crumbs, "
        "发布日期 line); channel /rdyw/, scheme and all element names on www.nxrd.gov.cn guessed"
    )

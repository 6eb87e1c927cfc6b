"""北京人大网 (www.bjrd.gov.cn): TRS WCM with t-date articles and no index_N list pages.

Evidence (../shared/sites/registry.md row 1, notes §1, pages_texts B1):
- https, UTF-8, article URLs `/<chan…>/YYYYMM/tYYYYMMDD_N.html` [C BJ26, PG B1].
- No `index_N.html` pages: each section shows its page 0 only (18-50 rows) [C GOV].
  So the crawl widens through the sub-channel lists a channel page links to
  (`channel_patterns`: folders below the start channel), not through pagination.
- Body `div#zhengwen`, fallback `.trs_web` [C BJ26]; metadata line
  `日期:YYYY-MM-DD 来源:X 【字号: 收藏 打印` [C PG B1]; breadcrumb
  `首页 > 重要发布 > …` [C PG B1]; <title> `标题_频道_北京市人民代表大会常务委员会` [C POF/BJ26].
- Guessed: the element names around the metadata line, crumbs and title (only their text is known).
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class BjrdSpider(TRSSpider):
    name = "bjrd"
    site_name = "北京人大网"
    province = "北京市"
    region_code = "110000"
    allowed_domains = ["www.bjrd.gov.cn"]
    start_channels = (
        "https://www.bjrd.gov.cn/zyfb/",  # 重要发布 [C GOV]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    # Sub-channel lists below a crawled section (page 0 only on this site):
    # /zyfb/zdgz/dbgz/, /zyfb/zt/16j1crdh2023/5nhmtp/ ...
    channel_patterns = (r"^/zyfb/(?:[a-z0-9_]+/)+(?:index\.html)?$",)
    templates = (
        Template(
            name="bjrd-trs",
            detect_css="#zhengwen, .trs_web",
            title=("div.xl_title h1", "h1"),
            subtitle=("div.xl_title h3",),
            byline=("div.xl_info",),
            breadcrumb="div.crumbs a",
            body=("div#zhengwen", ".trs_web"),
            # The page shows its date; the t-date is only the publishing day.
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "URL scheme, no index_N, #zhengwen/.trs_web, the 日期/来源 line and crumbs text confirmed; "
        "the element classes around title, metadata line and crumbs are guessed"
    )

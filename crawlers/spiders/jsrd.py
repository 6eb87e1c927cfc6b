"""江苏人大网 (www.jsrd.gov.cn): TRS WCM publishing `.shtml` pages.

Evidence (../shared/sites/registry.md row 10, notes §10, pages_texts J1):
- https, UTF-8; article URLs `/qwfb/sjfg/YYYYMM/tYYYYMMDD_N.shtml` [C POF, JS26, PG J1].
- Lists `index.shtml`, `index_1.shtml … index_24.shtml`, 15 rows a page [C JS26, GOV]. Rows after
  `list_main` with `class="title"` links and `class="ptime"` dates [C JS26].
- Article: the date in `class="ptime"`, line `YYYY-MM-DD HH:MM  来源:X` [C PG J1, JS26], body
  `div.TRS_Editor` [C JS26], crumbs `江苏人大网 > 权威发布 > 工作报告 > 正文` [C PG J1].
- The lists still carry 2009-2022 rows whose article pages answer 404 [C GOV]. They are recorded as
  http_error failures, and the run is "partial".
- Guessed: the createPageHTML call with "shtml" (only the index_N.shtml files are known) and the element
  names around the crumbs, title and metadata line.
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class JsrdSpider(TRSSpider):
    name = "jsrd"
    site_name = "江苏人大网"
    province = "江苏省"
    region_code = "320000"
    allowed_domains = ["www.jsrd.gov.cn"]
    start_channels = (
        "https://www.jsrd.gov.cn/qwfb/sjfg/index.shtml",  # 权威发布 > 省级法规 [C JS26]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.shtml$",)
    templates = (
        Template(
            name="jsrd-trs",
            detect_css="div.TRS_Editor",
            title=("h1.art_title", "h1"),
            byline=("div.art_info",),
            date=(".ptime",),
            breadcrumb="div.position a",
            body=("div.TRS_Editor",),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "URLs, index_N.shtml paging, list_main/title/ptime rows, ptime + 来源 line, TRS_Editor and "
        "404 old rows confirmed; the pager call and the classes around crumbs/title are guessed"
    )

"""上海市宝山区人大 (bsrd.baoshan.sh.cn): a district congress site on TRS WCM t-date pages, mostly guessed.

Evidence (../shared/sites/registry.md §7 "上海 (district only)"; pages_texts SH1):
- [C PG SH1] http host bsrd.baoshan.sh.cn; articles `/rdxw/YYYYMM/tYYYYMMDD_N.html` (TRS); the
  writer credited in parentheses at the end of the text, after the office: `(区人大办 <name>)`.
  The corpus kept no chrome, title or metadata line of that page.
- Guessed [G]: the name of the /rdxw/ channel (人大新闻), the list pages (`index.html`, `index_N.html`,
  the `createPageHTML` pager), the metadata line (`发布时间：YYYY-MM-DD`), the crumbs and every element
  name and class (div.location, h2.detail-title, div.detail-info, div.detail-content > div.TRS_Editor).

The closing credit names the office before the writer; the pipeline reads the writer into the authors
(pipelines/generic/meta.body_credits) and the line stays in the text, as the site prints it.
Jurisdiction: the district 宝山区 (310113), directly under the municipality 上海市.
"""

from __future__ import annotations

from crawlers.templates import Template
from crawlers.trs import TRSSpider

BODY_CSS = "div.detail-content div.TRS_Editor"


class BsrdSpider(TRSSpider):
    name = "bsrd"
    site_name = "宝山区人大"
    province = "上海市"
    region_code = "310113"  # 上海市宝山区
    allowed_domains = ["bsrd.baoshan.sh.cn"]
    start_channels = (
        "http://bsrd.baoshan.sh.cn/rdxw/index.html",  # 人大新闻 [C PG SH1 folder; G name]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    templates = (
        Template(
            name="bsrd-trs",
            detect_css=BODY_CSS,
            title=("h2.detail-title", "h1"),
            byline=("div.detail-info",),
            breadcrumb="div.location a",
            body=(BODY_CSS, "div.detail-content"),
            url_date_allowed=False,
            notes="closing credit (区人大办 X) at the end of the text (PG SH1); everything else guessed",
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "http host, /rdxw/ t-date URLs and the closing (区人大办 X) credit confirmed (PG SH1); "
        "channel name, list pages, index_N paging, metadata line, crumbs and all element names guessed"
    )

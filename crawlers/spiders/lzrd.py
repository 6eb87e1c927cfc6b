"""柳州市人大 (lzrd.liuzhou.gov.cn): a city congress site on TRS WCM t-date pages, partly guessed.

Evidence (../shared/sites/registry.md §7 "广西"; pages_texts GX2, GX3):
- [C PG GX2, GX3] http host lzrd.liuzhou.gov.cn; articles `/<chan>/<sub>/YYYYMM/tYYYYMMDD_N.html` in
  two-level channel folders: `/rdhy/dbdhhy/` (2026) and `/gzdt/ywdt/` (2020).
- [C PG GX2] the crumb `您当前所在位置:首页 >> 人大会议 >> 代表大会会议` (the names of /rdhy/dbdhhy/),
  the chrome `今天是:`, and before the body the line `发布日期:YYYY-MM-DD HH:MM  |  来源:X`, then
  `将本文分享到:`. The 来源 value may carry the reporter: `来源:柳州市融媒体中心记者 <name>`.
  The URL t-date (20260227) is one day after 发布日期 (2026-02-26): the page's date is the date.
- [C PG GX3] the same line with an office as source (`来源:市人大研究室`); the footer
  `版权所有:(C)2009 柳州市人大常委会 | 技术支持:…` / `桂ICP备05003697号-1`.
- Guessed [G]: the list pages (`index.html`, `index_N.html`, the `createPageHTML` pager), the names
  of the /gzdt/ywdt/ channel (工作动态 >> 要闻动态), the row markup and every element name and class
  (div.position, div.article-title h1, div.article-info, div.TRS_Editor), the <title> form.

"来源:柳州市融媒体中心记者 X" names the outlet and its reporter in one value: the byline parser keeps the
outlet as the source and the reporter as the author.
Jurisdiction: the city of 柳州 (450200); a county or district congress named in a lead narrows it.
"""

from __future__ import annotations

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class LzrdSpider(TRSSpider):
    name = "lzrd"
    site_name = "柳州市人大"
    province = "广西壮族自治区"
    region_code = "450200"  # 柳州市
    allowed_domains = ["lzrd.liuzhou.gov.cn"]
    start_channels = (
        "http://lzrd.liuzhou.gov.cn/gzdt/ywdt/index.html",  # 要闻动态 [C PG GX3 folder; G name]
        "http://lzrd.liuzhou.gov.cn/rdhy/dbdhhy/index.html",  # 代表大会会议 [C PG GX2]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    templates = (
        Template(
            name="lzrd-trs",
            detect_css="div.article-content div.TRS_Editor",
            title=("div.article-title h1", "h1"),
            byline=("div.article-info",),
            breadcrumb="div.position a",
            body=("div.article-content div.TRS_Editor", "div.article-content"),
            url_date_allowed=False,
            notes="发布日期:YYYY-MM-DD HH:MM | 来源:X, crumbs 首页 >> 人大会议 >> 代表大会会议 (PG GX2, GX3)",
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "http host, t-date URLs in /rdhy/dbdhhy/ and /gzdt/ywdt/, the 首页 >> 人大会议 >> 代表大会会议 "
        "crumbs, the 发布日期 + 来源 line (来源 may name the reporter) and the footer confirmed "
        "(PG GX2, GX3); list pages, index_N paging, the /gzdt/ywdt/ channel names and all element "
        "names guessed"
    )

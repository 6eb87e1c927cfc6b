"""浙江人大 (www.zjrd.gov.cn + 人代会 site rdh.zjrd.gov.cn): TRS WCM t-date pages.

Evidence (../shared/sites/registry.md row 11, notes §11, §6, §7; pages_texts ZJ1; ES20 ZJ 11049047282):
- rdh.zjrd.gov.cn (http) is TRS t-date: `/hydt131/YYYYMM/tYYYYMMDD_N.html`. Its metadata line is
  `作者: 来源: 发布时间:YYYY-MM-DD HH:MM:SS` with the empty labels kept, and the source appears only in the
  body lead. Then `[关闭窗口]` and a footer with 版权所有 / 浙ICP备05000002号 [C PG ZJ1, 2018].
- www.zjrd.gov.cn in 2020: TRS channels (`/zyfb/cwhgg/` …) with `index.html`, `index_N.html`. Rows were
  `<table width="770">` with the date in `<td width="12%">`, and the body `div.TRS_Editor` [C ES20].
  https appears in a 2022 link list [C §6]. The host is unreachable from outside China (2026) [C GOV].
- Guessed: the current www article URL form (t-date assumed, supported by rdh [§7]), all element names
  except TRS_Editor, and the rdh list pages.
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class ZjrdSpider(TRSSpider):
    name = "zjrd"
    site_name = "浙江人大"
    province = "浙江省"
    region_code = "330000"
    allowed_domains = ["rdh.zjrd.gov.cn", "www.zjrd.gov.cn"]
    start_channels = (
        "http://rdh.zjrd.gov.cn/hydt131/index.html",  # 人代会 会议动态 [C PG ZJ1: /hydt131/]
        "https://www.zjrd.gov.cn/zyfb/cwhgg/index.html",  # 常委会公告 [C ES20: zyfb/cwhgg/]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    templates = (
        Template(
            name="zjrd-rdh",
            detect_css="div.rdh_info",
            title=("div.rdh_title",),
            byline=("div.rdh_info",),
            breadcrumb="div.dqwz a",
            body=("div.rdh_content .TRS_Editor", "div.rdh_content"),
            url_date_allowed=False,
        ),
        Template(
            name="zjrd-trs-2020",
            detect_css="div.TRS_Editor",
            title=("td.title", "h1"),
            byline=("td.date",),
            breadcrumb="div.location a",
            body=("div.TRS_Editor",),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "rdh.zjrd.gov.cn URL form, metadata line with empty labels and footer confirmed (PG ZJ1); "
        "www.zjrd.gov.cn 2020 list rows and TRS_Editor confirmed (ES20); current www URL form, "
        "element names and list markup guessed"
    )

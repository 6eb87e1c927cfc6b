"""上海市宝山区人大 (bsrd.baoshan.sh.cn): a district congress site on TRS WCM t-date pages, mostly guessed.

Evidence (../shared/sites/registry.md §7 "上海 (district only)"; pages_texts SH1):
- [C PG SH1] http host bsrd.baoshan.sh.cn; articles `/rdxw/YYYYMM/tYYYYMMDD_N.html` (TRS); the
  writer credited in parentheses at the end of the text, after the office: `(区人大办 <name>)`.
  The corpus kept no chrome, title or metadata line of that page.
- Guessed [G]: the name of the /rdxw/ channel (人大新闻), the list pages (`index.html`, `index_N.html`,
  the `createPageHTML` pager), the metadata line (`发布时间：YYYY-MM-DD`), the crumbs and every element
  name and class (div.location, h2.detail-title, div.detail-info, div.detail-content > div.TRS_Editor).

The closing credit names the office before the writer, which the generic credit reader does not take
for a name list: it is read here into 作者 (the line itself stays in the text, as the site prints it).
Jurisdiction: the district 宝山区 (310113), directly under the municipality 上海市.
"""
from __future__ import annotations

import re

from parsel import Selector

from crawlers.templates import Template
from crawlers.trs import TRSSpider
from pipelines import bylines
from pipelines.article import SiteHints

# （区人大办 顾晨阳） / (区人大办 沈佳怡 陆明哲): an office, then the writers, closing the text
# (not （区人大常委会 供稿）).
_WRITER = r"(?!供稿|供图|摄影|报道|整理)[\u4e00-\u9fff]{2,4}"
OFFICE_CREDIT = re.compile(
    r"(?:^|(?<=[。！？”]))[（(]\s*[\u4e00-\u9fff]{0,12}?(?:人大办|办公室|研究室|工委|人大常委会|人大)\s+"
    rf"(?P<names>{_WRITER}(?:[\s\u3000、]+{_WRITER})*)\s*[）)]$"
)
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
    evidence_note = ("http host, /rdxw/ t-date URLs and the closing (区人大办 X) credit confirmed (PG SH1); "
                     "channel name, list pages, index_N paging, metadata line, crumbs and all element names guessed")

    @classmethod
    def hints_for(cls, html: str) -> SiteHints:
        hints = super().hints_for(html)
        if hints.template is None or bylines.parse_byline(hints.byline_text or "").authors:
            return hints
        paragraphs = [" ".join(" ".join(p.css("::text").getall()).split())
                      for p in Selector(text=html).css(f"{BODY_CSS} p")]
        paragraphs = [p for p in paragraphs if p]
        m = OFFICE_CREDIT.search(paragraphs[-1]) if paragraphs else None
        if m:
            credit = "作者:" + "、".join(m["names"].split())
            hints.byline_text = f"{hints.byline_text} {credit}" if hints.byline_text else credit
        return hints

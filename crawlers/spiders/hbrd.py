"""河北人大网 (www.hbrd.gov.cn): enorth-family date-path CMS, /system/more/ list paging.

Evidence (../shared/sites/registry.md): row 3 and notes §2.3, §3.3.
- [C MISC 69166465975] 2026 article URLs /system/YYYY/MM/DD/<9 digits>.shtml over https.
- [C ES20 HEB 11008234629] list pages /system/more/<18-digit channel>/0000/<channel>_000000NN.shtml
  (NN = 01, 02, ...), list rows `div.m_list ul a`, article `div.title`, `div.infobox` holding
  YYYY-MM-DD HH:MM:SS, body `div.m_ct_txt`; UTF-8.
- [G] the labels inside div.infobox (来源：), the 责任编辑 line after the body, the list crumbs, and
  that the 2020 list paging still serves the 2026 articles.
"""

from __future__ import annotations

import re

from crawlers.datepath import SYSTEM_SLASHED, DatePathSpider
from crawlers.templates import Template

# /system/more/113002011000000000/0000/113002011000000000_00000002.shtml
MORE_PAGE = re.compile(r"/system/more/(\d{18})/0000/\1_\d{8}\.shtml$")


class HbrdSpider(DatePathSpider):
    name = "hbrd"
    site_name = "河北人大网"
    province = "河北省"
    region_code = "130000"
    allowed_domains = ["www.hbrd.gov.cn"]
    start_channels = ("https://www.hbrd.gov.cn/system/more/113002011000000000/0000/113002011000000000_00000001.shtml",)
    article_patterns = (SYSTEM_SLASHED,)
    list_patterns = (MORE_PAGE.pattern,)
    pagination_scope = MORE_PAGE.pattern
    templates = (
        Template(
            name="hbrd-system",
            detect_css="div.m_ct_txt",
            title=("div.title",),
            byline=("div.infobox", "div.m_ct_editor"),
            breadcrumb="div.position a",
            body=("div.m_ct_txt",),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "URL scheme, list paging and article selectors confirmed (2020 crawler, 2026 URL); "
        "infobox labels, 责任编辑 line and list crumbs guessed"
    )

"""天津人大网 (www.tjrd.gov.cn): GB2312 table-layout pages, /xwzx/system/count/ list paging.

Evidence (../shared/sites/registry.md): row 2, notes §2.2, §3.3 and §7 (天津 district).
- [C ES20 TJ 10973140008, 2020] http; GB2312; list pages
  /xwzx/system/count//<7 digits>/<12 digits>/000/000/c<19 digits>_000000NN.shtml (NN = 01, 02 ...;
  note the double slash); list rows `td.weiruan16.hanggao36` (width 77%) holding the link; article
  title `td.weiruan30`, time `td.weiruan.zi14` (YYYY-MM-DD HH:MM:SS), body `td.hanggao36.weiruan16`.
- [G] article URLs: the enorth /system/YYYY/MM/DD/<9 digits>.shtml family (here under /xwzx/), as on
  滨海新区人大 bhxqrd.gov.cn [C PG TJ1] whose byline reads 稿源：X 发稿日期：YYYY-MM-DD HH:MM; the 稿源 /
  发稿日期 labels in td.weiruan.zi14, the 责任编辑 cell, the crumbs. The current (post-2020) template
  is unknown (registry §5.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrapy.http import TextResponse

from crawlers.datepath import SYSTEM_SLASHED, DatePathSpider
from crawlers.templates import Template

# /xwzx/system/count//0003016/000000000000/000/000/c0003016000000000000_00000002.shtml
COUNT_PAGE = re.compile(r"/xwzx/system/count//?\d{7}/\d{12}/\d{3}/\d{3}/(c\d{19})_\d{8}\.shtml$")


class TjrdSpider(DatePathSpider):
    name = "tjrd"
    site_name = "天津人大网"
    province = "天津市"
    region_code = "120000"
    allowed_domains = ["www.tjrd.gov.cn"]
    start_channels = (
        "http://www.tjrd.gov.cn/xwzx/system/count//0003016/000000000000/000/000/c0003016000000000000_00000001.shtml",
    )
    article_patterns = (SYSTEM_SLASHED,)
    list_patterns = (COUNT_PAGE.pattern,)
    pagination_scope = COUNT_PAGE.pattern
    templates = (
        Template(
            name="tjrd-table-2020",
            detect_css="td.weiruan30",
            title=("td.weiruan30",),
            byline=("td.weiruan.zi14", "td.zrbj"),
            breadcrumb="td.weizhi a",
            body=("td.hanggao36.weiruan16",),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "only 2020 evidence: list paging, GB2312 and table selectors confirmed; article URL "
        "family (enorth /system/YYYY/MM/DD/), byline labels and crumbs guessed"
    )

    def article_links(self, response: TextResponse) -> Iterable[str]:
        # Only the list rows: the page frame links other sections' articles too.
        for url in self.links(response, "td.weiruan16.hanggao36 a::attr(href)"):
            if self.is_article_url(url):
                yield url

    def canonical_list_url(self, url: str) -> str:
        """The site's own URLs have a double slash after count/ (ES20 requested them so);
        urljoin drops it from relative pager links, which would make page 1 a new URL."""
        return canonical_count_url(url)


def canonical_count_url(url: str) -> str:
    return re.sub(r"/xwzx/system/count/+(?=\d{7}/)", "/xwzx/system/count//", url)

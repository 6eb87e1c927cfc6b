"""西藏人大网 (www.xizangrd.gov.cn): the 2020 `/List/<col>-<page>.htm` site, partly guessed.

Evidence (../shared/sites/registry.md row 26, §2 "26/27/29/30/31", §6, §7):
- [C REG26, ES20, POF] the host is www.xizangrd.gov.cn, over http, UTF-8 (ES20 XZ,
  find_string id 11128542316). **www.xzrd.gov.cn is 徐州 (Jiangsu), not Tibet** [C POF,
  §6]: it is in `denied_domains`, so no page or link ever leads the crawl there.
- [C ES20] list pages `/List/<col>-<page>.htm`. ES20 crawls columns 19, 4, 3, 2, 33, 39,
  35, 23, 24, 38 and 22. Article links are every `a` in `div.list_wrap ul.list`.
- [C ES20] article: title `div.con_wrap h1`, date `YYYY-MM-DD` in `div.about`, text `div.content`.

Guessed [G]:
- That these 2020 pages are still served. No page of the site is in the page corpus (§7).
- The article URL form. ES20 follows the list rows whatever their URL. This spider also
  takes its article links from the rows only (`article_links`). `article_patterns`
  accepts any page of the host outside /List/.
- Page 1 as the first list page. ES20 loops pages 0..29 and skips failures, so it
  tells nothing about the first number. The pager that links further pages is a guess.
- The labels inside `div.about` (来源/作者/发布时间/责任编辑) and the column names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrapy.http import TextResponse

from crawlers.base import CongressSpider
from crawlers.templates import Template

LIST_PAGE = re.compile(r"^/List/(\d+)-(\d+)\.htm$")


class XizangrdSpider(CongressSpider):
    name = "xizangrd"
    site_name = "西藏人大网"
    province = "西藏自治区"
    region_code = "540000"
    allowed_domains = ["www.xizangrd.gov.cn"]
    # 徐州市人大 (Jiangsu): a lookalike domain that lists of 省级人大 sites confuse with Tibet.
    denied_domains = ["xzrd.gov.cn"]
    # Two of the ES20 columns (19, 4); their names are not known.
    start_channels = (
        "http://www.xizangrd.gov.cn/List/19-1.htm",
        "http://www.xizangrd.gov.cn/List/4-1.htm",
    )
    # Any page of the host that is not a list page: the list rows decide (article_links).
    article_patterns = (r"^/(?!List/)[\w/-]+\.html?$",)
    list_patterns = (LIST_PAGE.pattern,)
    pagination_scope = LIST_PAGE.pattern
    list_rows_css = "div.list_wrap ul.list a::attr(href)"
    templates = (
        Template(
            name="xizangrd-2020",
            detect_css="div.con_wrap h1",
            title=("div.con_wrap h1",),
            byline=("div.con_wrap div.about",),
            date=("div.con_wrap div.about",),
            body=("div.con_wrap div.content",),
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "2020 evidence only (ES20): /List/<col>-<page>.htm, div.list_wrap ul.list, "
        "div.con_wrap h1 / div.about / div.content; current serving, article URL form, "
        "first page number, pager and div.about labels guessed"
    )

    def article_links(self, response: TextResponse) -> Iterable[str]:
        # ES20: the rows of the list, not every link of the page (nav, footer, pager).
        for url in self.links(response, self.list_rows_css):
            if self.is_article_url(url):
                yield url

"""内蒙古人大网 (www.nmgrd.gov.cn): TRS WCM, t-date articles, index_N.html lists.

Evidence (../shared/sites/registry.md row 5, notes §5, §7; pages_texts NM1; ES20 NMG 11277356681):
- http, UTF-8; channel lists `index.html`, `index_1.html`, `index_2.html` … [C ES20].
- Rows are `<dl>` elements in `div.right_box` (or `li.list.hhh14`), each with a `./…html` link and a
  `<span>` date. Links can be `../…html` into other channels' folders [C ES20].
- TRS t-date articles in channel folders with TRS `_<id>` suffixes, e.g.
  `/cwhy/zzqd3jie/ssjdsschy/hywj_50269/202110/t20211008_387179.html` (2021) [C PG NM1].
- Two article layouts: title `div.content_title` with body `div.TRS_Editor`, and title `li.lll24` with
  body `div.rd_wenzhang` [C ES20].
- Guessed: the metadata lines (labels 发布时间/来源, 信息来源/发布日期) and the pager script. The script
  is modelled in TRS's usual `var countPage = N` form, which the shared PAGER_RE (literal numbers only)
  does not read, so `_all_pages` (TRSSpider's page source) reads it here.
"""

import re
from collections.abc import Iterable

from scrapy.http import TextResponse

from crawlers.templates import Template
from crawlers.trs import TRSSpider

# TRS list templates: var countPage = 12//共多少页 ... createPageHTML(countPage, currentPage, "index", "html");
COUNT_PAGE_RE = re.compile(r"var\s+countPage\s*=\s*(\d+)")
PAGER_CALL_RE = re.compile(r"createPageHTML\(\s*countPage\s*,\s*\w+\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](s?html?)[\"']")


class NmgrdSpider(TRSSpider):
    name = "nmgrd"
    site_name = "内蒙古人大网"
    province = "内蒙古自治区"
    region_code = "150000"
    allowed_domains = ["www.nmgrd.gov.cn"]
    start_channels = (
        # index.html, not the folder: TRSSpider finds the next page from an index*.html URL.
        "http://www.nmgrd.gov.cn/xw/index.html",  # 新闻 [C ES20: /xw/]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$",)
    templates = (
        Template(
            name="nmgrd-trs",
            detect_css="div.TRS_Editor",
            title=("div.content_title",),
            byline=("div.content_info",),
            body=("div.TRS_Editor",),
            url_date_allowed=False,
        ),
        Template(
            name="nmgrd-wenzhang",
            detect_css="div.rd_wenzhang",
            title=("li.lll24",),
            byline=("li.lll14",),
            body=("div.rd_wenzhang",),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "URL forms, index_N.html paging, right_box rows and both title/body layouts confirmed "
        "(ES20, PG NM1); metadata-line labels, pager script and which layout a page uses are guessed"
    )

    def _all_pages(self, response: TextResponse) -> Iterable[str]:
        # TRSSpider.pagination picks from these (all of them, or the next one when incremental).
        yield from super()._all_pages(response)
        count, call = COUNT_PAGE_RE.search(response.text), PAGER_CALL_RE.search(response.text)
        if count and call:
            base = response.url.rsplit("/", 1)[0] + "/"
            total = min(int(count.group(1)), self.max_list_pages)
            for k in range(self.first_page_number, self.first_page_number + total - 1):
                yield f"{base}{call.group(1)}_{k}.{call.group(2)}"

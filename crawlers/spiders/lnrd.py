"""辽宁人大网 (www.lnrd.gov.cn): column shells filled by `queryArticleByCondition` data pages.

Evidence (../shared/sites/registry.md row 6, notes §2.6): http host [C POF, REG26]; the
column page `/lnrd/zyfb/dfxfg/index.shtml` (<title>地方性法规-辽宁省人民代表大会常务委员会)
is a shell whose rows come from JS `queryArticleByCondition` loading
`/lnrd/zyfb/dfxfg/258434cd-N.shtml` [C POF 2026-09]. That call and the file name are
the easysite/eportal article-list portlet seen on other sites [C MISC 70990762306,
58508113972]: each data page carries its pager as
`<a tagname="…/<prefix>-N.shtml" onclick="queryArticleByCondition(this,'…')">` and
`<input name="article_paging_list_hidden" moduleid=… totalpage="T">`, the prefix being
the first 8 characters of the module uuid; page T+1 is a 404. The spider does what the
browser does: it reads the shell, requests data page 1, then pages 2..T.
A 2021 generation: articles `/contents/<n>/<id>.html` with `div.bg-wrap > div.meta h2`
(title), `div.info span` (date), `div.news_lyzz` (来源 … 作者 …), `div.entry` (body)
[C MISC 13614632795, ~2021].
Guessed [G]: the current article URL (easysite node ids `/<column>/<19-digit id>/index.shtml`,
by analogy with other easysite sites) and its template (`div.xl_title`, `div.xl_info`,
`div#zoom`); how the shell triggers the first data page; the row markup; that old
`/contents/` articles are still listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from scrapy.http import TextResponse

from crawlers.base import CongressSpider
from crawlers.templates import Template

# queryArticleByCondition(this,'/lnrd/zyfb/dfxfg/258434cd-2.shtml')
QUERY_CALL_RE = re.compile(r"""queryArticleByCondition\(\s*[\w.]+\s*,\s*["']([^"']+)["']""")
TAGNAME_RE = re.compile(r"""tagname\s*=\s*["']([^"']*?/([0-9a-zA-Z]+)-\d+\.s?html?)["']""")
TOTALPAGE_RE = re.compile(r"""<input[^>]*name=["']article_paging_list_hidden["'][^>]*\btotalpage=["'](\d+)["']""", re.I)
DATA_PAGE_RE = re.compile(r"^(?P<stem>.*/[0-9a-zA-Z]+-)\d+(?P<ext>\.s?html?)$")


class LnrdSpider(CongressSpider):
    name = "lnrd"
    site_name = "辽宁人大网"
    province = "辽宁省"
    region_code = "210000"
    allowed_domains = ["www.lnrd.gov.cn"]
    start_channels = (
        "http://www.lnrd.gov.cn/lnrd/zyfb/dfxfg/index.shtml",  # 地方性法规
    )
    article_patterns = (
        r"^/lnrd/[\w/]+/\d{8,19}/index\.shtml$",  # [G] easysite node ids
        r"^/contents/\d+/\d+\.html$",  # [C MISC 13614632795] 2021
    )
    # The portlet's data pages: <8-char module prefix>-N.shtml in the column folder.
    list_patterns = (r"/[0-9a-f]{8}-\d+\.shtml$",)
    evidence = "partly guessed"
    evidence_note = (
        "current article URLs and template, how the shell starts the first data page "
        "and the row markup are guessed; the data-page scheme is confirmed"
    )
    templates = (
        # [G] current template.
        Template(
            name="lnrd-easysite",
            detect_css="div#zoom",
            title=("div.xl_title h2", "div.xl_title h1"),
            subtitle=("div.xl_title h3",),
            byline=("div.xl_info",),
            breadcrumb="div.location a",
            body=("div#zoom",),
        ),
        # [C MISC 13614632795] 2021 template.
        Template(
            name="lnrd-2021",
            detect_css="div.bg-wrap div.entry",
            title=("div.bg-wrap div.meta h2",),
            byline=("div.news_lyzz",),
            date=("div.bg-wrap div.info span",),
            breadcrumb="div.position a",
            body=("div.bg-wrap div.entry",),
        ),
    )

    # -- list pages: the shell and its data pages ----------------------------------
    def pagination(self, response: TextResponse) -> Iterable[str]:
        pages = list(self._data_pages(response))
        if self.incremental:
            # Page by page (the shell counts as page 0), so a column stops where the archive is.
            following = self._page_number(response.url) + 1
            pages = [u for u in pages if self._page_number(u) == following]
        yield from pages

    @staticmethod
    def _page_number(url: str) -> int:
        m = re.search(r"-(\d+)\.s?html?$", urlsplit(url).path)
        return int(m.group(1)) if m and DATA_PAGE_RE.match(urlsplit(url).path) else 0

    def _data_pages(self, response: TextResponse) -> Iterable[str]:
        """Data pages the shell or a data page names: its calls, its pager, 1..totalpage."""
        urls = [response.urljoin(u) for u in QUERY_CALL_RE.findall(response.text)]
        urls += [response.urljoin(m.group(1)) for m in TAGNAME_RE.finditer(response.text)]
        total = TOTALPAGE_RE.search(response.text)
        if total:
            # Every page 1..T of the portlet, from the stem its own links use.
            for stem, ext in {(m["stem"], m["ext"]) for m in map(DATA_PAGE_RE.match, urls) if m}:
                urls += [f"{stem}{k}{ext}" for k in range(1, min(int(total.group(1)), self.max_list_pages) + 1)]
        seen = set()
        for url in urls:
            url = urljoin(response.url, url).split("#")[0]
            if url not in seen and self.is_list_url(url) and not self.is_article_url(url):
                seen.add(url)
                yield url

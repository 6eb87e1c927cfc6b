"""海南人大网 (hainanpc.gov.cn): easysite/eportal portal, articles at /eportal/ui?articleKey=…

Evidence (../shared/sites/registry.md row 21, §7; pages_texts HI1): hosts
www.hainanpc.gov.cn [C REG26, POF] and bare hainanpc.gov.cn (https) [C PG HI1];
articles `/eportal/ui?articleKey=<32hex>&columnId=<32hex>&pageId=<32hex>`, text in the
served page [C PG HI1]; the column 海南省地方性法规 `/hainanpc/28/lists/index.html`
answers 200 with its rows loaded by AJAX [C POF southwest.json 2026-09].
The eportal list mechanism as seen on another eportal site (customs.gov.cn)
[C MISC 43401599980]: the shell holds `#eprotalCurrentPageId` and
`input[name=article_paging_list_hidden]` with a `moduleid`; the rows come from
`/eportal/ui?pageId=<id>&currentPage=N&moduleId=<id>&staticRequest=yes`, whose answer
carries `totalpage`. That hainanpc's shell does the same is guessed [G], as are the
fragment's row markup and the article markup (easysite-news-title / -describe /
#easysiteText, by analogy with other easysite sites, not seen in the evidence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawlers.base import CongressSpider
from crawlers.templates import Template
from crawlers.walk import ListWalk

HEX32 = "[0-9a-f]{32}"
TOTALPAGE_RE = re.compile(r"""<input[^>]*name=["']article_paging_list_hidden["'][^>]*\btotalpage=["'](\d+)["']""", re.I)


@dataclass(frozen=True)
class PortletWalk(ListWalk):
    """A list request of the portal: (pageId, moduleId) of the article list, read from the shell
    (the fragments do not name their portlet)."""

    portlet: tuple[str, str] | None = None


class HainanpcSpider(CongressSpider):
    name = "hainanpc"
    site_name = "海南人大网"
    province = "海南省"
    region_code = "460000"
    # Both www.hainanpc.gov.cn and the bare host serve the portal.
    allowed_domains = ["hainanpc.gov.cn"]
    start_channels = (
        "https://www.hainanpc.gov.cn/hainanpc/28/lists/index.html",  # 海南省地方性法规
    )
    # Query-string portal: the pattern sees "path?query".
    article_patterns = (rf"^/eportal/ui\?(?:[^#]*&)?articleKey={HEX32}(?:&|$)",)
    list_patterns = (rf"^/eportal/ui\?pageId={HEX32}&currentPage=\d+&moduleId={HEX32}&staticRequest=yes$",)
    evidence = "partly guessed"
    evidence_note = (
        "the list's AJAX request follows another eportal site (customs.gov.cn); row and article markup are guessed"
    )
    templates = (
        Template(
            name="hainanpc-eportal",
            detect_css="div#easysiteText",
            title=("div.easysite-news-title h2",),
            subtitle=("div.easysite-news-title h3",),
            byline=("div.easysite-news-describe",),
            breadcrumb="div.location a",
            body=("div#easysiteText",),
        ),
    )

    # -- list pages: the shell and its portlet fragments ----------------------------
    def parse_list(self, response: Response, walk: ListWalk | None = None) -> Iterable[scrapy.Request]:
        # The fragments do not name their portlet: it is carried from the shell.
        for request in super().parse_list(response, walk):
            carried = request.cb_kwargs.get("walk")
            if request.callback == self.parse_list and isinstance(carried, ListWalk):
                assert isinstance(response, TextResponse)
                request.cb_kwargs["walk"] = PortletWalk(
                    stale=carried.stale, channel=carried.channel, portlet=self.portlet(response)
                )
            yield request

    @staticmethod
    def carried_portlet(response: TextResponse) -> tuple[str, str] | None:
        walk = response.cb_kwargs.get("walk")
        return walk.portlet if isinstance(walk, PortletWalk) else None

    def portlet(self, response: TextResponse) -> tuple[str, str] | None:
        """(pageId, moduleId) of the article list, from the shell or carried from it."""
        carried = self.carried_portlet(response)
        if carried:
            return carried
        page_id = response.css("#eprotalCurrentPageId::attr(value)").get()
        module_id = response.css("input[name=article_paging_list_hidden]::attr(moduleid)").get()
        if page_id and module_id and re.fullmatch(HEX32, page_id) and re.fullmatch(HEX32, module_id):
            return page_id, module_id
        return None

    def portlet_url(self, response: TextResponse, page: int) -> str | None:
        ids = self.portlet(response)
        if not ids:
            return None
        return response.urljoin(f"/eportal/ui?pageId={ids[0]}&currentPage={page}&moduleId={ids[1]}&staticRequest=yes")

    def pagination(self, response: TextResponse) -> Iterable[str]:
        yield from super().pagination(response)
        if not self.carried_portlet(response):
            # The shell: its rows are the portlet's page 1.
            url = self.portlet_url(response, 1)
            if url:
                yield url
            return
        total = TOTALPAGE_RE.search(response.text)
        if not total:
            return
        last = min(int(total.group(1)), self.max_list_pages)
        if self.incremental:
            # Page by page, so a column stops where the archive already is.
            current = int(parse_qs(urlsplit(response.url).query).get("currentPage", ["1"])[0])
            following = range(current + 1, min(current + 1, last) + 1)
        else:
            following = range(2, last + 1)
        for page in following:
            url = self.portlet_url(response, page)
            if url:
                yield url

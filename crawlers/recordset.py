"""Hanweb / TrueCMS recordset family: a static first list page, further pages by XHR.

The list page carries its first page of rows in the HTML (shrd: `<ul id="initData">`),
and its pager script asks an endpoint for the next records by number:

    GET /TrueCMS/messageController/getMessage.do?startrecord=21&endrecord=40
        &perpage=20&contentTemplate=&columnId=<column uuid>

The answer is JSON whose `result` string holds an XML recordset (TrueCMS), or the
bare XML itself (Hanweb `dataproxy.jsp`):

    {"result": "<totalrecord>279</totalrecord>...<record><![CDATA[<li>...</li>]]></record>..."}

(registry §1 row 9, §2 note 9, §3.2; SH26 names the parameters after the site's
jquery.jpage.js getRemoteData()). The column id has to be read from the list page.

A site module sets `column_id_patterns` (regexes with one group, searched in the list
page's HTML), `per_page`, and where needed `recordset_path` / `recordset_params`.
The XHR answer is not HTML, so it has its own callback (`parse_recordset`); the
base's parse_list / parse_article would reject it as `not_html`. Incremental crawls
(the default) walk the XHR pages one at a time and stop at a page whose rows are all
archived, as the base does for HTML list pages; a full crawl schedules pages 3..N
from the first XHR answer's total.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlencode, urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from core.listing import ListRow
from core.status import FailureKind
from crawlers.base import CongressSpider
from crawlers.walk import ListWalk

TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
RECORD_RE = re.compile(r"<record>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.I | re.S)


@dataclass(frozen=True)
class RecordsetWalk(ListWalk):
    """A recordset request: the list page it belongs to, the column and the page number."""

    kind: str = "recordset"
    list_url: str = ""
    column: str = ""
    page: int = 2


@dataclass
class Recordset:
    total: int | None  # <totalrecord>, when the endpoint sends it
    rows: list[str]  # the HTML fragment of each <record>


def read_recordset(body: str) -> Recordset | None:
    """Rows and total of a recordset answer; None if `body` is not one.

    Accepts TrueCMS JSON (`{"result": "<xml>"}`) and the bare XML of Hanweb's
    dataproxy.jsp (`<datastore>...<recordset><record>...`).
    """
    text = body.strip().lstrip("\ufeff")
    if text[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("result"), str):
            return None
        text = data["result"]
    total = TOTAL_RE.search(text)
    rows = [(m.group(1) if m.group(1) is not None else m.group(2)).strip() for m in RECORD_RE.finditer(text)]
    if total is None and not rows:
        return None
    return Recordset(int(total.group(1)) if total else None, rows)


class RecordsetSpider(CongressSpider):
    # The XHR endpoint, resolved against the list page (an absolute path on TrueCMS).
    recordset_path: ClassVar[str] = "/TrueCMS/messageController/getMessage.do"
    # Rows per page: the static first page holds records 1..per_page.
    per_page: ClassVar[int] = 20
    # Parameters the pager script sends between perpage and the column id, in its order.
    recordset_params: ClassVar[Sequence[tuple[str, str]]] = (("contentTemplate", ""),)
    column_param: ClassVar[str] = "columnId"
    # Regexes with one group that find the column id in a list page's HTML.
    column_id_patterns: ClassVar[Sequence[str]] = (
        r"""columnId\s*[:=]\s*["']([\w-]+)["']""",
        r"""[?&]columnId=([\w-]+)""",
    )
    # Where a list page keeps its static rows (None: anywhere in the page).
    list_rows_css: ClassVar[str | None] = None

    # -- list pages ------------------------------------------------------------
    def next_list_requests(self, response: TextResponse, walk: ListWalk) -> Iterable[scrapy.Request]:
        # Static pager links if any, then the column's page 2 through the XHR endpoint.
        yield from super().next_list_requests(response, walk)
        column = self.column_id(response)
        if column:
            yield self.recordset_request(response.url, column, 2, walk.channel, walk.stale)

    def article_links(self, response: TextResponse) -> Iterable[str]:
        if self.list_rows_css is None:
            yield from super().article_links(response)
            return
        for url in self.links(response, f"{self.list_rows_css} a::attr(href)"):
            if self.is_article_url(url):
                yield url

    def column_id(self, response: TextResponse) -> str | None:
        for pattern in self.column_id_patterns:
            m = re.search(pattern, response.text)
            if m:
                return m.group(1)
        return None

    # -- the XHR pages -----------------------------------------------------------
    def recordset_url(self, list_url: str, column: str, page: int) -> str:
        """The endpoint URL of list page `page` (2 = the first page not in the HTML)."""
        start = (page - 1) * self.per_page + 1
        params = [
            ("startrecord", str(start)),
            ("endrecord", str(start + self.per_page - 1)),
            ("perpage", str(self.per_page)),
            *self.recordset_params,
            (self.column_param, column),
        ]
        return f"{urljoin(list_url, self.recordset_path)}?{urlencode(params)}"

    def recordset_request(
        self, list_url: str, column: str, page: int, channel: str | None, stale: int = 0
    ) -> scrapy.Request:
        return scrapy.Request(
            self.recordset_url(list_url, column, page),
            callback=self.parse_recordset,
            errback=self.on_error,
            headers={"X-Requested-With": "XMLHttpRequest", "Referer": list_url},
            cb_kwargs={
                "walk": RecordsetWalk(stale=stale, channel=channel, list_url=list_url, column=column, page=page)
            },
        )

    def parse_recordset(self, response: Response, walk: RecordsetWalk) -> Iterable[scrapy.Request]:
        body = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        recordset = read_recordset(body)
        if recordset is None:
            ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or "of unknown type"
            self.report_failure(
                response.url,
                FailureKind.NOT_RECORDSET,
                f"{self.name}: {response.url} is {ctype} without <totalrecord>/<record> rows, "
                f"expected the column's recordset (JSON result or XML)",
                response.status,
            )
            return
        list_url, channel, page = walk.list_url, walk.channel, walk.page
        urls = []
        for row in recordset.rows:
            # The rows are inserted into the list page: their links resolve against it.
            for href in Selector(text=row).css("a::attr(href)").getall():
                url = urljoin(list_url, href.strip()).split("#")[0]
                if self.is_article_url(url) and url not in urls:
                    urls.append(url)
        fresh = self.not_archived(urls)
        for url in fresh:
            yield self.article_request(ListRow(url, channel=channel))
        stale = self.stale_pages(response, walk, urls, fresh)
        if stale is None or not recordset.total:
            return
        pages = min(math.ceil(recordset.total / self.per_page), self.max_list_pages)
        if self.incremental:
            # Page by page, so a channel stops where the archive already is.
            following = range(page + 1, min(page + 1, pages) + 1)
        else:
            # The first XHR page tells the total; it schedules the rest at once.
            following = range(3, pages + 1) if page == 2 else range(0)
        for k in following:
            yield self.recordset_request(list_url, walk.column, k, channel, stale)

"""吉林人大网 (www.jlrd.gov.cn): TRS t-date pages of the law database, listed by a WAS5 JSON API.

Evidence (../shared/sites/registry.md row 7, notes §7, §6; POF north.json 70373543129):
- Detail pages are TRS t-date pages under `/jlsjk/`: `http://www.jlrd.gov.cn/jlsjk/202601/t20260115_9397450.html`,
  HTTP 200 [C POF]. Attachments under the same folders are `P0….pdf` [C MISC 71518037296, 60197443966].
- The list page `http://www.jlrd.gov.cn/jlsjk/fgklb/?wjlx=5,6` is filled by a WAS search API on another
  host: `was.jl.gov.cn/was5/web/gov/renda/response_renda_guizhangku20230807.jsp?wjlx=5,6`. It answers
  JSON whose rows carry `puburl` [C POF]. wjlx 5,6 is 地方性法规/政府规章 [C POF].
- So the spider starts from that JSON (was.jl.gov.cn is an allowed host), follows each `puburl` that is a
  t-date page, and skips PDF rows (attachments are not articles).
- Guessed: the JSON envelope (`data` list, `total`), the `pageIndex`/`pageSize` paging parameters (taken
  from the sibling WAS endpoint `gov/szfgz/response_szf_guizhang.jsp?…&pageIndex=N&pageSize=10`
  [C MISC 4586190380]), https for was.jl.gov.cn (the sibling endpoint's scheme), and the whole detail-page
  markup.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import Response

from core.listing import ListRow
from core.status import FailureKind
from crawlers.templates import Template
from crawlers.trs import TRSSpider
from crawlers.walk import ListWalk

WAS_HOST = "was.jl.gov.cn"
WAS_LIST = (
    "https://was.jl.gov.cn/was5/web/gov/renda/response_renda_guizhangku20230807.jsp?wjlx=5,6&pageIndex=1&pageSize=10"
)
# WAS answers JSONP when asked with callback=…: result({...});
JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)


class JlrdSpider(TRSSpider):
    name = "jlrd"
    site_name = "吉林人大网"
    province = "吉林省"
    region_code = "220000"
    allowed_domains = ["www.jlrd.gov.cn", WAS_HOST]
    start_channels = (WAS_LIST,)
    article_patterns = (r"^/jlsjk/\d{6}/t\d{8}_\d+\.html$",)
    # The database's own name: the JSON rows carry no channel of their own.
    was_channel = "吉林省法规规章规范性文件数据库"
    templates = (
        Template(
            name="jlrd-fgk",
            detect_css="div.fgk_detail",
            title=("h1.fgk_title",),
            subtitle=("div.fgk_subtitle",),
            date=("div.fgk_info span.gbrq",),
            byline=("div.fgk_info",),
            body=("div.fgk_content .TRS_Editor", "div.fgk_content"),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "/jlsjk/ t-date detail URLs and the WAS5 JSON listing with puburl confirmed (POF); "
        "the JSON envelope, paging parameters and the detail-page markup are guessed"
    )

    def parse_list(self, response: Response, walk: ListWalk | None = None) -> Iterable[scrapy.Request]:
        walk = walk or ListWalk()
        if urlsplit(response.url).hostname != WAS_HOST:
            yield from super().parse_list(response, walk)
            return
        data = self._was_json(response)
        if data is None:
            return
        urls = [
            u
            for u in (str(row.get("puburl") or "").strip() for row in data.get("data") or [])
            if self.is_article_url(u)
        ]
        urls = list(dict.fromkeys(urls))
        fresh = self.not_archived(urls)
        for url in fresh:
            yield self.article_request(ListRow(url, channel=self.was_channel))
        stale = self.stale_pages(response, walk, urls, fresh)
        if stale is None:
            return
        for url in self._was_pages(response.url, data):
            yield self.list_request(url, ListWalk(stale=stale))

    def _was_json(self, response: Response) -> dict[str, Any] | None:
        text = response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace")
        m = JSONP.match(text)
        try:
            data = json.loads(m.group(1) if m and not text.lstrip().startswith("{") else text)
        except ValueError as e:
            self.report_failure(
                response.url,
                FailureKind.NOT_JSON,
                f"{self.name}: {response.url}: the WAS listing is not JSON ({e})",
                response.status,
            )
            return None
        return data if isinstance(data, dict) else None

    def _was_pages(self, url: str, data: dict[str, Any]) -> Iterable[str]:
        """Further pages of the listing (n from `total` and the page size asked for): all of them from
        page 1 on a full crawl, the next one only on an incremental crawl."""
        query = parse_qs(urlsplit(url).query)
        index = int((query.get("pageIndex") or ["1"])[0])
        size = int((query.get("pageSize") or ["10"])[0])
        if size <= 0:
            return
        total = int(str(data.get("total") or 0) or 0)
        pages = min(math.ceil(total / size), self.max_list_pages)
        wanted: Sequence[int]
        if self.incremental:
            wanted = [index + 1] if index < pages else []
        else:
            wanted = range(2, pages + 1) if index == 1 else []
        for k in wanted:
            yield re.sub(r"(?<=[?&])pageIndex=\d+", f"pageIndex={k}", url)

"""新疆人大网 (www.xjpcsc.gov.cn): the 2020 `/channel/<page>/<slug>.html` site, partly guessed.

Evidence (../shared/sites/registry.md row 31, §2 "26/27/29/30/31", §3, §5.3):
- [C ES20 XJ, find_string id 11064696400, ~2020] host www.xjpcsc.gov.cn over http.
  Lists at /channel/<page>/<slug>.html for the slugs jggz, rdyw, lfgz, jdsc, dbhd, rsrm and
  zsxrd, with page numbers from 1. ES20 walks the pages until one has no row. Rows are
  `ul.list li`: `a` (root-relative href, title text) + `span` "[YYYY-MM-DD…". ES20 takes the
  date from that span. The article text is in `div.cl.w1200`.
- [C POF 2026-09] the host now **redirects to an intranet IP** (from the probe's vantage).
  [C POF candidates.json] www.xjrd.gov.cn is listed as a candidate but was never verified.
  It is not crawled: nothing about it is known.

Decision: a spider on the 2020 template, marked partly guessed, rather than unsupported.
The template is concrete (URLs, rows, dates, text container), and the redirect may depend
on the vantage (registry §5: verify from China). The 2026 redirect is handled explicitly.
Requests do not follow redirects by themselves. A redirect inside allowed_domains is
followed. A redirect anywhere else, such as an intranet IP, is recorded as a failure of
kind "redirected" that names the target. Scrapy's offsite filter would otherwise drop
the target silently and leave an empty run without a reason.

Guessed [G]:
- That the 2020 pages are still served (see above).
- Article URLs. ES20 follows the row links whatever they are. The fixture uses /YYYY/MM-DD/<id>.html,
  because the same list markup (ul.list li a + span "[YYYY-MM-DD") and a `div.cl.*` body come
  with henanrd in ES20 (registry row 16), which suggests one CMS vendor.
- Inside `div.cl.w1200`: the h1 title, the info line `时间:… 来源:… 编辑:…` (henanrd's format)
  and the `div.news-content` text block. The body falls back to the whole `div.cl.w1200`.
- The list crumbs and channel names.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from core.listing import ListRow
from core.page import Page
from core.status import FailureKind
from crawlers.base import CongressSpider
from crawlers.templates import Template
from crawlers.walk import ListWalk

LIST_PAGE = re.compile(r"^/channel/(\d+)/(\w+)\.html$")
ROW_DATE = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")
REDIRECTS = [301, 302, 303, 307, 308]


class XjpcscSpider(CongressSpider):
    name = "xjpcsc"
    site_name = "新疆人大网"
    province = "新疆维吾尔自治区"
    region_code = "650000"
    allowed_domains = ["www.xjpcsc.gov.cn"]
    start_channels = (
        "http://www.xjpcsc.gov.cn/channel/1/rdyw.html",  # 人大要闻 [C ES20 slug]
        "http://www.xjpcsc.gov.cn/channel/1/lfgz.html",  # 立法工作 [C ES20 slug]
    )
    # Any page of the host outside /channel/: the list rows decide (article_links).
    article_patterns = (r"^/(?!channel/)[\w/-]+\.html$",)
    list_patterns = (LIST_PAGE.pattern,)
    templates = (
        Template(
            name="xjpcsc-2020",
            detect_css="div.cl.w1200",
            title=("div.cl.w1200 h1", "h1"),
            byline=("div.cl.w1200 div.info",),
            body=("div.cl.w1200 div.news-content", "div.cl.w1200"),
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "2020 evidence only (ES20): /channel/<page>/<slug>.html, ul.list li a + span date, "
        "div.cl.w1200 text; the host redirected to an intranet IP in 2026-09 (POF); article URL "
        "form, title/info/text elements inside div.cl.w1200 and crumbs guessed"
    )

    # -- requests: redirects are checked, not followed blindly --------------
    def list_request(self, url: str, walk: ListWalk | None = None) -> scrapy.Request:
        return self._checked(super().list_request(url, walk))

    def article_request(self, row: ListRow) -> scrapy.Request:
        return self._checked(super().article_request(row))

    @staticmethod
    def _checked(request: scrapy.Request) -> scrapy.Request:
        request.meta.update(dont_redirect=True, handle_httpstatus_list=REDIRECTS)
        return request

    def redirect(self, response: Response, carried: ListRow | ListWalk | None) -> scrapy.Request | None:
        """The request to follow a redirect inside the site; a failure (and None) otherwise.
        `carried`: the row of an article request, the walk of a list request."""
        location = (response.headers.get(b"Location") or b"").decode("latin-1").strip()
        target = response.urljoin(location) if location else ""
        host = urlsplit(target).hostname or ""
        if target and self.allows_host(host):
            if isinstance(carried, ListRow):
                # The row's date belongs to the URL it was shown beside, not to the redirect's target.
                return self.article_request(ListRow(target, channel=carried.channel))
            return self.list_request(target, ListWalk(stale=carried.stale if carried else 0))
        where = "an intranet address " if _private_ip(host) else ""
        self.report_failure(
            response.url,
            FailureKind.REDIRECTED,
            f"{self.name}: {response.url} redirects to {where}{target or '(no Location)'}, "
            f"outside {', '.join(self.allowed_domains)}",
            response.status,
        )
        return None

    # -- lists: ES20 rows with their dates, and page n+1 while rows come ----
    def parse_list(self, response: Response, walk: ListWalk | None = None) -> Iterable[scrapy.Request]:
        if response.status in REDIRECTS:
            follow = self.redirect(response, walk)
            if follow is not None:
                yield follow
            return
        yield from super().parse_list(response, walk)

    def article_rows(self, response: TextResponse, channel: str | None) -> Iterable[ListRow]:
        # ES20: the rows of ul.list, each with its "[YYYY-MM-DD" span.
        for li in response.css("ul.list li"):
            href = li.css("a::attr(href)").get()
            if not href:
                continue
            url = response.urljoin(href.strip()).split("#")[0]
            if self.is_article_url(url):
                date = ROW_DATE.search(" ".join(li.css("span ::text").getall()))
                yield ListRow(url, channel=channel, date=date.group(0) if date else None)

    def article_links(self, response: TextResponse) -> Iterable[str]:
        return (row.url for row in self.article_rows(response, None))

    def pagination(self, response: TextResponse) -> Iterable[str]:
        # ES20: the next page number of the same channel, asked only while a page has rows.
        m = LIST_PAGE.match(urlsplit(response.url).path)
        if m and int(m.group(1)) < self.max_list_pages and next(iter(self.article_links(response)), None):
            yield response.urljoin(f"/channel/{int(m.group(1)) + 1}/{m.group(2)}.html")

    def parse_article(self, response: Response, row: ListRow | None = None) -> Iterable[Page | scrapy.Request]:
        if response.status in REDIRECTS:
            follow = self.redirect(response, row or ListRow(response.url))
            if follow is not None:
                yield follow
            return
        yield from super().parse_article(response, row)


def _private_ip(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_private
    except ValueError:
        return False

"""安徽人大网 (www.ahrd.gov.cn): the JSP list/article endpoints behind the 2026 SPA front; partly guessed.

Evidence (../shared/sites/registry.md row 12, §2.12, §3.4-3.5, §5.3, §6; pages_texts A1):
- [C PG A1, post-2022 text] articles at
  http://www.ahrd.gov.cn/article.jsp?strColId=<32hex>&strId=<32hex>&strWebSiteId=1448865560847002.
- [C §6, 2022-06] lists at http://www.ahrd.gov.cn/list.jsp?strColId=<32hex>& (the 2022 list used as the
  start channel here).
- [C POF 2026-09] the front site (home page) is a JS SPA without static links.
- [C MISC, ES20-era code, find_string id 10884929582] /ahrdweb/search.jsp takes strWebSiteId=1448865560847002
  and a page number `PageSizeIndex`, and its keyword is sent GBK-encoded.
- [C MISC, find_string id 33255458004] gzw.ah.gov.cn runs list.jsp with strColId / strWebSiteId
  1448866116912004 / PageSizeIndex on GBK pages. Its site id was minted minutes after ahrd's
  (both 1448866…, i.e. 2015-11-30), so this is one province-wide JSP platform. Its articles
  show `.s_article_top h1` or `.dicontent_bt h1` and `.h-content` or `.dicontent_left`.

Why model the JSP endpoints and not mark the site unsupported: the issue asks that JS-only
front ends be reached through the data endpoints the registry shows. The registry shows
these two (2022 list, post-2022 article). An SPA built on the same back end usually keeps
such server pages, but that is not known. If they are gone, the crawl records the HTTP
errors of its start channel and says so, rather than guessing silently.

Guessed [G]:
- That list.jsp/article.jsp are still served now that the front is an SPA.
- List pagination through `PageSizeIndex=<n>` in the query (the search and sibling
  parameter, sent there by POST), the pager markup, and the list-row markup.
- GBK pages (from the GBK search keyword and the sibling site).
- The article markup. The ahrd pages were never seen (A1's extract has no title or
  metadata line). Two paths are modelled: the sibling platform's classes (template
  "ahrd-jsp-sibling"), and for anything else the generic extraction (h1/<title>,
  trafilatura body, generic 发布时间/来源 byline finder).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from crawlers.base import CongressSpider
from crawlers.templates import Template

HEX32 = r"[0-9a-f]{32}"


class AhrdSpider(CongressSpider):
    name = "ahrd"
    site_name = "安徽人大网"
    province = "安徽省"
    region_code = "340000"
    allowed_domains = ["www.ahrd.gov.cn"]
    start_channels = (
        "http://www.ahrd.gov.cn/list.jsp?strColId=96efd7a1c2394841b05eca98d0b98862&",  # [C §6, 2022]
    )
    article_patterns = (rf"^/article\.jsp\?(?=.*\bstrColId={HEX32})(?=.*\bstrId={HEX32})",)
    list_patterns = (rf"^/list\.jsp\?(?=.*\bstrColId={HEX32})(?=.*\bPageSizeIndex=\d+)",)
    pagination_scope = r"[?&]strColId=([^&]+)"
    templates = (
        Template(
            name="ahrd-jsp-sibling",
            detect_css="div.s_article_top h1, div.dicontent_bt h1",
            title=("div.s_article_top h1", "div.dicontent_bt h1"),
            byline=("div.s_article_top div.info", "div.dicontent_bt div.info"),
            body=("div.h-content", "div.dicontent_left"),
            notes="classes of gzw.ah.gov.cn, the same JSP platform (strWebSiteId 1448866116912004)",
        ),
    )
    # The second modelled path: pages in other markup are read by generic extraction (not drift).
    generic_pages_expected = True
    evidence = "partly guessed"
    evidence_note = (
        "list.jsp/article.jsp URLs confirmed (2022, PG A1) but the front is an SPA since 2026-09: "
        "that the JSP pages are still served, PageSizeIndex paging, GBK and all article markup "
        "(sibling gzw.ah.gov.cn classes, else generic extraction) guessed"
    )


def _param(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None

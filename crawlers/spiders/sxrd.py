"""陕西人大网 (www.sxrd.gov.cn): unsupported, the front site is a Vue single-page app.

Evidence (../shared/sites/registry.md row 27, §2 "26/27/29/30/31", §3.5, §5.3):
- [C POF 2026-09] www.sxrd.gov.cn answers plain HTTP with a 788-byte Vue shell:
  no article link, no list markup, no server-rendered text.
- No data endpoint of the shell is known: the registry names none, and the POF
  probe that saw the shell did not record the app's XHR calls.
- The only other host, the law database lfgl.sxrd.gov.cn:8013 (#/details/<id>
  SPA routes, [C POF]), is a regulation database on a bare port, like every
  province's 法规规章规范性文件数据库 (out of scope, registry §3.5), not the news site.

So nothing crawlable is known: the spider declares `unsupported` and a crawl
records one "unsupported" failure and requests nothing. To support the site,
capture the shell's JS bundle from a China vantage, find the JSON endpoint
that lists channel articles, and model it here (parse_list for the JSON, as the
shrd module does for its XHR pages).
"""

from crawlers.base import CongressSpider


class SxrdSpider(CongressSpider):
    name = "sxrd"
    site_name = "陕西人大网"
    province = "陕西省"
    region_code = "610000"
    allowed_domains = ["www.sxrd.gov.cn"]
    # The shell page itself: the only URL known to answer (never requested while unsupported).
    start_channels = ("http://www.sxrd.gov.cn/",)
    evidence = "partly guessed"
    evidence_note = "only the 788-byte Vue shell of the front site is known (POF 2026-09)"
    unsupported = (
        "www.sxrd.gov.cn is a Vue single-page app (788-byte shell, POF 2026-09) with no "
        "server-rendered links, and no data endpoint of the app is known"
    )

"""黑龙江人大网 (www.hljrd.gov.cn): unsupported, no crawlable page or data endpoint is known.

Evidence (../shared/sites/registry.md row 8, §5.1, §6):
- [C REG26 2026-08] the host www.hljrd.gov.cn (listed with https).
- [C 2022-06, §6] two page URLs, both query-routed shells of one front end:
  /web/datainfo/local-law.html?cn=local-law&li=y and
  /web/overview/general-situation.html?cn=representative&li=y. The same .html
  file serves different sections by query (cn=, li=), which is how a
  JS-rendered page picks its content [G: the registry's own reading; no page
  text or markup of them was ever seen].
- [C POF 2026-09] the law database fgk.hljrd.gov.cn is a Vue SPA whose list API
  (/api/archives/normativeDocuments/page) answers "令牌不能为空" without a
  login token; it is a regulation database anyway (out of scope, §3.5).
- [C §7] no page of the site is in the page corpus; no article URL pattern,
  no list markup, no news data endpoint is known.

Decision: unsupported. A spider on a guessed template would have nothing to
follow: the only URLs are JS-routed shells, and no article URL form is known
to build article patterns from. When a China vantage can load the site, record
the XHR the /web/*.html pages make and model it here.
"""

from crawlers.base import CongressSpider


class HljrdSpider(CongressSpider):
    name = "hljrd"
    site_name = "黑龙江人大网"
    province = "黑龙江省"
    region_code = "230000"
    allowed_domains = ["www.hljrd.gov.cn"]
    # The 2022 地方性法规 section page (never requested while unsupported).
    start_channels = ("https://www.hljrd.gov.cn/web/datainfo/local-law.html?cn=local-law&li=y",)
    evidence = "partly guessed"
    evidence_note = "only the host and two query-routed /web/*.html URLs (2022) are known; JS rendering guessed"
    unsupported = (
        "www.hljrd.gov.cn: the only known pages are query-routed /web/*.html?cn=...&li=y shells "
        "(2022), likely filled by JavaScript; no article URL, list markup or data endpoint is known"
    )

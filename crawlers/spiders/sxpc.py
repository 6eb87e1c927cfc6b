"""山西人大网 (www.sxpc.gov.cn): unsupported, nothing of the news site is known but its host.

Evidence (../shared/sites/registry.md row 4, §5.1, §6, §7):
- [C REG26 2026-08] the host www.sxpc.gov.cn; no page, URL pattern, list markup,
  encoding or byline format of it was found (§7: no sxpc page in the page corpus).
- [C POF 2026-09] the law database fgsjk.sxpc.gov.cn is a Vue SPA over a JSON
  API (POST /prod-api/extranet/regulation/search with {"page","pageSize"},
  GET /prod-api/extranet/regulation/getById/<id>). It serves regulation texts,
  out of scope like every province's 法规规章规范性文件数据库 (§3.5, and
  flk.npc.gov.cn for the national site), and it is another host, not the news site.
- [C §6, 2022] the older law DB on a bare IP (218.26.22.67:9090/basc/): same remark.

Why not a TRS guess: sibling evidence that would pick a CMS is missing too. The
only Shanxi city sites known (大同 dtsrd.gov.cn, 晋中 renda.sxjz.gov.cn, §6)
come with a host only. A TRS spider would invent every channel path and every
selector, and nothing could show that it fits. So the site is declared
unsupported, and the reason is reported on every crawl.
"""

from crawlers.base import CongressSpider


class SxpcSpider(CongressSpider):
    name = "sxpc"
    site_name = "山西人大网"
    province = "山西省"
    region_code = "140000"
    allowed_domains = ["www.sxpc.gov.cn"]
    start_channels = ("http://www.sxpc.gov.cn/",)
    evidence = "partly guessed"
    evidence_note = "only the host is known; no page, URL pattern or template of the news site"
    unsupported = (
        "www.sxpc.gov.cn: only the host is known (no article URL, list page or template of the "
        "news site); the JSON API of fgsjk.sxpc.gov.cn is the regulation database, not news"
    )

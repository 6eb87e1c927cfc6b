"""广东人大网 (www.gdpc.gov.cn/gdrdw/, formerly www.rd.gd.cn): three URL generations, two templates.

Evidence (../shared/sites/registry.md row 19, notes §2.19, §5.2, §7; pages_texts G1, G3):
- 2025: https `www.gdpc.gov.cn/gdrdw/<chan>/<sub>/content/post_<id>.html`, crumbs
  `首页 > 人大资讯 > 各地人大`, metadata `时间:YYYY-MM-DD 来源:X` then `分享到:` [C PG G3].
- 2021: http `www.rd.gd.cn/<chan>/<sub>/content/post_<id>.html`, the same metadata line
  and crumbs `首页 > 学习交流 > 人大研究` [C PG G1]. G3 says the format is identical,
  so one template (`gdrd-post`) reads both.
- ≤2020: `www.rd.gd.cn/pub/gdrd2012/<chan>/…` served as GBK; lists `ul.GsTL1`
  (`class="GsTL1 nesadd"`) on `index.html`, `index_N.html` (N from 1); articles
  `div.GtDetail > div.title / div.time (YYYY-MM-DD HH:MM:SS) / div.content` [C ES20].
Guessed [G]: the post_ page markup (`div.article-title`, `div.article-info`,
`div.article-content`, `div.location`), post_ list pages `index.html` / `index_2.html`,
the old article URLs (TRS t-date under the channel folder) and old crumbs, which host
lists what. rd.gd.cn refused connections from a US datacenter (2026, GOV); which host
serves news today is open (registry §5.2), so both are declared.
"""

from __future__ import annotations

import re

from crawlers.base import CongressSpider
from crawlers.templates import Template

INDEX_RE = re.compile(r"/index(?:_\d+)?\.html$")


class GdrdSpider(CongressSpider):
    name = "gdrd"
    site_name = "广东人大网"
    province = "广东省"
    region_code = "440000"
    allowed_domains = ["www.gdpc.gov.cn", "www.rd.gd.cn"]
    start_channels = (
        "https://www.gdpc.gov.cn/gdrdw/zixun/other/index.html",  # 人大资讯 > 各地人大 (2025)
        "http://www.rd.gd.cn/rdlz/rdyj/index.html",  # 学习交流 > 人大研究 (2021)
        "http://www.rd.gd.cn/pub/gdrd2012/rdgz/lfjj/index.html",  # old GBK site (≤2020)
    )
    article_patterns = (
        r"^/(?:gdrdw/)?[a-z]+/[a-z]+/content/post_\d+\.html$",  # gdpc 2025 / rd.gd.cn 2021
        r"^/pub/gdrd2012/[\w/]+/\d{6}/t\d{8}_\d+\.html?$",  # [G] old TRS t-date
    )
    # index.html, index_N.html of the channel folder (old site: N from 1 [C ES20];
    # post_ lists: index_2.html [G]).
    list_patterns = (INDEX_RE.pattern,)
    pagination_scope = "folder"
    evidence = "partly guessed"
    evidence_note = (
        "post_ page and list markup, list pagination, old article URLs and crumbs are guessed; "
        "URL forms, metadata line and the old GtDetail template are confirmed"
    )
    templates = (
        Template(
            name="gdrd-post",
            detect_css="div.article-content",
            title=("div.article-title h1",),
            byline=("div.article-info",),
            breadcrumb="div.location a",
            body=("div.article-content",),
        ),
        Template(
            name="gdrd-2012",
            detect_css="div.GtDetail",
            title=("div.GtDetail div.title",),
            byline=("div.GtDetail div.time",),
            breadcrumb="div.GsPosition a",
            body=("div.GtDetail div.content",),
        ),
    )

"""湖南人大网 (www.hnrd.gov.cn): 红网 (rednet) CMS, two URL generations, /channel/<id>.html lists.

Evidence (../shared/sites/registry.md): row 18, notes §2.18, §3.3/§3.4, pages_texts H1–H3.
- [C PG H1, POF] https; 2023+ articles /content/<6-digit node>/<2 digits>/<id>.html (also served on the
  bare host hnrd.gov.cn); [C MISC 67373742699] ≤2018 articles /content/YYYY/MM/DD/<id>.html;
  [C POF] channel /channel/16170.html.
- [C PG H2, HN24 3059840981] 2023 template: title h1.detail_title; one metadata line
  来源:X 作者:Y 编辑:Z YYYY-MM-DD HH:MM:SS as spans in section.box_left.f_left > div (span 1 = 来源,
  span 4 = date); then 湖南人大微信 / 公众号二维码 / —分享—; 编辑:redcloud where no person edited.
- [C PG H3] the same CMS family's dated-URL pages (hnrmzy.com, 2018) read
  文章来源: 作者: 时间: YYYY-MM-DD 上传:redcloud; the old hnrd template is modelled on it [G].
- [G] pagination /channel/<id>_2.html, class names of the crumbs, meta div, body and old template,
  the 市县人大 channel id.

"redcloud" is the CMS's account name, not a person: it is removed from the byline here, so such
articles have no editor rather than an editor called redcloud.
The law database hnfg.hnrd.gov.cn is a SPA (HN24): never requested.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrapy.http import TextResponse

from core.page import SiteHints
from crawlers.datepath import CONTENT_SLASHED, DatePathSpider
from crawlers.templates import Template

CONTENT_NODE = r"/content/\d{6}/\d{2}/\d+\.html$"
CHANNEL_PAGE = re.compile(r"/channel/(\d+)(?:_\d+)?\.html$")
# The CMS account credited when no person edited or uploaded the article.
CMS_ACCOUNT = re.compile(r"(?:编\s*辑|上\s*传)\s*[:：]\s*redcloud\b", re.I)
BARE_HOST = re.compile(r"^(https?://)hnrd\.gov\.cn(?=[/:?#]|$)")


class HnrdSpider(DatePathSpider):
    name = "hnrd"
    site_name = "湖南人大网"
    province = "湖南省"
    region_code = "430000"
    allowed_domains = ["hnrd.gov.cn"]
    denied_domains = ["hnfg.hnrd.gov.cn"]
    start_channels = (
        "https://www.hnrd.gov.cn/channel/16170.html",
        "https://www.hnrd.gov.cn/channel/16185.html",  # 市县人大 [G id]
    )
    article_patterns = (CONTENT_NODE, CONTENT_SLASHED)
    list_patterns = (CHANNEL_PAGE.pattern,)
    pagination_scope = CHANNEL_PAGE.pattern
    templates = (
        Template(
            name="hnrd-2023",
            detect_css="h1.detail_title",
            title=("h1.detail_title",),
            subtitle=("h2.detail_subtitle",),
            byline=("section.box_left > div.detail_meta",),
            date=("section.box_left > div.detail_meta > span:nth-child(4)",),
            breadcrumb="div.crumbs a",
            body=("div.detail_content",),
            url_date_allowed=True,  # moot: the node URLs carry no date
        ),
        Template(
            name="hnrd-2018",
            detect_css="div.fcontent",
            title=("div.ftitle h1", "div.ftitle"),
            byline=("div.finfo",),
            breadcrumb="div.fposition a",
            body=("div.fcontent",),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "URL generations, channel URL, title, metadata line and redcloud account confirmed; "
        "pagination, class names and the old template guessed"
    )

    @classmethod
    def hints_for(cls, html: str) -> SiteHints:
        hints = super().hints_for(html)
        if hints.byline_text:
            hints.byline_text = " ".join(CMS_ACCOUNT.sub(" ", hints.byline_text).split()) or None
        return hints

    def article_links(self, response: TextResponse) -> Iterable[str]:
        # hnrd.gov.cn and www.hnrd.gov.cn serve the same pages: one URL per article.
        for url in super().article_links(response):
            yield BARE_HOST.sub(r"\1www.hnrd.gov.cn", url)

    def canonical_list_url(self, url: str) -> str:
        return BARE_HOST.sub(r"\1www.hnrd.gov.cn", url)

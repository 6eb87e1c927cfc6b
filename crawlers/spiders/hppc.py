"""湖北人大网 (www.hppc.gov.cn): PHPCMS-style lists (list.php?catid=N&page=N), two article URL forms.

Evidence (../shared/sites/registry.md row 17, §7; pages_texts HUB1): http host
www.hppc.gov.cn [C REG26, PG HUB1]; 2023 articles `/p/<5-digit id>.html` with the crumb
`当前位置: 首页 >> 文章详情` and the line
`来源:湖北人大网   时间:YYYY-MM-DD HH:MM   [收藏] [打印] [关闭]` before the body
[C PG HUB1]; ~2020: lists `/list.php?catid=54&page=N` with rows `div.list1` (a + span
date), articles `/YYYY/MMDD/<id>.html` with the body in `div#endtext`
[C MISC 10974465498].
Guessed [G]: that list.php still lists today's `/p/` pages, the pager markup, the
channel name of catid 54, and the article markup around what is confirmed
(`div.position`, `div.title h1`, `div.info`, `div.article-body` on /p/ pages;
`div.article-title`, `div.article-info` on the old pages). The 公报 sub-site
app.hppc.gov.cn (时间 = upload time, PG HUB2) is not crawled here.
"""

from __future__ import annotations

from crawlers.base import CongressSpider
from crawlers.templates import Template


class HppcSpider(CongressSpider):
    name = "hppc"
    site_name = "湖北人大网"
    province = "湖北省"
    region_code = "420000"
    allowed_domains = ["www.hppc.gov.cn"]
    start_channels = ("http://www.hppc.gov.cn/list.php?catid=54",)
    article_patterns = (
        r"^/p/\d+\.html$",  # 2023+
        r"^/20\d{2}/\d{4}/\d+\.html$",  # ~2020
    )
    list_patterns = (r"^/list\.php\?(?:[^#]*&)?catid=\d+",)
    pagination_scope = r"[?&]catid=([^&]+)"
    evidence = "partly guessed"
    evidence_note = "article markup around the confirmed lines, the pager and the /p/ listing are guessed"
    templates = (
        Template(
            name="hppc-p",
            detect_css="div.article-body",
            title=("div.title h1",),
            byline=("div.info",),
            breadcrumb="div.position a",
            body=("div.article-body",),
        ),
        Template(
            name="hppc-endtext",
            detect_css="div#endtext",
            title=("div.article-title",),
            byline=("div.article-info",),
            breadcrumb="div.position a",
            body=("div#endtext",),
        ),
    )

"""上海人大 (www.shrd.gov.cn): TrueCMS, static first list page + getMessage.do recordset XHR.

Evidence (../shared/sites/registry.md row 9, notes §2.9, §3.2): https host
www.shrd.gov.cn [C POF, SH26, SHRD]; list pages `/shrd/fggb/fggb.html` (法规公布,
columnId 82e1eed4-… [C SH26]) with the first page static in `<ul id="initData">`
`div.part a` [C SHRD]; further pages from
`/TrueCMS/messageController/getMessage.do?startrecord&endrecord&perpage&contentTemplate&columnId`
returning JSON `result` with `<totalrecord>` and CDATA `<record>` rows [C SH26, MISC
52626889627]; 20 rows per page [C SH26]; details `/shrd/gk/content/<uuid>.html` with
`div.article-title`, `div.article-resouce` (sic, holds YYYY-MM-DD) and `div.article-nr`
[C SHRD]. The old host www.spcsc.sh.cn now serves a gambling site and is never
requested [C SH26, POF].
Guessed [G]: where the list page keeps its column id (the pager's `columnId:` option
and a hidden input), the byline labels inside `div.article-resouce`, the breadcrumb
markup (`div.position`), and the 2025n column's layout.
"""

from crawlers.recordset import RecordsetSpider
from crawlers.templates import Template


class ShrdSpider(RecordsetSpider):
    name = "shrd"
    site_name = "上海人大"
    province = "上海市"
    region_code = "310000"
    allowed_domains = ["www.shrd.gov.cn"]
    # Hijacked since ≤2026-09 (gambling/streaming site): never follow a link there.
    denied_domains = ["spcsc.sh.cn"]
    start_channels = (
        "https://www.shrd.gov.cn/shrd/fggb/fggb.html",  # 法规公布
    )
    article_patterns = (r"^/shrd/gk/content/[0-9a-f-]{36}\.html$",)
    list_rows_css = "ul#initData div.part"
    per_page = 20
    # [G] the pager's options object and a hidden input; both forms are read.
    column_id_patterns = (
        r"""columnId\s*:\s*["']([0-9a-f-]{36})["']""",
        r"""id=["']columnId["'][^>]*value=["']([0-9a-f-]{36})["']""",
    )
    evidence = "partly guessed"
    evidence_note = (
        "where the list page keeps its columnId, the byline labels in "
        "div.article-resouce and the breadcrumb markup are guessed"
    )
    templates = (
        Template(
            name="shrd-truecms",
            detect_css="div.article-nr",
            title=("div.article-title",),
            byline=("div.article-resouce",),
            breadcrumb="div.position a",
            body=("div.article-nr",),
        ),
    )

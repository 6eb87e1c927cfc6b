"""中国人大网 (www.npc.gov.cn): three template generations, TRS channel lists.

Facts from ../shared/sites/registry.md (row 0 and notes §0) and the real
pages in ../shared/sites/html/npc/.
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider

ENP = r"<!--enpproperty.*?"

# Shared by both TRS generations (2019+ pages and old content migrated in 2019).
_TRS = dict(
    title=("div.tit h1", "div.tit h2"),
    subtitle=("div.tit h3",),
    byline=("div.fontsize", "div.editor"),
    date=("#zzrq",),
    # The page's JS fills #zzrq from this variable when the span is empty.
    date_regex=(r"var\s+fbrq\s*=\s*[\"']([^\"']+)[\"']",),
    breadcrumb="div.article-crumbs a",
)


class NpcSpider(TRSSpider):
    name = "npc"
    site_name = "中国人大网"
    province = None  # national
    region_code = None
    # http only: https fails the TLS handshake from many clients (registry row 0).
    allowed_domains = ["www.npc.gov.cn"]
    start_channels = (
        "http://www.npc.gov.cn/npc/c2/c30834/index.html",  # 法律 (laws and law news)
        "http://www.npc.gov.cn/npc/c2/c12435/c12490/index.html",  # 任免 (appointments)
    )
    article_patterns = (
        r"/\d{6}/t\d{8}_\d+\.html$",  # TRS 2019+
        r"/\d{6}/[0-9a-f]{32}\.shtml$",  # 2020-24 law pages
        r"/\d{4}-\d{2}/\d{2}/content_\d+\.htm$",  # ENP archive (zgrdw, wxzl)
    )
    templates = (
        Template(name="npc-trs-2019", detect_css="#Zoom .TRS_Editor", body=("#Zoom .TRS_Editor", "#Zoom"), **_TRS),
        # Old content migrated in May 2019: same page, no TRS_Editor wrapper.
        # In both TRS generations the URL t-date is the migration or
        # publication-system date, not the publish date (url_date_allowed=False).
        Template(name="npc-trs-migrated", detect_css="div.fontsize", body=("#Zoom",), **_TRS),
        Template(
            name="npc-enp-2008",
            detect_regex=r"<!--enpproperty",
            title=("div.tit h2", "div.tit h1"),
            title_regex=(ENP + r"<title>(.*?)</title>",),
            subtitle=("div.tit h3",),
            subtitle_regex=(ENP + r"<subtitle>(.*?)</subtitle>",),
            byline=("div.info", "div.source", "div.editor"),
            # The enpproperty date carries the time; div.info shows the day only.
            date_regex=(ENP + r"<date>(.*?)</date>",),
            breadcrumb="div.moreposition2 a, div.article-crumbs a, div.position a",
            body=("#Zoom", "div.text"),
        ),
    )

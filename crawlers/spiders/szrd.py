"""福建人大 (szrd.fjrd.gov.cn, 福建省人大常委会门户网站): TRS WCM with "动静结合" lists and no index_N pages.

Evidence (../shared/sites/registry.md row 13, notes §13; FJ26 70852351197):
- http, UTF-8, host szrd.fjrd.gov.cn; channel `/zyfb/fg/` (法规) [C FJ26, POF].
- A channel's `index.html` holds ALL its records statically, in `<ul ms-visible="$showStatic(N)">` blocks.
  A JS pagebar (prepage=10, maxStaticIndex=7) only fetches what lies past the static pages. `index_N.html`
  answers **403** [C FJ26]. So `follow_pagination = False`: the pager is never followed and no index_N is
  requested.
- Rows `<li><a href target="_blank" title="T">T</a><span> YYYY-MM-DD</span></li>`. Newer rows are
  `./YYYYMM/P0YYYYMMDD….pdf` (attachments, not articles), older rows `.htm` pages [C FJ26].
- Sibling channel lists of the same section (`/zyfb/<chan>/`) are still followed when a list page links
  them (`channel_patterns`), though not the pager.
- Guessed: the t-date form of the `.htm` pages, the sibling channel /zyfb/jyjd/, and the article
  layout. The layout is the old www.fjrd.gov.cn `div.detail_title h3` + `p` date [C MISC 9559101346], with an
  assumed TRS_Editor body.
"""

from crawlers.templates import Template
from crawlers.trs import TRSSpider


class SzrdSpider(TRSSpider):
    name = "szrd"
    site_name = "福建省人大常委会门户网站"
    province = "福建省"
    region_code = "350000"
    allowed_domains = ["szrd.fjrd.gov.cn"]
    start_channels = (
        "http://szrd.fjrd.gov.cn/zyfb/fg/",  # 重要发布 > 法规 [C FJ26]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html?$",)
    # Sibling channel lists of 重要发布 (page 0 only: index_N.html is 403).
    channel_patterns = (r"^/zyfb/[a-z0-9_]+/(?:index\.html)?$",)
    follow_pagination = False
    templates = (
        Template(
            name="szrd-trs",
            detect_css="div.detail_title",
            title=("div.detail_title h3",),
            byline=("div.detail_title p",),
            breadcrumb="div.position a",
            body=("div.detail_content .TRS_Editor", "div.detail_content"),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "host, all-records index.html with ms-visible blocks, index_N 403, row markup and PDF/.htm "
        "entries confirmed (FJ26); .htm t-date names, sibling channel and article layout guessed"
    )

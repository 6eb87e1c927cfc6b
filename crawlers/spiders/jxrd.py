"""江西人大新闻网 (jxrd.jxnews.com.cn): 大江网 (jxnews) platform, /system/YYYY-MM-DD/<id>.shtml articles.

Evidence (../shared/sites/registry.md): row 14, notes §2.14, §3.3.
- [C POF] host jxrd.jxnews.com.cn over https, article URLs /system/YYYY-MM-DD/<9 digits>.shtml (some
  detail links answer 302 → 404: these become http_error failures of the crawl), list /zyfb/index.shtml.
- [C MISC 59764377114, 2026] jxrd.jxnews.com.cn serves its pages as GB2312 (declared).
- [G] article markup from the sibling jxnews site jndsb.jxnews.com.cn (MISC 28568913017, 2017):
  title div.BiaoTi, span#pubtime_baidu, body div.Content; the source/author/editor spans beside it
  (#source_baidu, #author_baidu, #editor_baidu) are the Baidu news-protocol ids such pages carry.
  List pagination /zyfb/index_N.shtml, the list rows, the channel name 重要发布.
- Not crawled: www.jxrd.gov.cn (REG26 lists it; its content is unknown) and the rest of jxnews.com.cn.
"""

from __future__ import annotations

from crawlers.datepath import SYSTEM_DASHED, DatePathSpider
from crawlers.templates import Template


class JxrdSpider(DatePathSpider):
    name = "jxrd"
    site_name = "江西人大新闻网"
    province = "江西省"
    region_code = "360000"
    allowed_domains = ["jxrd.jxnews.com.cn"]
    start_channels = ("https://jxrd.jxnews.com.cn/zyfb/index.shtml",)
    article_patterns = (SYSTEM_DASHED,)
    list_patterns = (r"/[a-z]+/index_\d+\.shtml$",)
    pagination_scope = "folder"
    templates = (
        Template(
            name="jxrd-jxnews",
            detect_css="div.BiaoTi",
            title=("div.BiaoTi",),
            byline=("#pubtime_baidu", "#source_baidu", "#author_baidu", "#editor_baidu"),
            date=("#pubtime_baidu",),
            body=("div.Content",),
            url_date_allowed=True,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "host, URL scheme, /zyfb/ list and GB2312 confirmed; article markup taken from a "
        "sibling jxnews site, list paging guessed"
    )

"""青海人大网 (www.qhrd.gov.cn): TRS channels, including 常委会公报 issues as plain-text attachments; partly guessed.

Evidence (../shared/sites/registry.md row 29, §2 "26/27/29/30/31", §7; pages_texts QH1, QH2):
- [C REG26, POF] host www.qhrd.gov.cn; [C PG QH1/QH2] served over https.
- [C PG QH1, QH2] a TRS channel tree with `_<id>` folder suffixes:
  /zyfb/cwhgb_4710/lncwhgb/<YYYY>n_<id>/ holds the 常委会公报 issues as TRS attachments
  YYYYMM/P0YYYYMMDD<digits>.txt (plain text). The 2018 and 2021 issues were both
  uploaded on 2023-02-03, so the P0 date is the upload date and not the issue's date.
- [C POF] /zhrd/basc/ meta-refreshes to the bare IP http://111.44.251.37:8005/ (the law
  database). The spider never requests /zhrd/basc/. If a --url leads there, the refresh
  target is outside allowed_domains and is dropped.
- [C ES20] an old ASP.NET site search /search/Default.aspx (not used).

Guessed [G]:
- The news channel /xwzx/rdyw/ and its article template. Only the family is
  assumed (TRS t-date articles, index_N pager, div.TRS_Editor); the element names are guesses.
- The markup of the 公报 lists: a TRS list page in each channel folder, rows that link the
  .txt attachments, the year channels linked from /lncwhgb/, and the `div.position` crumbs.
- The encoding of the .txt files. They are decoded as UTF-8 (BOM allowed), else GB18030.

Walking: the start channels name their index.html, because an incremental TRS walk derives the
next page from it (index.html → index_1.html). The year channels linked from /lncwhgb/ are
sub-channels and not pages (`channel_patterns`): each is walked as a channel of its own, as
<folder>/index.html.

Non-HTML articles: the base `parse_article` rejects anything that is not HTML (not_html).
This module builds the .txt attachments' pages itself (`page_from_other_bytes`, used by the crawl and
by `rdarchive reprocess`). The text is HTML-escaped and wrapped
as `<pre class="qhrd-txt">`, so each line of the file becomes a paragraph. The title and
date come from the list row that linked the file. The list date is when the site published
the file, which for these back issues is the upload day. The URL date is never used.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from scrapy.http import TextResponse

from core.listing import ListRow
from core.page import Page, SiteHints
from crawlers.templates import Template
from crawlers.trs import TRSSpider

TXT_ATTACHMENT = r"/\d{6}/P0\d{8,}\.txt$"
DATE = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")


class QhrdSpider(TRSSpider):
    name = "qhrd"
    site_name = "青海人大网"
    province = "青海省"
    region_code = "630000"
    allowed_domains = ["www.qhrd.gov.cn"]
    start_channels = (
        "https://www.qhrd.gov.cn/xwzx/rdyw/index.html",  # 人大要闻 [G]
        "https://www.qhrd.gov.cn/zyfb/cwhgb_4710/lncwhgb/index.html",  # 历年常委会公报 [C PG QH1/QH2 folders]
    )
    article_patterns = (r"/\d{6}/t\d{8}_\d+\.html$", TXT_ATTACHMENT)
    # The year channels of the 公报 tree: /lncwhgb/2021n_4713/ (their index_N pages are TRS pages).
    channel_patterns = (r"^/zyfb/cwhgb_4710/lncwhgb/\d{4}n_\d+/(?:index\.html)?$",)
    txt_template = "qhrd-gazette-txt"
    templates = (
        Template(
            name="qhrd-trs-guessed",
            detect_css="div.TRS_Editor",
            title=("div.detail_title h1", "h1"),
            subtitle=("div.detail_title h3",),
            byline=("div.detail_info",),
            breadcrumb="div.position a",
            body=("div.TRS_Editor",),
            url_date_allowed=False,
        ),
    )
    evidence = "partly guessed"
    evidence_note = (
        "公报 .txt attachments in /zyfb/cwhgb_4710/lncwhgb/<YYYY>n_<id>/ confirmed (PG QH1/QH2); "
        "news channel /xwzx/rdyw/, list markup, article template and .txt encoding guessed"
    )

    # -- lists: the 公报 year channels and the rows of attachments ------------
    def canonical_list_url(self, url: str) -> str:
        # A channel named by its folder is its index.html (the TRS walk numbers pages from it).
        return url + "index.html" if url.endswith("/") else url

    def article_rows(self, response: TextResponse, channel: str | None) -> Iterable[ListRow]:
        # A .txt attachment has no title or date of its own: its row's are kept.
        facts = self.row_facts(response)
        for url in self.article_links(response):
            if re.search(TXT_ATTACHMENT, url):
                title, date = facts.get(url, (None, None))
                yield ListRow(url, channel=channel, title=title, date=date)
            else:
                yield ListRow(url, channel=channel)

    @staticmethod
    def row_facts(response: TextResponse) -> dict[str, tuple[str | None, str | None]]:
        """URL -> (row title, row date) for every list row `<li><a …>T</a><span>date</span></li>`."""
        facts = {}
        for li in response.css("li"):
            href = li.css("a::attr(href)").get()
            if not href:
                continue
            title = (li.css("a::attr(title)").get() or " ".join(li.css("a ::text").getall())).strip()
            date = DATE.search(" ".join(li.css("span ::text").getall()))
            facts[response.urljoin(href.strip()).split("#")[0]] = (title or None, date.group(0) if date else None)
        return facts

    # -- articles: HTML pages as usual, .txt attachments wrapped as <pre> ------
    @classmethod
    def page_from_other_bytes(
        cls,
        url: str,
        body: bytes,
        content_type: str,
        status: int,
        row: ListRow,
    ) -> Page | None:
        if not cls.is_text_attachment(url, content_type):
            return None
        text = cls.decode_text(body)
        title = row.title or next((line.strip() for line in text.splitlines() if line.strip()), None)
        wrapped = (
            f'<html><head><meta charset="utf-8"><title>{html.escape(title or "")}</title></head>'
            f'<body><pre class="qhrd-txt">{html.escape(text)}</pre></body></html>'
        )
        return Page(
            url=url,
            html=wrapped,
            site=cls.name,
            status=status,
            encoding="utf-8",
            channel=row.channel,
            list_date=row.date,
            hints=SiteHints(
                template=cls.txt_template,
                title=title,
                body_selectors=["pre.qhrd-txt"],
                region_code=cls.region_code,
                url_date_allowed=False,
            ),
        )

    @staticmethod
    def is_text_attachment(url: str, content_type: str) -> bool:
        ctype = content_type.lower()
        return ctype.startswith("text/plain") or (not ctype and re.search(TXT_ATTACHMENT, url) is not None)

    @staticmethod
    def decode_text(body: bytes) -> str:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return body.decode(encoding)
            except UnicodeDecodeError:
                continue
        return body.decode("gb18030", errors="replace")

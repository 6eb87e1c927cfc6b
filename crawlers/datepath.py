"""Date-path CMS family: article URLs carry their publish day in the path.

hbrd and enorth-family sites /system/YYYY/MM/DD/<id>.shtml, jxnews
/system/YYYY-MM-DD/<id>.shtml, henanrd /YYYY/MM-DD/<id>.html, hnrd
/content/YYYY/MM/DD/<id>.html, ynrd and gsrdw /html/YYYY/<col>_MMDD/<id>.html
(registry §3.3). A site module gives its patterns; list pages are followed by
`list_patterns`. The URL date is a fallback only: some of these sites show a
发稿日期 that differs from the URL (bhxqrd), and the page's own date wins.
"""

from __future__ import annotations

from typing import ClassVar

from core.page import SiteHints
from crawlers.base import CongressSpider
from crawlers.templates import read_page

# Ready-made article patterns of the family, for site modules to pick from.
SYSTEM_SLASHED = r"/system/\d{4}/\d{2}/\d{2}/\d+\.shtml$"
SYSTEM_DASHED = r"/system/\d{4}-\d{2}-\d{2}/\d+\.shtml$"
YEAR_MONTHDAY = r"/\d{4}/\d{2}-\d{2}/\d+\.html$"
CONTENT_SLASHED = r"/content/\d{4}/\d{2}/\d{2}/\d+\.html$"
HTML_COLUMN_DAY = r"/html/\d{4}/\w+_\d{4}/\d+\.html$"


class DatePathSpider(CongressSpider):
    # The URL's date is a fair last resort on these CMSs (unlike TRS migrations).
    url_dates_trusted: ClassVar[bool] = True

    @classmethod
    def hints_for(cls, html: str) -> SiteHints:
        hints = read_page(cls.templates, html, cls.region_code)
        hints.url_date_allowed = cls.url_dates_trusted
        return hints

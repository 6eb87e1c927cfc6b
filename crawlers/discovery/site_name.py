"""The congress a site belongs to, read from the site's own name (XX市人大常委会, XX县人大网).

Where no definition declares a site's jurisdiction, the home page's name for itself (its
<title>, header, logo text, SiteName meta tag, copyright line) names the congress, and the
gazetteer turns the place before 人大 into a GB/T 2260 code.
"""

from __future__ import annotations

import re

from crawlers.discovery.page import ParsedPage
from pipelines import gazetteer

# The place, then the congress: 郏县人大常委会, 泰州人大, 大理白族自治州人民代表大会常务委员会.
CONGRESS_NAME_RE = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:人民代表大会常务委员会|人民代表大会|人大常委会|人大)")
NAME_SOURCES = (
    "//meta[@name='SiteName']/@content",
    "//meta[@property='og:site_name']/@content",
    "//title//text()",
    "//h1//text()",
    "//*[contains(@class,'logo') or contains(@class,'sitename') or contains(@class,'site-title')]//text()",
    "//img[contains(@alt,'人大')]/@alt",
    "//*[contains(@class,'copyright') or contains(@class,'footer') or self::footer]//text()",
)


def site_name(page: ParsedPage) -> str | None:
    """The congress's name as the page prints it (the first place that names one)."""
    for xpath in NAME_SOURCES:
        for value in page.root.xpath(xpath):
            m = CONGRESS_NAME_RE.search(re.sub(r"\s+", "", str(value)))
            if m and gazetteer.place_code(m.group(1), at_end=True):
                return m.group(0)
    return None


def jurisdiction_of(name: str) -> str | None:
    """The GB/T 2260 code of the congress a name names (None where the place is unknown or ambiguous)."""
    m = CONGRESS_NAME_RE.search(name)
    return gazetteer.place_code(m.group(1), at_end=True) if m else None

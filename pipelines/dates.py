"""Publish dates as the 人大 sites write them, made time-zone aware (Asia/Shanghai).

Forms: 2024-03-11 10:30[:05], 2024年3月11日 [10:30], 2024/03/11, 2024.03.11,
and Chinese-numeral datelines (二〇二四年三月十一日). A date in the URL is only a
last resort, and callers decide when even that is not allowed (NPC pages
migrated in 2019 carry the migration date in their URL).
"""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import cn2an

SHANGHAI = ZoneInfo("Asia/Shanghai")

_CN_DIGITS = "〇零一二三四五六七八九十两"
_CN_DATE = re.compile(rf"[{_CN_DIGITS}]{{4}}年[{_CN_DIGITS}]{{1,3}}月[{_CN_DIGITS}]{{1,3}}[日号]")

_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"
    r"(?:\s*(?:T|\s)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)

_URL_DATES = (
    re.compile(r"/t(?P<y>20\d{2}|19\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS t20240311_123
    re.compile(r"/(?P<y>(?:19|20)\d{2})-?(?P<m>\d{2})/(?P<d>\d{2})/"),  # /2024-03/11/ or /202403/11/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),  # /2024/0311/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})/(?P<d>\d{2})/"),  # /content/2024/03/11/
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})/"),  # /20240311/
)


def _cn_to_arabic(text: str) -> str:
    """二〇二四年三月十一日 -> 2024年3月11日 (cn2an knows the 十 rules)."""
    return _CN_DATE.sub(lambda m: cn2an.transform(m.group(0), "cn2an"), text)


def _build(y: str, m: str, d: str, hh: str | None = None, mm: str | None = None,
           ss: str | None = None) -> datetime | None:
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                        tzinfo=SHANGHAI)
    except ValueError:  # 2024-02-30, 25:61 ...: not a date
        return None


def find_dates(text: str) -> list[datetime]:
    """Every valid date in `text`, in order of appearance."""
    text = _cn_to_arabic(text.replace("\xa0", " ").replace("\u3000", " "))
    out = []
    for m in _DATE.finditer(text):
        value = _build(m["y"], m["m"], m["d"], m["H"], m["M"], m["S"])
        if value is not None:
            out.append(value)
    return out


def parse_date(text: str | None) -> datetime | None:
    """The first date in `text` (Asia/Shanghai), or None."""
    if not text:
        return None
    found = find_dates(text)
    return found[0] if found else None


def date_from_url(url: str) -> datetime | None:
    """The date a CMS wrote into an article URL, or None."""
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            value = _build(m["y"], m["m"], m["d"])
            if value is not None:
                return value
    return None

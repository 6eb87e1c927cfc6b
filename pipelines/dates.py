"""Publish dates as the 人大 sites write them, made time-zone aware (Asia/Shanghai).

Forms: 2024-03-11 10:30[:05], 2024年3月11日 [10:30], 2024/03/11, 2024.03.11,
Chinese-numeral datelines (二〇二四年三月十一日), a 12-hour clock (11:57 AM), and
day/month-first slashed dates where only one reading is possible: 9/17/2004 5:54:13 AM
(a 12-hour clock is the US order, month first), 17/09/2004 - 13:48; 06/02/2022 is
left alone (June 2 or February 6?). A date in the URL is only a last resort, and
callers decide when even that is not allowed (NPC pages migrated in 2019 carry the
migration date in their URL).
"""

from __future__ import annotations

import re
from datetime import datetime

import cn2an

from core.zone import SHANGHAI

_CN_DIGITS = "〇零一二三四五六七八九十两"
# Zero is also typed as a circle, a letter O or a digit 0 (二○二四年, 二O二四年, 二0二四年).
_ZEROS = "○◯ＯO0０"
_CN_DATE = re.compile(
    rf"(?=[{_CN_DIGITS}{_ZEROS}]{{4}}年)(?=[^年]*[一二三四五六七八九])[{_CN_DIGITS}{_ZEROS}]{{4}}年"
    rf"[{_CN_DIGITS}]{{1,3}}月[{_CN_DIGITS}]{{1,3}}[日号]"
)
_TO_LING = str.maketrans(dict.fromkeys(_ZEROS, "〇"))

_CLOCK = (
    r"(?:\s*(?:T|\s)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?)?"
)
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"
    + _CLOCK
)
# 9/17/2004 5:54:13 AM, 17/09/2004 - 13:48: the year last, day and month in either order.
_SLASHED = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])(?:\s*-)?" + _CLOCK)

_URL_DATES = (
    re.compile(r"/t(?P<y>20\d{2}|19\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS t20240311_123
    re.compile(r"/(?P<y>(?:19|20)\d{2})-?(?P<m>\d{2})/(?P<d>\d{2})/"),  # /2024-03/11/ or /202403/11/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),  # /2024/0311/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})/(?P<d>\d{2})/"),  # /content/2024/03/11/
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})/"),  # /20240311/
)


def _cn_to_arabic(text: str) -> str:
    """二〇二四年三月十一日 -> 2024年3月11日 (cn2an knows the 十 rules)."""
    return _CN_DATE.sub(lambda m: cn2an.transform(m.group(0).translate(_TO_LING), "cn2an"), text)


def _build(
    y: str, m: str, d: str, hh: str | None = None, mm: str | None = None, ss: str | None = None, ampm: str | None = None
) -> datetime | None:
    hour = int(hh or 0)
    if ampm and hh:
        if hour > 12:
            pass  # "14:32PM": a 24-hour time with a stray suffix
        elif ampm[0] in "Pp":
            hour = hour % 12 + 12
        else:
            hour = hour % 12
    try:
        return datetime(int(y), int(m), int(d), hour, int(mm or 0), int(ss or 0), tzinfo=SHANGHAI)
    except ValueError:  # 2024-02-30, 25:61 ...: not a date
        return None


def _slashed(m: re.Match) -> datetime | None:
    """N/N/YYYY: month first on a 12-hour clock (US), else whichever order is the only valid one."""
    a, b = int(m["a"]), int(m["b"])
    clock = (m["H"], m["M"], m["S"], m["ampm"])
    if m["ampm"] and m["H"]:
        return _build(m["y"], str(a), str(b), *clock) or _build(m["y"], str(b), str(a), *clock)
    if a > 12 >= b:
        return _build(m["y"], str(b), str(a), *clock)
    if b > 12 >= a:
        return _build(m["y"], str(a), str(b), *clock)
    return None  # 06/02/2022: both readings are dates


def iter_dates(text: str):
    """(start, end, datetime) for every valid date in `text`, in order of appearance.

    Offsets refer to `text` after Chinese numerals were turned into digits, which
    keeps every character before the first numeral date where it was."""
    text = _cn_to_arabic(text.replace("\xa0", " ").replace("\u3000", " "))
    found = []
    for m in _DATE.finditer(text):
        value = _build(m["y"], m["m"], m["d"], m["H"], m["M"], m["S"], m["ampm"])
        if value is not None:
            found.append((m.start(), m.end(), value))
    for m in _SLASHED.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        value = _slashed(m)
        if value is not None:
            found.append((m.start(), m.end(), value))
    return sorted(found, key=lambda item: item[0])


def find_dates(text: str) -> list[datetime]:
    """Every valid date in `text`, in order of appearance."""
    return [value for _, _, value in iter_dates(text)]


def parse_date(text: str | None) -> datetime | None:
    """The first date in `text` (Asia/Shanghai), or None."""
    if not text:
        return None
    found = find_dates(text)
    return found[0] if found else None


_DATE_LINE_EDGES = re.compile(r"[\s（）()【】\[\]〔〕]*")


def date_only(line: str) -> datetime | None:
    """The date of a line that holds nothing else (a signature date closing a notice:
    二〇二四年三月十一日, （2024年3月11日）), or None."""
    text = _cn_to_arabic(line.replace("\xa0", " ").replace("\u3000", " "))
    m = _DATE.search(text)
    if (
        m is None
        or not _DATE_LINE_EDGES.fullmatch(text[: m.start()])
        or not _DATE_LINE_EDGES.fullmatch(text[m.end() :])
    ):
        return None
    return _build(m["y"], m["m"], m["d"], m["H"], m["M"], m["S"], m["ampm"])


def date_from_url(url: str) -> datetime | None:
    """The date a CMS wrote into an article URL, or None."""
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            value = _build(m["y"], m["m"], m["d"])
            if value is not None:
                return value
    return None

"""The date forms every command accepts (search, export, reprocess): one parser, one message."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from models.types import SHANGHAI

FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 time (Asia/Shanghai unless it names its zone)"


def parse_when(value: str, end: bool = False) -> datetime:
    """YYYY, YYYY-MM, YYYY-MM-DD or an ISO time (Asia/Shanghai unless it says otherwise).

    With end=True the instant just after the period (for an inclusive --to).
    """
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}", v):
            y = int(v)
            return datetime(y + 1 if end else y, 1, 1, tzinfo=SHANGHAI)
        if re.fullmatch(r"\d{4}-\d{1,2}", v):
            y, m = map(int, v.split("-"))
            start = datetime(y, m, 1, tzinfo=SHANGHAI)
            if not end:
                return start
            return datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=SHANGHAI)
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", v):
            d = date(*map(int, v.split("-")))
            return datetime.combine(d + timedelta(days=1) if end else d, time(), tzinfo=SHANGHAI)
        t = datetime.fromisoformat(v)
        return t if t.tzinfo else t.replace(tzinfo=SHANGHAI)
    except ValueError:
        raise ValueError(f"bad date {value!r}: use {FORMS}") from None

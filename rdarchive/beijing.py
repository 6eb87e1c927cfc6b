"""Times as a reader in China reads them: Beijing time (Asia/Shanghai), always with the zone.

The archive stores UTC (models/types.py); a page or a terminal that showed a
time without its zone would show the wrong hour to every reader somewhere.
"""

from __future__ import annotations

from datetime import datetime, time

from models.types import SHANGHAI

NONE = "—"


def beijing(t: datetime | None, seconds: bool = False) -> str:
    """2024-03-12 10:00 +08:00 (with seconds: 10:00:00)."""
    if t is None:
        return NONE
    local = t.astimezone(SHANGHAI)
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") + " +08:00"


def published(t: datetime | None) -> str:
    """A publication time; a date the site gave without a time of day is shown as the date alone."""
    if t is None:
        return NONE
    local = t.astimezone(SHANGHAI)
    if local.time() == time():
        return local.strftime("%Y-%m-%d") + " +08:00"
    return beijing(local)

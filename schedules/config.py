"""Which site is crawled when: staggered nightly defaults, per-site overrides from a TOML file.

# schedule.toml
[defaults]
window = "01:00-05:00"   # Asia/Shanghai; sites are spread over it one after another
jitter = 300             # seconds of random delay per run
time_limit = 3600        # a crawl still running after this is stopped and recorded as failed
incremental_depth = 1

[sites.npc]
cron = "30 2 * * *"      # crontab fields: minute hour day month day-of-week
time_limit = 7200

[sites.sxrd]
enabled = false
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class SiteSchedule:
    site: str
    minute: str
    hour: str
    day: str = "*"
    month: str = "*"
    day_of_week: str = "*"
    jitter: int = 300
    time_limit: int = 3600
    incremental_depth: int = 1
    enabled: bool = True

    @property
    def cron(self) -> str:
        return f"{self.minute} {self.hour} {self.day} {self.month} {self.day_of_week}"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.strip().split(":")
    return int(h) * 60 + int(m)


def load(path: str | Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such schedule file") from None
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{path}: not valid TOML: {e}") from None


def schedules(sites: Sequence[str], config: dict[str, Any] | None = None) -> list[SiteSchedule]:
    """One schedule per site: staggered over the nightly window unless the file says otherwise."""
    config = config or {}
    defaults = config.get("defaults", {})
    overrides = config.get("sites", {})
    unknown = set(overrides) - set(sites)
    if unknown:
        raise ValueError(f"schedule file names unknown sites: {', '.join(sorted(unknown))}")
    start, end = (_minutes(t) for t in defaults.get("window", "01:00-05:00").split("-"))
    jitter = int(defaults.get("jitter", 300))
    # Slots end early enough that jitter never pushes a start past the window.
    span = max(1, end - start - jitter // 60 - 1)
    out = []
    for i, site in enumerate(sorted(sites)):
        at = start + i * span // max(1, len(sites))
        own = overrides.get(site, {})
        fields = dict(minute=str(at % 60), hour=str(at // 60))
        if "cron" in own:
            parts = own["cron"].split()
            if len(parts) != 5:
                raise ValueError(f"sites.{site}.cron: expected 5 crontab fields, got {own['cron']!r}")
            fields = dict(zip(("minute", "hour", "day", "month", "day_of_week"), parts))
        out.append(
            SiteSchedule(
                site=site,
                **fields,
                jitter=int(own.get("jitter", jitter)),
                time_limit=int(own.get("time_limit", defaults.get("time_limit", 3600))),
                incremental_depth=int(own.get("incremental_depth", defaults.get("incremental_depth", 1))),
                enabled=bool(own.get("enabled", True)),
            )
        )
    return out

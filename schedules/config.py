"""Which site is crawled when: staggered nightly defaults, per-site overrides from a TOML file.

The file format is documented in docs/schedule.md. The file is validated as a
whole before anything is scheduled: a wrong type, a value out of range or a
misspelled key is an error naming the key and the value, never a silent default.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, field_validator
from pydantic_core import ErrorDetails

TIMEZONE = "Asia/Shanghai"
DEFAULT_WINDOW = "01:00-05:00"
DEFAULT_QUEUE = "rdarchive"
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_QUEUE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


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
    queue: str = DEFAULT_QUEUE

    @property
    def cron(self) -> str:
        return f"{self.minute} {self.hour} {self.day} {self.month} {self.day_of_week}"


class _Settings(BaseModel):
    """Keys allowed both in [defaults] and in [sites.<slug>]."""

    model_config = ConfigDict(extra="forbid", strict=True)

    jitter: StrictInt | None = Field(default=None, ge=0)
    time_limit: StrictInt | None = Field(default=None, gt=0)
    incremental_depth: StrictInt | None = Field(default=None, ge=1)
    enabled: StrictBool | None = None
    queue: StrictStr | None = None

    @field_validator("queue")
    @classmethod
    def _queue_name(cls, value: str | None) -> str | None:
        if value is not None and not _QUEUE.match(value):
            raise ValueError("a queue name is letters, digits, '.', '_' or '-' (at most 100)")
        return value


class _Defaults(_Settings):
    window: StrictStr | None = None

    @field_validator("window")
    @classmethod
    def _window(cls, value: str | None) -> str | None:
        if value is not None:
            window_minutes(value)
        return value


class _Site(_Settings):
    cron: StrictStr | None = None

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if len(value.split()) != 5:
            raise ValueError("expected 5 crontab fields (minute hour day month day-of-week)")
        try:
            CronTrigger.from_crontab(value, timezone=TIMEZONE)
        except ValueError as e:
            raise ValueError(f"not a valid crontab line ({e})") from None
        return value


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    defaults: _Defaults = Field(default_factory=_Defaults)
    sites: dict[str, _Site] = Field(default_factory=dict)


def window_minutes(window: str) -> tuple[int, int]:
    """'01:00-05:00' -> (60, 300): start and end in minutes after midnight.

    A window may cross midnight ('23:00-03:00'): its end is then on the next day
    and the second number is past 1440.
    """
    m = _WINDOW.match(window.strip())
    if not m:
        raise ValueError("expected HH:MM-HH:MM on a 24-hour clock, e.g. 01:00-05:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError("hours run 00-23 (24:00 only as an end) and minutes 00-59")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end:
        raise ValueError("the window is empty (start and end are the same time)")
    if end < start:
        end += 24 * 60
    return start, end


def _describe(error: ErrorDetails) -> str:
    """One pydantic error as 'key = value: what was expected'."""
    loc = ".".join(str(p) for p in error["loc"])
    value = error.get("input")
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = error["loc"][:-1]
        known = _known_keys(parent)
        close = difflib.get_close_matches(str(error["loc"][-1]), known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{loc}: unknown key{hint}; known keys here: {', '.join(known)}"
    if kind == "bool_type":
        expected = "expected true or false, without quotes"
    elif kind in ("int_type", "int_from_float"):
        expected = "expected a whole number, without quotes"
    elif kind == "string_type":
        expected = "expected a quoted string"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        expected = f"expected a table ([{loc}])"
    elif kind == "greater_than":
        expected = f"expected a number greater than {error['ctx']['gt']}"
    elif kind == "greater_than_equal":
        expected = f"expected a number of at least {error['ctx']['ge']}"
    elif kind == "value_error":
        expected = str(error["ctx"]["error"])
    else:
        expected = error["msg"]
    return f"{loc} = {_toml(value)}: {expected}"


def _known_keys(parent: tuple[Any, ...]) -> list[str]:
    if not parent:
        return sorted(_File.model_fields)
    if parent == ("defaults",):
        return sorted(_Defaults.model_fields)
    return sorted(_Site.model_fields)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return repr(value)


def validate(config: dict[str, Any], source: str = "schedule") -> _File:
    try:
        return _File.model_validate(config)
    except ValidationError as e:
        problems = [_describe(err) for err in e.errors(include_url=False)]
        raise ValueError(f"{source}: " + "; ".join(problems)) from None


def load(path: str | Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such schedule file") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a directory, not a schedule file") from None
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{path}: not valid TOML: {e}") from None
    validate(data, str(path))
    return data


# APScheduler 3 reads day-of-week numbers from Monday = 0, even in from_crontab; a crontab line
# counts from Sunday = 0 (7 too). Numbers are turned into names, which both read alike.
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRONTAB_DAY = {0: "sun", 1: "mon", 2: "tue", 3: "wed", 4: "thu", 5: "fri", 6: "sat", 7: "sun"}


def crontab_days(field: str) -> str:
    """A crontab day-of-week field in APScheduler's terms: '1-5' -> 'mon-fri', '0,6' -> 'sat-sun'."""
    if "/" in field or not re.fullmatch(r"[0-7](-[0-7])?(,[0-7](-[0-7])?)*", field):
        return field  # names, '*' or steps: the same in both
    days: set[str] = set()
    for part in field.split(","):
        a, _, b = part.partition("-")
        days |= {_CRONTAB_DAY[d] for d in range(int(a), int(b or a) + 1)}
    runs: list[list[str]] = []
    for name in _WEEK:
        if name not in days:
            continue
        if runs and _WEEK.index(runs[-1][-1]) == _WEEK.index(name) - 1:
            runs[-1].append(name)
        else:
            runs.append([name])
    return ",".join(r[0] if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def schedules(
    sites: Sequence[str], config: dict[str, Any] | None = None, source: str = "schedule"
) -> list[SiteSchedule]:
    """One schedule per site: staggered over the nightly window unless the file says otherwise."""
    parsed = validate(config or {}, source)
    defaults, overrides = parsed.defaults, parsed.sites
    unknown = set(overrides) - set(sites)
    if unknown:
        raise ValueError(f"{source}: schedule file names unknown sites: {', '.join(sorted(unknown))}")
    window = defaults.window or DEFAULT_WINDOW
    start, end = window_minutes(window)
    jitter = 300 if defaults.jitter is None else defaults.jitter
    # Slots end early enough that jitter never pushes a start past the window.
    span = end - start - jitter // 60 - 1
    if span < 1:
        raise ValueError(
            f"{source}: defaults.jitter = {jitter}: longer than the window {window} "
            f"({end - start} minutes); leave room for the sites' start times"
        )
    out = []
    for i, site in enumerate(sorted(sites)):
        at = (start + i * span // max(1, len(sites))) % (24 * 60)
        own = overrides.get(site, _Site())
        fields = dict(minute=str(at % 60), hour=str(at // 60))
        if own.cron is not None:
            fields = dict(zip(("minute", "hour", "day", "month", "day_of_week"), own.cron.split()))
            fields["day_of_week"] = crontab_days(fields["day_of_week"])
        out.append(
            SiteSchedule(
                site=site,
                **fields,
                jitter=_first(own.jitter, jitter),
                time_limit=_first(own.time_limit, defaults.time_limit, 3600),
                incremental_depth=_first(own.incremental_depth, defaults.incremental_depth, 1),
                enabled=_first(own.enabled, defaults.enabled, True),
                queue=_first(own.queue, defaults.queue, DEFAULT_QUEUE),
            )
        )
    return out


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)

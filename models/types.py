"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from core.zone import SHANGHAI


class AwareDateTime(TypeDecorator[datetime]):
    """Time-zone aware timestamps on every backend.

    SQLite has no time-zone type and hands back naive values, so everything is
    stored as UTC and read back as Asia/Shanghai: the same answer on SQLite and
    PostgreSQL, and no naive datetime ever leaves the database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: every stored time must be time-zone aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(SHANGHAI)


def utcnow() -> datetime:
    return datetime.now(UTC)

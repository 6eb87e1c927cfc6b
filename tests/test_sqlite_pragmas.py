"""SQLite archives: WAL journal and synchronous=NORMAL on every connection (README.md, "Database")."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.db import make_engine


@pytest.fixture
def pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    with engine.connect() as conn:
        values = {name: conn.execute(text(f"PRAGMA {name}")).scalar() for name in ("journal_mode", "synchronous")}
    engine.dispose()
    return values


def test_journal_is_wal(pragmas):
    assert pragmas["journal_mode"] == "wal"


def test_synchronous_is_normal(pragmas):
    # 1 is NORMAL (0 OFF, 2 FULL, 3 EXTRA).
    assert pragmas["synchronous"] == 1

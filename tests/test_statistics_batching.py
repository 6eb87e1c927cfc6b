"""Planner statistics of the near-duplicate index: refreshed when enough changed, not after every run."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.db import open_archive
from models.neardup_index import ANALYZE_FLOOR, analyze_due, refresh_statistics_if_due
from rdarchive.spiders import spider_for
from tests.site_checks import crawl_fixture_site

NpcSpider = spider_for("npc")


def test_never_analyzed_table_is_due():
    assert analyze_due(live_rows=0, changed_rows=0, analyzed=False)


def test_a_few_changes_are_not_due():
    assert not analyze_due(live_rows=100_000, changed_rows=ANALYZE_FLOOR, analyzed=True)


def test_a_tenth_changed_is_due():
    assert analyze_due(live_rows=100_000, changed_rows=ANALYZE_FLOOR + 10_001, analyzed=True)


def analyze_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT analyze_count FROM pg_stat_user_tables WHERE relid = CAST(to_regclass('lsh_keys') AS oid)")
        ).scalar()


@pytest.fixture
def two_runs(pg_url, tmp_path):
    """Two crawls of the NPC fixture world into one PostgreSQL archive; ANALYZEs of lsh_keys counted."""
    engine = open_archive(pg_url)[0]
    counts = [analyze_count(engine)]
    crawl_fixture_site(NpcSpider, tmp_path / "1", db_url=pg_url)
    counts.append(analyze_count(engine))
    crawl_fixture_site(NpcSpider, tmp_path / "2", db_url=pg_url, full=True)
    counts.append(analyze_count(engine))
    second_call = refresh_statistics_if_due(engine)
    engine.dispose()
    return counts, second_call


def test_first_run_analyzes_the_new_index(two_runs):
    assert two_runs[0][1] - two_runs[0][0] == 1


def test_second_small_run_does_not_analyze_again(two_runs):
    assert (two_runs[0][2] - two_runs[0][1], two_runs[1]) == (0, False)

"""Schedule configuration: every mistake is an error naming the key and the value, never a silent default."""

from __future__ import annotations

import subprocess
import sys
from datetime import time as clock
from pathlib import Path

import pytest

from schedules import config
from tests.conftest import ROOT, sqlite_url
from tests.reliability_plugin import case

SITES = ["npc", "bjrd", "hnrd", "shrd"]


def error(cfg: dict) -> str:
    with pytest.raises(ValueError) as e:
        config.schedules(SITES, cfg)
    return str(e.value)


@case("schedule", 'enabled = "false" (a string)', "refused, naming sites.npc.enabled and the quoted value")
def test_enabled_as_a_string_is_refused():
    assert 'sites.npc.enabled = "false": expected true or false' in error({"sites": {"npc": {"enabled": "false"}}})


def test_enabled_false_disables_the_site():
    plans = config.schedules(SITES, {"sites": {"npc": {"enabled": False}}})
    assert [p.site for p in plans if not p.enabled] == ["npc"]


def test_defaults_enabled_false_is_overridden_per_site():
    plans = config.schedules(SITES, {"defaults": {"enabled": False}, "sites": {"npc": {"enabled": True}}})
    assert [p.site for p in plans if p.enabled] == ["npc"]


@case(
    "schedule",
    'window = "05:00-01:00" (crossing midnight)',
    "a 20-hour window from 05:00 to 01:00 the next day: sites spread over it, not all at 05:00",
)
def test_window_crossing_midnight_spreads_the_sites():
    plans = config.schedules(SITES, {"defaults": {"window": "05:00-01:00", "jitter": 0}})
    starts = [int(p.hour) * 60 + int(p.minute) for p in plans]
    assert len(set(starts)) == len(SITES) and all(s >= 5 * 60 for s in starts)


def test_window_crossing_midnight_wraps_past_midnight():
    plans = config.schedules(SITES, {"defaults": {"window": "23:00-03:00", "jitter": 0}})
    hours = {int(p.hour) for p in plans}
    assert {23, 0} <= hours <= {23, 0, 1, 2}


def test_default_window_stays_in_the_night():
    plans = config.schedules(SITES)
    assert all(clock(1, 0) <= clock(int(p.hour), int(p.minute)) < clock(5, 0) for p in plans)


@case("schedule", 'window = "01:00-01:00" (empty)', "refused: the window is empty")
def test_empty_window_is_refused():
    assert 'defaults.window = "01:00-01:00": the window is empty' in error({"defaults": {"window": "01:00-01:00"}})


@case("schedule", 'window = "1am-5am"', "refused, naming defaults.window and the expected HH:MM-HH:MM form")
def test_window_in_words_is_refused():
    assert 'defaults.window = "1am-5am": expected HH:MM-HH:MM' in error({"defaults": {"window": "1am-5am"}})


def test_window_hour_out_of_range_is_refused():
    assert "hours run 00-23" in error({"defaults": {"window": "01:00-25:00"}})


@case("schedule", "time_limit = -5", "refused: expected a number greater than 0")
def test_negative_time_limit_is_refused():
    assert "sites.npc.time_limit = -5: expected a number greater than 0" in error(
        {"sites": {"npc": {"time_limit": -5}}}
    )


@case("schedule", "defaults = 3 (not a table)", "refused: expected a table ([defaults]), no AttributeError")
def test_defaults_not_a_table_is_refused():
    assert "defaults = 3: expected a table ([defaults])" in error({"defaults": 3})


@case("schedule", 'jitter = "abc"', "refused: expected a whole number, naming defaults.jitter")
def test_jitter_as_text_is_refused():
    assert 'defaults.jitter = "abc": expected a whole number' in error({"defaults": {"jitter": "abc"}})


def test_jitter_as_a_fraction_is_refused():
    assert "defaults.jitter = 1.5: expected a whole number" in error({"defaults": {"jitter": 1.5}})


def test_jitter_longer_than_the_window_is_refused():
    assert "defaults.jitter = 36000: longer than the window" in error({"defaults": {"jitter": 36000}})


@case("schedule", "a misspelled key (windw, crom, sitez)", "refused, naming the key and the key it resembles")
def test_misspelled_default_key_is_refused():
    assert "defaults.windw: unknown key (did you mean 'window'?)" in error({"defaults": {"windw": "01:00-02:00"}})


def test_misspelled_site_key_is_refused():
    assert "sites.npc.crom: unknown key (did you mean 'cron'?)" in error({"sites": {"npc": {"crom": "0 2 * * *"}}})


def test_misspelled_top_level_key_is_refused():
    assert "sitez: unknown key (did you mean 'sites'?)" in error({"sitez": {}})


def test_window_is_not_a_site_key():
    assert "sites.npc.window: unknown key" in error({"sites": {"npc": {"window": "01:00-02:00"}}})


@case("schedule", 'cron = "61 2 * * *"', "refused, naming sites.npc.cron and the field out of range")
def test_cron_out_of_range_is_refused():
    assert 'sites.npc.cron = "61 2 * * *": not a valid crontab line' in error(
        {"sites": {"npc": {"cron": "61 2 * * *"}}}
    )


def test_cron_with_too_few_fields_is_refused():
    assert "expected 5 crontab fields" in error({"sites": {"npc": {"cron": "every night"}}})


def test_unknown_site_is_refused():
    assert "unknown sites: nosuch" in error({"sites": {"nosuch": {"cron": "0 1 * * *"}}})


def test_queue_name_with_spaces_is_refused():
    assert 'defaults.queue = "a b": a queue name is letters' in error({"defaults": {"queue": "a b"}})


def test_every_problem_is_reported_at_once():
    message = error({"defaults": {"jitter": "abc", "time_limit": -5}})
    assert "defaults.jitter" in message and "defaults.time_limit" in message


def test_site_override_keeps_the_other_defaults():
    plans = config.schedules(SITES, {"defaults": {"time_limit": 900}, "sites": {"npc": {"cron": "30 2 * * 1-5"}}})
    npc = next(p for p in plans if p.site == "npc")
    assert (npc.cron, npc.time_limit) == ("30 2 * * mon-fri", 900)


@pytest.fixture(scope="module")
def cli_refusal(tmp_path_factory) -> subprocess.CompletedProcess:
    """`rdarchive schedule --list --config bad.toml` with a string where a boolean belongs."""
    tmp = tmp_path_factory.mktemp("badconfig")
    bad = tmp / "schedule.toml"
    bad.write_text('[defaults]\nwindow = "01:00-05:00"\n\n[sites.npc]\nenabled = "false"\n', encoding="utf-8")
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "rdarchive"),
            "--db",
            sqlite_url(tmp),
            "schedule",
            "--list",
            "--config",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@case("schedule", "`rdarchive schedule` with a bad schedule file", "one line naming the file, key and value; exit 2")
def test_cli_names_file_key_and_value(cli_refusal):
    assert cli_refusal.stderr.strip().endswith(
        'schedule.toml: sites.npc.enabled = "false": expected true or false, without quotes'
    )


def test_cli_refusal_is_one_line(cli_refusal):
    assert (cli_refusal.returncode, len(cli_refusal.stderr.strip().splitlines())) == (2, 1)

"""One settings object for every RDARCHIVE_* setting (core/settings.py), and its generated doc."""

from __future__ import annotations

import pytest

from core.settings import CrawlSettings, environment, setting_name
from rdarchive.spiders import project_settings
from tools.configuration_doc import DOC, render


def test_configuration_doc_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), "run .venv/bin/python tools/configuration_doc.py"


def test_environment_variable_is_read(monkeypatch):
    monkeypatch.setenv("RDARCHIVE_WARC_MAX_BYTES", "4000")
    assert environment().warc_max_bytes == 4000


def test_unset_variable_takes_its_default(monkeypatch):
    monkeypatch.delenv("RDARCHIVE_PROGRESS_INTERVAL", raising=False)
    assert environment().progress_interval == 10.0


def test_warc_zero_turns_capture_off(monkeypatch):
    monkeypatch.setenv("RDARCHIVE_WARC", "0")
    assert environment().warc is False


def test_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("RDARCHIVE_PROGRESS_INTERVAL", "often")
    with pytest.raises(ValueError, match="RDARCHIVE_PROGRESS_INTERVAL='often'"):
        environment()


def test_bad_value_is_one_line(monkeypatch):
    monkeypatch.setenv("RDARCHIVE_WARC_MAX_BYTES", "-1")
    with pytest.raises(ValueError) as raised:
        environment()
    assert "\n" not in str(raised.value)


def test_crawl_settings_are_not_read_from_the_environment(monkeypatch):
    # A leftover variable must not let a live crawl reach private addresses.
    monkeypatch.setenv("RDARCHIVE_ALLOW_PRIVATE", "1")
    assert CrawlSettings().allow_private is False


def test_project_settings_hold_every_crawl_setting():
    settings = project_settings()
    assert all(settings.get(setting_name(name)) is not None for name in CrawlSettings.model_fields)

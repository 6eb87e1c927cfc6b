"""Polite by default: what every live crawl starts with."""

from __future__ import annotations

from rdarchive.spiders import project_settings

SETTINGS = project_settings()


def test_robots_txt_obeyed():
    assert SETTINGS.getbool("ROBOTSTXT_OBEY")


def test_autothrottle_on():
    assert SETTINGS.getbool("AUTOTHROTTLE_ENABLED")


def test_per_site_concurrency_limited():
    assert SETTINGS.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2


def test_download_delay():
    assert SETTINGS.getfloat("DOWNLOAD_DELAY") >= 1.0


def test_user_agent_names_project():
    assert SETTINGS.get("USER_AGENT").startswith("rdarchive/")


def test_user_agent_has_contact_url():
    assert "+http" in SETTINGS.get("USER_AGENT")


def test_live_settings_use_the_network_handlers():
    assert "crawlers.replay.ReplayDownloadHandler" not in str(SETTINGS.get("DOWNLOAD_HANDLERS"))

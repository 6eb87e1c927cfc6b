"""Shared test fixtures: the replay server, crawls through the real engine, databases.

Crawls run inside this one test process on pytest-twisted's reactor (the
Twisted reactor cannot be restarted, so no test starts its own).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy.crawler import Crawler, CrawlerRunner
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from crawlers.replay import replay_settings
from models.db import open_archive
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.spiders import project_settings

# The site suites' helper modules: plain asserts there explain themselves too.
pytest.register_assert_rewrite("tests.site_checks", "tests.template_checks")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SITES = FIXTURES / "sites"
SHARED = Path(os.environ.get("RDARCHIVE_SHARED", ROOT.parent / "shared"))
PG_URL = os.environ.get("RDARCHIVE_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def need_shared(*parts: str) -> Path:
    """A path in ../shared; skips with a reason when it is absent, but fails on CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the real pages in ../shared are needed for this test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def site_root(slug: str) -> Path:
    return SITES / slug / "site"


def expected_articles(slug: str) -> dict[str, dict[str, Any]]:
    """Expected fields per article URL, from tests/fixtures/sites/<slug>/expected/*.json."""
    out = {}
    for path in sorted((SITES / slug / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "url" in data:
            out[data["url"]] = data
    return out


@pytest.fixture
def replay():
    """Factory: start a replay server; all are stopped at the end of the test."""
    servers: list[ReplayServer] = []

    def start(roots=(), files=None, routes: dict[str, Route] | None = None) -> ReplayServer:
        server = ReplayServer(roots=list(roots), files=files, routes=routes).start()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()


def crawl(
    spidercls: type, db_url: str, server: ReplayServer, settings: dict | None = None, **spider_kwargs: Any
) -> Crawler:
    """Run one spider through the real Scrapy engine against the replay server."""
    extra = settings or {}
    settings = project_settings().copy()
    settings.setdict(
        {
            **replay_settings(server.origin),
            "RDARCHIVE_DB": db_url,
            "LOG_LEVEL": "WARNING",
            "RDARCHIVE_PROGRESS_INTERVAL": 0,
            **extra,
        },
        priority="cmdline",
    )
    runner = CrawlerRunner(settings)
    crawler = runner.create_crawler(spidercls)
    pytest_twisted.blockon(runner.crawl(crawler, **spider_kwargs))
    return crawler


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'archive.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as e:  # noqa: BLE001 - report any connection problem plainly
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is needed: {e}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable: {e}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """Every storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("pg_url")


def sessions_for(url: str) -> sessionmaker[Session]:
    return open_archive(url)[1]


@pytest.fixture(scope="session")
def browse_world(tmp_path_factory):
    """An archive with a changed article and a cluster, made by real crawls (tests/browse_world.py)."""
    from tests import browse_world as world

    return world.build(tmp_path_factory.mktemp("browse-world"))


@pytest.fixture(scope="session")
def browse_world_pg(tmp_path_factory):
    """The same archive on PostgreSQL, in a schema of its own."""
    from tests import browse_world as world
    from tests.test_interruption import pg_schema_url

    url, _, drop = pg_schema_url("browse")
    yield world.build(tmp_path_factory.mktemp("browse-world-pg"), db_url=url)
    drop()

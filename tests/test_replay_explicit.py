"""Replay is explicit: never the environment's, always announced, recorded, and never mixed with live runs.

A replayed crawl stores what a local server answered under the real sites'
URLs. That is what tests and the demo want, and exactly what must never happen
by accident: a leftover RDARCHIVE_REPLAY variable once turned a live crawl into
a replay with the private-address check off, and the run said SUCCEEDED.
"""

from __future__ import annotations

import importlib
import sys

import pytest
import pytest_twisted
from scrapy.crawler import CrawlerRunner
from sqlalchemy import select

import crawlers.settings
from crawlers.replay import MixedArchive, replay_settings
from models.db import open_archive
from models.store import ArchiveStore
from models.tables import CrawlRun
from rdarchive.crawl import crawl_settings
from rdarchive.replay_server import ReplayServer
from rdarchive.spiders import project_settings, spider_for
from tests.conftest import expected_articles, site_root, sqlite_url
from tests.offline import BIN, dead_proxy_env, one_line_error, rd, run
from tests.reliability_plugin import case
from tests.test_interruption import pg_schema_url

EXPECTED = expected_articles("npc")
NpcSpider = spider_for("npc")
ARTICLE = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
# A host under .invalid never resolves (RFC 6761): a live crawl of it fails before any connection.
NOWHERE = "www.npc.invalid"


def runs_of(db: str) -> list[CrawlRun]:
    with open_archive(db)[1]() as s:
        return list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))


def add_run(db: str, replay: str | None) -> None:
    """An archive holding one finished run, live (replay None) or replayed."""
    store = ArchiveStore(open_archive(db)[1])
    store.finish_run(store.start_run(["npc"], replay=replay), "succeeded")


@pytest.fixture(scope="module")
def server():
    with ReplayServer(roots=[site_root("npc")]) as s:
        yield s


# -- a leftover environment variable -------------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def leftover_env_crawl(request, server, tmp_path_factory):
    """`rdarchive crawl`'s settings built while RDARCHIVE_REPLAY is set in the environment, then a crawl."""
    if request.param == "sqlite":
        db_url = sqlite_url(tmp_path_factory.mktemp("leftover"))
    else:
        db_url, _, drop = pg_schema_url("leftover")
        request.addfinalizer(drop)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("RDARCHIVE_REPLAY", server.origin)
    importlib.reload(crawlers.settings)  # the settings module as a fresh process would import it
    try:
        settings = crawl_settings(db_url, log_level="WARNING")
        settings.setdict({"RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 5}, priority="cmdline")
        spider = type("NowhereNpcSpider", (NpcSpider,), {"allowed_domains": [NOWHERE]})
        runner = CrawlerRunner(settings)
        crawler = runner.create_crawler(spider)
        pytest_twisted.blockon(runner.crawl(crawler, urls=[f"http://{NOWHERE}/npc/c2/c30834/index.html"]))
    finally:
        monkeypatch.undo()
        importlib.reload(crawlers.settings)
    return server.requested[:], runs_of(db_url)


@case(
    "replay",
    "A leftover RDARCHIVE_REPLAY environment variable during a live crawl",
    "ignored: the crawl stays live (the replay server receives no request) and its run is recorded as live",
)
def test_leftover_variable_never_reaches_the_replay_server(leftover_env_crawl):
    assert leftover_env_crawl[0] == []


@case(
    "replay",
    "A leftover RDARCHIVE_REPLAY environment variable: the run row",
    "the run is recorded as a live crawl (crawl_runs.replay is NULL)",
)
def test_leftover_variable_run_recorded_live(leftover_env_crawl):
    assert [r.replay for r in leftover_env_crawl[1]] == [None]


def test_project_settings_ignore_the_variable():
    code = (
        "from rdarchive.spiders import project_settings; s = project_settings(); "
        "print(repr(s.get('RDARCHIVE_REPLAY')), s.getbool('RDARCHIVE_ALLOW_PRIVATE'), s.getdict('DOWNLOAD_HANDLERS'))"
    )
    result = run(sys.executable, "-c", code, env={"RDARCHIVE_REPLAY": "http://127.0.0.1:9"})
    assert result.stdout.split() == ["''", "False", "{}"]


# -- an explicit replay: announced and recorded ------------------------------------------------
@pytest.fixture(scope="module")
def replayed(server, tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('replayed') / 'archive.db'}"
    result = rd(db, "crawl", "--site", "npc", "--replay", server.origin, env={"RDARCHIVE_PROGRESS_INTERVAL": "0"})
    return db, result


@case(
    "replay",
    "`rdarchive crawl --replay ORIGIN`: what the user is told",
    "a REPLAY line naming the origin before the crawl starts, and the run summary says replay from ORIGIN",
)
def test_replay_announced_before_the_crawl(replayed, server):
    first = replayed[1].stderr.splitlines()[0]
    assert "REPLAY" in first and server.origin in first


def test_replay_named_in_the_run_summary(replayed, server):
    assert f"SUCCEEDED (replay from {server.origin})" in replayed[1].stdout


def test_replay_recorded_on_the_run_row(replayed, server):
    assert [r.replay for r in runs_of(replayed[0])] == [server.origin]


def test_runs_command_shows_replay(replayed, server):
    assert f"(replay from {server.origin})" in rd(replayed[0], "runs").stdout


def test_replayed_articles_stored(replayed):
    assert f"{len(EXPECTED)} new" in replayed[1].stdout


# -- never mixed with live runs ------------------------------------------------------------------
@pytest.fixture
def replay_into_live(server, db_url):
    add_run(db_url, replay=None)
    before = len(server.requested)
    result = rd(db_url, "crawl", "--site", "npc", "--replay", server.origin)
    return result, server.requested[before:], runs_of(db_url)


@case(
    "replay",
    "A replayed crawl into an archive that holds live runs",
    "refused before any request or run row: exit 2, one line naming the archive and --mixed-archive",
)
def test_replay_into_live_archive_refused(replay_into_live):
    result, requested, runs = replay_into_live
    assert (result.returncode, requested, len(runs)) == (2, [], 1)
    assert one_line_error(result) and "--mixed-archive" in result.stderr


@pytest.fixture
def live_into_replayed(db_url):
    add_run(db_url, replay="http://127.0.0.1:9")
    result = rd(db_url, "crawl", "--site", "npc", "--url", ARTICLE, env=dead_proxy_env())
    return result, runs_of(db_url)


@case(
    "replay",
    "A live crawl into an archive that holds replayed runs (tests, the demo)",
    "refused before any request or run row: exit 2, one line; replayed texts and real ones are never mixed "
    "unless --mixed-archive is given",
)
def test_live_into_replayed_archive_refused(live_into_replayed):
    result, runs = live_into_replayed
    assert (result.returncode, len(runs)) == (2, 1)
    assert one_line_error(result) and "replayed" in result.stderr


def test_mixed_archive_when_asked(server, tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    add_run(db, replay=None)
    result = rd(db, "crawl", "--site", "npc", "--replay", server.origin, "--mixed-archive")
    assert result.returncode == 0 and [r.replay for r in runs_of(db)] == [None, server.origin]


@pytest.fixture
def recorder_refusal(server, tmp_path):
    """The test harness's way: a replayed crawl through CrawlerRunner into an archive of live runs."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    add_run(db, replay=None)
    before = len(server.requested)
    settings = project_settings().copy()
    settings.setdict({**replay_settings(server.origin), "RDARCHIVE_DB": db, "LOG_LEVEL": "WARNING"}, "cmdline")
    errors: list = []
    pytest_twisted.blockon(CrawlerRunner(settings).crawl(NpcSpider).addErrback(errors.append))
    return [e.type for e in errors], len(runs_of(db)), server.requested[before:]


@case(
    "replay",
    "A replayed crawl into a live archive through the Scrapy API (the test harness, `scrapy crawl`)",
    "the run recorder refuses it when the crawler is built (MixedArchive): no run row, no request",
)
def test_recorder_refuses_mixing(recorder_refusal):
    assert recorder_refusal == ([MixedArchive], 1, [])


def test_scrapy_crawl_replays_when_asked_on_its_command_line(server, tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = run(
        str(BIN / "scrapy"), "crawl", "npc", "-s", f"RDARCHIVE_REPLAY={server.origin}", env={"RDARCHIVE_DB": db}
    )
    assert [r.replay for r in runs_of(db)] == [server.origin], result.stderr[-2000:]

"""The command line as a user runs it: separate processes, a local replay server, a fresh database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import head_revision
from rdarchive.replay_server import ReplayServer
from tests.conftest import ROOT, expected_articles, site_root

BIN = Path(sys.executable).parent
EXPECTED = expected_articles("npc")
ARTICLE = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
ARTICLE_FILE = site_root("npc") / "www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"


def run(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


def rd(db: str, *args: str, **kw) -> subprocess.CompletedProcess:
    return run(str(BIN / "rdarchive"), "--db", db, *args, **kw)


@pytest.fixture(scope="module")
def server():
    with ReplayServer(roots=[site_root("npc")]) as s:
        yield s


@pytest.fixture(scope="module")
def crawled(server, tmp_path_factory):
    """`rdarchive crawl --site npc` against the replay server."""
    directory = tmp_path_factory.mktemp("cli")
    db = f"sqlite:///{directory / 'archive.db'}"
    result = rd(db, "crawl", "--site", "npc", "--replay", server.origin, env={"RDARCHIVE_PROGRESS_INTERVAL": "0.005"})
    return db, directory, result


def test_crawl_exit_status_is_success(crawled):
    assert crawled[2].returncode == 0, crawled[2].stderr[-2000:]


def test_crawl_prints_summary(crawled):
    assert f"{len(EXPECTED)} new" in crawled[2].stdout


def test_crawl_logs_progress(crawled):
    log_file = crawled[2].stderr.split("rdarchive: crawl log: ", 1)[1].split()[0]
    assert "articles (" in Path(log_file).read_text(encoding="utf-8")


def test_export_writes_one_line_per_article(crawled):
    out = crawled[1] / "all.jsonl"
    rd(crawled[0], "export", "--out", str(out))
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(EXPECTED)


def test_export_lines_are_articles(crawled):
    out = crawled[1] / "lines.jsonl"
    rd(crawled[0], "export", "--out", str(out))
    urls = {json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert urls == set(EXPECTED)


def test_export_refuses_to_overwrite(crawled):
    out = crawled[1] / "exists.jsonl"
    out.write_text("keep me", encoding="utf-8")
    result = rd(crawled[0], "export", "--out", str(out))
    assert (result.returncode, out.read_text(encoding="utf-8")) == (2, "keep me")


def test_search_finds_phrase(crawled):
    result = rd(crawled[0], "search", "基层代表", "--json")
    assert ARTICLE in {h["url"] for h in json.loads(result.stdout)}


def test_db_option_after_the_command_name(crawled):
    result = run(str(BIN / "rdarchive"), "search", "基层代表", "--json", "--db", crawled[0])
    assert ARTICLE in {h["url"] for h in json.loads(result.stdout)}


def test_version_option():
    assert run(str(BIN / "rdarchive"), "--version").stdout.startswith("rdarchive ")


def test_sites_json_lists_npc(crawled):
    rows = json.loads(rd(crawled[0], "sites", "--json").stdout)
    assert "npc" in [r["site"] for r in rows]


def test_runs_lists_the_crawl(crawled):
    assert "SUCCEEDED" in rd(crawled[0], "runs").stdout


def test_crawl_without_site_is_a_usage_error(tmp_path):
    assert rd(f"sqlite:///{tmp_path / 'a.db'}", "crawl").returncode == 2


def test_unknown_site_is_a_usage_error(tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'a.db'}", "crawl", "--site", "nosuchsite")
    assert result.returncode == 2 and "nosuchsite" in result.stderr


def test_db_upgrade_reports_revision(tmp_path):
    assert f"schema revision: {head_revision()}" in rd(f"sqlite:///{tmp_path / 'a.db'}", "db", "upgrade").stdout


def test_default_database_is_data_archive_db(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "RDARCHIVE_DB"}
    subprocess.run([str(BIN / "rdarchive"), "db", "upgrade"], cwd=tmp_path, env=env, check=True, capture_output=True)
    assert (tmp_path / "data" / "archive.db").is_file()


def test_parse_file_json_title(tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'a.db'}", "parse", str(ARTICLE_FILE), "--url", ARTICLE, "--json")
    assert json.loads(result.stdout)["title"] == EXPECTED[ARTICLE]["title"]


def test_parse_file_json_editors(tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'a.db'}", "parse", str(ARTICLE_FILE), "--url", ARTICLE, "--json")
    assert json.loads(result.stdout)["editors"] == EXPECTED[ARTICLE]["editors"]


def test_parse_url_through_replay(server, tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'a.db'}", "parse", ARTICLE, "--replay", server.origin)
    assert EXPECTED[ARTICLE]["title"] in result.stdout


def test_parse_file_needs_url(tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'a.db'}", "parse", str(ARTICLE_FILE))
    assert result.returncode == 1 and "--url" in result.stderr


def test_parse_missing_page_names_url(server, tmp_path):
    missing = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_999999.html"
    result = rd(f"sqlite:///{tmp_path / 'a.db'}", "parse", missing, "--replay", server.origin)
    assert result.returncode == 1 and missing in result.stderr


@pytest.fixture(scope="module")
def scrapy_crawled(server, tmp_path_factory):
    """`scrapy crawl npc` from the repository root, as in any Scrapy project."""
    db = f"sqlite:///{tmp_path_factory.mktemp('scrapy') / 'archive.db'}"
    result = run(
        str(BIN / "scrapy"), "crawl", "npc", "-s", f"RDARCHIVE_REPLAY={server.origin}", env={"RDARCHIVE_DB": db}
    )
    return db, result


def test_scrapy_crawl_stores_articles(scrapy_crawled):
    out = rd(scrapy_crawled[0], "export", "--out", "-").stdout
    assert len(out.splitlines()) == len(EXPECTED)


def test_scrapy_list():
    assert "npc" in run(str(BIN / "scrapy"), "list").stdout.split()


def test_sites_json_says_why_a_site_is_unsupported(tmp_path):
    rows = {r["site"]: r for r in json.loads(rd(f"sqlite:///{tmp_path / 'a.db'}", "sites", "--json").stdout)}
    assert rows["sxrd"]["evidence"] == "unsupported" and "single-page app" in rows["sxrd"]["evidence_note"]


def test_sites_lists_every_province(tmp_path):
    rows = json.loads(rd(f"sqlite:///{tmp_path / 'a.db'}", "sites", "--json").stdout)
    assert len({r["province"] for r in rows if r["province"] != "全国"}) == 31


def test_sites_name_a_district_congress_jurisdiction(tmp_path):
    rows = {r["site"]: r for r in json.loads(rd(f"sqlite:///{tmp_path / 'a.db'}", "sites", "--json").stdout)}
    assert (rows["bsrd"]["jurisdiction"], rows["npc"]["jurisdiction"]) == ("上海市 宝山区", "全国")


def _explode(args):
    raise RuntimeError("a fault nobody foresaw")


def test_unexpected_error_is_one_line(monkeypatch, capsys, tmp_path):
    from rdarchive import cli

    monkeypatch.setitem(cli.COMMANDS, "runs", _explode)
    code = cli.main(["runs", "--db", f"sqlite:///{tmp_path / 'a.db'}"])
    err = capsys.readouterr().err
    assert (code, err.count("\n"), "Traceback" in err) == (1, 1, False)


def test_unexpected_error_names_the_command(monkeypatch, capsys, tmp_path):
    from rdarchive import cli

    monkeypatch.setitem(cli.COMMANDS, "runs", _explode)
    cli.main(["runs", "--db", f"sqlite:///{tmp_path / 'a.db'}"])
    assert "unexpected error in runs: RuntimeError: a fault nobody foresaw" in capsys.readouterr().err


def test_unexpected_error_traceback_with_verbose(monkeypatch, tmp_path):
    from rdarchive import cli

    monkeypatch.setitem(cli.COMMANDS, "runs", _explode)
    with pytest.raises(RuntimeError):
        cli.main(["-v", "runs", "--db", f"sqlite:///{tmp_path / 'a.db'}"])

"""What a person sees while a crawl, reprocess or export runs: a progress line per site (crawl) or per 1,000
articles, on a terminal only; Scrapy's own log in a file per crawl, named on its runs, unless -v."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rdarchive.progress import ArticleProgress
from rdarchive.replay_server import ReplayServer
from tests.conftest import ROOT, site_root
from tests.terminal import on_terminal

BIN = Path(sys.executable).parent
RDARCHIVE = str(BIN / "rdarchive")


def rd(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RDARCHIVE, "--db", db, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=os.environ
    )


@pytest.fixture(scope="module")
def server():
    with ReplayServer(roots=[site_root("npc")]) as s:
        yield s


@pytest.fixture(scope="module")
def piped(server, tmp_path_factory):
    """`rdarchive crawl --site npc` with its output going to pipes (a script, a cron job)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('piped') / 'archive.db'}"
    return db, rd(db, "crawl", "--site", "npc", "--replay", server.origin)


def log_file_of(result: subprocess.CompletedProcess) -> Path:
    return Path(re.search(r"rdarchive: crawl log: (\S+)", result.stderr).group(1))


def test_crawl_names_its_log_file(piped):
    assert log_file_of(piped[1]).is_file()


def test_scrapy_log_goes_to_the_file(piped):
    assert "Spider opened" in log_file_of(piped[1]).read_text(encoding="utf-8")


def test_scrapy_log_stays_off_the_terminal(piped):
    assert "[scrapy" not in piped[1].stderr and "Spider opened" not in piped[1].stderr


def test_no_progress_line_in_a_pipe(piped):
    assert " pages [" not in piped[1].stderr


def test_run_row_keeps_the_log_file(piped):
    (run,) = json.loads(rd(piped[0], "runs", "--json").stdout)
    assert run["log_file"] == str(log_file_of(piped[1]))


def test_runs_shows_the_log_file(piped):
    assert f"log: {log_file_of(piped[1])}" in rd(piped[0], "runs").stdout


def test_verbose_crawl_logs_on_the_terminal(server, tmp_path):
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    result = rd(db, "crawl", "--site", "npc", "--replay", server.origin, "-v", "--log-level", "INFO")
    (run,) = json.loads(rd(db, "runs", "--json").stdout)
    assert ("Spider opened" in result.stderr, run["log_file"]) == (True, None)


def test_quiet_crawl_prints_only_the_summary(server, tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'archive.db'}", "-q", "crawl", "--site", "npc", "--replay", server.origin)
    assert [line for line in result.stderr.splitlines() if "crawl log" in line] == []


@pytest.fixture(scope="module")
def on_a_terminal(server, tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('tty') / 'archive.db'}"
    return db, on_terminal(RDARCHIVE, "--db", db, "crawl", "--site", "npc", "--replay", server.origin)


def test_terminal_crawl_shows_a_progress_line_for_the_site(on_a_terminal):
    assert re.search(
        r"npc: \d+ pages \[[\d:]+, +[\d.]+ pages/s, \d+ articles \(\d+ new\), 0 failed\]", on_a_terminal[1]
    )


def test_terminal_progress_line_ends_with_the_site_counts(on_a_terminal):
    lines = re.findall(r"npc: (\d+) pages \[[\d:]+, +[\d.]+ pages/s, (\d+) articles", on_a_terminal[1])
    (run,) = json.loads(rd(on_a_terminal[0], "runs", "--json").stdout)
    assert lines[-1] == (str(run["pages_fetched"]), str(run["new"]))


def test_terminal_export_shows_its_count(on_a_terminal, tmp_path):
    out = on_terminal(RDARCHIVE, "--db", on_a_terminal[0], "export", "--out", str(tmp_path / "a.jsonl"))
    (run,) = json.loads(rd(on_a_terminal[0], "runs", "--json").stdout)
    assert re.search(rf"export: {run['new']} articles \[", out)


def test_terminal_reprocess_shows_its_count_of_the_total(on_a_terminal):
    out = on_terminal(RDARCHIVE, "--db", on_a_terminal[0], "reprocess")
    (run,) = json.loads(rd(on_a_terminal[0], "runs", "--json").stdout)
    assert re.search(rf"reprocess: 100%\|[^|]*\| {run['new']}/{run['new']} ", out)


def test_piped_export_has_no_progress_line(piped, tmp_path):
    result = rd(piped[0], "export", "--out", str(tmp_path / "a.jsonl"))
    assert result.stderr.strip().splitlines() == [
        f"exported {result.stderr.split()[1]} articles to {tmp_path / 'a.jsonl'}"
    ]


def test_article_progress_is_redrawn_every_thousand(monkeypatch):
    shown = io.StringIO()
    monkeypatch.setattr(sys, "stderr", shown)
    with ArticleProgress("export", enabled=True) as progress:
        for _ in range(2500):
            progress.add()
    counts = {int(m) for m in re.findall(r"export: (\d+) articles", shown.getvalue())}
    assert counts == {0, 1000, 2000, 2500}


def test_runs_shows_the_start_with_its_zone(piped):
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d \+08:00 run \d+ \[npc\]", rd(piped[0], "runs").stdout)


def test_sites_shows_the_last_crawl_with_its_zone(piped):
    npc = next(line for line in rd(piped[0], "sites").stdout.splitlines() if line.startswith("npc "))
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d \+08:00 succeeded", npc)

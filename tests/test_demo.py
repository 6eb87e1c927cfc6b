"""`rdarchive demo` as a new user runs it: into its own SQLite file or the archive --db names (PostgreSQL too),
ending with the exact command line that queries what it archived."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.tables import Article
from tests.conftest import ROOT, sessions_for

BIN = Path(sys.executable).parent


def demo(tmp: Path, *options: str) -> subprocess.CompletedProcess:
    """The demo of one sample site (npc), run from the repository root as `make demo` does."""
    env = {k: v for k, v in os.environ.items() if k != "RDARCHIVE_DB"}
    return subprocess.run(
        [str(BIN / "rdarchive"), *options, "demo", "--dir", str(tmp), "--site", "npc"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def hinted_search(stdout: str) -> list[str]:
    """The command line the demo prints for querying its archive, as a user would paste it (with --json)."""
    line = next(x for x in stdout.splitlines() if " --db " in x and x.endswith(" search 常委会"))
    return shlex.split(line) + ["--json"]


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    tmp = tmp_path_factory.mktemp("demo")
    return tmp, demo(tmp)


def test_demo_succeeds(sqlite_demo):
    assert sqlite_demo[1].returncode == 0, sqlite_demo[1].stderr[-2000:]


def test_demo_writes_its_own_sqlite_file(sqlite_demo):
    with sessions_for(f"sqlite:///{sqlite_demo[0] / 'demo.db'}")() as s:
        assert s.scalar(select(func.count()).select_from(Article)) > 0


def test_printed_command_reads_the_demo_archive(sqlite_demo):
    env = {k: v for k, v in os.environ.items() if k != "RDARCHIVE_DB"}
    out = subprocess.run(hinted_search(sqlite_demo[1].stdout), cwd=ROOT, capture_output=True, text=True, env=env)
    assert len(json.loads(out.stdout)) > 0


def test_printed_export_line_names_the_demo_archive(sqlite_demo):
    line = next(x for x in sqlite_demo[1].stdout.splitlines() if x.startswith("export RDARCHIVE_DB="))
    assert line.split()[1] == f"RDARCHIVE_DB=sqlite:///{(sqlite_demo[0] / 'demo.db').resolve()}"


def test_demo_honours_db_on_postgresql(pg_url, tmp_path):
    result = demo(tmp_path, "--db", pg_url)
    with sessions_for(pg_url)() as s:
        stored = s.scalar(select(func.count()).select_from(Article))
    assert (result.returncode, stored > 0, (tmp_path / "demo.db").exists()) == (0, True, False)


def test_printed_command_reads_the_postgresql_demo(pg_url, tmp_path):
    result = demo(tmp_path, "--db", pg_url)
    out = subprocess.run(hinted_search(result.stdout), cwd=ROOT, capture_output=True, text=True)
    assert len(json.loads(out.stdout)) > 0


def test_unknown_demo_site_is_refused_before_anything_is_built(tmp_path):
    result = subprocess.run(
        [str(BIN / "rdarchive"), "demo", "--dir", str(tmp_path), "--site", "nosuch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, "no site 'nosuch'" in result.stderr, (tmp_path / "sample-warc").exists()) == (
        2,
        True,
        False,
    )


def test_demo_crawl_log_goes_to_a_file(sqlite_demo):
    assert "rdarchive: crawl log: " in sqlite_demo[1].stderr and "Spider opened" not in sqlite_demo[1].stderr

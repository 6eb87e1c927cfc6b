"""First contact: what a new user meets when the archive or the output is not what the command expects.

Every fault here once ended in a traceback, a wrong exit status, or worse, an
empty archive created where a typo pointed. Each case runs the real command
line in a child process and checks one thing: the single line it prints, its
exit status, or what it left on disk.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from models.db import open_archive
from models.store import ArchiveStore
from tests.conftest import PG_URL
from tests.offline import BIN, one_line_error, rd
from tests.reliability_plugin import case

ARTICLE = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"

# Every command that only reads the archive, as a user would type it.
READ_COMMANDS: dict[str, tuple[str, ...]] = {
    "search": ("search", "人大"),
    "export": ("export", "--out", "{dir}/out.jsonl"),
    "runs": ("runs",),
    "diff": ("diff", "1"),
    "serve": ("serve", "--no-replay", "--port", "0"),
    "replay": ("replay", "--port", "0"),
    "db current": ("db", "current"),
    "reprocess": ("reprocess",),
    "parse --from-archive": ("parse", "--from-archive", ARTICLE),
}


def run_all(db: str, directory: Path, commands: dict[str, tuple[str, ...]]) -> dict[str, subprocess.CompletedProcess]:
    """Each command once, a few at a time (each is a separate Python start-up)."""

    def one(argv: tuple[str, ...]) -> subprocess.CompletedProcess:
        return rd(db, *(a.format(dir=directory) for a in argv), timeout=120)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(commands, pool.map(one, commands.values()), strict=True))


# -- read commands never create an archive ---------------------------------------------------
@pytest.fixture(scope="module")
def missing_sqlite(tmp_path_factory):
    """Every read command pointed at a file under a folder that does not exist."""
    directory = tmp_path_factory.mktemp("missing")
    db = f"sqlite:///{directory / 'typo' / 'demo.dbb'}"
    return directory, run_all(db, directory, {**READ_COMMANDS, "sites": ("sites", "--json")})


@case("safety", "read command on a missing SQLite file", "exit 1 and one line: no archive at the path")
@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_command_says_no_archive(missing_sqlite, command):
    result = missing_sqlite[1][command]
    assert (result.returncode, "no archive at" in result.stderr) == (1, True), result.stderr[-1500:]


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_command_error_is_one_line(missing_sqlite, command):
    assert one_line_error(missing_sqlite[1][command]), missing_sqlite[1][command].stderr[-1500:]


@case("safety", "read commands on a path under a missing folder", "no folder and no file created")
def test_read_commands_create_nothing(missing_sqlite):
    assert sorted(p.name for p in missing_sqlite[0].iterdir()) == []


def test_sites_listed_without_an_archive(missing_sqlite):
    result = missing_sqlite[1]["sites"]
    assert (result.returncode, '"site": "npc"' in result.stdout) == (0, True), result.stderr[-1500:]


def test_parse_of_a_file_works_without_an_archive(tmp_path):
    page = Path(__file__).parent / "fixtures/sites/npc/site/www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
    result = rd(f"sqlite:///{tmp_path / 'none.db'}", "parse", str(page), "--url", ARTICLE, "--json", timeout=120)
    assert (result.returncode, (tmp_path / "none.db").exists()) == (0, False), result.stderr[-1500:]


@pytest.fixture(scope="module")
def empty_pg_schema():
    """Read commands on a PostgreSQL database that holds no archive (a fresh schema)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as e:  # noqa: BLE001 - any connection problem is a skip here, a failure on CI
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is needed: {e}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable: {e}")
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    commands = {k: READ_COMMANDS[k] for k in ("search", "export", "runs", "db current")}
    results = run_all(url, Path("/nonexistent"), commands)
    tables = inspect(admin).get_table_names(schema=schema)
    yield results, tables
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@case("safety", "read command on a PostgreSQL database without an archive", "exit 1 and one line: no archive at")
@pytest.mark.parametrize("command", ["search", "export", "runs", "db current"])
def test_pg_read_command_says_no_archive(empty_pg_schema, command):
    result = empty_pg_schema[0][command]
    assert (result.returncode, "no archive at" in result.stderr) == (1, True), result.stderr[-1500:]


@case("safety", "read commands on a PostgreSQL database without an archive", "no table created")
def test_pg_read_commands_create_no_table(empty_pg_schema):
    assert empty_pg_schema[1] == []


def test_db_upgrade_creates_the_archive(tmp_path):
    result = rd(f"sqlite:///{tmp_path / 'new' / 'a.db'}", "db", "upgrade", timeout=120)
    assert (result.returncode, (tmp_path / "new" / "a.db").is_file()) == (0, True), result.stderr[-1500:]


# -- archives that cannot be read ------------------------------------------------------------
def corrupted(path: Path) -> Path:
    """A real archive whose pages after the header were overwritten: SQLite's 'malformed' image."""
    open_archive(f"sqlite:///{path}")[0].dispose()
    with path.open("r+b") as fh:
        fh.seek(8192)
        fh.write(os.urandom(path.stat().st_size - 8192))
    return path


def not_a_database(path: Path) -> Path:
    path.write_text("title,url\n人大,http://www.npc.gov.cn/\n", encoding="utf-8")
    return path


def newer_schema(path: Path) -> Path:
    _newer(f"sqlite:///{path}")
    return path


def _newer(db: str) -> None:
    engine = open_archive(db)[0]
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()


BROKEN = {"corrupted": corrupted, "not a database": not_a_database, "schema newer than the code": newer_schema}
EXPECTED_WORDS = {
    "corrupted": "corrupted",
    "not a database": "not an SQLite database",
    "schema newer than the code": "newer",
}


@pytest.fixture(scope="module")
def broken_sqlite(tmp_path_factory):
    out = {}
    for name, make in BROKEN.items():
        directory = tmp_path_factory.mktemp("broken")
        path = make(directory / "archive.db")
        before = path.read_bytes()
        db = f"sqlite:///{path}"
        out[name] = (run_all(db, directory, {"runs": ("runs",), "crawl": ("crawl", "--site", "npc")}), before, path)
    return out


@case("safety", "unreadable SQLite archive (read command)", "exit 1 and one line saying what is wrong with the file")
@pytest.mark.parametrize("fault", BROKEN)
def test_broken_archive_read_command(broken_sqlite, fault):
    result = broken_sqlite[fault][0]["runs"]
    said = one_line_error(result) and EXPECTED_WORDS[fault] in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


@case("safety", "unreadable SQLite archive (crawl)", "exit 1 and one line, before any fetch")
@pytest.mark.parametrize("fault", BROKEN)
def test_broken_archive_crawl(broken_sqlite, fault):
    result = broken_sqlite[fault][0]["crawl"]
    said = one_line_error(result) and EXPECTED_WORDS[fault] in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


@pytest.mark.parametrize("fault", BROKEN)
def test_broken_archive_left_as_it_was(broken_sqlite, fault):
    _, before, path = broken_sqlite[fault]
    assert path.read_bytes() == before


@case("safety", "PostgreSQL archive whose schema is newer than the code", "exit 1 and one line naming both revisions")
def test_pg_newer_schema(pg_url):
    _newer(pg_url)
    result = rd(pg_url, "runs", timeout=120)
    said = one_line_error(result) and "9999_from_the_future" in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


@case("safety", "PostgreSQL database that does not exist", "exit 1 and one line: the database does not exist")
@pytest.mark.parametrize("command", [("runs",), ("crawl", "--site", "npc")])
def test_pg_missing_database(command):
    db = PG_URL.rsplit("/", 1)[0] + f"/rdarchive_missing_{uuid.uuid4().hex[:8]}"
    result = rd(db, *command, timeout=120)
    said = one_line_error(result) and "does not exist" in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


# -- output that goes away ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def archive_with_runs(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('runs') / 'archive.db'}"
    store = ArchiveStore(open_archive(db)[1])
    for _ in range(3):
        store.finish_run(store.start_run(["npc"]), "succeeded")
    return db


@case("safety", "broken pipe (`rdarchive runs | head`)", "exit 0 (the reader has what it wanted), nothing on stderr")
def test_broken_pipe(archive_with_runs):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line is written
    try:
        result = subprocess.run(
            [str(BIN / "rdarchive"), "--db", archive_with_runs, "runs"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")


@case("safety", "`serve` on a port in use", "exit 1 (not 3, which means a partial crawl) and one line naming the port")
def test_serve_port_in_use(archive_with_runs):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = rd(archive_with_runs, "serve", "--no-replay", "--port", str(port), timeout=120)
    said = one_line_error(result) and str(port) in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]

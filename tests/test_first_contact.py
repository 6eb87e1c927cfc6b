"""First contact: what a new user meets when the archive or the output is not what the command expects.

Every fault here once ended in a traceback, a wrong exit status, or worse, an
empty archive created where a typo pointed. Each case runs the real command
line in a child process and checks one thing: the single line it prints, its
exit status, or what it left on disk.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, inspect, select, text

from crawlers.log_cap import LINE_LIMIT
from models.db import open_archive
from models.store import ArchiveStore
from models.tables import CrawlRun
from rdarchive import cli
from rdarchive.crawl import sites_for_all
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.spiders import all_spiders, project_settings, spider_for
from tests import fault_server as fs
from tests.conftest import PG_URL, crawl, expected_articles, site_root, sqlite_url
from tests.offline import BIN, dead_proxy_env, one_line_error, rd
from tests.reliability_plugin import case
from tests.test_interruption import pg_schema_url

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


# -- export outputs that fail or are not files -------------------------------------------------
@pytest.fixture(scope="module")
def crawled_archive(tmp_path_factory) -> str:
    """The NPC fixture world crawled once through the real engine: an archive with articles to export."""
    db = sqlite_url(tmp_path_factory.mktemp("export"))
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawl(spider_for("npc"), db, server)
    return db


def in_private_mount(mount_options: str, script: str) -> subprocess.CompletedProcess:
    """`script` in a user and mount namespace where $M is a fresh tmpfs mounted with these options."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is needed to mount a private file system")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no user namespaces here: {probe.stderr.decode(errors='replace').strip()}")
    mount = f"M=$(mktemp -d) && mount -t tmpfs -o {mount_options} tmpfs $M && {script}"
    return subprocess.run(["unshare", "-rm", "sh", "-c", mount], capture_output=True, text=True, timeout=120)


EXPORT = f"{BIN / 'rdarchive'} --db {{db}} export --force --out"


@case("safety", "export to a full disk (a 16 kB tmpfs)", "exit 1, one line naming the file; no partial file left")
def test_export_full_disk(crawled_archive):
    script = f"{EXPORT.format(db=crawled_archive)} $M/out.jsonl; rc=$?; ls -A $M; exit $rc"
    result = in_private_mount("size=16k", script)
    assert (result.returncode, one_line_error(result), result.stdout) == (1, True, ""), result.stderr[-1500:]


@case("safety", "export to a read-only file system", "exit 1 and one line: Read-only file system")
def test_export_read_only_fs(crawled_archive):
    result = in_private_mount("ro", f"{EXPORT.format(db=crawled_archive)} $M/out.jsonl")
    said = one_line_error(result) and "Read-only file system" in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


@case("safety", "`export --out /dev/full --force`", "exit 1 and one line; /dev/full is still the device")
def test_export_to_dev_full(crawled_archive):
    result = rd(crawled_archive, "export", "--out", "/dev/full", "--force", timeout=120)
    still_device = stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert (result.returncode, one_line_error(result), still_device) == (1, True, True), result.stderr[-1500:]


@case("safety", "export to a directory", "exit 1 and one line; the directory untouched")
def test_export_to_directory(crawled_archive, tmp_path):
    result = rd(crawled_archive, "export", "--out", str(tmp_path), "--force", timeout=120)
    said = one_line_error(result) and "directory" in result.stderr
    assert (result.returncode, said, list(tmp_path.iterdir())) == (1, True, []), result.stderr[-1500:]


@case("safety", "export into a missing folder", "exit 1 and one line naming the folder; no folder created")
def test_export_to_missing_folder(crawled_archive, tmp_path):
    result = rd(crawled_archive, "export", "--out", str(tmp_path / "typo" / "out.jsonl"), timeout=120)
    said = one_line_error(result) and "no folder" in result.stderr
    assert (result.returncode, said, list(tmp_path.iterdir())) == (1, True, []), result.stderr[-1500:]


@pytest.fixture(scope="module")
def after_killed_export(crawled_archive, tmp_path_factory):
    """What a SIGKILLed export leaves (its .part, half a line at the end), then the next export."""
    directory = tmp_path_factory.mktemp("killed")
    (directory / "out.jsonl.part").write_bytes(b'{"url": "http://www.npc.gov.cn/half')
    result = rd(crawled_archive, "export", "--out", str(directory / "out.jsonl"), timeout=120)
    return directory, result


@case("safety", "export after a SIGKILLed one (its .part left)", "the .part reused and gone; a complete export")
def test_killed_export_part_gone(after_killed_export):
    assert sorted(p.name for p in after_killed_export[0].iterdir()) == ["out.jsonl"]


def test_killed_export_then_complete(after_killed_export):
    lines = (after_killed_export[0] / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["url"] for line in lines} == set(expected_articles("npc"))


@case("safety", "export to a FIFO", "written through (a reader gets every line); the FIFO stays a FIFO")
def test_export_to_fifo(crawled_archive, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with ThreadPoolExecutor(max_workers=1) as pool:
        received = pool.submit(fifo.read_text, encoding="utf-8")
        result = rd(crawled_archive, "export", "--out", str(fifo), timeout=120)
        lines = received.result(timeout=120).splitlines()
    fine = (result.returncode, len(lines), stat.S_ISFIFO(os.stat(fifo).st_mode))
    assert fine == (0, len(expected_articles("npc")), True), result.stderr[-1500:]


@case("safety", "`export --out /dev/stdout` into a file", "written through to the file the shell opened")
def test_export_to_dev_stdout(crawled_archive, tmp_path):
    target = tmp_path / "shell-redirect.jsonl"
    with target.open("wb") as fh:
        result = subprocess.run(
            [str(BIN / "rdarchive"), "--db", crawled_archive, "export", "--out", "/dev/stdout", "--force"],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert (result.returncode, len(lines)) == (0, len(expected_articles("npc"))), result.stderr[-1500:]


# -- what a crawl is asked to do ------------------------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def offsite_url_crawl(request, tmp_path_factory):
    """`crawl --site npc --url <a page of another site>` on an existing archive."""
    if request.param == "sqlite":
        db, drop = sqlite_url(tmp_path_factory.mktemp("offsite")), None
    else:
        db, _, drop = pg_schema_url("offsite")
    open_archive(db)[0].dispose()
    try:
        result = rd(db, "crawl", "--site", "npc", "--url", "https://www.example.com/npc/index.html", timeout=120)
        with open_archive(db)[1]() as s:
            runs = s.scalar(select(func.count()).select_from(CrawlRun))
        yield result, runs
    finally:
        if drop:
            drop()


@case(
    "safety", "`crawl --site npc --url` outside the site", "exit 2 and one line naming the URL and the site's domains"
)
def test_offsite_url_is_a_usage_error(offsite_url_crawl):
    result = offsite_url_crawl[0]
    said = one_line_error(result) and "www.example.com" in result.stderr and "npc.gov.cn" in result.stderr
    assert (result.returncode, said) == (2, True), result.stderr[-1500:]


@case("safety", "`crawl --site npc --url` outside the site", "no run recorded (the site is not marked failing)")
def test_offsite_url_records_no_run(offsite_url_crawl):
    assert offsite_url_crawl[1] == 0


@case("safety", "`crawl --all` with sites listed unsupported", "those sites are skipped (named once), the rest crawled")
def test_crawl_all_skips_unsupported():
    spiders = all_spiders()
    crawled, skipped = sites_for_all(spiders)
    unsupported = sorted(name for name, cls in spiders.items() if cls.unsupported)
    assert (sorted(skipped), sorted(crawled + skipped)) == (unsupported, sorted(spiders))


def test_some_site_is_unsupported():
    # Without one, the test above would check nothing.
    assert any(cls.unsupported for cls in all_spiders().values())


# -- `rdarchive parse URL` fetches under the crawl's rules ----------------------------------------
# The test server stands in for the web as an HTTP proxy (http_proxy): the child asks it for
# http://www.npc.gov.cn/... as it would ask a real proxy, and nothing leaves this machine.
START = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"


def through_proxy(server: fs.FaultServer) -> dict[str, str]:
    return {"http_proxy": server.origin, "HTTP_PROXY": server.origin, "no_proxy": "", "NO_PROXY": ""}


def endless(conn: fs.Conn) -> None:
    """An HTML answer that never ends (no Content-Length), until the client hangs up."""
    conn.head(200, [("Content-Type", "text/html; charset=utf-8")])
    chunk = b"<div>" * 13000
    while not conn.server.stopping.is_set():
        conn.send(chunk)


# A known site's page (its domains apply too) and a page of no known site (only the address rules).
REDIRECTS = {
    "npc page to loopback": (START, "127.0.0.1"),
    "unknown site to link-local metadata": ("http://www.example-news.cn/2024/a.html", "169.254.169.254"),
}


@pytest.fixture(scope="module", params=REDIRECTS)
def parse_redirected(request, tmp_path_factory):
    """`rdarchive parse` of a page that redirects to a loopback or metadata address."""
    start, address = REDIRECTS[request.param]
    with fs.FaultServer() as server:
        inside = f"http://{address}:{server.port}/latest/meta-data/"
        server.routes[start] = fs.redirect(inside)
        server.routes[inside] = fs.ok("<html><body>secret</body></html>")
        db = sqlite_url(tmp_path_factory.mktemp("parse"))
        result = rd(db, "parse", start, env=through_proxy(server), timeout=180)
        return result, start, inside, server.requested


@case("safety", "`parse URL` redirected to a private address", "the address never requested (network policy)")
def test_parse_redirect_never_followed(parse_redirected):
    result, start, inside, requested = parse_redirected
    assert (start in requested, inside in requested) == (True, False), result.stderr[-1500:]


@case("safety", "`parse URL` redirected to a private address", "exit 1 and one line naming the refused address")
def test_parse_redirect_refused_in_one_line(parse_redirected):
    result, _, inside, _ = parse_redirected
    said = one_line_error(result) and inside in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


@case("safety", "`parse URL` of an endless response", "stopped at the crawl's size limit: exit 1 and one line")
def test_parse_endless_response(tmp_path):
    with fs.FaultServer(routes={START: endless}) as server:
        result = rd(sqlite_url(tmp_path), "parse", START, env=through_proxy(server), timeout=300)
    said = one_line_error(result) and "size limit" in result.stderr
    assert (result.returncode, said) == (1, True), result.stderr[-1500:]


@case("safety", "`parse URL` asks as a crawl does", "robots.txt first, then the page, with the crawl's User-Agent")
def test_parse_asks_as_a_crawl(tmp_path):
    with fs.FaultServer(roots=[site_root("npc")]) as server:
        result = rd(sqlite_url(tmp_path), "parse", START, "--json", env=through_proxy(server), timeout=180)
        hits = [(h.url, h.headers.get("user-agent", "")) for h in server._hits]
    agent = project_settings().get("USER_AGENT")
    expected = [("http://www.npc.gov.cn/robots.txt", agent), (START, agent)]
    assert (result.returncode, hits) == (0, expected), result.stderr[-1500:]


# -- log lines and interruptions -------------------------------------------------------------------
NESTED = "http://www.npc.gov.cn/npc/c2/c30834/202501/t20250101_900077.html"
NESTED_LIST = "http://www.npc.gov.cn/npc/c2/c30834/index.html"


@pytest.fixture(scope="module")
def nested_page_crawl(tmp_path_factory):
    """`rdarchive crawl` of a list linking to an article page of 100,000 nested tags, logging at DEBUG."""
    page = "<html><head><meta charset='utf-8'><title>嵌套</title></head><body>" + "<div>" * 100_000 + "人大"
    routes = {
        NESTED_LIST: Route(body=f"<html><body><a href='{NESTED}'>条目</a></body></html>"),
        NESTED: Route(body=page + "</div>" * 100_000 + "</body></html>"),
    }
    db = sqlite_url(tmp_path_factory.mktemp("nested"))
    with ReplayServer(roots=[], routes=routes) as server:
        result = rd(
            db, "--log-level", "DEBUG", "crawl", "--site", "npc", "--replay", server.origin, "--url", NESTED_LIST
        )
    # The crawl's log: the file it names on stderr, and stderr itself.
    named = re.search(r"crawl log: (\S+)", result.stderr)
    return result.stderr + (Path(named.group(1)).read_text(encoding="utf-8") if named else "")


@case("safety", "a page of 100,000 nested tags", "no log line longer than the cap (4,000 characters and a note)")
def test_log_lines_capped(nested_page_crawl):
    longest = max(len(line) for line in nested_page_crawl.splitlines())
    assert longest <= LINE_LIMIT + 100, nested_page_crawl[-1500:]


def test_nested_page_was_logged_at_all(nested_page_crawl):
    # Control: the crawl did reach the page (else the cap above checks nothing).
    assert "more characters cut" in nested_page_crawl


@case("safety", "Ctrl-C during `rdarchive demo`", "the demo stops with exit 130")
def test_demo_ctrl_c(tmp_path):
    proc = subprocess.Popen(
        [str(BIN / "rdarchive"), "demo", "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("== replaying"):  # the crawl is starting
                break
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130


# -- a dropped PostgreSQL connection during export and search ----------------------------------------
class SelectSaboteur:
    """Before a SELECT reading the articles: terminate that connection's backend, `budget` times."""

    def __init__(self, budget: float):
        self.budget = budget
        self.sabotaged = 0
        self.admin = create_engine(PG_URL)

    def __call__(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if self.sabotaged >= self.budget or not statement.lstrip().upper().startswith("SELECT"):
            return
        if "articles" not in statement.lower():
            return
        pid = conn.connection.dbapi_connection.get_backend_pid()
        with self.admin.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for _ in range(100):  # until the backend is gone: the SELECT surely meets a dead connection
            with self.admin.connect() as admin:
                if not admin.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
                    break
            time.sleep(0.01)
        self.sabotaged += 1


@pytest.fixture(scope="module")
def pg_archive():
    """The NPC fixture world crawled into a PostgreSQL schema."""
    url, _, drop = pg_schema_url("drop")
    try:
        with ReplayServer(roots=[site_root("npc")]) as server:
            crawl(spider_for("npc"), url, server)
        yield url
    finally:
        drop()


@pytest.fixture
def saboteur():
    installed: list[SelectSaboteur] = []

    def install(budget: float) -> SelectSaboteur:
        s = SelectSaboteur(budget)
        event.listen(Engine, "before_cursor_execute", s)
        installed.append(s)
        return s

    yield install
    for s in installed:
        event.remove(Engine, "before_cursor_execute", s)
        s.admin.dispose()


@case("safety", "PostgreSQL connection dropped during an export", "retried: the export completes, every article in it")
def test_export_retries_dropped_connection(pg_archive, saboteur, tmp_path):
    cut = saboteur(1)
    out = tmp_path / "out.jsonl"
    code = cli.main(["--db", pg_archive, "export", "--out", str(out)])
    exported = {json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert (code, cut.sabotaged, exported) == (0, 1, set(expected_articles("npc")))


@case("safety", "PostgreSQL connection dropped during a search", "retried: the search answers")
def test_search_retries_dropped_connection(pg_archive, saboteur, capsys):
    cut = saboteur(1)
    code = cli.main(["--db", pg_archive, "search", "人大", "--jsonl"])
    hits = capsys.readouterr().out.splitlines()
    assert (code, cut.sabotaged, bool(hits)) == (0, 1, True)


@case("safety", "PostgreSQL connection dropped again and again", "export and search give up: exit 1 and one line")
@pytest.mark.parametrize("command", [("search", "人大"), ("export", "--out", "{dir}/out.jsonl")])
def test_dropped_connection_gives_up_in_one_line(pg_archive, saboteur, capsys, tmp_path, command):
    saboteur(float("inf"))
    code = cli.main(["--db", pg_archive, *(a.format(dir=tmp_path) for a in command)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert (code, len(err), "cannot reach the database" in err[-1]) == (1, 1, True), err


# -- no network at all ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def network_down_crawl(tmp_path_factory):
    """A live crawl of two sites while nothing can be reached (every connection refused)."""
    db = sqlite_url(tmp_path_factory.mktemp("offline"))
    result = rd(db, "crawl", "--site", "npc", "--site", "bjrd", env=dead_proxy_env(), timeout=300)
    with open_archive(db)[1]() as s:
        runs = [(r.status, r.health, r.error_summary or "") for r in s.scalars(select(CrawlRun))]
    return result, runs


@case("safety", "no site can be reached (network or DNS down)", "the runs say so (failed, naming the network)")
def test_network_down_runs_say_so(network_down_crawl):
    runs = network_down_crawl[1]
    assert [(status, "network is down" in summary) for status, _, summary in runs] == [("failed", True)] * 2


@case("safety", "no site can be reached (network or DNS down)", "no site is marked failing")
def test_network_down_marks_no_site_failing(network_down_crawl):
    assert [health for _, health, _ in network_down_crawl[1]] == [None, None]

"""Security: where the crawler may connect, and what search, export and serve may do to the archive.

* Offsite: a page linking elsewhere never makes the crawler request another
  host (Scrapy's offsite middleware, the spider's own link rules, and
  crawlers/network_policy.py, which records what Scrapy drops silently).
* Private addresses: in production mode (no replay transport) a host that is,
  or resolves to, a private, loopback, link-local or reserved address is
  refused before any connection, with failure kind forbidden_address.
* Search and export take injection strings through the CLI without damage.
* `rdarchive serve` is read-only; export never overwrites a file unless asked.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawlers import network_policy
from models.db import open_archive
from models.tables import Article, Base, CrawlFailure
from rdarchive.replay_server import ReplayServer
from rdarchive.spiders import spider_for
from tests import fault_server as fs
from tests.conftest import crawl, expected_articles, site_root, sqlite_url
from tests.reliability_plugin import case
from tests.test_interruption import pg_schema_url

NpcSpider = spider_for("npc")

BIN = Path(sys.executable).parent
EXPECTED_URLS = set(expected_articles("npc"))
BASE = "http://www.npc.gov.cn/npc/c2/c30834/"
LIST = BASE + "index.html"
GOOD_ARTICLE = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
# Links that must never be requested: other domains with article-shaped paths, look-alike hosts,
# userinfo tricks and private or metadata addresses.
OFFSITE_LINKS = [
    "http://www.evil.example/npc/c2/c30834/202501/t20250101_100001.html",
    "http://www.npc.gov.cn.evil.example/npc/c2/c30834/202501/t20250101_100002.html",
    "http://evilnpc.gov.cn/npc/c2/c30834/202501/t20250101_100003.html",
    "http://www.npc.gov.cn@evil.example/npc/c2/c30834/202501/t20250101_100004.html",
    "http://10.0.0.1/npc/c2/c30834/202501/t20250101_100005.html",
    "http://169.254.169.254/latest/meta-data/202501/t20250101_100006.html",
    "http://127.0.0.1:22/npc/c2/c30834/202501/t20250101_100007.html",
    "http://[::1]/npc/c2/c30834/202501/t20250101_100008.html",
    "http://npc.gov.cn/npc/c2/c30834/202501/t20250101_100009.html",  # the parent domain is not allowed either
]
LINKING_LIST = (
    "<html><head><meta charset='utf-8'><title>法律_中国人大网</title></head><body><ul class='list'>"
    + "".join(f"<li><a href='{u}'>外链</a></li>" for u in OFFSITE_LINKS)
    + f"<li><a href='{GOOD_ARTICLE}'>本站文章</a></li></ul></body></html>"
)


def failures_of(db: str) -> list[CrawlFailure]:
    engine = create_engine(db)
    try:
        with Session(engine) as s:
            rows = list(s.scalars(select(CrawlFailure).order_by(CrawlFailure.id)))
            s.expunge_all()
            return rows
    finally:
        engine.dispose()


def stored_urls(db: str) -> set[str]:
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return set(conn.execute(select(Article.url)).scalars())
    finally:
        engine.dispose()


# -- offsite --------------------------------------------------------------------------------
@dataclass
class Crawled:
    requested: list[str]
    stored: set[str]
    failures: list[CrawlFailure]


@pytest.fixture(scope="module")
def offsite(tmp_path_factory) -> Crawled:
    db = sqlite_url(tmp_path_factory.mktemp("offsite"))
    start_elsewhere = "http://www.evil.example/npc/c2/c30834/index.html"
    with fs.FaultServer(roots=[site_root("npc")], routes={LIST: fs.ok(LINKING_LIST)}) as server:
        crawl(NpcSpider, db, server, urls=[LIST, start_elsewhere])
        requested = server.requested
    return Crawled(requested, stored_urls(db), failures_of(db))


@case(
    "security",
    "A page linking to other domains, look-alike hosts and private addresses",
    "only www.npc.gov.cn is ever requested (robots.txt, the list, the one on-site article); "
    "the on-site article is stored",
)
def test_offsite_links_never_requested(offsite):
    hosts = {re.sub(r"^https?://([^/]+)/.*$", r"\1", u) for u in offsite.requested}
    assert hosts == {"www.npc.gov.cn"}
    assert not set(OFFSITE_LINKS) & set(offsite.requested)
    assert offsite.stored == {GOOD_ARTICLE}


@case(
    "security",
    "A start URL on another domain (rdarchive crawl --url)",
    "never requested; recorded as an offsite failure naming it (Scrapy's offsite middleware alone drops it silently)",
)
def test_offsite_start_url_recorded(offsite):
    found = [(f.kind, f.url) for f in offsite.failures if "evil.example" in f.url]
    assert found == [("offsite", "http://www.evil.example/npc/c2/c30834/index.html")]


# -- private addresses in production mode --------------------------------------------------------
def production(**extra) -> dict:
    """Production transport: Scrapy's own HTTP handler (no replay), the network policy on."""
    return {
        "DOWNLOAD_HANDLERS": {},
        "RDARCHIVE_REPLAY": None,
        "RDARCHIVE_ALLOW_PRIVATE": False,
        "DOWNLOAD_TIMEOUT": 3,
        "RETRY_TIMES": 0,
        **extra,
    }


def local_spider(*hosts: str) -> type:
    """The NPC spider, but its site lives on these local hosts (a hijacked or internal name)."""
    return type("LocalNpcSpider", (NpcSpider,), {"allowed_domains": list(hosts)})


@dataclass
class Direct:
    server: fs.FaultServer
    stored: set[str]
    failures: list[CrawlFailure]


def crawl_direct(tmp_path, host: str, allow_private: bool) -> Direct:
    db = sqlite_url(tmp_path)
    with fs.FaultServer() as server:
        origin = f"http://{host}:{server.port}"
        # The fixture world, answered for this host: http://<host>:<port>/npc/... -> the NPC pages.
        server._fixtures = ReplayServer(
            files={
                f"http://{host}:{server.port}/{p.relative_to(site_root('npc') / 'www.npc.gov.cn').as_posix()}": p
                for p in (site_root("npc") / "www.npc.gov.cn").rglob("*")
                if p.is_file()
            }
        )
        crawl(
            local_spider(host),
            db,
            server,
            settings=production(RDARCHIVE_ALLOW_PRIVATE=allow_private),
            urls=[f"{origin}/npc/c2/c30834/index.html"],
        )
    return Direct(server, stored_urls(db), failures_of(db))


@pytest.fixture(scope="module", params=["127.0.0.1", "localhost"])
def private_direct(request, tmp_path_factory) -> Direct:
    return crawl_direct(tmp_path_factory.mktemp("private"), request.param, allow_private=False)


@pytest.fixture(scope="module")
def private_allowed(tmp_path_factory) -> Direct:
    return crawl_direct(tmp_path_factory.mktemp("allowed"), "127.0.0.1", allow_private=True)


@case(
    "security",
    "Production mode: the site's host is a loopback address or resolves to one",
    "refused before any connection: the server sees no request at all (not even robots.txt); recorded as "
    "forbidden_address naming the URL; nothing stored",
)
def test_private_address_refused(private_direct):
    assert private_direct.server.requested == []
    assert private_direct.stored == set()
    kinds = {f.kind for f in private_direct.failures}
    assert kinds == {"forbidden_address"}
    assert all(f.url in f.reason and "non-public address" in f.reason for f in private_direct.failures)


@case(
    "security",
    "Control: the same local crawl with RDARCHIVE_ALLOW_PRIVATE=True (what the replay transport "
    "of tests and the demo sets)",
    "the server is reached and articles are stored: the refusal above is the policy, not a broken setup",
)
def test_private_allowed_explicitly(private_allowed):
    assert private_allowed.server.requested
    assert len(private_allowed.stored) >= 3


@pytest.fixture(scope="module", params=["10.20.30.40", "169.254.169.254", "202.108.22.5"])
def resolved_to(request, tmp_path_factory):
    """www.npc.gov.cn as DNS answers it (a hijack to a private or metadata address, or a public one)."""
    mp = pytest.MonkeyPatch()
    from twisted.internet import defer

    mp.setattr(network_policy, "resolve", lambda host: defer.succeed(request.param))
    db = sqlite_url(tmp_path_factory.mktemp("dns"))
    try:
        with ReplayServer(roots=[site_root("npc")]) as server:
            crawl(NpcSpider, db, server, settings={"RDARCHIVE_ALLOW_PRIVATE": False})
            requested = list(server.requested)
    finally:
        mp.undo()
    return request.param, requested, stored_urls(db), failures_of(db)


@case(
    "security",
    "Production mode: the allowed domain resolves to a private or metadata address (DNS hijack), or to a public one",
    "private/link-local: nothing requested, each start channel recorded as "
    "forbidden_address naming the address; public: the crawl proceeds and stores every article",
)
def test_dns_answer_checked(resolved_to):
    address, requested, stored, failures = resolved_to
    if network_policy.forbidden_ip(address):
        assert requested == [] and stored == set()
        assert {f.url for f in failures} == set(NpcSpider.start_channels)
        assert all(f.kind == "forbidden_address" and address in f.reason for f in failures)
    else:
        assert stored == EXPECTED_URLS and failures == []


FORBIDDEN = [
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "127.0.0.1",
    "127.8.8.8",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "::1",
    "fe80::1",
    "fc00::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "192.0.2.1",
    "198.18.0.1",
]
PUBLIC = ["202.108.22.5", "8.8.8.8", "2400:3200::1", "::ffff:202.108.22.5"]


@case(
    "security",
    "Address classification",
    "private, loopback, link-local, shared (CGNAT), multicast, reserved, "
    "unspecified, documentation/benchmark and IPv4-mapped forms of them are forbidden; public addresses "
    "are not",
)
def test_forbidden_ip_classification():
    assert [a for a in FORBIDDEN if not network_policy.forbidden_ip(a)] == []
    assert [a for a in PUBLIC if network_policy.forbidden_ip(a)] == []


def test_replay_settings_allow_loopback_explicitly():
    from crawlers.replay import replay_settings

    assert replay_settings("http://127.0.0.1:1")["RDARCHIVE_ALLOW_PRIVATE"] is True


def test_production_settings_forbid_private():
    from rdarchive.spiders import project_settings

    settings = project_settings()
    assert not settings.getbool("RDARCHIVE_ALLOW_PRIVATE", False)
    assert "crawlers.network_policy.NetworkPolicy" in settings.getdict("DOWNLOADER_MIDDLEWARES")


# -- control ports ---------------------------------------------------------------------------------
CONTROL_PORT_EXTENSIONS = ("TelnetConsole", "RemoteControl")


@pytest.fixture(scope="module")
def enabled_extensions(tmp_path_factory) -> list[str]:
    """The extensions a crawl with the project's settings really runs."""
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawler = crawl(NpcSpider, sqlite_url(tmp_path_factory.mktemp("ext")), server)
    return [type(ext).__name__ for ext in crawler.extensions.middlewares]


@case(
    "security",
    "Scrapy extensions that open a control port (telnet console, the remote-control HTTP server that runs "
    "Python code it is sent)",
    "not running in a crawl made with the project's settings (they stay off unless a user sets them with -s)",
)
def test_no_control_port_extension(enabled_extensions):
    assert [e for e in enabled_extensions if e in CONTROL_PORT_EXTENSIONS] == []


def test_run_recorder_is_enabled(enabled_extensions):
    """Control for the test above: the list really holds the crawl's extensions."""
    assert "RunRecorder" in enabled_extensions


# -- search and export injection --------------------------------------------------------------------
def fingerprint(db: str) -> dict[str, str]:
    """A digest of every table's rows: any change to the archive changes it."""
    engine = create_engine(db)
    out = {}
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
                out[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest() + f":{len(rows)}"
    finally:
        engine.dispose()
    return out


def rd_main(db: str, args: list[str]) -> subprocess.CompletedProcess:
    """`rdarchive --db DB ARGS` through the CLI's entry point (rdarchive.cli.main), in this process.

    Same argument parsing and code path as the console script, without paying a
    process start per injection string. An exception escaping main() is what a
    user would see as a traceback.
    """
    import contextlib
    import io
    import traceback

    from rdarchive import cli

    # A real text stream over bytes: commands may write to sys.stdout.buffer.
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--db", db, *args])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            code = 1
    out.flush()
    return subprocess.CompletedProcess(args, code, out.buffer.getvalue().decode("utf-8"), err.getvalue())


def rd_all(db: str, calls: list[list[str]]) -> list[subprocess.CompletedProcess]:
    return [rd_main(db, args) for args in calls]


INJECTIONS = [
    "'; DROP TABLE articles; --",
    "%' OR '1'='1",
    '" OR 1=1 --',
    "基层') UNION SELECT sql FROM sqlite_master --",
    'x"; DELETE FROM articles WHERE "1"="1',
    "* OR title:*",
    "NEAR(基层 代表) OR {search_body}: 1",
    "); DROP TABLE sites; --",
]
LITERALS = ["%", "_", "\\", "*"]
EXPORT_CALLS = [
    ["export", "--out", "-", "--site", "npc' OR '1'='1"],
    ["export", "--out", "-", "--site", "npc; DROP TABLE sites"],
    ["export", "--out", "-", "--channel", "%' OR 1=1 --"],
    ["export", "--out", "-", "--author", "' OR ''='"],
    ["export", "--out", "-", "'; DROP TABLE articles; --"],
]


@dataclass
class Injected:
    db: str
    before: dict[str, str]
    after: dict[str, str]
    search: list[subprocess.CompletedProcess]
    literal: list[subprocess.CompletedProcess]
    export: list[subprocess.CompletedProcess]
    texts: dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def injected(request, tmp_path_factory) -> Injected:
    workdir = tmp_path_factory.mktemp("inject")
    db, drop = sqlite_url(workdir), (lambda: None)
    if request.param == "postgresql":
        db, _, drop = pg_schema_url("inj")
    request.addfinalizer(drop)
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawl(NpcSpider, db, server)
    open_archive(db)[0].dispose()
    before = fingerprint(db)
    engine = create_engine(db)
    with engine.connect() as conn:
        texts = {
            u: f"{t or ''}\n{b}"
            for u, t, b in conn.execute(select(Article.url, Article.title, Article.body_normalized))
        }
    engine.dispose()
    results = rd_all(db, [["search", q, "--json"] for q in INJECTIONS + LITERALS] + EXPORT_CALLS)
    n = len(INJECTIONS)
    return Injected(
        db, before, fingerprint(db), results[:n], results[n : n + len(LITERALS)], results[n + len(LITERALS) :], texts
    )


def hits(result: subprocess.CompletedProcess) -> list[str]:
    return [h["url"] for h in json.loads(result.stdout)] if result.returncode == 0 else []


def clean(result: subprocess.CompletedProcess) -> bool:
    """Answered (exit 0), or refused with a message (exit 2): never a traceback."""
    return result.returncode in (0, 2) and "Traceback" not in result.stderr


@case(
    "security",
    "Search with SQL/FTS injection strings through the CLI (SQLite and PostgreSQL)",
    "every query is answered or refused with a message (no traceback), matches nothing, and the archive is "
    "unchanged, table by table",
)
def test_search_injection(injected):
    assert [r.args[1] for r in injected.search if not clean(r)] == []
    assert {r.args[1]: hits(r) for r in injected.search if hits(r)} == {}
    assert injected.after == injected.before


@case(
    "security",
    "Search for LIKE/FTS metacharacters (% _ \\ *)",
    "never a wildcard: refused with a message "
    "(nothing to search for) or matched literally, only by articles whose text contains the character",
)
def test_search_metacharacters_literal(injected):
    assert [r.args[1] for r in injected.literal if not clean(r)] == []
    for r in injected.literal:
        char = r.args[1]
        assert set(hits(r)) <= {u for u, t in injected.texts.items() if char in t}, char
        assert len(hits(r)) < len(EXPECTED_URLS), char


@case(
    "security",
    "Export with injection strings in filters and query (SQLite and PostgreSQL)",
    "no line exported, no traceback, the archive unchanged",
)
def test_export_injection(injected):
    assert [r.args for r in injected.export if not clean(r)] == []
    assert {" ".join(r.args[3:]): r.stdout.count("\n") for r in injected.export if r.stdout.strip()} == {}
    assert injected.after == injected.before


# -- export files --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_archive(tmp_path_factory) -> tuple[str, Path]:
    workdir = tmp_path_factory.mktemp("archive")
    db = sqlite_url(workdir)
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawl(NpcSpider, db, server)
    return db, workdir


@case(
    "security",
    "Export to an existing file",
    "refused without --force (exit 2, file untouched, gzip too); with --force the file is replaced by the export",
)
def test_export_overwrite_only_when_asked(small_archive):
    db, workdir = small_archive
    plain, packed = workdir / "keep.jsonl", workdir / "keep.jsonl.gz"
    plain.write_text("keep me\n", encoding="utf-8")
    packed.write_bytes(b"keep me too")
    refused = rd_all(db, [["export", "--out", str(plain)], ["export", "--out", str(packed)]])
    assert [r.returncode for r in refused] == [2, 2]
    assert all("--force" in r.stderr for r in refused)
    assert (plain.read_text(encoding="utf-8"), packed.read_bytes()) == ("keep me\n", b"keep me too")
    forced = rd_all(db, [["export", "--out", str(plain), "--force"]])[0]
    assert forced.returncode == 0, forced.stderr
    assert {json.loads(line)["url"] for line in plain.read_text(encoding="utf-8").splitlines()} == EXPECTED_URLS


# -- serve ------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def serve_available() -> bool:
    from rdarchive import cli

    return "serve" in cli.COMMANDS


@dataclass
class Served:
    statuses: dict[str, int]
    bodies: dict[str, str]
    before: dict[str, str]
    after: dict[str, str]
    file_before: str
    file_after: str
    read_ok: bool


@pytest.fixture(scope="module", params=["immutable", "live"])
def served(request, small_archive) -> Served:
    if not serve_available():
        pytest.skip("serve not built yet")
    db, workdir = small_archive
    path = Path(db[len("sqlite:///") :])
    port = free_port()
    args = [str(BIN / "rdarchive"), "--db", db, "serve", "--port", str(port)]
    if request.param == "live":
        args.append("--live")
    before = fingerprint(db)
    proc = subprocess.Popen(args, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()  # "serving ... at http://..."
        assert "serving" in line, line + (proc.stdout.read() if proc.poll() is not None else "")
        origin = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                http(origin + "/")
                break
            except OSError:
                time.sleep(0.1)
        file_before = hashlib.sha256(path.read_bytes()).hexdigest()
        name = path.stem
        attacks = {
            "sql delete": ("GET", f"/{name}.json?sql=" + urllib.parse.quote("DELETE FROM articles"), None),
            "sql drop": ("GET", f"/{name}.json?sql=" + urllib.parse.quote("DROP TABLE articles"), None),
            "sql stacked": ("GET", f"/{name}.json?sql=" + urllib.parse.quote("SELECT 1; DELETE FROM articles"), None),
            "sql attach": ("GET", f"/{name}.json?sql=" + urllib.parse.quote("ATTACH DATABASE '/tmp/x.db' AS x"), None),
            "sql pragma write": ("GET", f"/{name}.json?sql=" + urllib.parse.quote("PRAGMA user_version=7"), None),
            "insert api": ("POST", f"/{name}/articles/-/insert", json.dumps({"row": {"url": "x"}}).encode()),
            "delete api": ("POST", f"/{name}/articles/1/-/delete", b"{}"),
            "update api": (
                "POST",
                f"/{name}/articles/1/-/update",
                json.dumps({"update": {"title": "hacked"}}).encode(),
            ),
            "drop api": ("POST", f"/{name}/articles/-/drop", json.dumps({"confirm": True}).encode()),
            "create api": (
                "POST",
                f"/{name}/-/create",
                json.dumps({"table": "x", "columns": [{"name": "id", "type": "integer"}]}).encode(),
            ),
            "put": ("PUT", f"/{name}/articles", b"x"),
            "delete method": ("DELETE", f"/{name}/articles", None),
            "search injection": (
                "GET",
                f"/{name}/articles_browse.json?_search=" + urllib.parse.quote("'; DROP TABLE articles; --"),
                None,
            ),
        }
        statuses, bodies = {}, {}
        for label, (method, path_q, data) in attacks.items():
            statuses[label], bodies[label] = http(
                origin + path_q, method, data, {"Content-Type": "application/json"} if data else None
            )
        read_status, read_body = http(origin + f"/{name}/articles_browse.json?_shape=array")
        read_ok = read_status == 200 and len(json.loads(read_body)) == len(EXPECTED_URLS)
        file_after = hashlib.sha256(path.read_bytes()).hexdigest()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return Served(statuses, bodies, before, fingerprint(db), file_before, file_after, read_ok)


@case(
    "security",
    "`rdarchive serve` is read-only (immutable and --live)",
    "writable SQL, ATTACH, PRAGMA writes, "
    "the JSON write API (insert, update, delete, drop, create) and PUT/DELETE are all refused; search "
    "injection does no harm; the archive file is byte-for-byte unchanged while serving, and reads still work",
)
def test_serve_read_only(served):
    writes_accepted = {
        k: v
        for k, v in served.statuses.items()
        if k != "search injection" and 200 <= v < 300 and not _is_error_page(served.bodies[k])
    }
    assert writes_accepted == {}
    assert served.statuses["search injection"] < 500
    assert served.file_after == served.file_before
    assert served.after == served.before
    assert served.read_ok


def _is_error_page(body: str) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and (data.get("ok") is False or bool(data.get("error")))

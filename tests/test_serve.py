"""`rdarchive serve`: the archive in Datasette over HTTP, faceted full-text search, read-only."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_search import ARTICLES, Archive, url_of

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base: str, path: str, **params) -> tuple[int, dict | str]:
    url = f"{base}{path}" + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            body = r.read().decode("utf-8")
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read().decode("utf-8", "replace"), e.code
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body


def post(base: str, path: str, data: dict) -> int:
    req = urllib.request.Request(
        f"{base}{path}", data=json.dumps(data).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "archive.db"
    Archive(f"sqlite:///{path}")
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "rdarchive"), "--db", f"sqlite:///{path}", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            pytest.fail(f"rdarchive serve exited: {proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.terminate()
                pytest.fail("rdarchive serve did not answer within 90 s")
            time.sleep(0.3)
    before = digest(path)
    yield base, path, before
    proc.terminate()
    proc.wait(timeout=30)


def search(base: str, query: str, **params):
    return get(
        base,
        "/archive/articles_browse.json",
        _search=query,
        _shape="objects",
        _facet=["site", "province", "channel"],
        _facet_date="published_date",
        **params,
    )


def test_faceted_search_finds_articles(server):
    status, data = search(server[0], "人大")
    assert (status, {r["url"] for r in data["rows"]}) == (
        200,
        {url_of(k) for k in ("session", "visit", "comma", "latin", "budget")},
    )


def test_facet_counts_per_site(server):
    _, data = search(server[0], "人大")
    sites = {v["value"]: v["count"] for v in data["facet_results"]["site"]["results"]}
    assert sites == {"hnrd": 2, "bjrd": 2, "npc": 1}


def test_facet_province_and_channel(server):
    _, data = search(server[0], "人大")
    provinces = {v["value"]: v["count"] for v in data["facet_results"]["province"]["results"]}
    channels = {v["value"]: v["count"] for v in data["facet_results"]["channel"]["results"]}
    assert (provinces.get("湖南省"), channels.get("人大要闻")) == (2, 2)


def test_facet_by_date(server):
    _, data = search(server[0], "人大")
    days = {v["value"] for v in data["facet_results"]["published_date"]["results"]}
    assert "2024-03-12" in days


def test_selecting_a_facet_narrows_the_search(server):
    _, data = search(server[0], "人大", site="bjrd")
    assert {r["url"] for r in data["rows"]} == {url_of("latin"), url_of("budget")}


def test_search_takes_our_query_language(server):
    _, data = search(server[0], '"常委會會議" OR 乡村振兴')
    assert {r["url"] for r in data["rows"]} == {url_of("session"), url_of("visit")}


def test_facets_configured_by_default(server):
    _, data = get(server[0], "/archive/articles_browse.json", _search="代表")
    assert {"site", "province", "channel", "published_date"} <= set(data["facet_results"])


def test_sql_write_is_refused(server):
    status, _ = get(server[0], "/archive.json", sql="DELETE FROM articles")
    assert status == 400


def test_write_api_is_refused(server):
    status = post(server[0], "/archive/articles/-/insert", {"row": {"url": "http://x.example/", "title": "x"}})
    assert status in (400, 403, 404, 405)


def test_archive_file_unchanged(server):
    search(server[0], "人大")
    get(server[0], "/archive.json", sql="DELETE FROM articles")
    _, data = get(server[0], "/archive.json", sql="select count(*) as n from articles", _shape="array")
    assert (data[0]["n"], digest(server[1])) == (len(ARTICLES), server[2])


def test_opened_immutable(server):
    _, data = get(server[0], "/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in data] == [("archive", False)]

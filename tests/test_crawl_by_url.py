"""`rdarchive crawl --url URL` without --site: a site definition whose domains match, else the generic
spider with a site named after the host; `--region`; the archive records the site and `rdarchive sites`
lists it. End to end through a forward proxy: the real command (a subprocess, `http_proxy` set) crawls
the table-layout ASP site of the CMS world by its own host name into a fresh archive, then
`rdarchive export` shows what it stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from crawlers.generic import GenericSpider
from rdarchive.by_url import spider_for_urls
from tests.conftest import FIXTURES, ROOT
from tests.forward_proxy import ForwardProxy

CMS = FIXTURES / "cms"
LEGACY = json.loads((CMS / "legacy" / "expected" / "site.json").read_text(encoding="utf-8"))


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rdarchive.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **(env or {})},
        timeout=600,
    )


@pytest.fixture(scope="module")
def proxied(tmp_path_factory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("byurl")
    db = f"sqlite:///{tmp / 'archive.db'}"
    with ForwardProxy([CMS / "legacy" / "site"]) as proxy:
        env = {"http_proxy": proxy.url, "RDARCHIVE_WARC_DIR": str(tmp / "warc")}
        crawl = cli("crawl", "--url", LEGACY["start_url"], "--db", db, env=env)
        requested = list(proxy.requested)
    export = cli("export", "--out", "-", "--db", db)
    sites = cli("sites", "--json", "--db", db)
    records = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
    return {"crawl": crawl, "requested": requested, "records": records, "sites": json.loads(sites.stdout or "[]")}


def test_crawl_exits_zero(proxied):
    assert proxied["crawl"].returncode == 0, proxied["crawl"].stderr[-2000:]


def test_every_request_went_through_the_proxy(proxied):
    assert LEGACY["start_url"] in proxied["requested"]


def test_export_holds_every_article(proxied):
    assert sorted(r["url"] for r in proxied["records"]) == sorted(LEGACY["articles"])


def test_export_names_the_site_after_the_host(proxied):
    assert {r["site"] for r in proxied["records"]} == {"pyrd-example"}


def test_export_region_from_the_site_name(proxied):
    assert {(r["region"]["code"], r["region"]["basis"]) for r in proxied["records"]} == {("140728", "site_name")}


def test_export_titles(proxied):
    expected = {
        json.loads(p.read_text(encoding="utf-8"))["url"]: json.loads(p.read_text(encoding="utf-8"))["title"]
        for p in (CMS / "legacy" / "expected").glob("*.json")
        if p.name != "site.json"
    }
    assert {r["url"]: r["title"] for r in proxied["records"]} == expected


def test_sites_lists_the_site_after_its_crawl(proxied):
    row = next(r for r in proxied["sites"] if r["site"] == "pyrd-example")
    assert (row["name"], row["region_code"], row["articles"]) == ("平遥人大", "140728", 6)


# -- which spider a URL gets (no crawl) -----------------------------------------------------------
def test_url_of_a_defined_site_uses_its_definition():
    cls, made = spider_for_urls(["http://www.npc.gov.cn/npc/c2/index.shtml"])
    assert (cls.name, made) == ("npc", False)


def test_url_of_an_unknown_site_gets_the_generic_spider():
    cls, made = spider_for_urls(["http://www.jiaxianrd.example/"])
    assert (issubclass(cls, GenericSpider), cls.name, made) == (True, "jiaxianrd-example", True)


def test_region_sets_the_jurisdiction():
    cls, _ = spider_for_urls(["http://www.jiaxianrd.example/"], region="410425")
    assert (cls.region_code, cls.province) == ("410425", "河南省")


def test_region_must_be_a_gazetteer_unit():
    with pytest.raises(ValueError, match="--region 410499: 410499 is not an administrative unit"):
        spider_for_urls(["http://www.jiaxianrd.example/"], region="410499")


def test_region_of_a_defined_site_is_refused():
    with pytest.raises(ValueError, match="--region: .* belongs to the site npc"):
        spider_for_urls(["http://www.npc.gov.cn/"], region="110000")


def test_urls_of_two_sites_are_refused():
    with pytest.raises(ValueError, match="one site per crawl"):
        spider_for_urls(["http://a.example/", "http://b.example/"])


def test_cli_refuses_region_with_site_in_one_line(tmp_path):
    proc = cli("crawl", "--site", "npc", "--region", "110000", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert (proc.returncode, proc.stderr.strip().count("\n"), "--region goes with --url" in proc.stderr) == (2, 0, True)

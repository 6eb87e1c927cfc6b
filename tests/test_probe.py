"""`rdarchive probe`: what discovery learns about a site from its home page and a few lists.

Each site of the CMS-family world (tests/fixtures/cms/) is probed once through the real engine
with the crawl's settings (robots.txt, network policy, the replay transport); what the probe reports
is compared with the world's expected files. The command line is run as a user runs it: a JSON
report, a saved definition that crawlers/definitions.py loads and that archives the site when
crawled, and one-line errors with an exit status for a site that is down or forbids the probe.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_twisted
from scrapy.crawler import CrawlerRunner

from crawlers.definitions import load_site, read_definition
from crawlers.probe import ProbeReport, ProbeSpider
from rdarchive import probe
from rdarchive.replay_server import ReplayServer
from tests.cms_world import CMS, FAMILIES, expected, summary
from tests.conftest import FIXTURES, ROOT
from tests.site_checks import crawl_fixture_site

BIN = Path(sys.executable).parent


def probe_in_process(family: str) -> ProbeReport:
    with ReplayServer(roots=[CMS / family / "site"]) as server:
        runner = CrawlerRunner(probe.probe_settings(server.origin, "ERROR"))
        crawler = runner.create_crawler(ProbeSpider)
        pytest_twisted.blockon(runner.crawl(crawler, url=summary(family)["start_url"]))
    return crawler.spider.report


@pytest.fixture(scope="module")
def probed() -> dict[str, ProbeReport]:
    return {family: probe_in_process(family) for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES)
def test_start_page_read(probed, family):
    assert probed[family].home_error is None


@pytest.mark.parametrize("family", FAMILIES)
def test_jurisdiction_from_the_sites_name(probed, family):
    assert probed[family].jurisdiction == summary(family)["jurisdiction"]


@pytest.mark.parametrize("family", FAMILIES)
def test_channels_found(probed, family):
    found = {c.url for c in probed[family].channels if c.articles}
    assert found & {c["url"] for c in summary(family)["channels"]}


@pytest.mark.parametrize("family", FAMILIES)
def test_article_links_are_articles(probed, family):
    # The world serves only the pages its expected files name: an article-shaped link to a page it
    # does not hold (Hanweb's 立法计划 box) answers 404 and is no fault of the probe.
    world = ReplayServer(roots=[CMS / family / "site"])
    served = {a.url for a in probed[family].articles if world.resolve(a.url).status == 200}
    assert served <= set(expected(family))


@pytest.mark.parametrize("family", FAMILIES)
def test_five_samples(probed, family):
    assert len(probed[family].samples) == 5


@pytest.mark.parametrize("family", FAMILIES)
def test_sample_titles(probed, family):
    titles = {s.url: s.title for s in probed[family].samples}
    assert titles == {url: expected(family)[url]["title"] for url in titles}


@pytest.mark.parametrize("family", FAMILIES)
def test_sample_dates(probed, family):
    dates = {s.url: s.published_at for s in probed[family].samples}
    assert dates == {url: expected(family)[url]["published_at"] for url in dates}


@pytest.mark.parametrize("family", FAMILIES)
def test_sample_sources(probed, family):
    sources = {s.url: s.source for s in probed[family].samples}
    assert sources == {url: expected(family)[url]["source"] for url in sources}


@pytest.mark.parametrize("family", FAMILIES)
def test_sample_authors(probed, family):
    authors = {s.url: s.authors for s in probed[family].samples}
    assert authors == {url: expected(family)[url]["authors"] for url in authors}


@pytest.mark.parametrize("family", FAMILIES)
def test_sample_bodies_measured(probed, family):
    assert all(s.body_chars >= 50 for s in probed[family].samples)


@pytest.mark.parametrize("family", FAMILIES)
def test_confidence_is_high_on_a_readable_site(probed, family):
    assert probe.level(probe.confidence(probed[family])[0]) == "high"


def test_pagination_style_of_a_dedecms_channel(probed):
    channel = next(c for c in probed["dedecms"].channels if c.url.endswith("/a/gongzuodongtai/"))
    assert channel.pagination.startswith("list_T_N")


def test_further_page_followed(probed):
    # One further page of whichever paginated channel answered first.
    pages = [u for c in summary("dedecms")["channels"] for u in c["list_pages"][1:]]
    assert len(probed["dedecms"].list_pages) == 1 and set(probed["dedecms"].list_pages) <= set(pages)


def test_article_pattern_matches_every_article_it_was_learned_from(probed):
    report = probed["phpcms"]
    learned = [p for p, _ in probe.patterns([a.url for a in report.articles])]
    assert all(any(re.search(p, probe.url_path(a.url)) for p in learned) for a in report.articles)


def test_no_page_is_stored(probed, tmp_path):
    # The probe has no run, no WARC and no item pipelines: nothing in the settings writes.
    settings = probe.probe_settings("http://127.0.0.1:9", "ERROR")
    assert (settings.getdict("ITEM_PIPELINES"), settings.getbool("RDARCHIVE_WARC")) == ({}, False)


def test_confidence_is_low_without_lists():
    report = ProbeReport("http://www.example.example/")
    assert probe.confidence(report)[0] == 0.0


@pytest.mark.parametrize("family", FAMILIES)
def test_saved_definition_loads(probed, family, tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(probe.definition_text(probed[family]), encoding="utf-8")
    assert load_site(path).region_code == summary(family)["jurisdiction"]


def test_saved_definition_of_script_rows_uses_discovery(probed, tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(probe.definition_text(probed["hanweb"]), encoding="utf-8")
    assert read_definition(path).site_family == "generic"


def test_saved_definition_has_the_learned_patterns(probed, tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(probe.definition_text(probed["dedecms"]), encoding="utf-8")
    assert set(read_definition(path).article_patterns) == {
        r"^/a/gongzuodongtai/\d+/\d+/\d+\.html$",
        r"^/plus/view\.php\?aid=\d+$",
    }


@pytest.fixture(scope="module")
def saved_and_crawled(probed, tmp_path_factory):
    """The definition the probe saved for the DedeCMS site, crawled through the real engine."""
    directory = tmp_path_factory.mktemp("probe-saved")
    path = directory / "site.toml"
    path.write_text(probe.definition_text(probed["dedecms"]), encoding="utf-8")
    return crawl_fixture_site(load_site(path), directory, root=CMS / "dedecms" / "site")


def test_saved_definition_archives_every_article(saved_and_crawled):
    assert sorted(saved_and_crawled.records) == sorted(expected("dedecms"))


def test_saved_definition_crawl_succeeds(saved_and_crawled):
    assert (saved_and_crawled.run.status, saved_and_crawled.run.health) == ("succeeded", "ok")


# -- the command line -------------------------------------------------------------------------------
def rdarchive(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "rdarchive"), *args], cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ}
    )


@pytest.fixture(scope="module")
def cli_json(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe-cli")
    with ReplayServer(roots=[CMS / "wordpress" / "site"]) as server:
        result = rdarchive(
            "probe", summary("wordpress")["start_url"], "--replay", server.origin, "--json", "--save", str(folder)
        )
    return result, folder


def test_cli_exit_status_is_success(cli_json):
    assert cli_json[0].returncode == 0, cli_json[0].stderr[-2000:]


def test_cli_json_names_the_jurisdiction(cli_json):
    assert json.loads(cli_json[0].stdout)["jurisdiction"] == summary("wordpress")["jurisdiction"]


def test_cli_json_has_five_samples_with_body_lengths(cli_json):
    samples = json.loads(cli_json[0].stdout)["samples"]
    assert [s["body_chars"] > 0 for s in samples] == [True] * 5


def test_cli_json_has_an_article_pattern(cli_json):
    assert json.loads(cli_json[0].stdout)["article_patterns"][0]["pattern"] == r"^/archives/\d+/$"


def test_cli_save_into_a_folder_names_the_file_after_the_slug(cli_json):
    assert [p.name for p in cli_json[1].iterdir()] == ["anjird-example.toml"]


def test_cli_saved_file_is_a_definition(cli_json):
    assert read_definition(cli_json[1] / "anjird-example.toml").name == "安吉人大"


def test_cli_text_report(tmp_path):
    with ReplayServer(roots=[CMS / "legacy" / "site"]) as server:
        result = rdarchive("probe", summary("legacy")["start_url"], "--replay", server.origin)
    assert "confidence: 1.00 (high)" in result.stdout and "sample articles:" in result.stdout


def test_site_that_answers_404_is_one_line_and_status_1(tmp_path):
    with ReplayServer(roots=[tmp_path]) as server:
        result = rdarchive("probe", "http://www.down.example/", "--replay", server.origin)
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (
        1,
        "rdarchive: probe: http://www.down.example/: HTTP 404 (expected the site's start page)",
    )


def test_site_that_is_down_is_one_line_and_status_1():
    # Nothing listens on the discard port: the connection is refused.
    result = rdarchive("probe", "http://www.down.example/", "--replay", "http://127.0.0.1:9")
    last = result.stderr.strip().splitlines()[-1]
    assert (
        result.returncode,
        last.startswith("rdarchive: probe: http://www.down.example/: "),
        "Traceback" in result.stderr,
    ) == (1, True, False)


def test_robots_txt_is_obeyed(tmp_path):
    site = tmp_path / "www.closed.example"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    (site / "index.html").write_text("<html><body><a href='/a/1.html'>x</a></body></html>", encoding="utf-8")
    with ReplayServer(roots=[tmp_path]) as server:
        result = rdarchive("probe", "http://www.closed.example/", "--replay", server.origin)
    assert (result.returncode, "forbidden by robots.txt" in result.stderr) == (1, True)


def test_save_without_a_jurisdiction_asks_for_region(tmp_path):
    site = tmp_path / "www.noname.example"
    site.mkdir()
    (site / "index.html").write_text("<html><head><title>Home</title></head><body></body></html>", encoding="utf-8")
    with ReplayServer(roots=[tmp_path]) as server:
        result = rdarchive(
            "probe", "http://www.noname.example/", "--replay", server.origin, "--save", str(tmp_path / "x.toml")
        )
    assert (result.returncode, "--region CODE" in result.stderr.strip().splitlines()[-1]) == (2, True)


def test_save_never_overwrites_a_definition(probed, tmp_path):
    path = tmp_path / "site.toml"
    path.write_text("# corrected by hand\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        probe.save(probed["dedecms"], path)


def test_saved_file_left_as_it_was(probed, tmp_path):
    path = tmp_path / "site.toml"
    path.write_text("# corrected by hand\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        probe.save(probed["dedecms"], path)
    assert path.read_text(encoding="utf-8") == "# corrected by hand\n"


def test_cli_names_a_site_the_archive_knows(tmp_path):
    # npc's fixture world: its host belongs to the npc definition (crawlers/sites/npc.toml).
    with ReplayServer(roots=[FIXTURES / "sites" / "npc" / "site"]) as server:
        result = rdarchive(
            "probe", "http://www.npc.gov.cn/npc/c2/c30834/index.html", "--replay", server.origin, "--json"
        )
    assert json.loads(result.stdout)["known_site"] == "npc"

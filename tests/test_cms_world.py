"""The CMS-family fixture world (tests/fixtures/cms/) is whole: generated from its texts, every page its
expected files name is served, and what each site's summary says about its pages holds.

Crawls of this world through the real engine live with the features that use it (site definitions,
probe, generic discovery)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from rdarchive.replay_server import ReplayServer
from tests.cms_world import CMS, FAMILIES, expected, summary
from tests.conftest import ROOT


def serve(family: str, url: str) -> tuple[int, str | None, bytes]:
    route = ReplayServer(roots=[CMS / family / "site"]).resolve(url)
    body = route.body.encode() if isinstance(route.body, str) else route.body
    return route.status, route.content_type, body


def page_text(family: str, url: str) -> str:
    return serve(family, url)[2].decode(summary(family)["encoding"])


def test_six_families():
    assert FAMILIES == ["dedecms", "hanweb", "jsonlist", "legacy", "phpcms", "wordpress"]


def test_generated_files_are_up_to_date():
    spec = importlib.util.spec_from_file_location("build_cms_world", ROOT / "tools" / "build_cms_world.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert module.main(["--check"]) == 0


@pytest.mark.parametrize("family", FAMILIES)
def test_summary_lists_every_expected_article(family):
    assert summary(family)["articles"] == sorted(expected(family))


@pytest.mark.parametrize("family", FAMILIES)
def test_every_article_is_served_as_html(family):
    answers = {u: serve(family, u)[:2] for u in expected(family)}
    assert set(answers.values()) == {(200, "text/html")}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_article_page_shows_its_title(family):
    missing = [u for u, e in expected(family).items() if e["title"] not in page_text(family, u)]
    assert missing == []


@pytest.mark.parametrize("family", FAMILIES)
def test_every_article_page_holds_its_body_start_and_end(family):
    missing = [
        u
        for u, e in expected(family).items()
        if e["body_start"] not in page_text(family, u) or e["body_end"] not in page_text(family, u)
    ]
    assert missing == []


@pytest.mark.parametrize("family", FAMILIES)
def test_start_url_and_list_pages_are_served(family):
    site = summary(family)
    urls = [site["start_url"]] + [u for c in site["channels"] for u in c["list_pages"]]
    assert {u: serve(family, u)[0] for u in urls} == {u: 200 for u in urls}


@pytest.mark.parametrize("family", FAMILIES)
def test_each_channel_has_two_list_pages_or_a_script_listing(family):
    site = summary(family)
    hidden = set(site["listed_only_by_script"])
    assert all(len(c["list_pages"]) >= 2 or hidden & set(c["articles"]) or family == "hanweb" for c in site["channels"])


@pytest.mark.parametrize("family", FAMILIES)
def test_not_articles_are_served_pages(family):
    assert {serve(family, u)[0] for u in summary(family)["not_articles"]} == {200}


@pytest.mark.parametrize("family", FAMILIES)
def test_list_pages_link_or_embed_their_articles(family):
    """Each channel article appears on one of its list pages or in one of its script answers."""
    site = summary(family)
    unlisted = []
    for channel in site["channels"]:
        pages = "".join(page_text(family, u) for u in channel["list_pages"] + channel["script_pages"])
        for url in channel["articles"]:
            path = url.split("://", 1)[1].split("/", 1)[1]
            if path not in pages.replace("&amp;", "&"):
                unlisted.append(url)
    assert unlisted == []


def test_script_listed_articles_are_in_their_answers():
    found = {}
    for family in FAMILIES:
        for url, how in summary(family)["listed_only_by_script"].items():
            endpoint = how.split(": ", 1)[1].split(" ")[0]
            answer = page_text(family, f"http://{summary(family)['host']}{endpoint}")
            found[url] = url.split(summary(family)["host"], 1)[1] in answer
    assert found and all(found.values())


def test_legacy_site_is_gb2312_encoded():
    url = summary("legacy")["articles"][0]
    body = serve("legacy", url)[2]
    assert b"charset=gb2312" in body and "平遥" in body.decode("gbk")


def test_legacy_site_is_not_utf8():
    with pytest.raises(UnicodeDecodeError):
        serve("legacy", summary("legacy")["articles"][0])[2].decode("utf-8")


@pytest.mark.parametrize("family", FAMILIES)
def test_jurisdiction_is_a_gazetteer_unit(family):
    from pipelines.region import region_from_code

    assert region_from_code(summary(family)["jurisdiction"]).province is not None


@pytest.mark.parametrize("family", FAMILIES)
def test_tracking_duplicates_point_at_articles(family):
    site = summary(family)
    bases = {
        u.split("?from=")[0].split("?spm=")[0].split("&from=")[0].split("?source=")[0]
        for u in site["tracking_duplicates"]
    }
    assert bases <= set(site["articles"])


def test_hosts_are_reserved_names():
    assert all(summary(f)["host"].endswith(".example") for f in FAMILIES)


def test_texts_are_ours_not_copies_of_the_shared_pages():
    """No sentence of the shared corpus of real pages appears in the world's texts."""
    shared = ROOT.parent / "shared" / "sites" / "pages_texts.md"
    if not shared.exists():
        pytest.skip(f"{shared} is missing")
    real = shared.read_text(encoding="utf-8")
    texts = (CMS / "texts.toml").read_text(encoding="utf-8")
    sentences = [s for line in texts.splitlines() for s in line.strip(' ",').split("。") if len(s) >= 15]
    assert [s for s in sentences if s in real] == []

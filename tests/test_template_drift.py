"""Template drift: a site crawled with the declarations written before its redesign.

tests/fixtures/drift/ holds a county congress site after a redesign (our own pages) and its
definition from before (bfrd.toml). The 人大要闻 channel now lists new article URLs in new rows
and its articles use new markup; the 代表工作 channel kept its old list and pages, except one
article whose body moved to a new box. The crawl through the real engine must still archive
every article (generic link finding and generic extraction), record the drift with example
URLs, and leave the site degraded, neither failing nor silent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from core.status import DriftKind, Health, RunStatus
from crawlers.dated_links import generic_listing
from crawlers.definitions import load_site
from models.tables import TemplateDrift
from tests.conftest import FIXTURES, ROOT, sessions_for
from tests.site_checks import crawl_fixture_site

DRIFT = FIXTURES / "drift"
SITE = DRIFT / "site" / "www.bfrd.example"
HOST = "http://www.bfrd.example"
# The redesigned channel's articles (new URLs, new markup): title, date, source, author.
NEW = {
    f"{HOST}/news/2025/0612/c1024a3381.html": (
        "县人大常委会召开第二十八次会议",
        "2025-06-12",
        "宝丰县人大常委会办公室",
        "李明远",
    ),
    f"{HOST}/news/2025/0605/c1024a3372.html": (
        "县人大常委会视察城区老旧小区改造工作",
        "2025-06-05",
        "宝丰县人大常委会办公室",
        "王晓静",
    ),
    f"{HOST}/news/2025/0528/c1024a3360.html": (
        "县人大常委会开展食品安全执法检查",
        "2025-05-28",
        "宝丰县人大常委会办公室",
        "赵一帆",
    ),
    f"{HOST}/news/2025/0520/c1024a3351.html": (
        "县人大常委会召开代表建议督办座谈会",
        "2025-05-20",
        "宝丰县人大常委会代表工委",
        "孙立群",
    ),
    f"{HOST}/news/2025/0513/c1024a3340.html": (
        "县人大常委会调研乡镇人大规范化建设",
        "2025-05-13",
        "宝丰县人大常委会办公室",
        "周文博",
    ),
}
# The old channel's articles the template still reads.
OLD = [f"{HOST}/dbgz/202504/t20250410_1101.html", f"{HOST}/dbgz/202504/t20250402_1095.html"]
# An old-URL article whose body left the template's box.
MOVED_BODY = f"{HOST}/dbgz/202503/t20250326_1088.html"
LISTS = [f"{HOST}/news/index.html", f"{HOST}/news/index_2.shtml"]


HOSTS = ["www.bfrd.example"]


def page(path: str) -> str:
    return (SITE / path).read_text(encoding="utf-8")


def rows_of(html: str, url: str) -> list:
    return generic_listing(html, url, HOSTS).rows


# -- what a drifted list page plainly lists (discovery, with dated rows), on the fixture pages ----------
def test_plain_list_page_rows_are_its_articles():
    assert [r.url for r in rows_of(page("news/index.html"), LISTS[0])] == list(NEW)[:3]


def test_row_date_is_read_beside_the_link():
    rows = rows_of(page("news/index.html"), LISTS[0])
    assert [r.date for r in rows] == ["2025-06-12", "2025-06-05", "2025-05-28"]


def test_row_title_is_the_link_title():
    assert rows_of(page("news/index.html"), LISTS[0])[0].title == "县人大常委会召开第二十八次会议"


def test_dated_document_links_are_no_rows():
    assert [r.url for r in rows_of(page("news/index.html"), LISTS[0]) if "/files/" in r.url] == []


def test_page_without_dated_rows_lists_nothing():
    assert rows_of(page("about/index.html"), f"{HOST}/about/index.html") == []


def test_article_page_lists_nothing():
    assert rows_of(page("news/2025/0612/c1024a3381.html"), list(NEW)[0]) == []


def test_two_dated_rows_are_no_list():
    html = "<ul>" + "".join(
        f'<li><a href="/a/{n}.html">县人大常委会召开第{n}次会议</a><span>2025-06-0{n}</span></li>' for n in (1, 2)
    )
    assert rows_of(html + "</ul>", HOST + "/") == []


def test_date_inside_the_title_is_no_row_date():
    html = "<ul>" + "".join(f'<li><a href="/a/{n}.html">2025年6月{n}日县人大常委会会议纪要</a></li>' for n in (1, 2, 3))
    assert rows_of(html + "</ul>", HOST + "/") == []


def test_links_to_other_hosts_are_no_rows():
    html = "<ul>" + "".join(
        f'<li><a href="http://other.example/a/{n}.html">县人大常委会召开第{n}次会议</a><span>2025-06-0{n}</span></li>'
        for n in (1, 2, 3)
    )
    assert rows_of(html + "</ul>", HOST + "/") == []


def test_next_page_is_what_the_pager_labels_next():
    assert generic_listing(page("news/index.html"), LISTS[0], HOSTS).next_pages == [LISTS[1]]


# -- the crawl through the real engine ---------------------------------------------------------------
@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_fixture_site(load_site(DRIFT / "bfrd.toml"), tmp_path_factory.mktemp("drift"), root=DRIFT / "site")


def drift_rows(db_url: str, run_id: int) -> list[TemplateDrift]:
    with sessions_for(db_url)() as s:
        return list(s.scalars(select(TemplateDrift).where(TemplateDrift.run_id == run_id)))


def test_every_article_is_archived(crawled):
    assert sorted(crawled.records) == sorted([*NEW, *OLD, MOVED_BODY])


def test_second_list_page_of_the_drifted_channel_followed(crawled):
    assert LISTS[1] in crawled.requested


def test_drifted_articles_read_by_generic_extraction(crawled):
    assert {crawled.records[u]["extraction_method"] for u in NEW} == {"trafilatura"}


@pytest.mark.parametrize("url", list(NEW))
def test_drifted_article_title(crawled, url):
    assert crawled.records[url]["title"] == NEW[url][0]


@pytest.mark.parametrize("url", list(NEW))
def test_drifted_article_date(crawled, url):
    assert crawled.records[url]["published_at"][:10] == NEW[url][1]


@pytest.mark.parametrize("url", list(NEW))
def test_drifted_article_source(crawled, url):
    assert crawled.records[url]["source"] == NEW[url][2]


@pytest.mark.parametrize("url", list(NEW))
def test_drifted_article_authors(crawled, url):
    assert crawled.records[url]["authors"] == [NEW[url][3]]


def test_drifted_article_body_is_the_text(crawled):
    body = crawled.records[list(NEW)[0]]["body"]
    assert body.startswith("6月12日") and body.endswith("具体意见。")


def test_moved_body_read_by_generic_extraction(crawled):
    assert crawled.records[MOVED_BODY]["body"].startswith("3月26日，县人大常委会听取")


def test_intact_articles_still_read_by_the_template(crawled):
    assert {crawled.records[u]["extraction_method"] for u in OLD} == {"selector:div.TRS_Editor"}


def test_run_succeeded(crawled):
    assert (crawled.run.status, [f.reason for f in crawled.run.failures]) == (RunStatus.SUCCEEDED, [])


def test_site_is_degraded(crawled):
    assert crawled.run.health == Health.DEGRADED


def test_run_summary_names_the_drift(crawled):
    assert "template drift: 2 list pages" in (crawled.run.error_summary or "")


def test_drifted_pages_counted(crawled):
    assert crawled.run.pages_drifted == 2 + len(NEW) + 1


def test_drifted_list_pages_recorded(crawled):
    rows = drift_rows(crawled.db_url, crawled.run.id)
    assert sorted(r.url for r in rows if r.kind == DriftKind.LIST) == sorted(LISTS)


def test_drifted_article_pages_recorded(crawled):
    rows = drift_rows(crawled.db_url, crawled.run.id)
    assert sorted(r.url for r in rows if r.kind == DriftKind.ARTICLE) == sorted([*NEW, MOVED_BODY])


def test_list_drift_reason_names_an_example_article(crawled):
    rows = drift_rows(crawled.db_url, crawled.run.id)
    reason = next(r.reason for r in rows if r.url == LISTS[0])
    assert f"e.g. {list(NEW)[0]}" in reason


def test_moved_body_reason_names_the_selectors(crawled):
    rows = drift_rows(crawled.db_url, crawled.run.id)
    reason = next(r.reason for r in rows if r.url == MOVED_BODY)
    assert "body selectors (div.TRS_Editor) find no body" in reason


def rdarchive_sites(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rdarchive.cli", "sites", *args, "--db", db_url],
        capture_output=True,
        text=True,
        env={**os.environ, "RDARCHIVE_SITE_DIRS": str(DRIFT)},
        cwd=ROOT,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def sites_json(crawled) -> dict:
    rows = json.loads(rdarchive_sites(crawled.db_url, "--json").stdout)
    return next(r for r in rows if r["site"] == "bfrd")


@pytest.fixture(scope="module")
def sites_text(crawled) -> str:
    return rdarchive_sites(crawled.db_url).stdout


def test_sites_json_health_is_degraded(sites_json):
    assert sites_json["health"] == "degraded"


def test_sites_json_counts_drifted_pages(sites_json):
    assert sites_json["drift"]["pages"] == 8


def test_sites_json_shows_example_urls(sites_json):
    assert {d["url"] for d in sites_json["drift"]["examples"]} >= {LISTS[0]}


def test_sites_text_says_degraded(sites_text):
    line = next(line for line in sites_text.splitlines() if line.startswith("bfrd "))
    assert line.endswith("succeeded DEGRADED")


def test_sites_text_shows_a_drifted_page(sites_text):
    assert f"list page {LISTS[0]}" in sites_text


# -- no drift where the declarations fit; PostgreSQL -------------------------------------------------
@pytest.fixture
def fitting_pages_crawled(tmp_path):
    return crawl_fixture_site(load_site(DRIFT / "bfrd.toml"), tmp_path, root=DRIFT / "site", urls=" ".join(OLD))


def test_pages_that_fit_record_no_drift(fitting_pages_crawled):
    run = fitting_pages_crawled.run
    assert (run.health, run.pages_drifted, sorted(fitting_pages_crawled.records)) == (Health.OK, 0, sorted(OLD))


@pytest.fixture
def generic_pages_expected_crawled(tmp_path):
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    text = (DRIFT / "bfrd.toml").read_text(encoding="utf-8")
    path = definitions / "bfrd.toml"
    path.write_text(text.replace("[[templates]]", "generic_pages_expected = true\n\n[[templates]]"), encoding="utf-8")
    return crawl_fixture_site(load_site(path), tmp_path, root=DRIFT / "site", urls=LISTS[0])


def test_generic_pages_expected_are_no_article_drift(generic_pages_expected_crawled):
    result = generic_pages_expected_crawled
    kinds = {r.kind for r in drift_rows(result.db_url, result.run.id)}
    assert (len(result.records), kinds) == (len(NEW), {DriftKind.LIST})


@pytest.fixture
def crawled_into_postgresql(tmp_path, pg_url):
    return crawl_fixture_site(
        load_site(DRIFT / "bfrd.toml"), tmp_path, db_url=pg_url, root=DRIFT / "site", urls=LISTS[0]
    )


def test_drift_recorded_on_postgresql(crawled_into_postgresql):
    result = crawled_into_postgresql
    rows = drift_rows(result.db_url, result.run.id)
    assert (result.run.health, sorted(r.url for r in rows if r.kind == DriftKind.LIST)) == (Health.DEGRADED, LISTS)


def test_fixture_texts_are_ours():
    """No sentence of the shared corpus of real pages appears in the drift site's pages."""
    shared = ROOT.parent / "shared" / "sites" / "pages_texts.md"
    if not shared.exists():
        pytest.skip(f"{shared} is missing")
    real = shared.read_text(encoding="utf-8")
    texts = "".join(p.read_text(encoding="utf-8") for p in Path(SITE).rglob("*.html"))
    sentences = [s for s in texts.replace("<p>", "\n").replace("</p>", "\n").split("。") if 15 <= len(s) < 200]
    assert [s for s in sentences if s.strip() in real] == []

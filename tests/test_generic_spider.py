"""The generic spider (crawlers/generic.py) archives every site of the CMS-family world from its home
URL alone: no site module, no definition, no URL pattern. Each site is crawled once through the real
engine and compared with the world's expected articles, like the definitions are
(tests/test_site_definitions.py); what only a script or an XHR answer lists is out of reach of a
crawler that runs no script (README "What is missing")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crawlers.generic import GenericSpider, generic_site, slug_for_host
from models.tables import Article, Site
from rdarchive.replay_server import ReplayServer
from tests.cms_world import CMS, FAMILIES, reachable, summary
from tests.conftest import sessions_for
from tests.site_checks import crawl_fixture_site, stored_value

FIELDS = ("title", "published_at", "source", "authors", "body_start", "body_end", "region_code")


def home_spider(family: str) -> type[GenericSpider]:
    return generic_site([summary(family)["start_url"]])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    results = {}
    for family in FAMILIES:
        spider = home_spider(family)
        results[family] = crawl_fixture_site(spider, tmp_path_factory.mktemp(family), root=CMS / family / "site")
    return results


def test_six_families():
    assert FAMILIES == ["dedecms", "hanweb", "jsonlist", "legacy", "phpcms", "wordpress"]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_reachable_article_stored(crawled, family):
    assert sorted(crawled[family].records) == sorted(reachable(family))


@pytest.mark.parametrize("family", FAMILIES)
def test_no_page_that_is_no_article_stored(crawled, family):
    assert set(summary(family)["not_articles"]) & set(crawled[family].records) == set()


@pytest.mark.parametrize("family", FAMILIES)
def test_only_dead_links_fail(crawled, family):
    # The world serves only the pages its expected files name: a footer's 网站地图 or a tag page
    # answers 404, which a crawl records as a failure of that link; its attachments are no real
    # documents (a few bytes named .pdf), which the attachment reader records. Nothing else fails.
    world = ReplayServer(roots=[CMS / family / "site"])
    failures = {(f.kind, f.http_status, world.resolve(f.url).status) for f in crawled[family].run.failures}
    assert failures <= {("http_error", 404, 404), ("attachment", 200, 200)}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_html_list_page_walked(crawled, family):
    pages = [u for c in summary(family)["channels"] for u in c["list_pages"]]
    assert set(pages) <= set(crawled[family].requested)


@pytest.mark.parametrize("family", FAMILIES)
def test_links_never_to_follow_not_requested(crawled, family):
    assert set(summary(family)["never_request"]) & set(crawled[family].requested) == set()


@pytest.mark.parametrize("family", FAMILIES)
def test_only_the_site_host_requested(crawled, family):
    host = summary(family)["host"]
    assert {u.split("/")[2] for u in crawled[family].requested} == {host}


@pytest.mark.parametrize("family", FAMILIES)
def test_tracking_duplicates_not_stored(crawled, family):
    assert set(summary(family)["tracking_duplicates"]) & set(crawled[family].records) == set()


@pytest.mark.parametrize("family", FAMILIES)
def test_site_recorded_under_its_own_name(crawled, family):
    with sessions_for(crawled[family].db_url)() as s:
        site = s.scalar(select(Site))
    assert (site.slug, site.region_code) == (slug_for_host(summary(family)["host"]), summary(family)["jurisdiction"])


@pytest.mark.parametrize("family", FAMILIES)
def test_region_read_from_the_site_name_says_so(crawled, family):
    with sessions_for(crawled[family].db_url)() as s:
        bases = set(s.scalars(select(Article.region_basis)))
    assert bases == {"site_name"}


def pytest_generate_tests(metafunc):
    if "field_case" in metafunc.fixturenames:
        cases = [(f, u, k) for f in FAMILIES for u in sorted(reachable(f)) for k in FIELDS]
        metafunc.parametrize("field_case", cases, ids=[f"{f}-{u.rsplit('/', 1)[-1]}-{k}" for f, u, k in cases])


def test_field(crawled, field_case):
    family, url, field = field_case
    assert stored_value(crawled[family].records[url], field) == reachable(family)[url][field]


@pytest.fixture(scope="module")
def declared(tmp_path_factory):
    spider = generic_site([summary("dedecms")["start_url"]], region_code="410400")
    return crawl_fixture_site(spider, tmp_path_factory.mktemp("declared"), root=CMS / "dedecms" / "site")


def test_declared_region_wins(declared):
    with sessions_for(declared.db_url)() as s:
        rows = set(s.execute(select(Article.region_code, Article.region_basis)))
    # Declared: 平顶山市, narrowed to 郏县 where the page's crumbs say so; never re-read from the site's name.
    assert (
        rows and {basis for _, basis in rows} <= {"site", "breadcrumb"} and all(c.startswith("4104") for c, _ in rows)
    )


def test_slug_for_host():
    assert slug_for_host("www.jiaxianrd.gov.cn") == "jiaxianrd-gov-cn"


def test_no_host_is_an_error():
    with pytest.raises(ValueError, match="no host"):
        generic_site(["not a url"])


def test_definition_without_patterns_is_walked_by_discovery(tmp_path):
    from crawlers.definitions import load_site

    path = tmp_path / "jiaxian.toml"
    path.write_text(
        'slug = "jiaxian"\nname = "郏县人大常委会"\njurisdiction = "410425"\n'
        'start_urls = ["http://www.jiaxianrd.example/"]\nallowed_domains = ["www.jiaxianrd.example"]\n',
        encoding="utf-8",
    )
    cls = load_site(path)
    assert (issubclass(cls, GenericSpider), cls.name, cls.region_code) == (True, "jiaxian", "410425")


@pytest.fixture(scope="module")
def robots_closed(tmp_path_factory):
    # The DedeCMS site's robots.txt, closed to its 工作动态 channel.
    folder = tmp_path_factory.mktemp("robots")
    robots = folder / "robots.txt"
    robots.write_text("User-agent: *\nDisallow: /a/gongzuodongtai/\nDisallow: /plus/search.php\n", encoding="utf-8")
    spider = generic_site([summary("dedecms")["start_url"]])
    return crawl_fixture_site(
        spider,
        folder,
        root=CMS / "dedecms" / "site",
        files={"http://www.jiaxianrd.example/robots.txt": robots},
    )


def test_robots_disallowed_channel_not_requested(robots_closed):
    assert [u for u in robots_closed.requested if "/a/gongzuodongtai/" in u] == []


def test_robots_disallowed_articles_not_stored(robots_closed):
    assert sorted(robots_closed.records) == [
        "http://www.jiaxianrd.example/plus/view.php?aid=298",
        "http://www.jiaxianrd.example/plus/view.php?aid=309",
        "http://www.jiaxianrd.example/plus/view.php?aid=315",
    ]


def test_robots_refusals_recorded(robots_closed):
    assert "robots_disallowed" in {f.kind for f in robots_closed.run.failures}


@pytest.fixture(scope="module")
def second_night(tmp_path_factory):
    """The DedeCMS site crawled twice into one archive: the second crawl is incremental (revisits of
    archived articles, a feature of their own, switched off)."""
    folder = tmp_path_factory.mktemp("incremental")
    spider = generic_site([summary("dedecms")["start_url"]])
    quiet = {"RDARCHIVE_REVISIT_DAYS": 0}
    first = crawl_fixture_site(spider, folder, root=CMS / "dedecms" / "site", settings=quiet)
    return crawl_fixture_site(spider, folder, db_url=first.db_url, root=CMS / "dedecms" / "site", settings=quiet)


def test_incremental_crawl_stops_at_archived_list_pages(second_night):
    second_pages = {s["list_pages"][1] for s in summary("dedecms")["channels"]}
    assert second_pages & set(second_night.requested) == set()


def test_incremental_crawl_fetches_no_archived_article(second_night):
    assert set(summary("dedecms")["articles"]) & set(second_night.requested) == set()


def test_incremental_crawl_still_reads_the_home_page(second_night):
    assert summary("dedecms")["start_url"] in second_night.requested

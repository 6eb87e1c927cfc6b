"""中国人大网: the spider walks the fixture world through the real engine into the archive."""

from __future__ import annotations

import shutil

import pytest

from rdarchive.spiders import spider_for
from tests.conftest import site_root
from tests.site_checks import SiteSuite, crawl_fixture_site

NpcSpider = spider_for("npc")


class TestNpc(SiteSuite):
    spider = NpcSpider
    second_list_page = "http://www.npc.gov.cn/npc/c2/c30834/index_1.html"

    def test_fixture_world_covers_three_templates(self):
        assert {e["template"] for e in self.expected().values()} == {"npc-trs-2019", "npc-trs-migrated", "npc-enp-2008"}

    def test_robots_txt_fetched(self, crawled):
        assert "http://www.npc.gov.cn/robots.txt" in crawled.requested

    def test_other_channels_not_followed(self, crawled):
        assert "http://www.npc.gov.cn/npc/c2/c183/index.html" not in crawled.requested

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

    def test_run_counts_pages(self, crawled):
        # list pages + articles + robots.txt
        assert crawled.run.pages_fetched >= len(self.expected()) + 3

    def test_migrated_page_date_is_not_the_url_date(self, crawled):
        migrated = [r for r in crawled.records.values() if r["template"] == "npc-trs-migrated"]
        assert not [r["url"] for r in migrated if "2019-05-23" in r["published_at"]]


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    """A --full second crawl: every page fetched again, nothing changed."""
    directory = tmp_path_factory.mktemp("npc-twice")
    crawl_fixture_site(NpcSpider, directory)
    return crawl_fixture_site(NpcSpider, directory, full=True)


def test_full_recrawl_finds_all_unchanged(recrawled):
    assert recrawled.run.articles_unchanged == len(TestNpc.expected())


def test_full_recrawl_stores_nothing_new(recrawled):
    assert recrawled.run.articles_new == 0


NEW_ARTICLE = "http://www.npc.gov.cn/npc/c2/c30834/202404/t20240402_436001.html"


@pytest.fixture(scope="module")
def incremental(tmp_path_factory):
    """Crawl, add one article to the site, crawl again incrementally (the nightly default)."""
    directory = tmp_path_factory.mktemp("npc-incremental")
    root = directory / "site"
    shutil.copytree(site_root("npc"), root)
    crawl_fixture_site(NpcSpider, directory, root=root)
    host = root / "www.npc.gov.cn"
    source = (host / "npc/c2/c30834/202403/t20240311_435118.html").read_text(encoding="utf-8")
    page = host / "npc/c2/c30834/202404/t20240402_436001.html"
    page.parent.mkdir(parents=True)
    page.write_text(source.replace("座谈会", "立法调研会"), encoding="utf-8")
    index = host / "npc/c2/c30834/index.html"
    html = index.read_text(encoding="utf-8")
    index.write_text(
        html.replace("<li>", '<li><a href="./202404/t20240402_436001.html">新文章</a></li><li>', 1), encoding="utf-8"
    )
    # The list walk alone: the night's revisits (tests/test_revisit.py) would re-request old articles too.
    return crawl_fixture_site(NpcSpider, directory, root=root, settings={"RDARCHIVE_REVISIT_DAYS": 0})


def test_incremental_run_fetches_only_the_new_article(incremental):
    assert [u for u in incremental.requested if NpcSpider.is_article_url(u)] == [NEW_ARTICLE]


def test_incremental_run_stores_the_new_article(incremental):
    assert incremental.run.articles_new == 1


def test_incremental_run_stops_before_archived_list_pages(incremental):
    # index.html held the new article, so its next page is read; that page lists
    # only archived articles, so the walk stops there.
    assert "http://www.npc.gov.cn/npc/c2/c30834/index_1.html" in incremental.requested


@pytest.fixture
def crawled_into_postgresql(tmp_path, pg_url):
    return crawl_fixture_site(NpcSpider, tmp_path, db_url=pg_url)


def test_crawl_into_postgresql(crawled_into_postgresql):
    assert sorted(crawled_into_postgresql.records) == sorted(TestNpc.expected())


def test_run_end_refreshes_index_statistics_on_postgresql(crawled_into_postgresql, pg_url):
    # Without planner statistics (autovacuum off, or a first large crawl) PostgreSQL runs the
    # near-duplicate candidate lookup as a parallel scan, ten times slower (benchmarks/dedupe_scale.py).
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        counted = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'lsh_keys'::regclass")).scalar()
    engine.dispose()
    assert counted > 0


@pytest.fixture(scope="module")
def nothing_new(tmp_path_factory):
    directory = tmp_path_factory.mktemp("npc-nothing-new")
    crawl_fixture_site(NpcSpider, directory)
    # The list walk alone (revisits: tests/test_revisit.py).
    return crawl_fixture_site(NpcSpider, directory, settings={"RDARCHIVE_REVISIT_DAYS": 0})


def test_incremental_run_with_nothing_new_succeeds(nothing_new):
    assert (nothing_new.run.status, nothing_new.run.health) == ("succeeded", "ok")


def test_incremental_run_with_nothing_new_fetches_no_article(nothing_new):
    assert [u for u in nothing_new.requested if NpcSpider.is_article_url(u)] == []

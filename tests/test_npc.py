"""中国人大网: the spider walks the fixture world through the real engine into the archive."""
from __future__ import annotations

import pytest

from crawlers.spiders.npc import NpcSpider
from tests.site_checks import SiteSuite, crawl_fixture_site


class TestNpc(SiteSuite):
    spider = NpcSpider
    second_list_page = "http://www.npc.gov.cn/npc/c2/c30834/index_1.html"

    def test_fixture_world_covers_three_templates(self):
        assert {e["template"] for e in self.expected().values()} == {
            "npc-trs-2019", "npc-trs-migrated", "npc-enp-2008"}

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
    directory = tmp_path_factory.mktemp("npc-twice")
    crawl_fixture_site(NpcSpider, directory)
    return crawl_fixture_site(NpcSpider, directory)


def test_recrawl_finds_all_unchanged(recrawled):
    assert recrawled.run.articles_unchanged == len(TestNpc.expected())


def test_recrawl_stores_nothing_new(recrawled):
    assert recrawled.run.articles_new == 0


@pytest.fixture
def crawled_into_postgresql(tmp_path, pg_url):
    return crawl_fixture_site(NpcSpider, tmp_path, db_url=pg_url)


def test_crawl_into_postgresql(crawled_into_postgresql):
    assert sorted(crawled_into_postgresql.records) == sorted(TestNpc.expected())

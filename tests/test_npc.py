"""中国人大网: the spider walks the fixture world through the real engine into the archive."""
from __future__ import annotations

import pytest

from crawlers.spiders.npc import NpcSpider
from tests.conftest import expected_articles
from tests.site_checks import crawl_fixture_site, field_cases, stored_value

EXPECTED = expected_articles("npc")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_fixture_site(NpcSpider, tmp_path_factory.mktemp("npc"))


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    directory = tmp_path_factory.mktemp("npc-twice")
    crawl_fixture_site(NpcSpider, directory)
    return crawl_fixture_site(NpcSpider, directory)


def test_fixture_world_has_articles():
    assert len(EXPECTED) >= 6


def test_every_fixture_article_is_stored(crawled):
    assert sorted(crawled.records) == sorted(EXPECTED)


@pytest.mark.parametrize("url,field", field_cases("npc"))
def test_field(crawled, url, field):
    assert stored_value(crawled.records[url], field) == EXPECTED[url][field]


@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_no_page_furniture_in_body(crawled, url):
    body = crawled.records[url]["body"]
    assert not [w for w in ("浏览字号", "打印本页", "关闭窗口", "相关文章") if w in body]


@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_body_keeps_paragraphs(crawled, url):
    assert crawled.records[url]["body"].count("\n") >= 2


def test_second_list_page_followed(crawled):
    assert "http://www.npc.gov.cn/npc/c2/c30834/index_1.html" in crawled.requested


def test_robots_txt_fetched(crawled):
    assert "http://www.npc.gov.cn/robots.txt" in crawled.requested


def test_only_npc_host_requested(crawled):
    assert {u.split("/")[2] for u in crawled.requested} == {"www.npc.gov.cn"}


def test_run_succeeded(crawled):
    assert crawled.run.status == "succeeded"


def test_run_counts_new_articles(crawled):
    assert crawled.run.articles_new == len(EXPECTED)


def test_run_counts_pages(crawled):
    # list pages + articles + robots.txt
    assert crawled.run.pages_fetched >= len(EXPECTED) + 3


def test_run_has_no_failures(crawled):
    assert [f.reason for f in crawled.run.failures] == []


def test_recrawl_finds_all_unchanged(recrawled):
    assert recrawled.run.articles_unchanged == len(EXPECTED)


def test_recrawl_stores_nothing_new(recrawled):
    assert recrawled.run.articles_new == 0


@pytest.fixture
def crawled_into_postgresql(tmp_path, pg_url):
    return crawl_fixture_site(NpcSpider, tmp_path, db_url=pg_url)


def test_crawl_into_postgresql(crawled_into_postgresql):
    assert sorted(crawled_into_postgresql.records) == sorted(EXPECTED)

"""The three real 中国人大网 templates, served straight from ../shared (never copied)."""

from __future__ import annotations

import json

import pytest

from rdarchive.spiders import spider_for
from tests.conftest import SITES, need_shared
from tests.site_checks import crawl_fixture_site, stored_value

NpcSpider = spider_for("npc")

REAL = json.loads((SITES / "npc" / "expected" / "shared_pages.json").read_text(encoding="utf-8"))
REAL = {url: exp for url, exp in REAL.items() if not url.startswith("_")}
FIELDS = ("template", "title", "published_at", "source", "editors", "responsible_editors", "body_start", "body_end")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    files = {url: need_shared(exp["shared_path"]) for url, exp in REAL.items()}
    return crawl_fixture_site(NpcSpider, tmp_path_factory.mktemp("npc-real"), files=files, urls=list(REAL))


def test_every_real_page_is_stored(crawled):
    assert sorted(crawled.records) == sorted(REAL)


@pytest.mark.parametrize("url,field", [(u, f) for u, e in REAL.items() for f in FIELDS if f in e])
def test_field(crawled, url, field):
    assert stored_value(crawled.records[url], field) == REAL[url][field]


@pytest.mark.parametrize("url", sorted(REAL))
def test_no_page_furniture_in_body(crawled, url):
    body = crawled.records[url]["body"]
    assert not [w for w in ("浏览字号", "打印本页", "关闭窗口", "相关文章") if w in body]


def test_migrated_page_date_is_not_the_url_date(crawled):
    url = "http://www.npc.gov.cn/npc/c1773/c2518/c12898/201905/t20190523_46320.html"
    assert not crawled.records[url]["published_at"].startswith("2019-05-23")


def test_law_text_gives_no_source_from_body(crawled):
    # The labour dispute law says "来源" in its own text; the source comes from the byline only.
    sources = {r["source"] for r in crawled.records.values()}
    assert sources == {"中国人大网"}

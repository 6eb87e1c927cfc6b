"""青海人大网: TRS channels; the 常委会公报 issues are plain-text TRS attachments (.txt) archived as articles,
and /zhrd/basc/ (meta refresh to a bare IP) is never followed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawlers.spiders.qhrd import QhrdSpider
from tests.site_checks import SiteSuite, crawl_fixture_site

GAZETTE_2018 = "https://www.qhrd.gov.cn/zyfb/cwhgb_4710/lncwhgb/2018n_4716/202302/P020230203532643309202.txt"
BARE_IP = "111.44.251.37"


class TestQhrd(SiteSuite):
    spider = QhrdSpider
    second_list_page = "https://www.qhrd.gov.cn/xwzx/rdyw/index_1.html"

    def test_fixture_world_has_both_kinds(self):
        assert {e["template"] for e in self.expected().values()} == {"qhrd-trs-guessed", "qhrd-gazette-txt"}

    def test_year_channel_followed_from_the_gazette_tree(self, crawled):
        assert "https://www.qhrd.gov.cn/zyfb/cwhgb_4710/lncwhgb/2018n_4716/index.html" in crawled.requested

    def test_gbk_text_attachment_decoded(self, crawled):
        assert "省人大常委会立法工作要紧紧围绕" in crawled.records[GAZETTE_2018]["body"]

    def test_text_attachment_lines_are_paragraphs(self, crawled):
        assert crawled.records[GAZETTE_2018]["body"].count("\n") >= 10

    def test_law_database_redirect_never_requested(self, crawled):
        assert [u for u in crawled.requested if "/zhrd/basc/" in u or BARE_IP in u] == []

    def test_other_channels_in_the_nav_not_followed(self, crawled):
        assert "https://www.qhrd.gov.cn/xwzx/sxrd/" not in crawled.requested


@pytest.fixture
def crawled_basc(tmp_path):
    # Even asked explicitly, the meta refresh to the bare IP is not followed.
    return crawl_fixture_site(QhrdSpider, tmp_path, urls="https://www.qhrd.gov.cn/zhrd/basc/")


def test_meta_refresh_page_fetched_when_asked(crawled_basc):
    assert "https://www.qhrd.gov.cn/zhrd/basc/" in crawled_basc.requested


def test_meta_refresh_to_bare_ip_not_followed(crawled_basc):
    # Scrapy's offsite filter drops the refresh target (outside allowed_domains) without a failure row.
    assert [u for u in crawled_basc.requested if urlsplit(u).hostname == BARE_IP] == []

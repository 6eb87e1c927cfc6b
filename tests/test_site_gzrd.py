"""贵州人大网: old TRS-like `.shtml` channels; the page after index.shtml is index_2.shtml (no index_1)."""

import pytest

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

GzrdSpider = spider_for("gzrd")


class TestGzrd(SiteSuite):
    spider = GzrdSpider
    second_list_page = "https://www.gzrd.gov.cn/xwzx/zyfb/cwhgg/index_2.shtml"

    def test_index_1_is_never_requested(self, crawled):
        assert "https://www.gzrd.gov.cn/xwzx/zyfb/cwhgg/index_1.shtml" not in crawled.requested

    def test_pager_stops_after_index_2(self, crawled):
        assert "https://www.gzrd.gov.cn/xwzx/zyfb/cwhgg/index_3.shtml" not in crawled.requested

    def test_parent_channels_in_crumbs_not_followed(self, crawled):
        assert not {"https://www.gzrd.gov.cn/xwzx/", "https://www.gzrd.gov.cn/xwzx/zyfb/"} & set(crawled.requested)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.gzrd.gov.cn/xwzx/rdyw/202607/t20260715_90623308.html", True),  # 2026 form, MISC 69478262359
        ("https://www.gzrd.gov.cn/xwzx/zyfb/cwhgg/201906/t20190612_2451876.shtml", True),
        ("https://www.gzrd.gov.cn/xwzx/zyfb/cwhgg/index_2.shtml", False),
    ],
)
def test_article_url_forms(url, expected):
    assert GzrdSpider.is_article_url(url) is expected

"""西藏人大网: the 2020 /List/<col>-<page>.htm site (ES20), list-row article links, and the
lookalike 徐州 domain www.xzrd.gov.cn that must never be requested."""

from urllib.parse import urlsplit

from crawlers.spiders.xizangrd import XizangrdSpider
from tests.site_checks import SiteSuite


class TestXizangrd(SiteSuite):
    spider = XizangrdSpider
    second_list_page = "http://www.xizangrd.gov.cn/List/19-2.htm"

    def test_xuzhou_lookalike_never_requested(self, crawled):
        assert [u for u in crawled.requested if urlsplit(u).hostname.endswith("xzrd.gov.cn")] == []

    def test_xuzhou_lookalike_is_denied(self):
        assert not XizangrdSpider.allows_host("www.xzrd.gov.cn")

    def test_other_columns_in_the_nav_not_followed(self, crawled):
        assert "http://www.xizangrd.gov.cn/List/3-1.htm" not in crawled.requested

    def test_related_article_outside_the_list_rows_not_followed(self, crawled):
        # The 热点文章 box of list pages is not a list row (ES20 reads ul.list only).
        assert "http://www.xizangrd.gov.cn/Item/1101.htm" not in crawled.requested

    def test_list_pages_are_not_articles(self):
        assert not XizangrdSpider.is_article_url("http://www.xizangrd.gov.cn/List/19-2.htm")

    def test_body_names_local_congress_narrows_region(self, crawled):
        record = crawled.records["http://www.xizangrd.gov.cn/Item/1203.htm"]
        assert record["region"]["basis"] == "body"

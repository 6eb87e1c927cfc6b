"""安徽人大网: the 2022 JSP list.jsp/article.jsp endpoints (query-string URLs, GBK) behind the 2026 SPA front;
article markup unknown, so the sibling platform's classes or generic extraction."""

from crawlers.spiders.ahrd import AhrdSpider
from tests.site_checks import SiteSuite

COL = "96efd7a1c2394841b05eca98d0b98862"
OTHER = "4b1e0c7d9a2f4e6b8c3d5a7f1e9b2c40"
SID = "1448865560847002"


class TestAhrd(SiteSuite):
    spider = AhrdSpider
    second_list_page = f"http://www.ahrd.gov.cn/list.jsp?strColId={COL}&strWebSiteId={SID}&PageSizeIndex=2"

    def test_fixture_world_covers_both_paths(self):
        assert {e["template"] for e in self.expected().values()} == {"ahrd-jsp-sibling", None}

    def test_start_channel_keeps_its_trailing_ampersand(self, crawled):
        assert f"http://www.ahrd.gov.cn/list.jsp?strColId={COL}&" in crawled.requested

    def test_other_column_page_2_not_followed(self, crawled):
        assert (
            f"http://www.ahrd.gov.cn/list.jsp?strColId={OTHER}&strWebSiteId={SID}&PageSizeIndex=2"
            not in crawled.requested
        )

    def test_other_column_first_page_not_followed(self, crawled):
        assert f"http://www.ahrd.gov.cn/list.jsp?strColId={OTHER}&" not in crawled.requested

    def test_gbk_page_decoded(self, crawled):
        record = crawled.records[
            f"http://www.ahrd.gov.cn/article.jsp?strColId={COL}"
            f"&strId=3f1c2b7e8d9a4c5b6e0f1a2b3c4d5e6f&strWebSiteId={SID}"
        ]
        assert "基层立法联系点" in record["body"]

    def test_article_url_needs_both_ids(self):
        assert not AhrdSpider.is_article_url(f"http://www.ahrd.gov.cn/article.jsp?strColId={COL}&strWebSiteId={SID}")

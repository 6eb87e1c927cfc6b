"""河北人大网: enorth-family date-path CMS (/system/YYYY/MM/DD/<id>.shtml), /system/more/ list paging."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

HbrdSpider = spider_for("hbrd")

LIST = "https://www.hbrd.gov.cn/system/more/{0}/0000/{0}_{1}.shtml"


class TestHbrd(SiteSuite):
    spider = HbrdSpider
    second_list_page = LIST.format("113002011000000000", "00000002")

    def test_other_channels_more_pages_not_followed(self, crawled):
        # The nav links 立法工作 / 代表工作 more-pages; they are not pages of this channel.
        assert [u for u in crawled.requested if "/system/more/" in u and "113002011" not in u] == []

    def test_column_index_pages_not_followed(self, crawled):
        assert "https://www.hbrd.gov.cn/cwhjg/cjhhzgzwyh/gzdt/index.shtml" not in crawled.requested

    def test_page_date_wins_over_url_date(self, crawled):
        # URL day 2026/03/27, infobox 2026-03-26 18:20:05.
        record = crawled.records["https://www.hbrd.gov.cn/system/2026/03/27/102176012.shtml"]
        assert record["published_at"].startswith("2026-03-26")

    def test_related_articles_not_requested(self, crawled):
        # 相关文章 links on article pages are not list entries of the channel.
        assert "https://www.hbrd.gov.cn/system/2025/11/20/102093377.shtml" not in crawled.requested

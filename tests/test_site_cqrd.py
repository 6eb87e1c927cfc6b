"""重庆人大: snowflake-id article URLs in two forms (/site/ and /web/), on the bare and the www host."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

CqrdSpider = spider_for("cqrd")


class TestCqrd(SiteSuite):
    spider = CqrdSpider
    second_list_page = "https://www.cqrd.gov.cn/web/column/col1839990_2.html"

    def test_other_columns_not_followed(self, crawled):
        assert "https://www.cqrd.gov.cn/web/column/col1839981.html" not in crawled.requested

    def test_bare_host_article_fetched_on_its_own_host(self, crawled):
        assert "https://cqrd.gov.cn/robots.txt" in crawled.requested

    def test_id_must_repeat_in_the_file_name(self):
        assert not CqrdSpider.is_article_url(
            "https://www.cqrd.gov.cn/web/article/1801234567890123776/web/content_1801234567890123999.html"
        )

    def test_law_database_host_denied(self):
        assert not CqrdSpider.allows_host("fggs.cqrd.gov.cn")

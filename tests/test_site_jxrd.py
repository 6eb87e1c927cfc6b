"""江西人大新闻网: 大江网 (jxnews) date-path CMS /system/YYYY-MM-DD/<id>.shtml, GB2312 pages, /zyfb/ list."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

JxrdSpider = spider_for("jxrd")


class TestJxrd(SiteSuite):
    spider = JxrdSpider
    second_list_page = "https://jxrd.jxnews.com.cn/zyfb/index_2.shtml"

    def test_other_channels_pages_not_followed(self, crawled):
        # The nav links /rdyw/index_2.shtml: a page of another channel, not of 重要发布.
        assert "https://jxrd.jxnews.com.cn/rdyw/index_2.shtml" not in crawled.requested

    def test_gb2312_pages_decoded(self, crawled):
        assert all("\ufffd" not in r["title"] + r["body"] for r in crawled.records.values())

"""福建省人大常委会门户网站: TRS 动静结合 lists (index.html holds every record, index_N.html is 403)."""

import re

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

SzrdSpider = spider_for("szrd")


class TestSzrd(SiteSuite):
    spider = SzrdSpider
    # No pagination is followed (index_N.html answers 403); the second list page is the sibling channel
    # 决议决定 that the 法规 page's side menu links.
    second_list_page = "http://szrd.fjrd.gov.cn/zyfb/jyjd/"

    def test_index_1_is_never_requested(self, crawled):
        assert "http://szrd.fjrd.gov.cn/zyfb/fg/index_1.html" not in crawled.requested

    def test_no_index_n_page_is_requested(self, crawled):
        assert [u for u in crawled.requested if re.search(r"/index_\d+\.html$", u)] == []

    def test_pdf_rows_are_not_requested(self, crawled):
        assert [u for u in crawled.requested if u.endswith(".pdf")] == []

    def test_every_static_block_is_read(self, crawled):
        # The 法规 page's second ms-visible block (hidden by the JS) holds the two .htm rows.
        assert {
            "http://szrd.fjrd.gov.cn/zyfb/fg/201912/t20191225_5134567.htm",
            "http://szrd.fjrd.gov.cn/zyfb/fg/201807/t20180731_4211903.htm",
        } <= set(crawled.records)

    def test_menu_links_outside_the_section_not_followed(self, crawled):
        assert not {"http://szrd.fjrd.gov.cn/rdyw/", "http://szrd.fjrd.gov.cn/lfgz/"} & set(crawled.requested)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())


def test_pagination_is_switched_off():
    assert SzrdSpider.follow_pagination is False

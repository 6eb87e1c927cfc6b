"""北京人大网: TRS WCM t-date articles, no index_N pages; sub-channel lists widen the crawl."""

import re

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

BjrdSpider = spider_for("bjrd")


class TestBjrd(SiteSuite):
    spider = BjrdSpider
    # bjrd has no index_N pages: the second list page is the sub-channel list
    # that the /zyfb/ channel page links to.
    second_list_page = "https://www.bjrd.gov.cn/zyfb/zdgz/dbgz/"

    def test_no_index_n_page_is_requested(self, crawled):
        assert [u for u in crawled.requested if re.search(r"/index_\d+\.html$", u)] == []

    def test_nav_links_outside_the_section_not_followed(self, crawled):
        assert not {
            "https://www.bjrd.gov.cn/xwzx/",
            "https://www.bjrd.gov.cn/rdzl/dfxfgk/dfxfg/",
            "https://www.bjrd.gov.cn/fwhd/bjrdzz/",
        } & set(crawled.requested)

    def test_article_listed_twice_is_fetched_once(self, crawled):
        url = "https://www.bjrd.gov.cn/zyfb/zdgz/dbgz/202603/t20260311_4539864.html"
        assert crawled.requested.count(url) == 1

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

    def test_robots_txt_fetched(self, crawled):
        assert "https://www.bjrd.gov.cn/robots.txt" in crawled.requested

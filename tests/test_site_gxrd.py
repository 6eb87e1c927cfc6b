"""广西人大网: flat /html/art<id>.html articles in GBK, a URL-prefixed metadata line and a 初审/二审/主审 review line."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

GxrdSpider = spider_for("gxrd")


class TestGxrd(SiteSuite):
    spider = GxrdSpider
    second_list_page = "https://www.gxrd.gov.cn/html/list1021_2.html"

    def test_other_lists_not_followed(self, crawled):
        assert "https://www.gxrd.gov.cn/html/list1001.html" not in crawled.requested

    def test_site_search_not_requested(self, crawled):
        assert not [u for u in crawled.requested if "search.php" in u]

    def test_review_line_stays_out_of_the_body(self, crawled):
        assert not [u for u, r in crawled.records.items() if "初审" in r["body"]]

    def test_review_line_gives_the_reviewers(self, crawled):
        # 初审 / 二审 / 主审: the review chain printed after the body.
        assert [r["reviewers"] for r in crawled.records.values()] == [["覃文斌", "蒙嘉怡", "黄振宁"]] * 2

"""宁夏人大网: TRS t-date pages on a template borrowed from the city site 银川市人大 (partly guessed)."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

NxrdSpider = spider_for("nxrd")


class TestNxrd(SiteSuite):
    spider = NxrdSpider
    second_list_page = "http://www.nxrd.gov.cn/rdyw/index_1.html"

    def test_page_date_wins_over_url_date(self, crawled):
        record = crawled.records["http://www.nxrd.gov.cn/rdyw/202402/t20240227_4452310.html"]
        assert record["published_at"].startswith("2024-02-26")

    def test_other_channels_in_the_nav_not_followed(self, crawled):
        assert "http://www.nxrd.gov.cn/lfgz/index_1.html" not in crawled.requested

    def test_no_index_2_beyond_the_announced_pages(self, crawled):
        assert "http://www.nxrd.gov.cn/rdyw/index_2.html" not in crawled.requested

    def test_declared_partly_guessed_with_borrowed_template(self):
        assert (NxrdSpider.evidence, "yinchuan" in NxrdSpider.evidence_note) == ("partly guessed", True)

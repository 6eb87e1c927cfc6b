"""四川人大网: one column (/jyjd/) links articles in two URL forms, TRS t-date and a bare numeric id."""

import pytest

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

ScspcSpider = spider_for("scspc")


class TestScspc(SiteSuite):
    spider = ScspcSpider
    second_list_page = "https://www.scspc.gov.cn/jyjd/index_1.html"

    def test_numeric_id_article_archived(self, crawled):
        assert "https://www.scspc.gov.cn/jyjd/202604/152688.html" in crawled.records

    def test_t_date_article_archived(self, crawled):
        assert "https://www.scspc.gov.cn/jyjd/202603/t20260327_51210.html" in crawled.records

    def test_pdf_attachment_not_requested(self, crawled):
        assert [u for u in crawled.requested if u.endswith(".pdf")] == []

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.scspc.gov.cn/jyjd/202512/t20251203_49669.html", True),  # registry row 23
        ("https://www.scspc.gov.cn/jyjd/202604/152661.html", True),  # registry row 23
        ("https://www.scspc.gov.cn/jyjd/index_1.html", False),
        ("https://www.scspc.gov.cn/jyjd/202604/P020260416503318226671.pdf", False),
        ("https://rhpt.scspc.gov.cn/flfgkgzd/202604/152661.html", False),  # law DB host is not crawled
    ],
)
def test_article_url_forms(url, expected):
    assert ScspcSpider.is_article_url(url) is expected

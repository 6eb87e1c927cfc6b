"""内蒙古人大网: TRS WCM t-date articles in `_<id>` channel folders, two article layouts, `var countPage` pager."""

from crawlers.spiders.nmgrd import NmgrdSpider
from tests.site_checks import SiteSuite


class TestNmgrd(SiteSuite):
    spider = NmgrdSpider
    second_list_page = "http://www.nmgrd.gov.cn/xw/index_1.html"

    def test_fixture_world_covers_both_layouts(self):
        assert {e["template"] for e in self.expected().values()} == {"nmgrd-trs", "nmgrd-wenzhang"}

    def test_pager_stops_at_count_page(self, crawled):
        assert "http://www.nmgrd.gov.cn/xw/index_2.html" not in crawled.requested

    def test_other_channels_not_followed(self, crawled):
        assert not {"http://www.nmgrd.gov.cn/jdgz/", "http://www.nmgrd.gov.cn/xjrm/"} & set(crawled.requested)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())


def test_count_page_pager_names_next_pages():
    from scrapy.http import HtmlResponse

    html = (
        "<script>var countPage = 3//共多少页\nvar currentPage = 0;\n"
        'createPageHTML(countPage, currentPage, "index", "html");</script>'
    )
    response = HtmlResponse("http://www.nmgrd.gov.cn/xw/", body=html.encode(), encoding="utf-8")
    assert list(NmgrdSpider().pagination(response)) == [
        "http://www.nmgrd.gov.cn/xw/index_1.html",
        "http://www.nmgrd.gov.cn/xw/index_2.html",
    ]

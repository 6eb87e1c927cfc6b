"""浙江人大: TRS WCM t-date pages on the 人代会 site rdh.zjrd.gov.cn (empty 作者/来源 labels) and www.zjrd.gov.cn (2020 lists)."""

from rdarchive.spiders import spider_for
from tests.site_checks import SiteSuite

ZjrdSpider = spider_for("zjrd")


class TestZjrd(SiteSuite):
    spider = ZjrdSpider
    second_list_page = "http://rdh.zjrd.gov.cn/hydt131/index_1.html"

    def test_fixture_world_covers_both_hosts_templates(self):
        assert {e["template"] for e in self.expected().values()} == {"zjrd-rdh", "zjrd-trs-2020"}

    def test_empty_labels_give_no_source(self, crawled):
        rdh = [r for u, r in crawled.records.items() if "rdh.zjrd.gov.cn" in u]
        assert {r["source"] for r in rdh} == {None}

    def test_empty_author_label_falls_back_to_lead_credit(self, crawled):
        # 作者: is empty on every 会议动态 page; the reporters are credited in 本网讯（记者 …）.
        rdh = [r for u, r in crawled.records.items() if "rdh.zjrd.gov.cn" in u]
        assert all(r["authors"] and r["authors"][0] in r["body"][:20] for r in rdh)

    def test_single_page_channel_has_no_second_page(self, crawled):
        assert "https://www.zjrd.gov.cn/zyfb/cwhgg/index_1.html" not in crawled.requested

    def test_nav_channels_not_followed(self, crawled):
        assert not {"http://rdh.zjrd.gov.cn/qwfb/", "https://www.zjrd.gov.cn/dflf/"} & set(crawled.requested)

    def test_run_counts_new_articles(self, crawled):
        assert crawled.run.articles_new == len(self.expected())

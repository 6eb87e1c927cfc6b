"""天津人大网: 2020 GB2312 table layout, /xwzx/system/count// list paging, enorth-style /system/ dates (guessed)."""

from pathlib import Path

from crawlers.spiders.tjrd import TjrdSpider
from tests.conftest import site_root
from tests.site_checks import SiteSuite

COUNT = "http://www.tjrd.gov.cn/xwzx/system/count//0003016/000000000000/000/000/c0003016000000000000_{}.shtml"


class TestTjrd(SiteSuite):
    spider = TjrdSpider
    second_list_page = COUNT.format("00000002")

    def test_fixture_pages_are_served_as_gbk_bytes(self):
        # The decoding path is only tested if the files really are not UTF-8.
        pages = list(site_root("tjrd").rglob("*.shtml"))
        assert pages and not [p for p in pages if _is_utf8(p)]

    def test_titles_decoded_from_gb2312(self, crawled):
        assert all("\ufffd" not in r["title"] + r["body"] for r in crawled.records.values())

    def test_picture_box_article_not_requested(self, crawled):
        # Only the list rows (td.weiruan16.hanggao36) are entries of the column.
        assert "http://www.tjrd.gov.cn/xwzx/system/2020/05/29/030011002.shtml" not in crawled.requested

    def test_other_columns_not_followed(self, crawled):
        assert [u for u in crawled.requested if "/count/" in u and "c0003016" not in u] == []

    def test_each_list_page_requested_once(self, crawled):
        # Relative pager links lose the double slash in urljoin; the spider restores it,
        # so page 1 is not fetched a second time as a "new" single-slash URL.
        lists = [u for u in crawled.requested if "/count/" in u]
        assert sorted(lists) == [COUNT.format("00000001"), COUNT.format("00000002")]

    def test_fabu_date_wins_over_url_date(self, crawled):
        # URL day 2020/05/21, 发稿日期 2020-05-19 16:48:20 (bhxqrd shows the same kind of gap).
        record = crawled.records["http://www.tjrd.gov.cn/xwzx/system/2020/05/21/030011620.shtml"]
        assert record["published_at"] == "2020-05-19T16:48:20+08:00"


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True

"""Discovery functions over parsed pages (crawlers/discovery/), without Scrapy: channels, article links
learned from repeated URL shapes, pagination in its several forms, traps, the site's own name."""

from __future__ import annotations

import pytest

from crawlers.discovery import (
    article_links,
    channel_links,
    list_key,
    next_pages,
    pagination_links,
    pagination_style,
    parse_page,
    shape,
    trap,
)
from crawlers.discovery.site_name import jurisdiction_of, site_name
from crawlers.discovery.titles import confirmed_title
from tests.conftest import FIXTURES

CMS = FIXTURES / "cms"
DEDE = "http://www.jiaxianrd.example"


def dede(path: str, url: str):
    return parse_page(url, (CMS / "dedecms" / "site" / "www.jiaxianrd.example" / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def home():
    return dede("index.html", f"{DEDE}/")


@pytest.fixture(scope="module")
def channel():
    return dede("a/gongzuodongtai/index.html", f"{DEDE}/a/gongzuodongtai/")


@pytest.fixture(scope="module")
def second():
    return dede("a/gongzuodongtai/list_3_2.html", f"{DEDE}/a/gongzuodongtai/list_3_2.html")


def test_home_channels(home):
    assert [c.url for c in channel_links(home)][:3] == [
        f"{DEDE}/a/gongzuodongtai/",
        f"{DEDE}/plus/list.php?tid=5",
        f"{DEDE}/a/guanyuwomen/",
    ]


def test_channels_skip_search_and_login(home):
    assert {c.url for c in channel_links(home)} & {f"{DEDE}/plus/search.php", f"{DEDE}/member/login.php"} == set()


def test_channels_stay_on_the_host(home):
    assert all(c.url.startswith(DEDE) for c in channel_links(home))


def test_home_articles_of_both_shapes(home):
    assert [a.url.rsplit("/", 1)[-1] for a in article_links(home)] == [
        "318.html",
        "311.html",
        "view.php?aid=315",
        "view.php?aid=309",
    ]


def test_tracking_query_dropped(home):
    assert all("spm=" not in a.url for a in article_links(home))


def test_row_title(channel):
    assert article_links(channel)[0].title == "县人大常委会召开第三十次会议"


def test_row_date(channel):
    assert article_links(channel)[0].date == "2025-05-09"


def test_single_row_page_needs_no_shape_learned(second):
    # One row with a date beside it is a list row on its own.
    assert [a.url for a in article_links(second)] == [f"{DEDE}/a/gongzuodongtai/2025/0410/305.html"]


def test_known_shape_marks_undated_single_rows():
    page = parse_page(
        "http://x.example/list/", '<ul><li><a href="/a/2025/77.html">县人大常委会召开主任会议</a></li></ul>'
    )
    assert [a.url for a in article_links(page, known={shape("http://x.example/a/2025/12.html")})] == [
        "http://x.example/a/2025/77.html"
    ]


def test_lone_undated_link_is_no_article():
    page = parse_page(
        "http://x.example/list/", '<ul><li><a href="/a/2025/77.html">县人大常委会召开主任会议</a></li></ul>'
    )
    assert article_links(page) == []


def test_navigation_titles_are_no_articles():
    html = '<div class="nav"><a href="/a/1.html">县人大常委会召开主任会议</a><a href="/a/2.html">县人大常委会召开党组会议</a></div>'
    assert article_links(parse_page("http://x.example/", html)) == []


def test_dedecms_next_page(channel):
    assert [(p.url, p.rel) for p in pagination_links(channel)] == [(f"{DEDE}/a/gongzuodongtai/list_3_2.html", "next")]


def test_back_link_is_a_page_of_the_list(second):
    assert [p.rel for p in pagination_links(second)] == ["back"]


def test_trs_script_pages():
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    links = pagination_links(parse_page("http://t.example/zyfb/index.html", html))
    assert [(p.url, p.number) for p in links] == [
        ("http://t.example/zyfb/index_1.html", 2),
        ("http://t.example/zyfb/index_2.html", 3),
    ]


def test_trs_style():
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert pagination_style(pagination_links(parse_page("http://t.example/zyfb/index.html", html))).startswith("TRS")


def test_number_strip_with_query_page():
    html = '<div class="page"><a href="?ClassID=2&page=2">[2]</a> <a href="?ClassID=3&page=2">其他</a></div>'
    page = parse_page("http://a.example/ShowClass.asp?ClassID=2", html)
    assert [(p.url, p.rel, p.number) for p in pagination_links(page)] == [
        ("http://a.example/ShowClass.asp?ClassID=2&page=2", "number", 2)
    ]


def test_pager_link_to_another_list_is_not_followed():
    html = '<a href="/other/list_2.html">下一页</a>'
    assert pagination_links(parse_page("http://a.example/news/", html)) == []


def test_wordpress_older_posts_link():
    html = '<div class="nav-previous"><a href="/category/dbzj/page/2/">&larr; 较早文章</a></div>'
    links = pagination_links(parse_page("http://w.example/category/dbzj/", html))
    assert [(p.url, p.rel) for p in links] == [("http://w.example/category/dbzj/page/2/", "next")]


def test_next_pages_walks_one_page():
    html = '<a href="?page=2">2</a><a href="?page=3">3</a><a href="?page=2">下一页</a><a href="?page=9">尾页</a>'
    links = pagination_links(parse_page("http://a.example/list.php", html))
    assert [p.url for p in next_pages(links, 1)] == ["http://a.example/list.php?page=2"]


def test_list_key_joins_folder_and_numbered_pages():
    assert list_key("http://a.example/a/gz/") == list_key("http://a.example/a/gz/list_3_2.html")


def test_list_key_keeps_the_channel_parameter():
    assert list_key("http://a.example/list.php?tid=5") != list_key("http://a.example/list.php?tid=6&PageNo=2")


@pytest.mark.parametrize(
    "url",
    [
        "http://a.example/files/plan.pdf",
        "http://a.example/plus/search.php?q=1",
        "http://a.example/member/login.php",
        "http://a.example/index.php?m=vote&c=index",
        "http://a.example/module/download/downfile.jsp?filename=1.pdf",
        "http://a.example/wp-json/",
    ],
)
def test_traps(url):
    assert trap(url) is not None


def test_article_url_is_no_trap():
    assert trap("http://a.example/plus/view.php?aid=318") is None


def test_site_name(home):
    assert site_name(home) == "郏县人大"


def test_jurisdiction_from_site_name():
    assert jurisdiction_of("泰州市人大常委会") == "321200"


def test_unknown_place_has_no_jurisdiction():
    assert jurisdiction_of("某某人大") is None


def test_title_confirmed_by_the_page():
    assert (
        confirmed_title("<h1>郏县人大常委会</h1><h2>县人大常委会召开会议</h2>", "县人大常委会召开会议")
        == "县人大常委会召开会议"
    )


def test_shortened_row_title_completed():
    html = "<h1>站名</h1><div class='t'>县人大常委会召开第三十次会议审议两项报告</div>"
    assert confirmed_title(html, "县人大常委会召开第三十...") == "县人大常委会召开第三十次会议审议两项报告"


def test_title_only_in_a_link_is_not_confirmed():
    assert confirmed_title('<a href="/x">县人大常委会召开会议</a>', "县人大常委会召开会议") is None


def test_list_key_joins_suffix_numbered_pages():
    assert list_key("http://a.example/html/list1021.html") == list_key("http://a.example/html/list1021_2.html")


def test_suffix_numbered_strip_page():
    page = parse_page(
        "http://a.example/html/list1021.html", '<div class="pagelist"><a href="/html/list1021_2.html">2</a></div>'
    )
    assert [(p.url, p.number) for p in pagination_links(page)] == [("http://a.example/html/list1021_2.html", 2)]


def test_trs_script_with_a_page_count_variable():
    html = '<script>var countPage = 2;\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "index", "html");</script>'
    links = pagination_links(parse_page("http://n.example/xw/index.html", html))
    assert [p.url for p in links] == ["http://n.example/xw/index_1.html"]


def test_count_folder_is_no_trap():
    assert (
        trap(
            "http://www.tjrd.gov.cn/xwzx/system/count//0003016/000000000000/000/000/c0003016000000000000_00000002.shtml"
        )
        is None
    )


def test_counter_file_is_a_trap():
    assert trap("http://a.example/plus/count.php?aid=3") is not None

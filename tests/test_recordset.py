"""The Hanweb/TrueCMS recordset family (crawlers/recordset.py), without a crawl."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawlers.recordset import RecordsetSpider, RecordsetWalk, read_recordset
from crawlers.templates import Template

COLUMN = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
ROW = '<li><div class="part"><a href="{href}" target="_blank">条目</a><span>2024-05-06</span></div></li>'


class DemoSpider(RecordsetSpider):
    name = "demo-recordset"
    site_name = "示例人大"
    allowed_domains = ["rd.example.cn"]
    article_patterns = (r"/gk/content/[0-9a-f]+\.html$",)
    per_page = 10
    list_rows_css = "ul#initData"
    templates = (Template(name="demo", detect_css="div.article-nr", body=("div.article-nr",)),)


def result_json(total: int | None, hrefs: list[str]) -> str:
    total_tag = f"<totalrecord>{total}</totalrecord>" if total is not None else ""
    rows = "".join(f"<record><![CDATA[{ROW.format(href=h)}]]></record>" for h in hrefs)
    return json.dumps({"result": total_tag + rows}, ensure_ascii=False)


def xhr_response(spider: DemoSpider, body: str, page: int, list_url: str) -> TextResponse:
    request = spider.recordset_request(list_url, COLUMN, page, "法规")
    return TextResponse(
        request.url,
        body=body.encode("utf-8"),
        encoding="utf-8",
        request=request,
        headers={"Content-Type": "application/json"},
    )


def parse_recordset(spider: DemoSpider, response: TextResponse) -> list[Request]:
    """What Scrapy does with the request's cb_kwargs."""
    return list(spider.parse_recordset(response, **response.request.cb_kwargs))


def is_recordset(request: Request) -> bool:
    return isinstance(request.cb_kwargs.get("walk"), RecordsetWalk)


@pytest.fixture
def spider() -> DemoSpider:
    s = DemoSpider()
    s.failures = []
    s.report_failure = lambda url, kind, reason, status=None: s.failures.append((url, kind))
    return s


def test_reads_truecms_json_total():
    assert read_recordset(result_json(45, ["/a.html", "/b.html"])).total == 45


def test_reads_truecms_json_rows():
    rows = read_recordset(result_json(45, ["/a.html", "/b.html"])).rows
    assert rows == [ROW.format(href="/a.html"), ROW.format(href="/b.html")]


def test_reads_hanweb_bare_xml():
    xml = (
        "<?xml version='1.0' encoding='UTF-8'?><datastore><nextgroup><![CDATA[]]></nextgroup>"
        "<recordset><record><![CDATA[<li><a href='/x.html'>x</a></li>]]></record></recordset>"
        "<totalrecord>7</totalrecord></datastore>"
    )
    rs = read_recordset(xml)
    assert (rs.total, rs.rows) == (7, ["<li><a href='/x.html'>x</a></li>"])


def test_empty_page_beyond_the_end_is_still_a_recordset():
    rs = read_recordset(result_json(45, []))
    assert (rs.total, rs.rows) == (45, [])


@pytest.mark.parametrize("body", ["<html><body>404</body></html>", '{"code": 500}', "{broken", '{"result": 3}', ""])
def test_other_answers_are_not_recordsets(body):
    assert read_recordset(body) is None


def test_recordset_url_numbers_records_per_page(spider):
    assert spider.recordset_url("https://rd.example.cn/col/list.html", COLUMN, 3) == (
        "https://rd.example.cn/TrueCMS/messageController/getMessage.do?startrecord=21&endrecord=30"
        f"&perpage=10&contentTemplate=&columnId={COLUMN}"
    )


def test_column_id_from_pager_options(spider):
    page = HtmlResponse(
        "https://rd.example.cn/col/list.html",
        encoding="utf-8",
        body=f'<script>$("#p").jpage({{columnId: "{COLUMN}", perPage: 10}});</script>'.encode(),
    )
    assert spider.column_id(page) == COLUMN


def test_column_id_from_endpoint_link(spider):
    page = HtmlResponse(
        "https://rd.example.cn/col/list.html",
        encoding="utf-8",
        body=f'<a data-url="/getMessage.do?perpage=10&columnId={COLUMN}">更多</a>'.encode(),
    )
    assert spider.column_id(page) == COLUMN


def list_page(column_script: str) -> HtmlResponse:
    html = (
        f"<html><head><title>法规-示例人大</title></head><body>"
        f'<div class="nav"><a href="/gk/content/ffff.html">导航里的文章</a></div>'
        f'<ul id="initData">{ROW.format(href="../gk/content/aaaa.html")}</ul>{column_script}</body></html>'
    )
    return HtmlResponse(
        "https://rd.example.cn/col/list.html",
        body=html.encode("utf-8"),
        encoding="utf-8",
        request=Request("https://rd.example.cn/col/list.html"),
    )


def test_list_page_yields_static_rows_only(spider):
    out = list(spider.parse_list(list_page("")))
    assert [r.url for r in out] == ["https://rd.example.cn/gk/content/aaaa.html"]


def test_list_page_with_column_asks_for_page_two(spider):
    out = list(spider.parse_list(list_page(f'<script>var o = {{columnId: "{COLUMN}"}};</script>')))
    assert [r.cb_kwargs["walk"].page for r in out if is_recordset(r)] == [2]


def test_xhr_request_uses_its_own_callback(spider):
    request = spider.recordset_request("https://rd.example.cn/col/list.html", COLUMN, 2, "法规")
    assert request.callback == spider.parse_recordset


def test_record_links_resolve_against_the_list_page(spider):
    body = result_json(12, ["../gk/content/bbbb.html", "/other/page.html"])
    out = list(parse_recordset(spider, xhr_response(spider, body, 2, "https://rd.example.cn/col/list.html")))
    assert [(r.url, r.cb_kwargs["row"].channel) for r in out if "row" in r.cb_kwargs] == [
        ("https://rd.example.cn/gk/content/bbbb.html", "法规")
    ]


def test_page_two_schedules_the_rest_from_the_total(spider):
    body = result_json(45, ["/gk/content/bbbb.html"])
    out = list(parse_recordset(spider, xhr_response(spider, body, 2, "https://rd.example.cn/col/list.html")))
    assert [r.cb_kwargs["walk"].page for r in out if is_recordset(r)] == [3, 4, 5]


def test_later_pages_schedule_nothing(spider):
    body = result_json(45, ["/gk/content/cccc.html"])
    out = list(parse_recordset(spider, xhr_response(spider, body, 3, "https://rd.example.cn/col/list.html")))
    assert [r for r in out if is_recordset(r)] == []


def test_pages_capped_by_max_list_pages(spider):
    spider.max_list_pages = 4
    body = result_json(10_000, [])
    out = list(parse_recordset(spider, xhr_response(spider, body, 2, "https://rd.example.cn/col/list.html")))
    assert [r.cb_kwargs["walk"].page for r in out] == [3, 4]


def test_html_answer_recorded_as_failure(spider):
    response = xhr_response(spider, "<html><body>系统繁忙</body></html>", 2, "https://rd.example.cn/col/list.html")
    list(parse_recordset(spider, response))
    assert spider.failures == [(response.url, "not_recordset")]


@pytest.fixture
def incremental(spider) -> DemoSpider:
    spider.incremental, spider.incremental_depth = True, 1
    spider.archived = set()
    spider.not_archived = lambda urls: [u for u in urls if u not in spider.archived]
    return spider


def test_incremental_walks_one_page_at_a_time(incremental):
    body = result_json(45, ["/gk/content/bbbb.html"])
    out = list(parse_recordset(incremental, xhr_response(incremental, body, 2, "https://rd.example.cn/col/list.html")))
    assert [r.cb_kwargs["walk"].page for r in out if is_recordset(r)] == [3]


def test_incremental_stops_at_a_page_of_archived_rows(incremental):
    incremental.archived = {"https://rd.example.cn/gk/content/bbbb.html"}
    body = result_json(45, ["/gk/content/bbbb.html"])
    out = list(parse_recordset(incremental, xhr_response(incremental, body, 2, "https://rd.example.cn/col/list.html")))
    assert out == []


def test_incremental_last_page_schedules_nothing(incremental):
    body = result_json(45, ["/gk/content/dddd.html"])
    out = list(parse_recordset(incremental, xhr_response(incremental, body, 5, "https://rd.example.cn/col/list.html")))
    assert [r for r in out if is_recordset(r)] == []


def test_incremental_static_page_of_archived_rows_asks_no_xhr(incremental):
    incremental.archived = {"https://rd.example.cn/gk/content/aaaa.html"}
    out = list(incremental.parse_list(list_page(f'<script>var o = {{columnId: "{COLUMN}"}};</script>')))
    assert out == []

"""Reading attachments without the engine: which links are documents, what the bytes are, what they say.

The crawl-level behaviour (fetching, WARC, storage, faults) is tests/test_attachments.py.
"""

from __future__ import annotations

import pytest

from core.attachment import AttachmentLink
from pipelines.attachment_links import attachment_links, is_pointer_body
from pipelines.attachment_text import DOC, DOCX, OFD, PDF, XLS, XLSX, media_type, read_document
from tests import attachment_files as docs

PAGE_URL = "http://www.rd.example.gov.cn/xwzx/2025/01/t20250110_1.html"
PAGE = """<html><head><base href="http://www.rd.example.gov.cn/xwzx/2025/01/"></head><body>
<p>附件：<a href="P020250110_条例.pdf">某某条例（草案）.pdf</a></p>
<p><a href="/download.jsp?id=77">代表名单.xlsx</a></p>
<p><a href="P020250110_条例.pdf#page=2">同一文件再次链接</a></p>
<p><a href="http://other.example.com/a.docx">外站文件.docx</a></p>
<p><a href="javascript:void(0)">打印.pdf</a> <a href="t20250109_2.html">上一篇</a></p>
</body></html>"""


@pytest.fixture(scope="module")
def links():
    return attachment_links(PAGE, PAGE_URL, lambda url: "rd.example.gov.cn" in url)


def test_document_link_by_url_extension(links):
    assert links[0].url == "http://www.rd.example.gov.cn/xwzx/2025/01/P020250110_条例.pdf"


def test_file_name_from_link_text(links):
    assert links[0].file_name == "某某条例（草案）.pdf"


def test_document_link_by_link_text_extension(links):
    assert links[1].url == "http://www.rd.example.gov.cn/download.jsp?id=77"


def test_each_document_once_offsite_and_script_links_left_out(links):
    assert len(links) == 2


@pytest.mark.parametrize(
    "body,pointer",
    [
        ("附件：某某条例.pdf", True),
        ("附件1：某某条例.pdf\n附件2：代表名单.xlsx", True),
        ("点击下载：某某条例（PDF版）", True),
        ("常委会会议审议通过了某某条例，自2025年3月1日起施行。全文见附件。\n附件：某某条例.pdf", False),
    ],
)
def test_pointer_body(body, pointer):
    names = [
        AttachmentLink("u1", "某某条例.pdf", "某某条例.pdf"),
        AttachmentLink("u2", "代表名单.xlsx", "代表名单.xlsx"),
    ]
    assert is_pointer_body(body, names) is pointer


@pytest.mark.parametrize(
    "make,expected",
    [
        (lambda: docs.pdf(["第一条"]), PDF),
        (lambda: docs.docx(["第一条"]), DOCX),
        (lambda: docs.xlsx([["姓名"]]), XLSX),
        (docs.ofd, OFD),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "WordDocument".encode("utf-16-le"), DOC),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "Workbook".encode("utf-16-le"), XLS),
    ],
)
def test_media_type_from_bytes(make, expected):
    assert media_type(make()) == expected


def test_damaged_docx_is_a_failure():
    body = docs.docx(["第一条"])
    assert read_document(body[: len(body) // 2]).failure is not None


def test_empty_spreadsheet_is_unreadable_not_failed():
    got = read_document(docs.xlsx([]))
    assert (got.failure, got.unreadable) == (None, "the document holds no text")


def test_html_page_is_a_failure():
    assert "HTML page" in (read_document(b"<!DOCTYPE html>\n<html><body>404</body></html>").failure or "")

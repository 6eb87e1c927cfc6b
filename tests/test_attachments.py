"""Attachments through the real engine: documents linked from NPC-style article pages, fetched,
captured in WARC, sniffed, read into text, stored once by hash, and their faults recorded.

Every document is built in the test setup (tests/attachment_files.py); the pages are
served by the replay server, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from sqlalchemy import func, select

from models.attachments import attachments_of
from models.tables import Article, ArticleAttachment, AttachmentFile, Capture, CrawlFailure
from rdarchive.export import export
from rdarchive.export_schema import export_schema
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.search import search_page
from rdarchive.spiders import spider_for
from tests import attachment_files as docs
from tests.conftest import crawl, sessions_for, sqlite_url
from tests.reliability_plugin import case

NpcSpider = spider_for("npc")

BASE = "http://www.npc.gov.cn/npc/c2/c30834/"
FILES = "http://www.npc.gov.cn/npc/c2/c30834/202501/W0202501"
LIST = BASE + "index.html"
WITH_FILES = BASE + "202501/t20250110_910001.html"
POINTER = BASE + "202501/t20250110_910002.html"
SAME_LAW = BASE + "202501/t20250110_910003.html"
FAULTY = BASE + "202501/t20250110_910004.html"

LAW = FILES + "law.pdf"
LAW_COPY = FILES + "law-copy.pdf"
NAMES = FILES + "names.xlsx"
NOTE = FILES + "note.docx"
OFD = FILES + "style.ofd"
SCAN = FILES + "scan.pdf"
RULES = FILES + "rules.pdf"
OFFSITE = "http://www.example.org/files/other.pdf"
MISSING = FILES + "missing.pdf"
ERROR_PAGE = FILES + "error.pdf"
TRUNCATED = FILES + "truncated.pdf"
OVERSIZED = FILES + "big.pdf"
LOCKED = FILES + "locked.pdf"
ROBOTS = "http://www.npc.gov.cn/robots.txt"
DISALLOWED = "http://www.npc.gov.cn/private/internal.pdf"
MAX_BYTES = 60_000


def page(title: str, body_html: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>{title}_中国人大网</title></head><body>
<div class="tit"><h2></h2><h1>{title}</h1><h3></h3></div>
<div class="fontsize"> 来源： 中国人大网&nbsp;&nbsp;浏览字号： 大 中 小 <span class="fr" id="zzrq">2025年01月10日 09:00</span></div>
<div id="Zoom"><div class="TRS_Editor">{body_html}</div></div>
<div class="editor">编       辑： 王明</div></body></html>"""


def link(url: str, text: str) -> str:
    return f'<a href="{url}">{text}</a>'


PAGES = {
    WITH_FILES: page(
        "常委会审议代表建议办理情况的报告",
        "<p>常委会会议审议了关于代表建议办理情况的报告，会议材料附后。</p>"
        f"<p>附件：1.{link(LAW, '关于代表建议办理工作的规定.pdf')}</p>"
        f"<p>2.{link(NAMES, '出席人员名单.xlsx')}</p>"
        f"<p>3.{link(NOTE, '审议意见处理情况说明.docx')}</p>"
        f"<p>4.{link(OFD, '版式文件.ofd')}</p>"
        f"<p>5.{link(SCAN, '扫描件.pdf')}</p>"
        f"<p>6.{link(OFFSITE, '外站文件.pdf')}</p>",
    ),
    POINTER: page("某某市养犬管理条例", f"<p>附件：{link(RULES, '某某市养犬管理条例.pdf')}</p>"),
    SAME_LAW: page(
        "代表建议办理工作规定解读",
        "<p>规定明确了承办单位的答复期限，并要求答复抄送常务委员会工作机构。</p>"
        f"<p>附件：{link(LAW, '关于代表建议办理工作的规定.pdf')} {link(LAW_COPY, '规定（转载）.pdf')}</p>",
    ),
    FAULTY: page(
        "常委会公布一批地方性法规",
        "<p>常委会会议表决通过了以下地方性法规，文本见附件。</p>"
        f"<p>{link(MISSING, '已删除的文件.pdf')} {link(ERROR_PAGE, '错误页.pdf')} "
        f"{link(TRUNCATED, '不完整的文件.pdf')} {link(OVERSIZED, '超大文件.pdf')} {link(LOCKED, '加密文件.pdf')} "
        f"{link(DISALLOWED, '内部文件.pdf')}</p>",
    ),
}


def routes() -> dict[str, Route]:
    law = docs.pdf(docs.LAW_LINES)
    big = docs.pdf(docs.LAW_LINES[:1])
    big = big.replace(b"%%EOF", b"%" + b"0" * (MAX_BYTES * 2) + b"\n%%EOF")
    out = {
        LIST: Route(
            body="<html><head><meta charset='utf-8'><title>法律_中国人大网</title></head><body><ul class='list'>"
            + "".join(f"<li><a href='{u}'>条目</a></li>" for u in PAGES)
            + "</ul></body></html>"
        ),
        **{u: Route(body=html) for u, html in PAGES.items()},
        LAW: Route(body=law, content_type="application/pdf"),
        LAW_COPY: Route(body=law, content_type="application/octet-stream"),
        # The headers lie: the type comes from the bytes.
        NAMES: Route(body=docs.xlsx(docs.XLSX_ROWS), content_type="application/octet-stream"),
        NOTE: Route(body=docs.docx(docs.DOCX_LINES), content_type="application/msword"),
        OFD: Route(body=docs.ofd(), content_type="application/octet-stream"),
        SCAN: Route(body=docs.scanned_pdf(), content_type="application/pdf"),
        RULES: Route(body=docs.pdf(docs.POINTER_LINES), content_type="application/pdf"),
        ERROR_PAGE: Route(
            body="<!DOCTYPE html><html><body>系统繁忙，请稍后再试</body></html>", content_type="application/pdf"
        ),
        TRUNCATED: Route(body=law[: len(law) // 2], content_type="application/pdf"),
        OVERSIZED: Route(body=big, content_type="application/pdf"),
        LOCKED: Route(body=docs.pdf(docs.LAW_LINES, password="secret"), content_type="application/pdf"),
        ROBOTS: Route(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        DISALLOWED: Route(body=docs.pdf(docs.LAW_LINES), content_type="application/pdf"),
    }
    return out


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    if request.param == "sqlite":
        db = sqlite_url(tmp_path_factory.mktemp("attachments"))
    else:
        from tests.test_interruption import pg_schema_url

        db, _, drop = pg_schema_url("attach")
        request.addfinalizer(drop)
    with ReplayServer(routes=routes()) as server:
        crawl(NpcSpider, db, server, {"RDARCHIVE_ATTACHMENT_MAX_BYTES": MAX_BYTES}, urls=[LIST])
        requested = list(server.requested)
        sessions = sessions_for(db)
        with sessions() as s:
            ids = {a.url: a.id for a in s.scalars(select(Article))}
            stored = {
                url: {x.url: x for x in found}
                for url, found in ((u, attachments_of(s, [i]).get(i, [])) for u, i in ids.items())
            }
        # A second, full crawl of the same pages: the same files, no second copy of any.
        counts = _counts(sessions)
        crawl(NpcSpider, db, server, {"RDARCHIVE_ATTACHMENT_MAX_BYTES": MAX_BYTES}, urls=[LIST], full=True)
        recounted = _counts(sessions)
        out = tmp_path_factory.mktemp("export") / "all.jsonl"
        export(sessions, str(out))
        lines = {r["url"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
        yield {
            "db": db,
            "sessions": sessions,
            "ids": ids,
            "attachments": stored,
            "requested": requested,
            "export": lines,
            "origin": server.origin,
            "counts": (counts, recounted),
        }


def _counts(sessions) -> tuple[int, int]:
    with sessions() as s:
        return (
            s.scalar(select(func.count()).select_from(AttachmentFile)) or 0,
            s.scalar(select(func.count()).select_from(ArticleAttachment)) or 0,
        )


def att(world, article: str, url: str):
    return world["attachments"][article][url]


def test_every_article_is_kept(world):
    assert set(world["ids"]) == set(PAGES)


def test_links_in_page_order(world):
    assert list(world["attachments"][WITH_FILES]) == [LAW, NAMES, NOTE, OFD, SCAN]


def test_offsite_document_not_requested(world):
    assert not any("example.org" in u for u in world["requested"])


def test_pdf_text_read(world):
    assert "第一条 为了规范代表建议的办理工作" in att(world, WITH_FILES, LAW).text


def test_pdf_media_type(world):
    assert att(world, WITH_FILES, LAW).media_type == "application/pdf"


def test_xlsx_sniffed_despite_octet_stream_header(world):
    assert att(world, WITH_FILES, NAMES).media_type.endswith("spreadsheetml.sheet")


def test_xlsx_text_has_rows(world):
    assert "李娜\t财政经济委员会副主任委员" in att(world, WITH_FILES, NAMES).text


def test_docx_sniffed_despite_msword_header(world):
    assert att(world, WITH_FILES, NOTE).media_type.endswith("wordprocessingml.document")


def test_docx_text_read(world):
    assert "逐条形成答复" in att(world, WITH_FILES, NOTE).text


def test_ofd_kept_with_reason(world):
    a = att(world, WITH_FILES, OFD)
    assert (a.media_type, a.sha256 is not None, "OFD" in (a.unreadable or "")) == ("application/ofd", True, True)


def test_scanned_pdf_kept_with_reason(world):
    a = att(world, WITH_FILES, SCAN)
    assert (a.text, a.sha256 is not None, "text layer" in (a.unreadable or "")) == (None, True, True)


def test_link_text_and_file_name(world):
    a = att(world, WITH_FILES, NAMES)
    assert (a.link_text, a.file_name) == ("出席人员名单.xlsx", "出席人员名单.xlsx")


def test_size_and_sha256(world):
    import hashlib

    body = docs.pdf(docs.POINTER_LINES)
    a = att(world, POINTER, RULES)
    assert (a.size, a.sha256) == (len(body), hashlib.sha256(body).hexdigest())


def test_capture_points_to_the_document(world):
    a = att(world, WITH_FILES, LAW)
    with world["sessions"]() as s:
        capture = s.get(Capture, a.capture_id)
        assert capture is not None and capture.url == LAW


def test_same_file_stored_once(world):
    with world["sessions"]() as s:
        sha = att(world, WITH_FILES, LAW).sha256
        files = s.scalar(select(func.count()).select_from(AttachmentFile).where(AttachmentFile.sha256 == sha))
        links = s.scalar(
            select(func.count())
            .select_from(ArticleAttachment)
            .join(AttachmentFile, AttachmentFile.id == ArticleAttachment.file_id)
            .where(AttachmentFile.sha256 == sha)
        )
    assert (files, links) == (1, 3)


def test_recrawl_stores_no_second_copy(world):
    before, after = world["counts"]
    assert (before, after) == ((7, 14), (7, 14))


def test_pointer_body_takes_the_attachment_text(world):
    with world["sessions"]() as s:
        row = s.get(Article, world["ids"][POINTER])
        assert "狂犬病疫苗" in row.body_normalized


def test_pointer_body_says_so(world):
    with world["sessions"]() as s:
        flagged = s.scalars(select(ArticleAttachment.url).where(ArticleAttachment.body_text.is_(True))).all()
    assert flagged == [RULES]


def test_ordinary_body_keeps_its_own_text(world):
    with world["sessions"]() as s:
        row = s.get(Article, world["ids"][WITH_FILES])
        assert "第一条" not in row.body_normalized


@case("attachments", "an attachment answering 404", "a failure recorded on the link and in the run; the article kept")
def test_missing_document(world):
    a = att(world, FAULTY, MISSING)
    assert (a.failure, a.sha256) == ("HTTP 404", None)


@case(
    "attachments",
    "an HTML error page served as a PDF",
    "sniffed as text/html: a recorded failure, no file record; the article kept",
)
def test_error_page_instead_of_pdf(world):
    a = att(world, FAULTY, ERROR_PAGE)
    assert (a.sha256, "HTML page" in (a.failure or "")) == (None, True)


@case("attachments", "a truncated PDF", "no %%EOF marker: a recorded failure, no file record; the article kept")
def test_truncated_document(world):
    a = att(world, FAULTY, TRUNCATED)
    assert (a.sha256, (a.failure or "").startswith("truncated")) == (None, True)


@case(
    "attachments",
    "an attachment over the size limit",
    "download cancelled at the limit: a recorded failure; the article kept",
)
def test_oversized_document(world):
    a = att(world, FAULTY, OVERSIZED)
    assert (a.sha256, "size limit" in (a.failure or "")) == (None, True)


@case("attachments", "a password-protected PDF", "kept as a file without text, a recorded failure; the article kept")
def test_password_protected_pdf(world):
    a = att(world, FAULTY, LOCKED)
    assert (a.text, a.sha256 is not None, "password" in (a.failure or "")) == (None, True, True)


def test_failures_in_the_crawl_record(world):
    with world["sessions"]() as s:
        urls = set(s.scalars(select(CrawlFailure.url).where(CrawlFailure.kind == "attachment")))
    assert urls == {MISSING, ERROR_PAGE, TRUNCATED, OVERSIZED, LOCKED, DISALLOWED}


@case("attachments", "an attachment robots.txt disallows", "not requested: a recorded failure naming robots.txt")
def test_robots_disallowed_document_not_requested(world):
    a = att(world, FAULTY, DISALLOWED)
    assert (DISALLOWED in world["requested"], "robots" in (a.failure or "").lower()) == (False, True)


# -- search, export, parse ----------------------------------------------------------------------
def hit(world, query: str, url: str):
    hits, _ = search_page(world["sessions"], query)
    return next(h for h in hits if h.url == url)


def test_search_finds_article_by_attachment_text(world):
    assert hit(world, "逐条形成答复", WITH_FILES).in_attachment == "审议意见处理情况说明.docx"


def test_search_hit_in_attachment_shows_its_text(world):
    assert "【逐条形成答复】" in hit(world, "逐条形成答复", WITH_FILES).marked_snippet(("【", "】"))


def test_search_hit_in_page_text_is_not_an_attachment_hit(world):
    assert hit(world, "答复期限", SAME_LAW).in_attachment is None


def test_search_pointer_article_named_by_its_attachment(world):
    assert hit(world, "狂犬病疫苗", POINTER).in_attachment == "某某市养犬管理条例.pdf"


def test_export_lines_validate_against_schema(world):
    validator = jsonschema.Draft202012Validator(export_schema())
    assert [e.message for line in world["export"].values() for e in validator.iter_errors(line)] == []


def test_export_line_lists_attachments(world):
    assert [a["file_name"] for a in world["export"][WITH_FILES]["attachments"]] == [
        "关于代表建议办理工作的规定.pdf",
        "出席人员名单.xlsx",
        "审议意见处理情况说明.docx",
        "版式文件.ofd",
        "扫描件.pdf",
    ]


def test_export_attachment_text_and_chars(world):
    a = world["export"][WITH_FILES]["attachments"][2]
    assert (a["text_chars"], "逐条形成答复" in a["text"]) == (len(a["text"]), True)


def test_export_says_text_from_attachment(world):
    assert world["export"][POINTER]["text_from_attachment"] == RULES


def test_export_article_without_pointer(world):
    assert world["export"][WITH_FILES]["text_from_attachment"] is None


@pytest.fixture(scope="module")
def parsed(world):
    """`rdarchive parse URL --replay ORIGIN --json` (its own process: it runs an engine of its own)."""
    from tests.test_cli import rd

    out = {}
    for url in (POINTER, WITH_FILES):
        result = rd(world["db"], "parse", url, "--replay", world["origin"], "--json")
        assert result.returncode == 0, result.stderr
        out[url] = json.loads(result.stdout)
    return out


def test_parse_json_shows_attachments(parsed):
    data = parsed[POINTER]
    assert ([a["url"] for a in data["attachments"]], data["text_from_attachment"]) == ([RULES], RULES)


def test_parse_reads_the_attachment_text(parsed):
    assert "李娜" in parsed[WITH_FILES]["attachments"][1]["text"]


# -- the article page in the browser ------------------------------------------------------------
@pytest.fixture(scope="module")
def article_page(world):
    if not world["db"].startswith("sqlite"):
        pytest.skip("rdarchive serve is checked on the SQLite archive")
    from lxml import html as lxml_html

    from tests.serve_process import ServeProcess
    from tests.test_browse import fetch, q

    server = ServeProcess(world["db"]).wait()
    try:
        pages = {u: fetch(server.base, f"/article/{world['ids'][u]}") for u in (WITH_FILES, POINTER)}
        pages["search"] = fetch(server.base, q("逐条形成答复"))
    finally:
        server.stop()
    return {u: lxml_html.fromstring(body) for u, (status, body) in pages.items() if status == 200}


def test_article_page_lists_attachments(article_page):
    names = [
        " ".join(e.text_content().split()) for e in article_page[WITH_FILES].cssselect(".rd-attachment > a.rd-file")
    ]
    assert names[:5] == [
        "关于代表建议办理工作的规定.pdf",
        "出席人员名单.xlsx",
        "审议意见处理情况说明.docx",
        "版式文件.ofd",
        "扫描件.pdf",
    ]


def test_article_page_says_why_a_file_has_no_text(article_page):
    assert "kept without text: OFD" in article_page[WITH_FILES].cssselect(".rd-attachment")[3].text_content()


def test_article_page_shows_the_pointer_attachment_text(article_page):
    assert "狂犬病疫苗" in article_page[POINTER].cssselect(".rd-attachment-text")[0].text_content()


def test_search_page_names_the_attachment(article_page):
    text = " ".join(article_page["search"].text_content().split())
    assert "附件 attachment: 审议意见处理情况说明.docx" in text

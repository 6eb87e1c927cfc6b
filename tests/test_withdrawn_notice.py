"""pipelines/withdrawn.py: a "not found / deleted" page served with status 200, told from an article.

The notices are our own writing in several sites' manners (tests/fixtures/withdrawn); every
fixture page of the site suites and the real pages in ../shared must read as no notice.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.withdrawn import withdrawal_notice
from tests.conftest import FIXTURES, need_shared

NOTICES = FIXTURES / "withdrawn"


def notice(name: str):
    return withdrawal_notice((NOTICES / name).read_text(encoding="utf-8"))


def test_npc_deleted_notice_is_found():
    assert notice("npc_notice.html") is not None


def test_npc_deleted_notice_words():
    assert notice("npc_notice.html").words == "访问的信息已删除"


def test_notice_behind_a_long_menu_is_found():
    assert notice("portal_revoked.html").words == "信息已撤销"


def test_notice_in_traditional_script_is_found():
    assert notice("traditional_missing.html").where == "title"


def test_server_error_page_is_found():
    assert notice("english_404.html") is not None


def test_article_quoting_the_words_is_no_notice():
    assert notice("long_article_quoting.html") is None


def test_reason_says_what_gave_the_page_away():
    assert "信息已撤销" in notice("portal_revoked.html").reason()


def test_empty_document_is_no_notice():
    assert withdrawal_notice("") is None


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.htm*") if p.is_file() and NOTICES not in p.parents)


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def test_no_fixture_page_of_the_site_suites_is_a_notice():
    pages = _pages(FIXTURES / "sites")
    assert len(pages) > 50
    assert [p for p in pages if withdrawal_notice(_text(p)) is not None] == []


def test_no_real_page_in_shared_is_a_notice():
    root = need_shared("sites", "html")
    assert [p for p in _pages(root) if withdrawal_notice(_text(p)) is not None] == []

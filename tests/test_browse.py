"""`rdarchive serve`'s own pages over HTTP: /search, /article/<id>, /replay/..., on SQLite and PostgreSQL.

The archive is tests/browse_world.py's: real crawls of fixture pages, one
article changed between two crawls, one reposted on another site. The pages
are read as HTML (lxml), one field per test; what a person sees in a real
browser is tests/test_browser.py's job.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lxml import html

from rdarchive.replay import pywb_python
from tests.browse_world import CHANGED_URL, REPOST_URL
from tests.serve_process import ServeProcess


def fetch(base: str, path: str, method: str = "GET") -> tuple[int, str]:
    req = urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def page(base: str, path: str) -> html.HtmlElement:
    status, body = fetch(base, path)
    assert status == 200, f"{path}: {status} {body[:300]}"
    return html.fromstring(body)


def texts(doc: html.HtmlElement, css: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in doc.cssselect(css)]


# Both copies of the changed story match, nothing else in the world does.
QUERY = "座谈会 十二位代表"


def q(query: str, **params: str) -> str:
    return "/search?" + urllib.parse.urlencode({"q": query, **params})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def served(browse_world):
    path = Path(browse_world.db_url.removeprefix("sqlite:///"))
    before = digest(path)
    server = ServeProcess(browse_world.db_url).wait()
    yield server, browse_world, path, before
    server.stop()


@pytest.fixture(scope="module")
def base(served) -> str:
    return served[0].base


@pytest.fixture(scope="module")
def world(served):
    return served[1]


# ------------------------------------------------------------------------- search
@pytest.fixture(scope="module")
def results(base):
    return page(base, q(QUERY))


def test_search_page_has_a_query_box(base):
    assert page(base, "/search").cssselect("form[action='/search'] input[name=q]")


def test_home_goes_to_search(base):
    status, body = fetch(base, "/")
    assert (status, "rd-searchbox" in body) == (200, True)


def test_search_finds_both_copies(results, world):
    links = [a.get("href") for a in results.cssselect(".rd-hit h2 a")]
    assert set(links) == {f"/article/{world.changed_id}", f"/article/{world.repost_id}"}


def test_search_highlights_matches_in_snippets(results):
    assert "十二位代表" in texts(results, ".rd-snippet mark")


def test_search_highlights_matches_in_titles(results):
    assert "座谈会" in texts(results, ".rd-hit h2 mark")


def test_search_shows_dates_in_beijing_time(results):
    assert "2024-03-11 10:30 +08:00" in texts(results, ".rd-hit time")


def test_search_counts_matches(results):
    assert texts(results, ".rd-results-head .rd-summary") == ["1–2 of 2 matching articles"]


def test_relevance_is_the_default_order(results):
    assert texts(results, ".rd-sort strong") == ["Relevance 相关度"]


def test_date_order_is_one_click_away(base, results):
    href = [a.get("href") for a in results.cssselect(".rd-sort a") if "最新" in a.text_content()][0]
    newest = page(base, href)
    assert texts(newest, ".rd-hit time") == ["2024-03-12 09:15 +08:00", "2024-03-11 10:30 +08:00"]


@pytest.mark.parametrize("facet", ["Site 网站", "Province 省份", "Channel 栏目", "Year 年份"])
def test_search_has_facet(results, facet):
    assert facet in texts(results, ".rd-facet h3")


def test_site_facet_counts(results):
    assert "中国人大网 (npc) 1" in texts(results, ".rd-facet li")


def test_year_facet_counts(results):
    assert "2024 2" in texts(results, ".rd-facet li")


def test_facet_link_narrows_the_search(base, results, world):
    href = [a.get("href") for a in results.cssselect(".rd-facet a") if "湖南人大网" in a.text_content()][0]
    narrowed = page(base, href)
    assert [a.get("href") for a in narrowed.cssselect(".rd-hit h2 a")] == [f"/article/{world.repost_id}"]


def test_province_facet_narrows_the_search(base, world):
    narrowed = page(base, q(QUERY, province="湖南省"))
    assert [a.get("href") for a in narrowed.cssselect(".rd-hit h2 a")] == [f"/article/{world.repost_id}"]


def test_search_takes_the_cli_query_language(base, world):
    found = page(base, q('"十二位代表" NOT 法制工作委员会'))
    assert [a.get("href") for a in found.cssselect(".rd-hit h2 a")] == [f"/article/{world.repost_id}"]


def test_traditional_query_finds_simplified_text(base):
    assert texts(page(base, q("座談會 十二位代表")), ".rd-results-head .rd-summary") == ["1–2 of 2 matching articles"]


def test_bad_query_is_explained(base):
    status, body = fetch(base, q("(人大"))
    assert (status, html.fromstring(body).cssselect(".rd-error")[0].text_content()) == (
        400,
        "unbalanced parentheses: a ( without its )",
    )


def test_unknown_site_is_explained(base):
    status, body = fetch(base, q("人大", site="nosuch"))
    assert (status, "no site nosuch in the archive" in body) == (400, True)


def test_search_page_shows_no_internal_columns(base):
    _, body = fetch(base, q(QUERY))
    assert not {"search_title", "search_body", "search_tags", "content_hash", "lsh"} & set(body.split('"'))


# ------------------------------------------------------------------------- article
@pytest.fixture(scope="module")
def article(base, world):
    return page(base, f"/article/{world.changed_id}")


def field(doc: html.HtmlElement, label: str) -> str:
    for dt in doc.cssselect(".rd-fields dt"):
        if dt.text_content().startswith(label):
            return " ".join(dt.getnext().text_content().split())
    raise AssertionError(f"no field {label!r} on the page")


def test_article_title(article):
    assert texts(article, "h1") == ["全国人大常委会办公厅召开座谈会 听取基层代表对年度立法工作计划的意见建议"]


def test_article_date_in_beijing_time_with_zone(article):
    assert field(article, "Published").startswith("2024-03-11 10:30 +08:00 Beijing time")


def test_article_source(article):
    assert field(article, "Source") == "中国人大网"


def test_article_editors_as_names(article):
    assert field(article, "Editors") == "王悦、陈思远"


def test_article_responsible_editors(article):
    assert field(article, "Responsible editors") == "刘晓庆"


def test_article_region(article):
    assert field(article, "Region") == "全国 (national)"


def test_article_channel(article):
    assert field(article, "Channel") == "法律"


def test_article_breadcrumb(article):
    assert texts(article, ".rd-crumbs") == ["中国人大网 › 首页 › 法律"]


def test_article_body_in_paragraphs(article):
    assert len(article.cssselect(".rd-body p")) == 5


def test_article_original_url(article):
    assert article.cssselect("a.rd-original")[0].get("href") == CHANGED_URL


def test_article_links_its_archived_copy(article):
    href = article.cssselect("a.rd-archived")[0].get("href")
    assert href.startswith("/replay/") and href.endswith("/" + CHANGED_URL)


def test_article_lists_its_versions(article):
    assert [r.cssselect("td")[0].text_content() for r in article.cssselect(".rd-versions tbody tr")] == [
        "2 (current)",
        "1",
    ]


def test_article_diff_marks_the_edited_characters(article):
    changed = article.cssselect(".rd-diff .rd-changed")[0]
    assert ([d.text for d in changed.cssselect("del")], [i.text for i in changed.cssselect("ins")]) == (["余"], ["二"])


def test_article_diff_shows_the_removed_sentence(article):
    assert texts(article, ".rd-diff del.rd-sentence") == [
        "有的代表提出，要加强对新出台法律的宣传解读，让群众看得懂、用得上。"
    ]


def test_article_diff_shows_the_added_sentence(article):
    assert texts(article, ".rd-diff ins.rd-sentence") == ["会后，办公厅将把意见建议汇总印发各专门委员会。"]


def test_article_cluster_canonical_first(article, world):
    first = article.cssselect(".rd-copies li")[0]
    assert (first.cssselect(".rd-badge")[0].text, "(this page)" in first.text_content()) == ("canonical", True)


def test_article_cluster_names_site_and_date_of_each_copy(article):
    assert texts(article, ".rd-copies li .rd-meta") == [
        "中国人大网 · 2024-03-11 10:30 +08:00",
        "湖南人大网 · 2024-03-12 09:15 +08:00",
    ]


def test_repost_links_to_the_canonical_copy(base, world):
    repost = page(base, f"/article/{world.repost_id}")
    assert repost.cssselect(".rd-copies li a")[0].get("href") == f"/article/{world.changed_id}"


def test_article_citation_names_the_page_address(article, base, world):
    assert texts(article, ".rd-citation")[0].endswith(f"存档：{base}/article/{world.changed_id}")


def test_versions_compared_on_request(base, world):
    doc = page(base, f"/article/{world.changed_id}?from=2&to=2")
    assert texts(doc, ".rd-versions h3") == ["Changes from version 2 to 2"]


def test_unknown_version_is_explained(base, world):
    status, body = fetch(base, f"/article/{world.changed_id}?from=9")
    assert (status, "there is no version 9" in body) == (400, True)


def test_unknown_article_is_404(base):
    status, body = fetch(base, "/article/999999")
    assert (status, "There is no article 999999" in body) == (404, True)


# --------------------------------------------------------------------- Datasette's views
def test_raw_tables_hidden_from_the_database_page(base):
    status, body = fetch(base, "/archive")
    links = {a.get("href") for a in html.fromstring(body).cssselect("a")}
    internal = {f"/archive/{t}" for t in ("articles", "lsh_keys", "article_fingerprints", "articles_fts")}
    assert (status, "/archive/articles_browse" in links, internal & links) == (200, True, set())


def test_table_view_shows_times_in_beijing_time(base):
    doc = page(base, "/archive/articles_browse?_sort=id&_size=1")
    assert texts(doc, "td.col-first_seen")[0].endswith("+08:00")


def test_table_view_shows_names_not_json(base, world):
    doc = page(base, f"/archive/articles/{world.changed_id}")
    assert texts(doc, "td.col-editors") == ["王悦、陈思远"]


def test_table_view_links_titles_to_article_pages(base, world):
    doc = page(base, f"/archive/articles_browse?id={world.changed_id}")
    assert doc.cssselect("td.col-title a")[0].get("href") == f"/article/{world.changed_id}"


def test_style_sheet_names_chinese_fonts(base):
    _, css = fetch(base, "/rdarchive-static/rdarchive.css")
    assert "Noto Sans CJK SC" in css and "WenQuanYi Micro Hei" in css and "Microsoft YaHei" in css


# ------------------------------------------------------------------------- replay
needs_pywb = pytest.mark.skipif(
    pywb_python() is None, reason="pywb is not installed (make install puts it in .venv/pywb)"
)


class Sink(http.server.BaseHTTPRequestHandler):
    """A local "live site": any request reaching it is a replay that went to the live web."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        Sink.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"LIVE")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sink():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@needs_pywb
def test_replay_serves_the_archived_page(base, article):
    href = article.cssselect("a.rd-archived")[0].get("href")
    ts, _, url = href.removeprefix("/replay/").partition("/")
    status, body = fetch(base, f"/replay/{ts}mp_/{url}")
    assert (status, "来自农村、社区和企业一线的十二位代表参加座谈。" in body) == (200, True)


@needs_pywb
def test_replay_of_an_older_version(base, article):
    old = article.cssselect(".rd-versions tbody tr")[1].cssselect("a")[0].get("href")
    ts, _, url = old.removeprefix("/replay/").partition("/")
    status, body = fetch(base, f"/replay/{ts}mp_/{url}")
    assert (status, "十余位代表" in body) == (200, True)


@needs_pywb
def test_replay_rewrites_offsite_resources_into_the_archive(base, world):
    status, body = fetch(base, f"/replay/2030mp_/{REPOST_URL}")
    assert (status, 'src="https://hm.baidu.com' in body, "/replay/" in body) == (200, False, True)


@needs_pywb
def test_replay_never_fetches_the_live_site(base, sink):
    status, _ = fetch(base, f"/replay/2024mp_/{sink}/never-archived.html")
    assert (status, Sink.hits) == (404, [])


@needs_pywb
def test_replay_refuses_writes(base):
    assert fetch(base, f"/replay/2024/{CHANGED_URL}", method="POST")[0] == 405


def test_archive_file_unchanged(served, base, world):
    fetch(base, q(QUERY))
    fetch(base, f"/article/{world.changed_id}")
    fetch(base, "/archive.json?sql=DELETE+FROM+articles")
    assert digest(served[2]) == served[3]


# ------------------------------------------------------------------- PostgreSQL archive
@pytest.fixture(scope="module")
def pg_base(browse_world_pg):
    server = ServeProcess(browse_world_pg.db_url, "--no-replay").wait()
    yield server.base
    server.stop()


def test_pg_search_page(pg_base, browse_world_pg):
    found = page(pg_base, q(QUERY))
    assert {a.get("href") for a in found.cssselect(".rd-hit h2 a")} == {
        f"/article/{browse_world_pg.changed_id}",
        f"/article/{browse_world_pg.repost_id}",
    }


def test_pg_article_page_shows_the_diff(pg_base, browse_world_pg):
    doc = page(pg_base, f"/article/{browse_world_pg.changed_id}")
    assert texts(doc, ".rd-diff ins.rd-sentence") == ["会后，办公厅将把意见建议汇总印发各专门委员会。"]


def test_pg_article_page_without_replay_says_so(pg_base, browse_world_pg):
    doc = page(pg_base, f"/article/{browse_world_pg.changed_id}")
    assert "the replay is not running" in field(doc, "Archived copy")

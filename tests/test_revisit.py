"""The revisit cycle through the real engine: pages that disappear, change and come back.

Night 1 crawls the 中国人大网 fixture world. Night 2 re-crawls it (incremental: the list
walk fetches nothing new) while the fixture server answers five archived articles
differently: 404, 410, a redirect to a channel list, a "deleted" notice with status 200,
and an edited text. Night 3 serves the 404 page and the edited one as they first were. Every revisit is due
each night (RDARCHIVE_REVISIT_DAYS=1). SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict, dataclass

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from core.status import ArticleEventKind
from models.db import open_archive
from models.tables import Article, ArticleEvent, Capture, CrawlRun
from models.types import SHANGHAI
from rdarchive import crawl as crawl_command
from rdarchive import export, search, sites
from rdarchive.browse import article_page
from rdarchive.cli import build_parser, main
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.spiders import spider_for
from tests.browse_world import CHANGED_URL, changed_page
from tests.conftest import FIXTURES, crawl, site_root
from tests.serve_process import ServeProcess

HOST = "http://www.npc.gov.cn"
GONE_404 = f"{HOST}/npc/c2/c30834/202312/t20231225_433712.html"
GONE_410 = f"{HOST}/npc/c2/c30834/201905/t20190523_46533.html"
TO_LIST = f"{HOST}/npc/c2/c12435/c12490/202312/t20231229_433905.html"
LIST = f"{HOST}/npc/c2/c12435/c12490/index.html"
NOTICE = f"{HOST}/npc/c2/c30834/202402/t20240226_434861.html"
NOTICE_PAGE = (FIXTURES / "withdrawn" / "npc_notice.html").read_bytes()

NIGHT_2 = {
    GONE_404: Route(status=404, body="<html><body>404</body></html>"),
    GONE_410: Route(status=410, body=""),
    TO_LIST: Route(status=302, headers={"Location": LIST}),
    NOTICE: Route(body=NOTICE_PAGE, content_type="text/html; charset=utf-8"),
    CHANGED_URL: Route(body=changed_page(), content_type="text/html; charset=utf-8"),
}
# Night 3: the 404 page is back; the others still answer as on night 2.
NIGHT_3 = {k: v for k, v in NIGHT_2.items() if k not in (GONE_404, CHANGED_URL)}


@dataclass
class Nights:
    db_url: str
    after_2: dict[str, Article]
    after_3: dict[str, Article]
    events: list[ArticleEvent]
    runs: list[CrawlRun]
    captures: dict[int, Capture]


def _articles(db_url: str) -> dict[str, Article]:
    engine, sessions = open_archive(db_url)
    try:
        with sessions() as s:
            return {a.url: a for a in s.scalars(select(Article))}
    finally:
        engine.dispose()


def _three_nights(db_url: str, tmp_path) -> Nights:
    npc = spider_for("npc")
    settings = {"RDARCHIVE_WARC_DIR": str(tmp_path / "warc"), "RDARCHIVE_REVISIT_DAYS": 1}
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawl(npc, db_url, server, settings=settings)
    with ReplayServer(roots=[site_root("npc")], routes=NIGHT_2) as server:
        crawl(npc, db_url, server, settings=settings)
    after_2 = _articles(db_url)
    with ReplayServer(roots=[site_root("npc")], routes=NIGHT_3) as server:
        crawl(npc, db_url, server, settings=settings)
    engine, sessions = open_archive(db_url)
    try:
        with sessions() as s:
            events = list(s.scalars(select(ArticleEvent).order_by(ArticleEvent.id)))
            runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
            for run in runs:
                _ = run.failures  # loaded while the session is open
            captures = {c.id: c for c in s.scalars(select(Capture))}
    finally:
        engine.dispose()
    return Nights(db_url, after_2, _articles(db_url), events, runs, captures)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def nights(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"revisit-{request.param}")
    if request.param == "sqlite":
        yield _three_nights(f"sqlite:///{tmp / 'archive.db'}", tmp)
        return
    from tests.test_interruption import pg_schema_url

    url, _, drop = pg_schema_url("revisit")
    try:
        yield _three_nights(url, tmp)
    finally:
        drop()


def _event(nights: Nights, url: str, kind: ArticleEventKind) -> ArticleEvent:
    aid = nights.after_3[url].id
    return next(e for e in nights.events if e.article_id == aid and e.kind == kind)


# -------------------------------------------------------------- night 2: withdrawn
def test_404_is_withdrawn(nights):
    assert nights.after_2[GONE_404].withdrawn_at is not None


def test_410_is_withdrawn(nights):
    assert nights.after_2[GONE_410].withdrawn_at is not None


def test_redirect_to_a_list_is_withdrawn(nights):
    assert nights.after_2[TO_LIST].withdrawn_at is not None


def test_redirect_event_names_where_it_led(nights):
    assert _event(nights, TO_LIST, ArticleEventKind.WITHDRAWN).reached_url == LIST


def test_notice_with_status_200_is_withdrawn(nights):
    assert nights.after_2[NOTICE].withdrawn_at is not None


def test_notice_reason_quotes_the_page(nights):
    assert "信息已删除" in _event(nights, NOTICE, ArticleEventKind.WITHDRAWN).reason


def test_notice_did_not_become_a_version(nights):
    assert nights.after_2[NOTICE].version == 1


def test_withdrawn_page_keeps_its_text(nights):
    assert "法律草案" in nights.after_3[NOTICE].title


def test_404_evidence_is_captured_in_warc(nights):
    capture = nights.captures[_event(nights, GONE_404, ArticleEventKind.WITHDRAWN).capture_id]
    assert (capture.url, capture.http_status) == (GONE_404, 404)


def test_notice_evidence_is_the_notice_page(nights):
    capture = nights.captures[_event(nights, NOTICE, ArticleEventKind.WITHDRAWN).capture_id]
    assert capture.http_status == 200 and capture.url == NOTICE


# -------------------------------------------------------------- night 2: changed
def test_changed_page_found_by_the_revisit_is_a_new_version(nights):
    assert nights.after_2[CHANGED_URL].version == 2


def test_changed_page_is_live(nights):
    assert nights.after_2[CHANGED_URL].withdrawn_at is None


def test_second_night_revisited_every_article(nights):
    assert nights.runs[1].articles_revisited == len(nights.after_2)


def test_second_night_counts_the_withdrawn(nights):
    assert nights.runs[1].articles_withdrawn == 4


def test_first_night_revisits_nothing_it_just_fetched(nights):
    assert nights.runs[0].articles_revisited == 0


# -------------------------------------------------------------- night 3: restored
def test_page_that_came_back_is_live_again(nights):
    assert nights.after_3[GONE_404].withdrawn_at is None


def test_page_that_came_back_is_recorded_restored(nights):
    assert _event(nights, GONE_404, ArticleEventKind.RESTORED).run_id == nights.runs[2].id


def test_third_night_counts_the_restored(nights):
    assert nights.runs[2].articles_restored == 1


def test_still_withdrawn_page_keeps_the_date_first_seen(nights):
    assert nights.after_3[GONE_410].withdrawn_at == nights.after_2[GONE_410].withdrawn_at


def test_still_withdrawn_page_has_one_withdrawal_event(nights):
    aid = nights.after_3[GONE_410].id
    assert [e.kind for e in nights.events if e.article_id == aid] == [ArticleEventKind.WITHDRAWN]


def test_restored_page_was_not_changed(nights):
    assert nights.after_3[GONE_404].version == 1


# -------------------------------------------------------------- finding them: search, export, sites
def _exported(nights: Nights, tmp_path, **filters) -> dict[str, dict]:
    out = tmp_path / "out.jsonl"
    engine, sessions = open_archive(nights.db_url)
    try:
        export.export(sessions, str(out), force=True, filters=search.Filters(**filters))
    finally:
        engine.dispose()
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {r["url"]: r for r in lines}


def test_export_withdrawn_filter_gives_the_withdrawn_pages(nights, tmp_path):
    assert set(_exported(nights, tmp_path, withdrawn=True)) == {GONE_410, TO_LIST, NOTICE}


def test_export_line_carries_withdrawn_at(nights, tmp_path):
    line = _exported(nights, tmp_path, withdrawn=True)[NOTICE]
    assert line["withdrawn_at"].startswith(str(nights.after_3[NOTICE].withdrawn_at.astimezone(SHANGHAI).date()))


def test_export_line_of_a_live_page_has_null_withdrawn_at(nights, tmp_path):
    assert _exported(nights, tmp_path)[GONE_404]["withdrawn_at"] is None


def test_export_line_carries_the_number_of_versions(nights, tmp_path):
    # Edited on night 2, the first text again on night 3: three texts, each kept.
    assert _exported(nights, tmp_path)[CHANGED_URL]["versions"] == 3


def test_export_changed_filter_gives_the_changed_page(nights, tmp_path):
    assert set(_exported(nights, tmp_path, changed=True)) == {CHANGED_URL}


def _search(nights: Nights, *args: str) -> list[dict]:
    engine, sessions = open_archive(nights.db_url)
    try:
        hits, _ = search.search_page(sessions, "常委会", limit=50, filters=search.filters_from_args(_args(*args)))
    finally:
        engine.dispose()
    return [asdict(h) for h in hits]


def _args(*args: str):
    return build_parser().parse_args(["search", "常委会", *args])


def test_search_withdrawn_filter_finds_only_withdrawn_pages(nights):
    assert {h["url"] for h in _search(nights, "--withdrawn")} <= {GONE_410, TO_LIST, NOTICE}


def test_search_hit_shows_withdrawn_at(nights):
    assert all(h["withdrawn_at"] for h in _search(nights, "--withdrawn"))


def test_search_table_says_withdrawn(nights, capsys):
    assert main(["search", "常委会", "--withdrawn", "--db", nights.db_url]) == 0
    assert "WITHDRAWN from the site since" in capsys.readouterr().out


def test_sites_counts_withdrawn_pages(nights):
    engine, sessions = open_archive(nights.db_url)
    try:
        row = next(r for r in sites.site_rows(sessions) if r["site"] == "npc")
    finally:
        engine.dispose()
    assert (row["withdrawn"], row["changed"]) == (3, 1)


def test_article_page_shows_the_withdrawal(nights):
    engine, sessions = open_archive(nights.db_url)
    try:
        with sessions() as s:
            page = article_page.load(s, nights.after_3[NOTICE].id)
    finally:
        engine.dispose()
    assert page is not None and page.withdrawn_at and page.events[0].kind == "withdrawn"


def test_runs_json_counts_the_nights_revisits(nights):
    record = crawl_command.run_record(nights.runs[1])
    assert (record["revisited"], record["withdrawn"], record["restored"]) == (len(nights.after_2), 4, 0)


def test_run_summary_line_names_the_revisits(nights):
    assert "4 found withdrawn" in crawl_command.format_run(nights.runs[1])


# -------------------------------------------------------------- the article page of `rdarchive serve`
@pytest.fixture(scope="module")
def withdrawn_page(nights):
    server = ServeProcess(nights.db_url).wait()
    try:
        with urllib.request.urlopen(f"{server.base}/article/{nights.after_3[NOTICE].id}", timeout=60) as r:
            return lxml_html.fromstring(r.read().decode("utf-8"))
    finally:
        server.stop()


def test_served_article_page_says_withdrawn(withdrawn_page):
    assert "withdrawn from the site on" in withdrawn_page.cssselect(".rd-withdrawn")[0].text_content()


def test_served_article_page_gives_the_reason(withdrawn_page):
    assert "信息已删除" in withdrawn_page.cssselect(".rd-withdrawn")[0].text_content()


def test_served_article_page_keeps_the_text(withdrawn_page):
    assert withdrawn_page.cssselect(".rd-body p")

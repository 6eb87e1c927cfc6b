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
from tests.reliability_plugin import case
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
@case(
    "revisit",
    "an archived article now answers 404",
    "recorded withdrawn (withdrawn_at set)",
)
def test_404_is_withdrawn(nights):
    assert nights.after_2[GONE_404].withdrawn_at is not None


@case("revisit", "an archived article now answers 410", "recorded withdrawn")
def test_410_is_withdrawn(nights):
    assert nights.after_2[GONE_410].withdrawn_at is not None


@case(
    "revisit",
    "an archived article now redirects (302) to a channel list",
    "recorded withdrawn",
)
def test_redirect_to_a_list_is_withdrawn(nights):
    assert nights.after_2[TO_LIST].withdrawn_at is not None


@case("revisit", "the redirect of a withdrawn article", "its event names the list the redirect led to")
def test_redirect_event_names_where_it_led(nights):
    assert _event(nights, TO_LIST, ArticleEventKind.WITHDRAWN).reached_url == LIST


@case(
    "revisit",
    "an archived article now serves a 信息已删除 notice with status 200",
    "recorded withdrawn",
)
def test_notice_with_status_200_is_withdrawn(nights):
    assert nights.after_2[NOTICE].withdrawn_at is not None


def test_notice_reason_quotes_the_page(nights):
    assert "信息已删除" in _event(nights, NOTICE, ArticleEventKind.WITHDRAWN).reason


@case(
    "revisit", "a deleted-notice page answering for an archived article", "not stored as a new version of the article"
)
def test_notice_did_not_become_a_version(nights):
    assert nights.after_2[NOTICE].version == 1


@case("revisit", "a withdrawn article's archived text", "kept as it was archived")
def test_withdrawn_page_keeps_its_text(nights):
    assert "法律草案" in nights.after_3[NOTICE].title


@case(
    "revisit",
    "the 404 answer that shows an article withdrawn",
    "captured in WARC: the event points to the capture of the 404 response",
)
def test_404_evidence_is_captured_in_warc(nights):
    capture = nights.captures[_event(nights, GONE_404, ArticleEventKind.WITHDRAWN).capture_id]
    assert (capture.url, capture.http_status) == (GONE_404, 404)


def test_notice_evidence_is_the_notice_page(nights):
    capture = nights.captures[_event(nights, NOTICE, ArticleEventKind.WITHDRAWN).capture_id]
    assert capture.http_status == 200 and capture.url == NOTICE


# -------------------------------------------------------------- night 2: changed
@case("revisit", "an archived article's text edited on the site", "a new version (version 2)")
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


@case(
    "revisit",
    "a withdrawn page answers with its article again",
    "recorded restored by that night's run (an article_events row)",
)
def test_page_that_came_back_is_recorded_restored(nights):
    assert _event(nights, GONE_404, ArticleEventKind.RESTORED).run_id == nights.runs[2].id


def test_third_night_counts_the_restored(nights):
    assert nights.runs[2].articles_restored == 1


@case("revisit", "a withdrawn page still gone the next night", "withdrawn_at stays the date first seen")
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


# -------------------------------------------------------------- a bounded, rotating share
def _night(db_url: str, tmp_path, routes: dict[str, Route] | None = None, **settings) -> CrawlRun:
    npc = spider_for("npc")
    with ReplayServer(roots=[site_root("npc")], routes=routes or {}) as server:
        crawler = crawl(npc, db_url, server, settings={"RDARCHIVE_WARC_DIR": str(tmp_path / "warc"), **settings})
    engine, sessions = open_archive(db_url)
    try:
        with sessions() as s:
            run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
            assert run is not None
            return run
    finally:
        engine.dispose()


def _checked(db_url: str) -> dict[str, object]:
    return {url: a.checked_at for url, a in _articles(db_url).items()}


@pytest.fixture(scope="module")
def rotation(tmp_path_factory):
    """Night 1 archives the world (7 articles); nights 2 and 3 revisit 1/3 of it each (3 articles)."""
    tmp = tmp_path_factory.mktemp("revisit-rotation")
    db_url = f"sqlite:///{tmp / 'archive.db'}"
    _night(db_url, tmp)
    before = _checked(db_url)
    second = _night(db_url, tmp, RDARCHIVE_REVISIT_DAYS=3)
    after_2 = _checked(db_url)
    third = _night(db_url, tmp, RDARCHIVE_REVISIT_DAYS=3)
    after_3 = _checked(db_url)
    return before, second, after_2, third, after_3


def test_a_night_revisits_its_share_of_the_archive(rotation):
    before, second, *_ = rotation
    assert second.articles_revisited == -(-len(before) // 3)


def test_the_next_night_revisits_other_articles(rotation):
    before, _, after_2, _, after_3 = rotation
    night_2 = {u for u in before if after_2[u] != before[u]}
    night_3 = {u for u in before if after_3[u] != after_2[u]}
    assert night_2 and night_3 and not night_2 & night_3


def _second_night(tmp, routes=None, **settings) -> tuple[CrawlRun, str]:
    db_url = f"sqlite:///{tmp / 'archive.db'}"
    _night(db_url, tmp)
    routes = routes(db_url) if callable(routes) else routes
    return _night(db_url, tmp, routes=routes, RDARCHIVE_REVISIT_DAYS=1, **settings), db_url


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    return _second_night(tmp_path_factory.mktemp("revisit-capped"), RDARCHIVE_REVISIT_MAX=2)[0]


@pytest.fixture(scope="module")
def out_of_time(tmp_path_factory):
    return _second_night(tmp_path_factory.mktemp("revisit-budget"), RDARCHIVE_REVISIT_SECONDS=0)[0]


def _everything_404(db_url: str) -> dict[str, Route]:
    urls = [*_articles(db_url), *spider_for("npc").start_channels]
    return {url: Route(status=404, body="") for url in urls}


@pytest.fixture(scope="module")
def site_down(tmp_path_factory):
    run, db_url = _second_night(tmp_path_factory.mktemp("revisit-down"), routes=_everything_404)
    return run, [u for u, a in _articles(db_url).items() if a.withdrawn_at is not None]


@case("revisit", "RDARCHIVE_REVISIT_MAX=2 with a larger share due", "2 articles revisited")
def test_revisits_stop_at_the_nightly_cap(capped):
    assert capped.articles_revisited == 2


@case(
    "revisit",
    "RDARCHIVE_REVISIT_SECONDS spent before the list walk ends",
    "no revisit batch begun (0 revisited)",
)
def test_no_revisit_batch_after_the_time_budget(out_of_time):
    assert out_of_time.articles_revisited == 0


@case(
    "revisit",
    "site down: every list page and article answers 404",
    "no revisits and nothing recorded withdrawn (an outage is not a withdrawal)",
)
def test_site_down_withdraws_nothing(site_down):
    run, withdrawn = site_down
    assert (run.articles_revisited, withdrawn) == (0, [])


def test_site_down_run_fails(site_down):
    assert site_down[0].status == "failed"

"""Bad input: each broken page is recorded with its URL and reason; the crawl goes on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.tables import Article, CrawlFailure, CrawlRun
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.spiders import spider_for
from tests.conftest import crawl, sessions_for, site_root, sqlite_url

NpcSpider = spider_for("npc")

BASE = "http://www.npc.gov.cn/npc/c2/c30834/"
GOOD = BASE + "202501/t20250101_900001.html"
BAD = {
    "no_body": BASE + "202501/t20250101_900002.html",
    "http_404": BASE + "202501/t20250101_900003.html",
    "http_500": BASE + "202501/t20250101_900004.html",
    "not_html": BASE + "202501/t20250101_900005.html",
    "challenge": BASE + "202501/t20250101_900006.html",
}

GOOD_PAGE = """<html><head><meta charset="utf-8"><title>测试_中国人大网</title></head><body>
<div class="tit"><h2></h2><h1>常委会召开座谈会</h1><h3></h3></div>
<div class="fontsize"> 来源： 中国人大网&nbsp;&nbsp;浏览字号： 大 中 小 <span class="fr" id="zzrq">2025年01月01日 09:00</span></div>
<div id="Zoom"><div class="TRS_Editor"><p>全国人大常委会法工委今天召开座谈会，听取基层立法联系点对草案的意见。</p>
<p>与会同志围绕草案条文逐条发表意见，提出修改建议二十余条。</p></div></div>
<div class="editor">编       辑： 王明</div></body></html>"""
EMPTY_PAGE = """<html><head><meta charset="utf-8"><title>空_中国人大网</title></head><body>
<div class="tit"><h1>空白页面</h1></div><div class="fontsize">来源： 中国人大网 <span id="zzrq">2025年01月01日 09:00</span></div>
<div id="Zoom"><div class="TRS_Editor"></div></div></body></html>"""
CHALLENGE_PAGE = """<html><head><meta charset="utf-8"><title></title>
<script>var wzws_cid="0f3a"; document.cookie="wzws_cid=" + wzws_cid; location.href="/WZWSREL3Rlc3Q=";</script>
</head><body>请开启JavaScript并刷新该页</body></html>"""
LIST = (
    "<html><head><meta charset='utf-8'><title>法律_中国人大网</title></head><body><ul class='list'>"
    + "".join(f"<li><a href='{u}'>条目</a></li>" for u in [GOOD, *BAD.values()])
    + "</ul></body></html>"
)

ROUTES = {
    BASE + "index.html": Route(body=LIST),
    GOOD: Route(body=GOOD_PAGE),
    BAD["no_body"]: Route(body=EMPTY_PAGE),
    BAD["http_500"]: Route(status=500, body="<html><body>Internal Server Error</body></html>"),
    BAD["not_html"]: Route(body=b"%PDF-1.4 binary", content_type="application/pdf"),
    BAD["challenge"]: Route(body=CHALLENGE_PAGE),
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    db = sqlite_url(tmp_path_factory.mktemp("bad"))
    with ReplayServer(roots=[site_root("npc")], routes=ROUTES) as server:
        crawler = crawl(NpcSpider, db, server, urls=[BASE + "index.html"])
    with sessions_for(db)() as s:
        failures = {f.url: f for f in s.scalars(select(CrawlFailure))}
        urls = set(s.scalars(select(Article.url)))
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        s.expunge_all()
    return failures, urls, run


def test_good_article_still_stored(outcome):
    assert outcome[1] == {GOOD}


@pytest.mark.parametrize(
    "case,kind",
    [
        ("no_body", "no_body"),
        ("http_404", "http_error"),
        ("http_500", "http_error"),
        ("not_html", "not_html"),
        ("challenge", "blocked"),
    ],
)
def test_failure_kind(outcome, case, kind):
    assert outcome[0][BAD[case]].kind == kind


@pytest.mark.parametrize("case", sorted(BAD))
def test_failure_reason_names_url(outcome, case):
    assert BAD[case] in outcome[0][BAD[case]].reason


def test_404_status_recorded(outcome):
    assert outcome[0][BAD["http_404"]].http_status == 404


def test_500_status_recorded(outcome):
    assert outcome[0][BAD["http_500"]].http_status == 500


def test_run_is_partial(outcome):
    assert outcome[2].status == "partial"


def test_run_counts_failures(outcome):
    assert outcome[2].pages_failed == len(BAD)


def test_error_summary_lists_kinds(outcome):
    assert "http_error" in outcome[2].error_summary


# Crawls block on the reactor, which tests may only do from fixtures
# (pytest-twisted runs test bodies inside the reactor's greenlet).
@pytest.fixture
def empty_scrape_run(tmp_path):
    db = sqlite_url(tmp_path)
    routes = {BASE + "index.html": Route(body="<html><body><ul class='list'></ul></body></html>")}
    with ReplayServer(roots=[], routes=routes) as server:
        crawler = crawl(NpcSpider, db, server, urls=[BASE + "index.html"])
    with sessions_for(db)() as s:
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        s.expunge_all()
    return run


@pytest.fixture
def site_down_run(tmp_path):
    db = sqlite_url(tmp_path)
    routes = {u: Route(status=503, body="down") for u in NpcSpider.start_channels}
    with ReplayServer(roots=[], routes=routes) as server:
        crawler = crawl(NpcSpider, db, server)
    with sessions_for(db)() as s:
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        s.expunge_all()
    return run


def test_empty_scrape_is_a_failed_run(empty_scrape_run):
    assert empty_scrape_run.status == "failed"


def test_site_down_is_a_failed_run(site_down_run):
    assert site_down_run.status == "failed"


def test_site_down_counts_each_channel_as_failed(site_down_run):
    assert site_down_run.pages_failed == len(NpcSpider.start_channels)


UNDATED_PAGE = GOOD_PAGE.replace('<span class="fr" id="zzrq">2025年01月01日 09:00</span>', "")


@pytest.fixture
def mostly_undated_run(tmp_path):
    """A template change: three of four article pages lose their date."""
    db = sqlite_url(tmp_path)
    urls = [BASE + f"202501/t20250101_90010{i}.html" for i in range(4)]
    routes = {
        BASE + "index.html": Route(
            body="<html><body>" + "".join(f"<a href='{u}'>条目</a>" for u in urls) + "</body></html>"
        )
    }
    for i, u in enumerate(urls):
        page = GOOD_PAGE if i == 0 else UNDATED_PAGE
        routes[u] = Route(body=page.replace("全国人大常委会法工委", f"第{i}次会议上，全国人大常委会法工委"))
    with ReplayServer(roots=[], routes=routes) as server:
        crawler = crawl(NpcSpider, db, server, urls=[BASE + "index.html"])
    with sessions_for(db)() as s:
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        s.expunge_all()
    return run


def test_site_whose_pages_mostly_lose_their_date_is_failing(mostly_undated_run):
    assert (mostly_undated_run.status, mostly_undated_run.health) == ("failed", "failing")


def test_failing_site_reason_names_the_missing_dates(mostly_undated_run):
    assert "3 without date" in mostly_undated_run.error_summary

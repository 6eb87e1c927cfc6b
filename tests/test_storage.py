"""Storage on SQLite and PostgreSQL: new, unchanged, changed and duplicate pages."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.article import Byline, ParsedArticle, Region
from core.page import Page
from core.site import SiteRecord
from core.status import Outcome
from models.db import current_revision, head_revision, make_engine
from models.store import ArchiveStore
from models.tables import Article, ArticleVersion, CrawlFailure, CrawlRun
from tests.conftest import sessions_for

SH = ZoneInfo("Asia/Shanghai")
SITE = SiteRecord(slug="npc", name="中国人大网", province=None, region_code=None, domains=["www.npc.gov.cn"])


def parsed(url: str, body: str, title: str = "标题") -> ParsedArticle:
    return ParsedArticle(
        page=Page(url=url, html="<html></html>", site="npc"),
        title=title,
        body=body,
        body_normalized=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        byline=Byline(source="中国人大网", editors=["冯涛"], responsible_editors=["张绍敏"]),
        published_at=datetime(2019, 1, 7, 10, 40, tzinfo=SH),
        region=Region(province="河南省", province_code="410000", county="沈丘县", county_code="411624"),
    )


@pytest.fixture
def archive(db_url):
    sessions = sessions_for(db_url)
    store = ArchiveStore(sessions)
    site_id = store.ensure_site(SITE)
    run_id = store.start_run(["npc"])
    return store, sessions, site_id, run_id


def count(sessions, model) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_schema_is_at_head(db_url):
    sessions_for(db_url)
    assert current_revision(make_engine(db_url)) == head_revision()


def test_first_save_is_new(archive):
    store, _, site_id, run_id = archive
    assert store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id) == Outcome.NEW


def test_same_page_twice_is_unchanged(archive):
    store, _, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    assert store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id) == Outcome.UNCHANGED


def test_same_page_twice_creates_no_row(archive):
    store, sessions, site_id, run_id = archive
    for _ in range(2):
        store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    assert count(sessions, Article) == 1


def test_unchanged_page_moves_last_seen(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    with sessions() as s:
        before = s.scalar(select(Article.last_seen))
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    with sessions() as s:
        assert s.scalar(select(Article.last_seen)) > before


def test_changed_page_is_changed(archive):
    store, _, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    assert store.save(parsed("http://www.npc.gov.cn/a.html", "正文二"), site_id, run_id) == Outcome.CHANGED


def test_changed_page_keeps_old_text(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文二"), site_id, run_id)
    with sessions() as s:
        assert s.scalar(select(ArticleVersion.body)) == "正文一"


def test_changed_page_holds_new_text(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文二"), site_id, run_id)
    with sessions() as s:
        assert s.scalar(select(Article.body)) == "正文二"


def test_changed_page_counts_versions(archive):
    store, sessions, site_id, run_id = archive
    for body in ("正文一", "正文二", "正文三"):
        store.save(parsed("http://www.npc.gov.cn/a.html", body), site_id, run_id)
    with sessions() as s:
        assert s.scalar(select(Article.version)) == 3


def test_same_body_on_other_url_is_duplicate(archive):
    store, _, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    assert store.save(parsed("http://www.npc.gov.cn/b.html", "正文一"), site_id, run_id) == Outcome.DUPLICATE


def test_duplicate_points_to_earlier_article(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    store.save(parsed("http://www.npc.gov.cn/b.html", "正文一"), site_id, run_id)
    with sessions() as s:
        first = s.scalar(select(Article.id).where(Article.url.endswith("a.html")))
        assert s.scalar(select(Article.duplicate_of_id).where(Article.url.endswith("b.html"))) == first


def test_published_at_is_time_zone_aware(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    with sessions() as s:
        assert s.scalar(select(Article.published_at)).isoformat() == "2019-01-07T10:40:00+08:00"


def test_region_code_is_most_specific(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    with sessions() as s:
        assert s.scalar(select(Article.region_code)) == "411624"


def test_editor_kinds_kept_apart(archive):
    store, sessions, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    with sessions() as s:
        row = s.scalar(select(Article))
        assert (row.editors, row.responsible_editors) == (["冯涛"], ["张绍敏"])


def test_article_without_body_is_refused(archive):
    store, _, site_id, run_id = archive
    with pytest.raises(ValueError, match="without body"):
        store.save(parsed("http://www.npc.gov.cn/a.html", ""), site_id, run_id)


def test_failure_is_recorded_with_url(archive):
    store, sessions, _, run_id = archive
    store.record_failure(
        run_id, site="npc", url="http://www.npc.gov.cn/x.html", kind="http_error", reason="HTTP 404", http_status=404
    )
    with sessions() as s:
        assert s.scalar(select(CrawlFailure.url)) == "http://www.npc.gov.cn/x.html"


def test_failure_counts_in_run(archive):
    store, sessions, _, run_id = archive
    store.record_failure(
        run_id, site="npc", url="http://www.npc.gov.cn/x.html", kind="http_error", reason="HTTP 404", http_status=404
    )
    with sessions() as s:
        assert s.get(CrawlRun, run_id).pages_failed == 1


def test_finished_run_has_status(archive):
    store, _, _, run_id = archive
    assert store.finish_run(run_id, "succeeded").status == "succeeded"


def test_site_registered_once(db_url):
    sessions = sessions_for(db_url)
    a = ArchiveStore(sessions).ensure_site(SITE)
    assert ArchiveStore(sessions).ensure_site(SITE) == a


def test_article_stored_by_this_run_is_not_known_before_it(archive):
    # A WordPress post listed in two categories: the second category's list page must not look
    # "already archived" because the first category stored the post a moment ago in this run.
    store, _, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    assert store.known_urls(["http://www.npc.gov.cn/a.html"], before_run=run_id) == set()


def test_article_stored_by_an_earlier_run_is_known(archive):
    store, _, site_id, run_id = archive
    store.save(parsed("http://www.npc.gov.cn/a.html", "正文一"), site_id, run_id)
    later = store.start_run(["npc"])
    assert store.known_urls(["http://www.npc.gov.cn/a.html"], before_run=later) == {"http://www.npc.gov.cn/a.html"}

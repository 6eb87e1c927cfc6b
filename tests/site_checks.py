"""Helpers for per-site tests: crawl a fixture world once, compare stored fields."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.tables import Article, CrawlRun
from rdarchive.export import article_record
from rdarchive.replay_server import ReplayServer
from tests.conftest import crawl, expected_articles, sessions_for, site_root, sqlite_url


@dataclass
class CrawlResult:
    records: dict[str, dict[str, Any]]  # url -> exported record
    run: CrawlRun
    requested: list[str]
    db_url: str


def crawl_fixture_site(spidercls: type, directory: Path, db_url: str | None = None,
                       files: dict | None = None, **spider_kwargs: Any) -> CrawlResult:
    db_url = db_url or sqlite_url(directory)
    with ReplayServer(roots=[site_root(spidercls.name)], files=files) as server:
        crawler = crawl(spidercls, db_url, server, **spider_kwargs)
        requested = list(server.requested)
    sessions = sessions_for(db_url)
    with sessions() as s:
        records = {a.url: article_record(a, a.site) for a in s.scalars(select(Article))}
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        run.failures
    return CrawlResult(records, run, requested, db_url)


def stored_value(record: dict[str, Any], field: str) -> Any:
    """The stored value an expected-JSON field is compared with."""
    if field == "body_start":
        return record["body"][: 12]
    if field == "body_end":
        return record["body"][-12:]
    if field == "region_code":
        return record["region"]["code"]
    return record[field]


ARTICLE_FIELDS = ("title", "subtitle", "source", "authors", "editors", "responsible_editors",
                  "published_at", "body_start", "body_end", "channel", "breadcrumb", "region_code",
                  "template")


def field_cases(slug: str) -> list[tuple[str, str]]:
    return [(url, f) for url, exp in expected_articles(slug).items() for f in ARTICLE_FIELDS if f in exp]

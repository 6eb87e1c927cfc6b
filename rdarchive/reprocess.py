"""`rdarchive reprocess`: run the current extraction over archived captures, offline.

Extraction improves; the archive keeps what servers sent. Reprocessing reads
each article's capture from its WARC file, runs today's pipeline on those
bytes and stores the result through the same store as a crawl: an unchanged
text stays as it is (what is read around it, bylines and region, is brought up
to date: "refreshed"), a changed one becomes a new version (the old text kept).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import StageFailure
from models.attachments import attachments_of
from models.store import ArchiveStore
from models.tables import Article, Capture, Site
from pipelines.attachment_links import apply_attachments
from pipelines.stages import run_stages
from rdarchive.captures import CaptureError, archive_warc_root
from rdarchive.parse import archived_page
from rdarchive.progress import ArticleProgress
from rdarchive.search import Filters, check_sites
from rdarchive.spiders import all_spiders


@dataclass
class Report:
    outcomes: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        done = ", ".join(f"{n} {k}" for k, n in sorted(self.outcomes.items())) or "nothing"
        return f"reprocessed: {done}; {len(self.problems)} problem(s)"


def reprocess(
    sessions: sessionmaker[Session],
    sites: Sequence[str] = (),
    since: datetime | None = None,
    show_progress: bool = False,
) -> Report:
    """Every archived article (of these sites, published since then); an unknown site is an error.

    `show_progress`: a progress line on stderr, redrawn every 1,000 articles."""
    if sites:
        with sessions() as s:
            check_sites(s, Filters(site=list(sites)))
    store = ArchiveStore(sessions)
    spiders = all_spiders()
    root = archive_warc_root(sessions)
    report = Report()
    stmt = (
        select(
            Article.id,
            Article.url,
            Site.slug,
            Article.site_id,
            Capture,
            Article.channel,
            Article.title,
            Article.published_at,
            Article.date_basis,
        )
        .join(Site, Article.site_id == Site.id)
        .join(Capture, Article.capture_id == Capture.id)
        .order_by(Article.id)
    )
    if sites:
        stmt = stmt.where(Site.slug.in_(sites))
    if since:
        stmt = stmt.where(Article.published_at >= since)
    with sessions() as s:
        rows = s.execute(stmt).all()
    with ArticleProgress("reprocess", show_progress, total=len(rows)) as progress:
        for row in rows:
            progress.add()
            _one(row, report, store, spiders, root)
    return report


def _one(row: Any, report: Report, store: ArchiveStore, spiders: dict[str, Any], root: Any) -> None:
    """Reprocess one article; what fails is counted and reported, never raised."""
    url, slug, capture = row.url, row.slug, row.Capture
    try:
        page = archived_page(url, capture, spiders.get(slug), known=row, site=slug, root=root)
    except CaptureError as e:
        report.problems.append(f"{url}: {e}")
        report.outcomes["unreadable"] += 1
        return
    try:
        # The documents as the crawl stored them: a body that only points to one keeps its text.
        with store.sessions() as s:
            stored = attachments_of(s, [row.id]).get(row.id, [])
        article = run_stages(page, partial(apply_attachments, attachments=stored) if stored else None)
    except StageFailure as e:
        report.problems.append(f"{url}: {e}")
        report.outcomes["no_article"] += 1
        return
    report.outcomes[store.save(article, row.site_id, None, refresh=True)] += 1

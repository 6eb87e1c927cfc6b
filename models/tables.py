"""The archive's tables (SQLAlchemy 2.0 typed ORM).

Schema changes go through Alembic (models/migrations); never create_all in
production code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.status import RunStatus
from models.types import AwareDateTime, utcnow


class Base(DeclarativeBase):
    type_annotation_map = {datetime: AwareDateTime, dict[str, Any]: JSON, list[str]: JSON}


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(50))
    region_code: Mapped[str | None] = mapped_column(String(12))
    domains: Mapped[list[str]] = mapped_column(default=list)
    evidence: Mapped[str | None] = mapped_column(String(200))
    # An official congress site (canonical copies are taken from these first).
    official: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="site")


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # Written with every progress flush: a "running" run whose heartbeat stopped
    # long ago belongs to a crawl process that was killed without closing it.
    heartbeat_at: Mapped[datetime | None]
    sites: Mapped[list[str]] = mapped_column(default=list)
    # a core.status.RunStatus value
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING.value)
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_unchanged: Mapped[int] = mapped_column(default=0)
    articles_changed: Mapped[int] = mapped_column(default=0)
    articles_duplicate: Mapped[int] = mapped_column(default=0)
    pages_failed: Mapped[int] = mapped_column(default=0)
    # Articles stored without a publish date: many means the site's template changed.
    articles_undated: Mapped[int] = mapped_column(default=0, server_default="0")
    # The revisit cycle (crawlers/revisit.py): archived pages re-requested, found withdrawn, found back.
    articles_revisited: Mapped[int] = mapped_column(default=0, server_default="0")
    articles_withdrawn: Mapped[int] = mapped_column(default=0, server_default="0")
    articles_restored: Mapped[int] = mapped_column(default=0, server_default="0")
    # a core.status.Health value: a site that yields no article, or whose article pages mostly
    # fail extraction (no body or no date), is failing even if the crawl ran.
    health: Mapped[str | None] = mapped_column(String(20))
    error_summary: Mapped[str | None] = mapped_column(Text)
    # The local replay server this run fetched everything from (tests, demo); NULL for a live crawl.
    replay: Mapped[str | None] = mapped_column(String(300))
    # The file the crawl's log went to (`rdarchive crawl` without -v); NULL: the log went to a terminal.
    log_file: Mapped[str | None] = mapped_column(String(1000))
    # Pages the site's declarations no longer fit, handled by the generic path (template drift);
    # template_drift keeps examples of them.
    pages_drifted: Mapped[int] = mapped_column(default=0, server_default="0")

    failures: Mapped[list[CrawlFailure]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="CrawlFailure.id"
    )
    drift: Mapped[list[TemplateDrift]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="TemplateDrift.id"
    )

    def counts(self) -> dict[str, int]:
        return {
            "pages_fetched": self.pages_fetched,
            "new": self.articles_new,
            "unchanged": self.articles_unchanged,
            "changed": self.articles_changed,
            "duplicate": self.articles_duplicate,
            "failed": self.pages_failed,
        }


class CrawlSlot(Base):
    """The run that holds one scheduled slot of a site: a second trigger of the slot is skipped."""

    __tablename__ = "crawl_slots"

    site: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The trigger's cron time for that night, e.g. "2024-03-11T02:30+08:00".
    slot: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)


class CrawlFailure(Base):
    """One page a run could not archive, with the reason: nothing fails silently."""

    __tablename__ = "crawl_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), index=True)
    site: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    # A short machine-readable kind (http_error, blocked, not_html, no_body, ...)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    http_status: Mapped[int | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[CrawlRun] = relationship(back_populates="failures")


class TemplateDrift(Base):
    """An example page of a run on which the site's declared URL patterns or template no longer
    fit and the generic path took over: the site still archives, but its definition needs a look."""

    __tablename__ = "template_drift"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), index=True)
    site: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    # a core.status.DriftKind value: "list" or "article"
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[CrawlRun] = relationship(back_populates="drift")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    # The columns of the page's fields, from core/article_fields.py (`make fields` rewrites them).
    # [[[cog
    # from models.article_columns import declarations
    # for line in declarations():
    #     cog.outl("    " + line)
    # ]]]
    title: Mapped[str | None] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    title_normalized: Mapped[str | None] = mapped_column(Text)
    body_normalized: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    authors: Mapped[list[str]] = mapped_column(default=list)
    editors: Mapped[list[str]] = mapped_column(default=list)
    responsible_editors: Mapped[list[str]] = mapped_column(default=list)
    reviewers: Mapped[list[str]] = mapped_column(default=list)
    byline: Mapped[str | None] = mapped_column(Text)
    byline_normalized: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    date_basis: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(200))
    breadcrumb: Mapped[list[str]] = mapped_column(default=list)
    province: Mapped[str | None] = mapped_column(String(50))
    province_code: Mapped[str | None] = mapped_column(String(12))
    city: Mapped[str | None] = mapped_column(String(50))
    city_code: Mapped[str | None] = mapped_column(String(12))
    county: Mapped[str | None] = mapped_column(String(50))
    county_code: Mapped[str | None] = mapped_column(String(12))
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    region_basis: Mapped[str | None] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    http_status: Mapped[int | None]
    extraction_method: Mapped[str | None] = mapped_column(String(100))
    template: Mapped[str | None] = mapped_column(String(60))
    # [[[end]]]
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    # The WARC capture holding the bytes this text was extracted from.
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    # Near-duplicate cluster (None: no known copy).
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    # When the current text was first seen (first_seen of the newest version).
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # When the page was first found withdrawn (NULL while it is live); article_events has the evidence.
    withdrawn_at: Mapped[datetime | None] = mapped_column(index=True)
    # When the archive last fetched the page (a crawl or a revisit): revisits take the oldest first.
    checked_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    # When any exported field but last_seen / last_run_id last changed (set by a
    # database trigger on update; `export --since-last` follows it).
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, index=True)
    # Full-text index text (models/fulltext.py): character bigrams of the
    # normalised title + subtitle and body. Not loaded unless asked for.
    search_title: Mapped[str | None] = mapped_column(Text, deferred=True)
    search_body: Mapped[str | None] = mapped_column(Text, deferred=True)
    # Site, region and date as index tokens (SQLite filters inside the FTS index).
    search_tags: Mapped[str | None] = mapped_column(Text, deferred=True)

    site: Mapped[Site] = relationship(back_populates="articles")
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleVersion.version"
    )


class ArticleVersion(Base):
    """An earlier text of an article, kept when a re-crawl finds the page changed."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    article: Mapped[Article] = relationship(back_populates="versions")


class ArticleEvent(Base):
    """A page found withdrawn, or back again, by a revisit: what was seen and where its bytes are."""

    __tablename__ = "article_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # a core.status.ArticleEventKind value
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    http_status: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text)
    # Where a redirect led (the home page, a list), when it did.
    reached_url: Mapped[str | None] = mapped_column(Text)
    # The WARC capture of the answer: the evidence.
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))


class Capture(Base):
    """One archived HTTP response: where its WARC record is and what its payload was."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    captured_at: Mapped[datetime] = mapped_column(default=utcnow)
    http_status: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(200))
    warc_file: Mapped[str] = mapped_column(Text)
    offset: Mapped[int] = mapped_column(BigInteger)
    length: Mapped[int] = mapped_column(BigInteger)
    record_id: Mapped[str] = mapped_column(String(100))
    payload_sha256: Mapped[str] = mapped_column(String(64), index=True)
    # WARC-Payload-Digest (sha1:BASE32), for revisit records.
    payload_digest: Mapped[str | None] = mapped_column(String(100))
    # Set on a revisit record: the capture that holds the identical payload in full.
    revisit_of_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))


class Cluster(Base):
    """One story with all its copies: exact and near duplicates across sites and scripts."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The earliest published member, official congress sites first.
    canonical_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", use_alter=True, name="fk_clusters_canonical")
    )
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleFingerprint(Base):
    """The MinHash signature of an article's current text."""

    __tablename__ = "article_fingerprints"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class LshKey(Base):
    """LSH band keys: articles sharing a key are near-duplicate candidates."""

    __tablename__ = "lsh_keys"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False, index=True
    )


class ExportCursor(Base):
    """Where `rdarchive export --since-last NAME` stopped: the next export under NAME starts here."""

    __tablename__ = "export_cursors"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Rows changed after this instant are new to the next export ...
    position: Mapped[datetime]
    # ... except these "id@change time" keys, exported already though they fall
    # in the safety overlap before `position` (late commits are not missed).
    recent: Mapped[list[str]] = mapped_column(default=list)
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    exported_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows: Mapped[int] = mapped_column(default=0)


Index("ix_articles_site_published", Article.site_id, Article.published_at)
Index("ix_articles_site_checked", Article.site_id, Article.checked_at)
Index("ix_clusters_updated_at", Cluster.updated_at)


class AttachmentFile(Base):
    """A document linked from articles, kept once by the SHA-256 of its bytes."""

    __tablename__ = "attachment_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    # Sniffed from the bytes (pipelines/attachment_text.py).
    media_type: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text, deferred=True)
    text_chars: Mapped[int] = mapped_column(Integer, default=0)
    # Why a whole file gave no text (OFD, a scanned PDF ...).
    unreadable: Mapped[str | None] = mapped_column(Text)
    # The first WARC capture of these bytes.
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleAttachment(Base):
    """A link from an article to a document, with what fetching it gave (a file, or why not)."""

    __tablename__ = "article_attachments"
    __table_args__ = (UniqueConstraint("article_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(Text)
    link_text: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(Text, default="")
    # None when no document came back (the failure says why).
    file_id: Mapped[int | None] = mapped_column(ForeignKey("attachment_files.id"), index=True)
    http_status: Mapped[int | None]
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    # Why the document could not be archived or read: a recorded failure (the article is kept).
    failure: Mapped[str | None] = mapped_column(Text)
    # This attachment's text stands in for the article's body, which only points to it.
    body_text: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[AttachmentFile | None] = relationship()

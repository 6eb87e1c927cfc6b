"""Revisits: withdrawn pages, when each article was last rechecked, and the events of both

Revision ID: 0011
Revises: 0012

articles.withdrawn_at: the date a revisit first found the page withdrawn (404/410, a redirect to
the home page or a list, a "not found / deleted" page served with 200); NULL while it is live.
articles.checked_at: when the archive last fetched the page (a crawl or a revisit); revisits take
the articles checked longest ago first. article_events: every withdrawal and restoration with
its evidence (the WARC capture, the status, where a redirect led). crawl_runs counts a run's
revisits, withdrawals and restorations.

Plain ADD COLUMN (no batch copy) keeps 0005's SQLite triggers and browse view; the touch
trigger is replaced so a withdrawal or restoration moves updated_at (`export --since-last`).
"""

import sqlalchemy as sa
from alembic import op

import models.types
from models import touch_trigger

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None

# 0005's list, then this revision's column.
TRACKED_BEFORE = [
    "url", "site_id", "title", "subtitle", "body", "body_normalized", "source", "authors", "editors",
    "responsible_editors", "reviewers", "published_at", "date_basis", "channel", "breadcrumb", "province",
    "province_code", "city", "city_code", "county", "county_code", "region_code", "region_basis", "content_hash",
    "duplicate_of_id", "cluster_id", "version", "http_status", "extraction_method", "template", "first_seen",
    "changed_at", "crawl_run_id", "capture_id",
]  # fmt: skip
TRACKED = [*TRACKED_BEFORE, "withdrawn_at"]
JSON_COLUMNS = {"authors", "editors", "responsible_editors", "reviewers", "breadcrumb"}


def upgrade() -> None:
    op.add_column("articles", sa.Column("withdrawn_at", models.types.AwareDateTime(), nullable=True))
    op.add_column("articles", sa.Column("checked_at", models.types.AwareDateTime(), nullable=True))
    # Until a revisit, an article was last checked when it was last seen.
    op.execute("UPDATE articles SET checked_at = last_seen")
    op.create_index("ix_articles_site_checked", "articles", ["site_id", "checked_at"])
    op.create_index("ix_articles_withdrawn_at", "articles", ["withdrawn_at"])
    for column in ("articles_revisited", "articles_withdrawn", "articles_restored"):
        op.add_column("crawl_runs", sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "article_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", models.types.AwareDateTime(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reached_url", sa.Text(), nullable=True),
        sa.Column("capture_id", sa.Integer(), sa.ForeignKey("captures.id"), nullable=True),
    )
    op.create_index("ix_article_events_article_id", "article_events", ["article_id"])
    for statement in touch_trigger.replace(op.get_bind().dialect.name, TRACKED, JSON_COLUMNS):
        op.execute(statement)


def downgrade() -> None:
    for statement in touch_trigger.replace(op.get_bind().dialect.name, TRACKED_BEFORE, JSON_COLUMNS):
        op.execute(statement)
    op.drop_index("ix_article_events_article_id", "article_events")
    op.drop_table("article_events")
    for column in ("articles_revisited", "articles_withdrawn", "articles_restored"):
        op.execute(f"ALTER TABLE crawl_runs DROP COLUMN {column}")
    op.drop_index("ix_articles_withdrawn_at", "articles")
    op.drop_index("ix_articles_site_checked", "articles")
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy would drop 0005's triggers.
    op.execute("ALTER TABLE articles DROP COLUMN checked_at")
    op.execute("ALTER TABLE articles DROP COLUMN withdrawn_at")

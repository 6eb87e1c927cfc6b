"""title_normalized, byline, byline_normalized: the title and the byline block in both scripts

Revision ID: 0013
Revises: 0011

The title's simplified (NFKC) form is kept beside body_normalized and filled
here for the articles already archived. The byline block as printed and its
simplified form are new with this revision: older rows get them when they are
reprocessed (the block itself was never kept). The three columns move
updated_at like the other page fields (models/touch_trigger.py).
"""

import sqlalchemy as sa
from alembic import op

from models import touch_trigger
from pipelines.textnorm import normalize_text

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None

NEW_COLUMNS = ["title_normalized", "byline", "byline_normalized"]


# 0011's list (written out: a migration does the same whenever it runs), then this revision's columns.
PREVIOUS_TRACKED = [
    "url", "site_id", "title", "subtitle", "body", "body_normalized", "source", "authors", "editors",
    "responsible_editors", "reviewers", "published_at", "date_basis", "channel", "breadcrumb", "province",
    "province_code", "city", "city_code", "county", "county_code", "region_code", "region_basis", "content_hash",
    "duplicate_of_id", "cluster_id", "version", "http_status", "extraction_method", "template", "first_seen",
    "changed_at", "crawl_run_id", "capture_id", "withdrawn_at",
]  # fmt: skip
TRACKED = [*PREVIOUS_TRACKED, *NEW_COLUMNS]
JSON_COLUMNS = {"authors", "editors", "responsible_editors", "reviewers", "breadcrumb"}


def _backfill(conn: sa.Connection) -> None:
    articles = sa.table(
        "articles", sa.column("id", sa.Integer), sa.column("title", sa.Text), sa.column("title_normalized", sa.Text)
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(articles.c.id, articles.c.title).where(articles.c.id > last).order_by(articles.c.id).limit(1000)
        ).all()
        if not rows:
            return
        conn.execute(
            sa.update(articles)
            .where(articles.c.id == sa.bindparam("b_id"))
            .values(title_normalized=sa.bindparam("tn")),
            [{"b_id": r.id, "tn": normalize_text(r.title) if r.title else None} for r in rows],
        )
        last = rows[-1].id


def upgrade() -> None:
    conn = op.get_bind()
    # Plain ADD COLUMN on both databases: no table copy, the triggers and the view stay.
    for name in NEW_COLUMNS:
        op.add_column("articles", sa.Column(name, sa.Text(), nullable=True))
    _backfill(conn)
    for statement in touch_trigger.replace(conn.dialect.name, TRACKED, JSON_COLUMNS):
        op.execute(statement)


def downgrade() -> None:
    conn = op.get_bind()
    # The trigger names the columns: it goes back to the earlier list before they are dropped.
    for statement in touch_trigger.replace(conn.dialect.name, PREVIOUS_TRACKED, JSON_COLUMNS):
        op.execute(statement)
    for name in reversed(NEW_COLUMNS):
        op.execute(f"ALTER TABLE articles DROP COLUMN {name}")

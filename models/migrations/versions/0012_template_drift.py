"""template_drift: pages a site's declarations no longer fit, handled by the generic path

Revision ID: 0012
Revises: 0010

A list page that plainly lists articles none of whose links the site's article
patterns match, or an article page no template of the site reads, is handled by
generic link finding or generic extraction; the run counts such pages
(crawl_runs.pages_drifted) and keeps examples of them (template_drift), and the
site's health for that run is "degraded".
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy), as 0006 does, so 0005's triggers and view stay as they are.
    op.add_column("crawl_runs", sa.Column("pages_drifted", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "template_drift",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", models.types.AwareDateTime(), nullable=False),
    )
    op.create_index("ix_template_drift_run_id", "template_drift", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_template_drift_run_id", table_name="template_drift")
    op.drop_table("template_drift")
    op.execute("ALTER TABLE crawl_runs DROP COLUMN pages_drifted")

"""crawl_slots: which run holds each scheduled slot of a site (one crawl per trigger and night)

Revision ID: 0008
Revises: 0007

A scheduled trigger fires for one slot (the site's cron time that night). The
first job to claim a slot crawls; a second trigger of the same slot (two
schedulers, a failover that fires a due job again, an RQ job enqueued twice)
finds it claimed and is recorded as skipped. A retried job takes over the slot
of a run that was interrupted.
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_slots",
        sa.Column("site", sa.String(64), primary_key=True),
        sa.Column("slot", sa.String(64), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("claimed_at", models.types.AwareDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("crawl_slots")

"""crawl_runs.heartbeat_at: the last progress a crawl process recorded

Revision ID: 0006
Revises: 0005

A plain ADD COLUMN (no batch copy), so the SQLite triggers and the browse view
of 0005 stay as they are.
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("heartbeat_at", models.types.AwareDateTime(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy would drop 0005's triggers.
    op.execute("ALTER TABLE crawl_runs DROP COLUMN heartbeat_at")

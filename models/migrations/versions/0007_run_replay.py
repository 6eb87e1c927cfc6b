"""crawl_runs.replay: the replay origin a run fetched from (NULL: a live crawl)

Revision ID: 0007
Revises: 0006

A plain ADD COLUMN (no batch copy), so the SQLite triggers and the browse view
of 0005 stay as they are. Runs recorded before this revision count as live.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("replay", sa.String(300), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy would drop 0005's triggers.
    op.execute("ALTER TABLE crawl_runs DROP COLUMN replay")

"""crawl_runs.log_file: the file the crawl's own log (Scrapy's) was written to

Revision ID: 0009
Revises: 0013

A plain ADD COLUMN (no batch copy), so the SQLite triggers and the browse view
of 0005 stay as they are. Runs recorded before this revision have no log file.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("log_file", sa.String(1000), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy would drop 0005's triggers.
    op.execute("ALTER TABLE crawl_runs DROP COLUMN log_file")

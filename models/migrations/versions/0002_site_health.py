"""site health per crawl run

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("articles_undated", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("health", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("health")
        batch.drop_column("articles_undated")

"""WARC captures and the article's pointer to its capture

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id"), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("captured_at", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("warc_file", sa.Text(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload_digest", sa.String(length=100), nullable=True),
        sa.Column("revisit_of_id", sa.Integer(), sa.ForeignKey("captures.id"), nullable=True),
    )
    op.create_index("ix_captures_run_id", "captures", ["run_id"])
    op.create_index("ix_captures_url", "captures", ["url"])
    op.create_index("ix_captures_payload_sha256", "captures", ["payload_sha256"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("capture_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_articles_capture", "captures", ["capture_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("fk_articles_capture", type_="foreignkey")
        batch.drop_column("capture_id")
    op.drop_table("captures")

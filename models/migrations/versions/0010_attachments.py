"""attachment_files and article_attachments: the documents articles link to

Revision ID: 0010
Revises: 0008

A document is kept once by the SHA-256 of its bytes (attachment_files: size,
media type sniffed from the bytes, text, why there is none); each article's
links to documents are rows of article_attachments (URL, link text, file name,
the file or the failure that kept it out, the WARC capture, and whether its
text stands in for a body that only points to it).
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("text_chars", sa.Integer(), nullable=False),
        sa.Column("unreadable", sa.Text()),
        sa.Column("capture_id", sa.Integer(), sa.ForeignKey("captures.id")),
        sa.Column("first_seen", models.types.AwareDateTime(), nullable=False),
    )
    op.create_table(
        "article_attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("link_text", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Integer(), sa.ForeignKey("attachment_files.id")),
        sa.Column("http_status", sa.Integer()),
        sa.Column("capture_id", sa.Integer(), sa.ForeignKey("captures.id")),
        sa.Column("failure", sa.Text()),
        sa.Column("body_text", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("fetched_at", models.types.AwareDateTime(), nullable=False),
        sa.UniqueConstraint("article_id", "url"),
    )
    op.create_index("ix_article_attachments_article_id", "article_attachments", ["article_id"])
    op.create_index("ix_article_attachments_file_id", "article_attachments", ["file_id"])


def downgrade() -> None:
    op.drop_table("article_attachments")
    op.drop_table("attachment_files")

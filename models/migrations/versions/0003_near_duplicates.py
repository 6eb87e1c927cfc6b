"""near-duplicate clusters: clusters, fingerprints, LSH keys

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("canonical_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", models.types.AwareDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "lsh_keys",
        sa.Column("key", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
    )
    op.create_index("ix_lsh_keys_article_id", "lsh_keys", ["article_id"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("cluster_id", sa.Integer(), nullable=True))
        batch.create_index("ix_articles_cluster_id", ["cluster_id"])
        batch.create_foreign_key("fk_articles_cluster", "clusters", ["cluster_id"], ["id"])
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("official", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("official")
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("fk_articles_cluster", type_="foreignkey")
        batch.drop_index("ix_articles_cluster_id")
        batch.drop_column("cluster_id")
    op.drop_table("lsh_keys")
    op.drop_table("article_fingerprints")
    op.drop_table("clusters")

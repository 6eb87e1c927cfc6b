"""full-text index (bigram text, FTS5 / tsvector), articles.updated_at, export cursors, browse view

Revision ID: 0005
Revises: 0004

SQLite: FTS5 table articles_fts over articles.search_title / search_body /
search_tags (external content, kept in sync by triggers), an index
(id, published_at) for sorting matches by date, a trigger that moves
articles.updated_at when an exported field changes, and the view
articles_browse for `rdarchive serve`.
PostgreSQL: generated tsvector column search_vector with a GIN index and the
same updated_at trigger (PL/pgSQL).

Note for later migrations: on SQLite a batch "move and copy" of `articles`
(alter_column, a new foreign key, ...) drops the table's triggers and the
view; such a migration must run sqlite_triggers() and BROWSE_VIEW of this
module again afterwards (and "INSERT INTO articles_fts(articles_fts) VALUES
('rebuild')" if the ids changed). tests/test_search.py checks the triggers.
"""

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Changes to these columns make an article "changed" for `export --since-last`
# (last_seen / last_run_id move on every re-crawl and are left out on purpose).
TRACKED = [
    "url",
    "site_id",
    "title",
    "subtitle",
    "body",
    "body_normalized",
    "source",
    "authors",
    "editors",
    "responsible_editors",
    "reviewers",
    "published_at",
    "date_basis",
    "channel",
    "breadcrumb",
    "province",
    "province_code",
    "city",
    "city_code",
    "county",
    "county_code",
    "region_code",
    "region_basis",
    "content_hash",
    "duplicate_of_id",
    "cluster_id",
    "version",
    "http_status",
    "extraction_method",
    "template",
    "first_seen",
    "changed_at",
    "crawl_run_id",
    "capture_id",
]
JSON_COLUMNS = {"authors", "editors", "responsible_editors", "reviewers", "breadcrumb"}

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"

SQLITE_DDL = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        search_title, search_body, search_tags, content='articles', content_rowid='id', tokenize='ascii')""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    # Sorting matches by date reads only this small index, never the wide rows.
    "CREATE INDEX ix_articles_id_published ON articles (id, published_at)",
]


def sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in TRACKED)
    return [
        """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, search_title, search_body, search_tags)
            VALUES (new.id, new.search_title, new.search_body, new.search_tags);
        END""",
        """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, search_title, search_body, search_tags)
            VALUES ('delete', old.id, old.search_title, old.search_body, old.search_tags);
        END""",
        """CREATE TRIGGER articles_fts_au AFTER UPDATE OF search_title, search_body, search_tags ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, search_title, search_body, search_tags)
            VALUES ('delete', old.id, old.search_title, old.search_body, old.search_tags);
            INSERT INTO articles_fts(rowid, search_title, search_body, search_tags)
            VALUES (new.id, new.search_title, new.search_body, new.search_tags);
        END""",
        f"""CREATE TRIGGER articles_touch AFTER UPDATE OF {", ".join(TRACKED)} ON articles
        WHEN {changed} BEGIN
            UPDATE articles SET updated_at = {SQLITE_NOW} WHERE id = new.id;
        END""",
    ]


BROWSE_VIEW = """CREATE VIEW articles_browse AS
SELECT a.id AS id, a.title AS title, s.slug AS site, s.name AS site_name,
       date(a.published_at, '+8 hours') AS published_date,
       strftime('%Y-%m-%dT%H:%M:%S+08:00', a.published_at, '+8 hours') AS published_at,
       a.province AS province, a.city AS city, a.county AS county, a.region_code AS region_code,
       a.channel AS channel, a.source AS source, a.url AS url, a.body AS body,
       a.cluster_id AS cluster_id, a.first_seen AS first_seen, a.last_seen AS last_seen
FROM articles a JOIN sites s ON s.id = a.site_id"""


def pg_ddl() -> list[str]:
    def col(prefix: str, c: str) -> str:
        return f"{prefix}.{c}::text" if c in JSON_COLUMNS else f"{prefix}.{c}"

    new = ", ".join(col("NEW", c) for c in TRACKED)
    old = ", ".join(col("OLD", c) for c in TRACKED)
    return [
        """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, coalesce(search_title, '')), 'A') ||
            setweight(to_tsvector('simple'::regconfig, coalesce(search_body, '')), 'B')) STORED""",
        "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
        f"""CREATE FUNCTION articles_touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF ROW({new}) IS DISTINCT FROM ROW({old}) THEN
                NEW.updated_at := now();
            END IF;
            RETURN NEW;
        END $$""",
        "CREATE TRIGGER articles_touch BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION articles_touch()",
    ]


def backfill(conn: sa.engine.Connection) -> None:
    """Index text and tags of the articles archived before this migration."""
    from models.fulltext import article_tags, search_columns

    cols = [
        "id",
        "title",
        "subtitle",
        "body_normalized",
        "site_id",
        "province",
        "province_code",
        "city",
        "city_code",
        "county",
        "county_code",
        "region_code",
    ]
    articles = sa.table(
        "articles",
        *(sa.column(c) for c in cols),
        sa.column("published_at", models.types.AwareDateTime(timezone=True)),
        sa.column("search_title", sa.Text),
        sa.column("search_body", sa.Text),
        sa.column("search_tags", sa.Text),
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(*(articles.c[c] for c in cols), articles.c.published_at)
            .where(articles.c.id > last)
            .order_by(articles.c.id)
            .limit(1000)
        ).all()
        if not rows:
            return
        values = []
        for r in rows:
            st, sb = search_columns(r.title, r.subtitle, r.body_normalized)
            values.append({"b_id": r.id, "st": st, "sb": sb, "tg": article_tags(r)})
        conn.execute(
            sa.update(articles)
            .where(articles.c.id == sa.bindparam("b_id"))
            .values(search_title=sa.bindparam("st"), search_body=sa.bindparam("sb"), search_tags=sa.bindparam("tg")),
            values,
        )
        last = rows[-1].id


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("updated_at", models.types.AwareDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("search_title", sa.Text(), nullable=True))
        batch.add_column(sa.Column("search_body", sa.Text(), nullable=True))
        batch.add_column(sa.Column("search_tags", sa.Text(), nullable=True))
    op.execute("UPDATE articles SET updated_at = changed_at")
    op.create_index("ix_articles_updated_at", "articles", ["updated_at"])
    op.create_index("ix_clusters_updated_at", "clusters", ["updated_at"])
    op.create_table(
        "export_cursors",
        sa.Column("name", sa.String(length=200), primary_key=True),
        sa.Column("position", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("recent", sa.JSON(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("exported_at", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
    )
    backfill(conn)
    if conn.dialect.name == "sqlite":
        for stmt in SQLITE_DDL + sqlite_triggers() + [BROWSE_VIEW]:
            op.execute(stmt)
    elif conn.dialect.name == "postgresql":
        for stmt in pg_ddl():
            op.execute(stmt)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for stmt in [
            "DROP VIEW IF EXISTS articles_browse",
            "DROP TRIGGER IF EXISTS articles_touch",
            "DROP INDEX IF EXISTS ix_articles_id_published",
            "DROP TRIGGER IF EXISTS articles_fts_au",
            "DROP TRIGGER IF EXISTS articles_fts_ad",
            "DROP TRIGGER IF EXISTS articles_fts_ai",
            "DROP TABLE IF EXISTS articles_fts",
        ]:
            op.execute(stmt)
    elif conn.dialect.name == "postgresql":
        for stmt in [
            "DROP TRIGGER IF EXISTS articles_touch ON articles",
            "DROP FUNCTION IF EXISTS articles_touch()",
            "DROP INDEX IF EXISTS ix_articles_search_vector",
            "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
        ]:
            op.execute(stmt)
    op.drop_table("export_cursors")
    op.drop_index("ix_clusters_updated_at", table_name="clusters")
    op.drop_index("ix_articles_updated_at", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("search_tags")
        batch.drop_column("search_body")
        batch.drop_column("search_title")
        batch.drop_column("updated_at")

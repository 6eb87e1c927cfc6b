"""The article field specification (core/article_fields.py) and everything that follows it.

Table columns, the migrated schema, the updated_at trigger, the export's JSON
Schema and the store's comparisons are checked against the one list, so a
field added there and forgotten elsewhere fails here, naming it.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cogapp import Cog
from sqlalchemy import JSON, Integer, String, select, text, update

from core import article_fields as spec
from core.article import Byline, ParsedArticle, Region
from core.article_fields import ARTICLE_FIELDS, BY_NAME, Field, Kind, Origin
from core.page import Page
from models import article_columns, touch_trigger
from models.db import open_archive
from models.store import ArchiveStore, SiteRecord
from models.tables import Article, ArticleVersion, Base, Cluster
from models.types import AwareDateTime
from rdarchive import export_schema
from tests.conftest import ROOT

COLUMNS = {f.column_name: f for f in ARTICLE_FIELDS if f.column_name}
# `articles` columns that are no article field: the full-text index's text (models/fulltext.py).
INDEX_COLUMNS = {"search_title", "search_body", "search_tags"}
# Made by raw SQL in a migration, unknown to the ORM: PostgreSQL's generated tsvector.
RAW_SQL_COLUMNS = {"search_vector"}


# ------------------------------------------------------------ generated files
def test_committed_export_schema_is_the_generated_one():
    committed = (ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8")
    assert committed == export_schema.schema_text(), "run `make fields` and commit docs/export.schema.json"


def test_table_columns_are_the_generated_ones():
    # cog --check exits 5 when a generated block is out of date.
    assert Cog().main(["cog", "--check", str(ROOT / "models" / "tables.py")]) == 0, "run `make fields`"


# ------------------------------------------------------------ table vs specification
def test_every_article_column_is_a_field():
    assert set(Article.__table__.c.keys()) - INDEX_COLUMNS == set(COLUMNS)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_column_nullability_follows_the_field(name):
    assert Article.__table__.c[name].nullable == COLUMNS[name].nullable


SQL_TYPES = {
    Kind.STRING: String,
    Kind.TEXT: String,
    Kind.CODE: String,
    Kind.HASH: String,
    Kind.NAMES: JSON,
    Kind.TIME: AwareDateTime,
    Kind.INTEGER: Integer,
    Kind.ID: Integer,
}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_column_type_follows_the_field_kind(name):
    f = COLUMNS[name]
    sql_type = Article.__table__.c[name].type
    # `site` is kept as the id of its sites row.
    expected = Integer if f.name == "site" else SQL_TYPES[f.kind]
    assert isinstance(sql_type, expected)


@pytest.mark.parametrize("name", sorted(n for n, f in COLUMNS.items() if f.kind is Kind.STRING and f.name != "site"))
def test_string_column_length_is_the_fields_bound(name):
    assert getattr(Article.__table__.c[name].type, "length", None) == COLUMNS[name].max_length


@pytest.mark.parametrize("name", sorted(n for n, f in COLUMNS.items() if f.indexed))
def test_indexed_fields_have_an_index(name):
    indexed = {c.name for index in Article.__table__.indexes for c in index.columns if len(index.columns) == 1}
    assert name in indexed


def test_versions_keep_every_versioned_field():
    assert {f.column_name for f in spec.VERSIONED} <= set(ArticleVersion.__table__.c.keys())


# ------------------------------------------------------------ the migrated database
def _column_differences(url: str) -> list[Any]:
    engine, _ = open_archive(url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    found = []
    for diff in diffs:
        for d in diff if isinstance(diff, list) else [diff]:
            if d[0] in ("add_column", "remove_column"):
                table, column = d[2], d[3].name
            elif d[0] in ("modify_nullable", "modify_type"):
                table, column = d[2], d[3]
            else:
                continue
            if table == "articles" and column not in RAW_SQL_COLUMNS:
                found.append((d[0], column))
    return found


def test_migrations_make_the_articles_table_the_fields_describe(db_url):
    # A field added to the specification without its migration fails here.
    assert _column_differences(db_url) == []


# ------------------------------------------------------------ updated_at follows the tracked fields
def _changed_value(f: Field, refs: dict[str, int]) -> Any:
    if f.column_name in refs:
        return refs[f.column_name]
    return {
        Kind.STRING: "http://changed.example/page.html" if f.name == "url" else "改",
        Kind.TEXT: "改过的正文。",
        Kind.NAMES: ["改"],
        Kind.TIME: datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC),
        Kind.INTEGER: 7,
        Kind.CODE: "999999",
        Kind.HASH: "f" * 64,
    }[f.kind]


def _stored_article(store: ArchiveStore, site_id: int, url: str) -> None:
    parsed = ParsedArticle(
        page=Page(url=url, html="", site="t"),
        title="标题",
        body="正文。",
        body_normalized="正文。",
        content_hash="a" * 64,
        byline=Byline(source="来源"),
        region=Region(province="湖南省", province_code="430000"),
    )
    store.save(parsed, site_id, None)


def test_updated_at_moves_exactly_with_the_tracked_fields(db_url):
    engine, sessions = open_archive(db_url)
    store = ArchiveStore(sessions)
    site = store.ensure_site(SiteRecord("t", "测试", None, None, ["t.example"]))
    other_site = store.ensure_site(SiteRecord("u", "另一个", None, None, ["u.example"]))
    _stored_article(store, site, "http://t.example/a.html")
    _stored_article(store, site, "http://t.example/b.html")
    with sessions.begin() as s:
        a, b = s.scalars(select(Article.id).order_by(Article.id)).all()
        cluster = Cluster(size=1)
        s.add(cluster)
        s.flush()
        cluster_id = cluster.id
    capture = store.record_capture(
        url="http://t.example/a.html",
        warc_file="x.warc.gz",
        offset=0,
        length=1,
        record_id="<urn:uuid:x>",
        payload_sha256="0" * 64,
    )
    refs = {
        "site_id": other_site,
        "duplicate_of_id": b,
        "cluster_id": cluster_id,
        "capture_id": capture,
        "crawl_run_id": store.start_run(["t"]),
        "last_run_id": store.start_run(["t"]),
    }
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    moved = set()
    for name, f in COLUMNS.items():
        if name in ("id", "updated_at"):
            continue
        with sessions.begin() as s:
            s.execute(update(Article).where(Article.id == a).values(updated_at=long_ago))
        with sessions.begin() as s:
            s.execute(update(Article).where(Article.id == a).values({name: _changed_value(f, refs)}))
        with sessions() as s:
            if s.scalar(select(Article.updated_at).where(Article.id == a)) > long_ago:
                moved.add(name)
    engine.dispose()
    assert moved == set(spec.tracked_columns())


def test_recrawl_columns_do_not_move_updated_at():
    assert {"last_seen", "last_run_id", "updated_at"} & set(spec.tracked_columns()) == set()


# ------------------------------------------------------------ the specification itself
def test_page_fields_are_read_from_a_parsed_article():
    assert all(f.read is not None for f in ARTICLE_FIELDS if f.origin is Origin.PAGE)


def test_export_shape_nests_groups_in_field_order():
    shaped = spec.export_shape({"title": "t", "region_code": "430000", "province": "湖南省", "id": 1})
    assert list(shaped.items()) == [("id", 1), ("title", "t"), ("region", {"province": "湖南省", "code": "430000"})]


def test_value_at_follows_the_export_path():
    assert spec.value_at({"region": {"code": "430100"}}, "region_code") == "430100"


def test_page_record_writes_times_in_the_archive_zone():
    article = ParsedArticle(
        page=Page(url="http://t.example/a.html", html="", site="t"),
        published_at=datetime(2024, 3, 1, 2, 0, tzinfo=UTC),
    )
    assert spec.page_record(article)["published_at"] == "2024-03-01T10:00:00+08:00"


def test_page_record_holds_only_what_a_page_tells():
    article = ParsedArticle(page=Page(url="http://t.example/a.html", html="", site="t"))
    assert {"id", "version", "first_seen", "cluster"} & set(spec.page_record(article)) == set()


@pytest.mark.parametrize(
    "extra, message",
    [
        (Field("title", Kind.STRING, read=lambda a: a.title), "declared twice"),
        (Field("note", Kind.STRING), "need `read`"),
        (Field("seen", Kind.TIME, origin=Origin.ARCHIVE, read=lambda a: None), "need `read`"),
        (Field("x", Kind.STRING, read=lambda a: None, export=("place", "x")), "unknown export group"),
        (Field("y", Kind.STRING, read=lambda a: None, export=("region", "y")), "must be adjacent"),
        (Field("z", Kind.STRING, read=lambda a: None, column=None, versioned=True), "needs a column"),
    ],
)
def test_mistakes_in_the_specification_are_named(extra, message):
    with pytest.raises(ValueError, match=message):
        spec._check((*ARTICLE_FIELDS, extra))


def test_generated_declaration_of_a_new_field():
    f = Field("withdrawn_note", Kind.STRING, read=lambda a: None, max_length=300, indexed=True)
    assert article_columns.declaration(f) == (
        "withdrawn_note: Mapped[str | None] = mapped_column(String(300), index=True)"
    )


def test_schema_of_a_nullable_time():
    assert export_schema.field_schema(BY_NAME["published_at"]) == {
        "oneOf": [{"$ref": "#/$defs/time"}, {"type": "null"}]
    }


def test_capture_id_is_filled_from_the_page():
    # A page field that points to another record: the store copies it, cog leaves its column to tables.py.
    f = BY_NAME["capture_id"]
    assert (f.filled, article_columns.generated(f)) == (True, False)


# ------------------------------------------------------------ the recipe for a new field's migration
def _migration_0005() -> Any:
    path = ROOT / "models" / "migrations" / "versions" / "0005_fulltext_export.py"
    module_spec = importlib.util.spec_from_file_location("migration_0005", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def test_new_tracked_column_moves_updated_at_after_the_trigger_is_replaced(db_url):
    """What a migration adding a field does: the column, then the trigger with the longer list."""
    m0005 = _migration_0005()
    engine, sessions = open_archive(db_url)
    store = ArchiveStore(sessions)
    _stored_article(store, store.ensure_site(SiteRecord("t", "测试", None, None, ["t.example"])), "http://t.example/a")
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE articles ADD COLUMN withdrawn_note TEXT"))
        for statement in touch_trigger.replace(
            engine.dialect.name, [*m0005.TRACKED, "withdrawn_note"], m0005.JSON_COLUMNS
        ):
            conn.execute(text(statement))
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    moved = {}
    for column, value in (("withdrawn_note", "撤回"), ("source", "新来源"), ("last_seen", datetime.now(UTC))):
        with sessions.begin() as s:
            s.execute(update(Article).values(updated_at=long_ago))
        with engine.begin() as conn:
            conn.execute(text(f"UPDATE articles SET {column} = :v"), {"v": value})
        with sessions() as s:
            moved[column] = s.scalar(select(Article.updated_at)) > long_ago
    engine.dispose()
    assert moved == {"withdrawn_note": True, "source": True, "last_seen": False}

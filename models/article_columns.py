"""The `articles` columns of the page's fields, written from the field specification.

models/tables.py holds them as ordinary typed declarations between cog markers,
so the type checker and a reader see every column; `make fields` (cog -r)
rewrites them after a change to core/article_fields.py, and
tests/test_article_fields.py fails while they are out of date. Generated code
in the file rather than columns made at import time: mypy checks every
`row.<field>` against a declaration that exists.

Fields that point to another record (Kind.ID: capture_id, cluster_id ...) and
the archive's own fields are declared by hand in tables.py: their foreign keys
and defaults are the schema's business, not the field list's. The test checks
those against the specification too.
"""

from __future__ import annotations

from core.article_fields import ARTICLE_FIELDS, Field, Kind

# Python type of each kind, as the Mapped[...] annotation says it (Base.type_annotation_map
# turns datetime into AwareDateTime and list[str] into JSON).
PYTHON_TYPES = {
    Kind.STRING: "str",
    Kind.TEXT: "str",
    Kind.NAMES: "list[str]",
    Kind.TIME: "datetime",
    Kind.INTEGER: "int",
    Kind.ID: "int",
    Kind.CODE: "str",
    Kind.HASH: "str",
}
# Column type where the annotation alone is not it.
SQL_TYPES = {Kind.TEXT: "Text", Kind.CODE: "String(12)", Kind.HASH: "String(64)"}


def generated(f: Field) -> bool:
    """Columns written from the specification: what the store fills from a parsed page."""
    return f.filled and f.kind is not Kind.ID


def declaration(f: Field) -> str:
    """One `name: Mapped[...] = mapped_column(...)` line."""
    annotation = PYTHON_TYPES[f.kind] + (" | None" if f.nullable else "")
    sql_type = SQL_TYPES.get(f.kind)
    if f.kind is Kind.STRING:
        sql_type = f"String({f.max_length})" if f.max_length else "Text"
    args = [sql_type] if sql_type else []
    if f.kind is Kind.NAMES:
        args.append("default=list")
    if f.indexed:
        args.append("index=True")
    value = f" = mapped_column({', '.join(args)})" if args else ""
    return f"{f.column_name}: Mapped[{annotation}]{value}"


def declarations() -> list[str]:
    return [declaration(f) for f in ARTICLE_FIELDS if generated(f)]

"""The `articles_touch` trigger: articles.updated_at moves when a tracked column changes.

Migration 0005 created it; a migration that adds a field which should move
updated_at (the default, see core/article_fields.py) replaces it with
its own frozen column list:

    TRACKED = [...the previous migration's list..., "new_column"]
    for statement in touch_trigger.replace(op.get_bind().dialect.name, TRACKED, JSON_COLUMNS):
        op.execute(statement)

The list is written out in each migration, never read from the field
specification: a migration must do the same thing whenever it runs, and the
specification may already name columns a later migration adds.
tests/test_article_fields.py checks that the head trigger follows the
specification exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def replace(dialect: str, tracked: Sequence[str], json_columns: Collection[str]) -> list[str]:
    """Statements that make the trigger follow exactly `tracked`.

    `json_columns`: the tracked JSON columns; PostgreSQL compares them as text
    (json has no equality operator)."""
    if dialect == "sqlite":
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in tracked)
        return [
            "DROP TRIGGER IF EXISTS articles_touch",
            f"""CREATE TRIGGER articles_touch AFTER UPDATE OF {", ".join(tracked)} ON articles
        WHEN {changed} BEGIN
            UPDATE articles SET updated_at = {SQLITE_NOW} WHERE id = new.id;
        END""",
        ]
    if dialect == "postgresql":

        def value(prefix: str, c: str) -> str:
            return f"{prefix}.{c}::text" if c in json_columns else f"{prefix}.{c}"

        new = ", ".join(value("NEW", c) for c in tracked)
        old = ", ".join(value("OLD", c) for c in tracked)
        # The trigger itself (BEFORE UPDATE ... EXECUTE FUNCTION articles_touch()) stays.
        return [
            f"""CREATE OR REPLACE FUNCTION articles_touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF ROW({new}) IS DISTINCT FROM ROW({old}) THEN
                NEW.updated_at := now();
            END IF;
            RETURN NEW;
        END $$"""
        ]
    raise ValueError(f"articles_touch trigger: no form for the {dialect} database (sqlite or postgresql expected)")

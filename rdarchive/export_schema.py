"""The JSON Schema of an export line, written from the field specification.

    .venv/bin/python -m rdarchive.export_schema     # rewrite docs/export.schema.json (`make fields` does it)

tests/test_article_fields.py fails while the committed file differs from what
this module writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.article_fields import ARTICLE_FIELDS, GROUPS, Field, Kind
from core.attachment import ATTACHMENT_KEYS

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "export.schema.json"

DEFS: dict[str, Any] = {
    "time": {
        "type": "string",
        "description": "ISO 8601 date and time with its UTC offset",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}:[0-9]{2}|Z)$",
    },
    "names": {"type": "array", "items": {"type": "string"}},
    "id": {"type": "integer", "minimum": 1},
    "code": {"type": "string", "pattern": "^[0-9]{6}$", "description": "GB/T 2260 administrative code"},
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
}
# Kinds whose values are described once under $defs; the others are plain JSON types.
REFS = {Kind.TIME: "time", Kind.NAMES: "names", Kind.ID: "id", Kind.CODE: "code", Kind.HASH: "sha256"}
TYPES = {Kind.STRING: "string", Kind.TEXT: "string", Kind.INTEGER: "integer"}


def field_schema(f: Field) -> dict[str, Any]:
    if f.kind in REFS:
        schema: dict[str, Any] = {"$ref": f"#/$defs/{REFS[f.kind]}"}
        if f.nullable:
            schema = {"oneOf": [schema, {"type": "null"}]}
    else:
        schema = {"type": [TYPES[f.kind], "null"] if f.nullable else TYPES[f.kind]}
    schema.update(f.schema)
    if f.description:
        schema["description"] = f.description
    return schema


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "required": list(properties)}
    if description:
        out["description"] = description
    out["properties"] = properties
    return out


def export_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    for f in ARTICLE_FIELDS:
        if f.group is None:
            properties[f.name] = field_schema(f)
        else:
            if f.group not in groups:
                groups[f.group] = {}
                properties[f.group] = None  # keeps the group's place in field order
            groups[f.group][f.path[1]] = field_schema(f)
    for name, group in groups.items():
        properties[name] = _object(group, GROUPS[name])
    # Joined from the attachment tables (models/attachments.py), after the article's own fields.
    properties["text_from_attachment"] = {
        "type": ["string", "null"],
        "description": "URL of the attachment whose text stands in for a body that only points to it "
        "(附件：XX条例.pdf); body_normalized then holds that text",
    }
    properties["attachments"] = {
        "type": "array",
        "description": "documents the article page links to on the site's domains, in page order",
        "items": _object(dict(ATTACHMENT_KEYS)),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/rdarchive/rdarchive/docs/export.schema.json",
        "title": "rdarchive export line",
        "description": "One line of `rdarchive export` (JSON Lines): one archived article with every stored field. "
        "Times are ISO 8601 with their UTC offset (Asia/Shanghai, +08:00). "
        "Written from core/article_fields.py by `python -m rdarchive.export_schema`.",
        **_object(properties),
        "$defs": DEFS,
    }


def schema_text() -> str:
    return json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

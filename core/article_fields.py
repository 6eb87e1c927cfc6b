"""The article's fields, in order: the one specification everything else follows.

Each field is declared once here. The `articles` columns the pipeline fills
(generated into models/tables.py with cog), the store's fill and its change
detection (new version / refreshed / updated_at), the export line and its JSON
Schema (docs/export.schema.json), `rdarchive parse --json` and the fields a
site's expected/*.json may name all follow this list and its order. Adding a
field: README, "Adding an article field".

Nothing here knows the database or Scrapy: models/ maps a field's kind to a
column type, rdarchive/export.py maps it to JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from core.article import ParsedArticle
from core.zone import SHANGHAI


class Kind(StrEnum):
    """What a value is; decides its column type, its JSON form and how it is compared."""

    STRING = "string"  # one line of text: a title, a source, a label
    TEXT = "text"  # an article text: paragraphs, unbounded, written raw at the end of an export line
    NAMES = "names"  # a list of names (authors, breadcrumb)
    TIME = "time"  # an aware date and time; exported as ISO 8601 with its offset
    INTEGER = "integer"
    ID = "id"  # the id of a record in this archive (an article, a capture, a crawl run)
    CODE = "code"  # a GB/T 2260 administrative code
    HASH = "hash"  # a SHA-256 hex digest


class Origin(StrEnum):
    PAGE = "page"  # the pipeline reads it from the fetched page; the store copies what it read
    ARCHIVE = "archive"  # the archive keeps it (ids, first/last seen, versions, clusters)


@dataclass(frozen=True, eq=False)
class Field:
    """One article field.

    `read` (page fields only) gives the value the store keeps from a parsed
    article. `column`: the `articles` column holding the value (or the id it
    is looked up by); "" means the field's name, None means none (read from a
    joined table). `export`: where the value sits in an export line; by
    default at the top level under its name.
    """

    name: str
    kind: Kind
    description: str = ""
    nullable: bool = True
    origin: Origin = Origin.PAGE
    read: Callable[[ParsedArticle], Any] | None = None
    export: tuple[str, ...] = ()
    column: str | None = ""
    # Bound of a short string column (None: unbounded text).
    max_length: int | None = None
    indexed: bool = False
    # Who the article is (its URL, its site): set when the row is made, never filled again.
    identity: bool = False
    # A different value means a different text: the old one is kept as a version.
    version_key: bool = False
    # Kept with each earlier text in article_versions.
    versioned: bool = False
    # A change moves articles.updated_at (what `export --since-last` follows);
    # False for what moves on every re-crawl.
    moves_updated_at: bool = True
    # Extra JSON Schema keywords for the field (minLength, minimum ...).
    schema: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def path(self) -> tuple[str, ...]:
        return self.export or (self.name,)

    @property
    def group(self) -> str | None:
        """The export object the field sits in ("region", "cluster"), None at the top level."""
        return self.path[0] if len(self.path) > 1 else None

    @property
    def column_name(self) -> str | None:
        return self.name if self.column == "" else self.column

    @property
    def filled(self) -> bool:
        """Copied by the store from every parse of the page."""
        return self.origin is Origin.PAGE and not self.identity

    @property
    def refreshable(self) -> bool:
        """Read around the text: a reprocessed unchanged text that reads it anew counts as refreshed.

        The text itself (body, its normalised form) is compared through its hash."""
        return self.filled and not self.version_key and self.kind is not Kind.TEXT


def _names(values: Iterable[str]) -> list[str]:
    return list(values)


P, A = Origin.PAGE, Origin.ARCHIVE

ARTICLE_FIELDS: tuple[Field, ...] = (
    Field("id", Kind.ID, "article id in this archive", nullable=False, origin=A, moves_updated_at=False),
    Field(
        "url",
        Kind.STRING,
        "canonical URL of the article page",
        nullable=False,
        read=lambda a: a.page.url,
        max_length=2000,
        identity=True,
        schema={"minLength": 1},
    ),
    Field(
        "site",
        Kind.STRING,
        "site slug (rdarchive sites)",
        nullable=False,
        read=lambda a: a.page.site,
        column="site_id",
        identity=True,
        schema={"minLength": 1},
    ),
    Field("site_name", Kind.STRING, nullable=False, origin=A, column=None),
    Field("title", Kind.STRING, read=lambda a: a.title, version_key=True, versioned=True),
    Field("subtitle", Kind.STRING, read=lambda a: a.subtitle, versioned=True),
    Field(
        "body",
        Kind.TEXT,
        "article text as published, one paragraph per line",
        nullable=False,
        read=lambda a: a.body,
        versioned=True,
        schema={"minLength": 1},
    ),
    Field(
        "title_normalized",
        Kind.STRING,
        "the title in NFKC, simplified characters: what search matches",
        read=lambda a: a.title_normalized,
    ),
    Field(
        "body_normalized",
        Kind.TEXT,
        "NFKC, simplified characters, pinyin notes removed: what search and dedupe use",
        nullable=False,
        read=lambda a: a.body_normalized or "",
    ),
    Field("source", Kind.STRING, "来源", read=lambda a: a.byline.source, max_length=500),
    Field("authors", Kind.NAMES, nullable=False, read=lambda a: _names(a.byline.authors)),
    Field("editors", Kind.NAMES, "编辑", nullable=False, read=lambda a: _names(a.byline.editors)),
    Field(
        "responsible_editors",
        Kind.NAMES,
        "责任编辑 / 责编",
        nullable=False,
        read=lambda a: _names(a.byline.responsible_editors),
    ),
    Field("reviewers", Kind.NAMES, "审核 / 审校", nullable=False, read=lambda a: _names(a.byline.reviewers)),
    Field(
        "byline",
        Kind.STRING,
        "the byline block the fields above were read from, as printed (either script)",
        read=lambda a: a.byline.raw,
    ),
    Field(
        "byline_normalized",
        Kind.STRING,
        "the byline block in NFKC, simplified characters",
        read=lambda a: a.byline_normalized,
    ),
    Field(
        "published_at",
        Kind.TIME,
        read=lambda a: a.published_at,
        indexed=True,
        version_key=True,
        versioned=True,
    ),
    Field(
        "date_basis",
        Kind.STRING,
        "where published_at was read (page label, URL, ...)",
        read=lambda a: a.date_basis,
        max_length=40,
    ),
    Field("channel", Kind.STRING, read=lambda a: a.channel, max_length=200),
    Field("breadcrumb", Kind.NAMES, nullable=False, read=lambda a: _names(a.breadcrumb)),
    Field("province", Kind.STRING, read=lambda a: a.region.province, export=("region", "province"), max_length=50),
    Field("province_code", Kind.CODE, read=lambda a: a.region.province_code, export=("region", "province_code")),
    Field("city", Kind.STRING, read=lambda a: a.region.city, export=("region", "city"), max_length=50),
    Field("city_code", Kind.CODE, read=lambda a: a.region.city_code, export=("region", "city_code")),
    Field("county", Kind.STRING, read=lambda a: a.region.county, export=("region", "county"), max_length=50),
    Field("county_code", Kind.CODE, read=lambda a: a.region.county_code, export=("region", "county_code")),
    Field(
        "region_code",
        Kind.CODE,
        "the most specific of the three codes",
        read=lambda a: a.region.code,
        export=("region", "code"),
        indexed=True,
    ),
    Field(
        "region_basis",
        Kind.STRING,
        "site, breadcrumb, body",
        read=lambda a: a.region.basis,
        export=("region", "basis"),
        max_length=20,
    ),
    Field(
        "content_hash",
        Kind.HASH,
        "SHA-256 of body_normalized without whitespace",
        nullable=False,
        read=lambda a: a.content_hash,
        indexed=True,
        version_key=True,
        versioned=True,
    ),
    Field(
        "duplicate_of",
        Kind.ID,
        "earlier article with the same normalised text",
        origin=A,
        column="duplicate_of_id",
    ),
    Field(
        "version",
        Kind.INTEGER,
        "1 + number of earlier texts kept in article_versions",
        nullable=False,
        origin=A,
        schema={"minimum": 1},
    ),
    Field(
        "versions",
        Kind.INTEGER,
        "how many texts of the page the archive holds (the current one and those in article_versions)",
        nullable=False,
        origin=A,
        column=None,
        schema={"minimum": 1},
    ),
    Field("cluster_id", Kind.ID, origin=A, export=("cluster", "id")),
    Field(
        "cluster_size",
        Kind.INTEGER,
        nullable=False,
        origin=A,
        export=("cluster", "size"),
        column=None,
        schema={"minimum": 1},
    ),
    Field("cluster_canonical_id", Kind.ID, origin=A, export=("cluster", "canonical_id"), column=None),
    Field("cluster_canonical_url", Kind.STRING, origin=A, export=("cluster", "canonical_url"), column=None),
    Field("http_status", Kind.INTEGER, read=lambda a: a.page.status),
    Field("extraction_method", Kind.STRING, read=lambda a: a.extraction_method, max_length=100),
    Field("template", Kind.STRING, read=lambda a: a.template, max_length=60),
    Field("capture_id", Kind.ID, "WARC capture the text was extracted from", read=lambda a: a.page.capture_id),
    Field("first_seen", Kind.TIME, nullable=False, origin=A),
    Field("last_seen", Kind.TIME, nullable=False, origin=A, moves_updated_at=False),
    Field("changed_at", Kind.TIME, "when the current text was first seen", nullable=False, origin=A),
    Field(
        "updated_at",
        Kind.TIME,
        "when any field but last_seen / last_run_id last changed",
        origin=A,
        indexed=True,
        moves_updated_at=False,
    ),
    Field(
        "withdrawn_at",
        Kind.TIME,
        "when a revisit first found the page withdrawn (404/410, a redirect to the home page or a list, "
        "a 'not found / deleted' page); null while it is live",
        origin=A,
        indexed=True,
    ),
    Field(
        "checked_at",
        Kind.TIME,
        "when the archive last fetched the page (a crawl or a revisit)",
        origin=A,
        moves_updated_at=False,
    ),
    Field("crawl_run_id", Kind.ID, "crawl run that first archived it", origin=A),
    Field("last_run_id", Kind.ID, "crawl run that last saw it", origin=A, moves_updated_at=False),
)

# The objects of an export line that hold several fields.
GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "region": "",
        "cluster": "near-duplicate cluster; an article without copies is its own cluster of one (id null)",
    }
)

BY_NAME: Mapping[str, Field] = MappingProxyType({f.name: f for f in ARTICLE_FIELDS})


FILLED = tuple(f for f in ARTICLE_FIELDS if f.filled)
VERSION_KEYS = tuple(f for f in ARTICLE_FIELDS if f.version_key)
REFRESHABLE = tuple(f for f in ARTICLE_FIELDS if f.refreshable)
VERSIONED = tuple(f for f in ARTICLE_FIELDS if f.versioned)


def tracked_columns() -> list[str]:
    """The `articles` columns whose change moves updated_at, in field order."""
    return [c for f in ARTICLE_FIELDS if f.moves_updated_at and (c := f.column_name) is not None]


def export_shape(values: Mapping[str, Any]) -> dict[str, Any]:
    """The export-line object of these field values (by field name), nested and in field order."""
    out: dict[str, Any] = {}
    for f in ARTICLE_FIELDS:
        if f.name not in values:
            continue
        if f.group is None:
            out[f.name] = values[f.name]
        else:
            out.setdefault(f.group, {})[f.path[1]] = values[f.name]
    return out


def json_value(f: Field, value: Any) -> Any:
    """A value as an export line writes it (times in Asia/Shanghai, ISO 8601)."""
    if f.kind is Kind.TIME and isinstance(value, datetime):
        return value.astimezone(SHANGHAI).isoformat()
    return value


def page_record(article: ParsedArticle) -> dict[str, Any]:
    """What the archive would keep of a parsed article, shaped as an export line (the page's fields only)."""
    return export_shape({f.name: json_value(f, f.read(article)) for f in ARTICLE_FIELDS if f.read is not None})


def value_at(record: Mapping[str, Any], name: str) -> Any:
    """A field's value in an export-shaped record, by field name."""
    value: Any = record
    for key in BY_NAME[name].path:
        value = value[key]
    return value


def _check(spec: tuple[Field, ...]) -> None:
    """Mistakes in the list above fail at import, naming the field."""
    seen: set[str] = set()
    paths: set[tuple[str, ...]] = set()
    groups: list[str | None] = []
    for f in spec:
        if f.name in seen or f.path in paths:
            raise ValueError(f"article field {f.name!r}: declared twice")
        seen.add(f.name)
        paths.add(f.path)
        if (f.origin is Origin.PAGE) != (f.read is not None):
            raise ValueError(f"article field {f.name!r}: page fields need `read`, archive fields have none")
        if f.group is not None and f.group not in GROUPS:
            raise ValueError(f"article field {f.name!r}: unknown export group {f.group!r} (see GROUPS)")
        if f.group is not None and f.group in groups and groups[-1] != f.group:
            raise ValueError(f"article field {f.name!r}: the fields of group {f.group!r} must be adjacent")
        groups.append(f.group)
        if f.versioned and f.column_name is None:
            raise ValueError(f"article field {f.name!r}: a versioned field needs a column")


_check(ARTICLE_FIELDS)

"""The article the pipeline stages build from a `Page`.

A spider fills the `Page` (what was fetched and where); each stage fills more
of the `ParsedArticle`. The database row it is stored as is
`models.tables.Article`: a different thing with a different name. What is
kept of it, under which names, is core/article_fields.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.attachment import Attachment
from core.page import Page


@dataclass
class Region:
    province: str | None = None
    province_code: str | None = None
    city: str | None = None
    city_code: str | None = None
    county: str | None = None
    county_code: str | None = None
    # How the region was found: "site", "breadcrumb", "body" or None.
    basis: str | None = None

    @property
    def code(self) -> str | None:
        return self.county_code or self.city_code or self.province_code


@dataclass
class Byline:
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    responsible_editors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    # The raw text the fields were read from, kept for auditing.
    raw: str | None = None


@dataclass
class ParsedArticle:
    page: Page
    title: str | None = None
    subtitle: str | None = None
    body: str | None = None
    body_normalized: str | None = None
    title_normalized: str | None = None
    byline_normalized: str | None = None
    extraction_method: str | None = None
    template: str | None = None
    byline: Byline = field(default_factory=Byline)
    published_at: datetime | None = None
    date_basis: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    channel: str | None = None
    region: Region = field(default_factory=Region)
    content_hash: str | None = None
    # MinHash signature of the normalised text (pipelines/neardup.py).
    signature: bytes | None = field(default=None, repr=False)
    # The text before the clean stage cut byline lines from its edges: the metadata stage
    # still reads credits there (（来源：X 记者 Y） closing the text). Never stored.
    uncut_body: str | None = field(default=None, repr=False, compare=False)
    # Stage notes a reviewer may want to see (e.g. "date from URL").
    notes: list[str] = field(default_factory=list)
    # The page's HTML as the stages parsed it once (pipelines.generic.parsed.ParsedPage),
    # shared from the extract stage to the fingerprint stage, which lets go of it.
    # Never stored or exported.
    parsed: Any = field(default=None, repr=False, compare=False)
    # The documents the page links to, as the crawl fetched them (crawlers/attachments.py);
    # None where nobody fetched them (the store then leaves the stored ones alone).
    attachments: list[Attachment] | None = None
    # The attachment whose text stands in for a body that only points to it (附件：XX条例.pdf).
    text_from_attachment: str | None = None

    @property
    def url(self) -> str:
        return self.page.url

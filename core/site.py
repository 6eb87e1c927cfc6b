"""What the archive records about a site, whatever crawls it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteRecord:
    slug: str
    name: str
    province: str | None
    region_code: str | None
    domains: Sequence[str]
    evidence: str | None = None
    official: bool = True

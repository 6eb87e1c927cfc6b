"""A fetched article page, and what a site's template read from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.capture import PendingCapture


@dataclass
class SiteHints:
    """What a site spider read from the page's known markup (its template).

    Every field is optional: the stages fall back to generic extraction for
    whatever a template does not mark.
    """

    template: str | None = None
    title: str | None = None
    subtitle: str | None = None
    byline_text: str | None = None
    date_text: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    body_selectors: list[str] = field(default_factory=list)
    # GB/T 2260 code of the site's own jurisdiction (None: national).
    region_code: str | None = None
    # How the site's jurisdiction is known: "site" (declared, or given with --region), "site_name"
    # (read from the site's own name through the gazetteer, for sites crawled by URL alone).
    region_basis: str = "site"
    # False where URL dates are known to lie (NPC pages migrated in 2019).
    url_date_allowed: bool = True


@dataclass
class Page:
    """One fetched article page, as the spider hands it over."""

    url: str
    html: str
    site: str
    status: int = 200
    encoding: str | None = None
    # Hints a spider may know from the list page or site declaration.
    channel: str | None = None
    list_date: str | None = None
    hints: SiteHints = field(default_factory=SiteHints)
    # The WARC capture of the response this page came from (captures.id): for a revisit
    # record, the earlier capture holding the full bytes.
    capture_id: int | None = None
    # This response's own capture row while it waits to be written with the article (core/capture.py).
    capture: PendingCapture | None = None

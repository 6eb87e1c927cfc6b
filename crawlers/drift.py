"""Template drift: when a site's declarations stop fitting its pages.

Sites redesign without notice. A list page whose links the declared article patterns no longer
match, or an article page no declared template reads, is not lost: the generic path handles it
(discovery finds the rows, crawlers/dated_links.py; generic extraction reads the page). What is said here is
why a page counts as drift, in the words the run keeps (template_drift rows, `rdarchive sites`).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.article import ParsedArticle
from core.listing import ListRow
from crawlers.templates import Template


def list_drift_reason(site: str, url: str, rows: Sequence[ListRow]) -> str:
    example = rows[0].url if rows else "?"
    return (
        f"{site}: {url}: the article patterns match none of the {len(rows)} dated article links this "
        f"list page shows (e.g. {example}); generic link finding followed them"
    )


def article_drift_reason(article: ParsedArticle, templates: Sequence[Template]) -> str | None:
    """Why a page's reading left the site's templates, or None if a template read it.

    A site without templates relies on generic extraction anyway: nothing drifted there."""
    if not templates:
        return None
    page, hints = article.page, article.page.hints
    if hints.template is None:
        names = ", ".join(t.name for t in templates)
        return (
            f"{page.site}: {page.url}: no template of the site ({names}) recognises this article page; "
            f"read by generic extraction"
        )
    if hints.body_selectors and not (article.extraction_method or "").startswith("selector:"):
        return (
            f"{page.site}: {page.url}: template {hints.template}'s body selectors "
            f"({', '.join(hints.body_selectors)}) find no body; body read by generic extraction"
        )
    return None

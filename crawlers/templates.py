"""Article templates: how one generation of a site's CMS marks its fields.

A site module lists its templates, newest first; the first whose `detect`
matches a page reads that page. Old pages keep parsing with the template of
their time (Fundus-style), because 人大 sites changed CMS several times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsel import Selector

from core.page import SiteHints


@dataclass(frozen=True)
class Template:
    name: str
    # CSS selector or regex (on the raw HTML) that identifies the template.
    detect_css: str | None = None
    detect_regex: str | None = None
    title: Sequence[str] = ()
    subtitle: Sequence[str] = ()
    # Regexes with one group, tried after the CSS selectors (e.g. the ENP comment).
    title_regex: Sequence[str] = ()
    subtitle_regex: Sequence[str] = ()
    # Elements whose text together make the labelled byline block.
    byline: Sequence[str] = ()
    # The page's own labelled date: CSS first, then regexes (JS fallbacks, comments).
    date: Sequence[str] = ()
    date_regex: Sequence[str] = ()
    breadcrumb: str | None = None
    body: Sequence[str] = ()
    url_date_allowed: bool = False
    notes: str = ""

    def matches(self, sel: Selector, html: str) -> bool:
        if self.detect_css and not sel.css(self.detect_css):
            return False
        if self.detect_regex and not re.search(self.detect_regex, html):
            return False
        return bool(self.detect_css or self.detect_regex)

    def read(self, sel: Selector, html: str, region_code: str | None) -> SiteHints:
        return SiteHints(
            template=self.name,
            title=_first_text(sel, self.title) or _first_group(html, self.title_regex),
            subtitle=_first_text(sel, self.subtitle) or _first_group(html, self.subtitle_regex),
            byline_text=" ".join(t for t in (_text(n) for css in self.byline for n in sel.css(css)) if t) or None,
            date_text=_first_text(sel, self.date) or _first_group(html, self.date_regex),
            breadcrumb=_crumbs(sel, self.breadcrumb),
            body_selectors=list(self.body),
            region_code=region_code,
            url_date_allowed=self.url_date_allowed,
        )


def _text(node: Selector) -> str:
    return " ".join(" ".join(node.css("::text").getall()).split())


def _first_text(sel: Selector, selectors: Sequence[str]) -> str | None:
    for css in selectors:
        for node in sel.css(css):
            text = _text(node)
            if text:
                return text
    return None


def _first_group(html: str, patterns: Sequence[str]) -> str | None:
    for pattern in patterns:
        m = re.search(pattern, html, re.S)
        if m and m.group(1).strip():
            return " ".join(m.group(1).split())
    return None


def _crumbs(sel: Selector, css: str | None) -> list[str]:
    if not css:
        return []
    return [t for t in (_text(n) for n in sel.css(css)) if t]


def read_page(templates: Sequence[Template], html: str, region_code: str | None) -> SiteHints:
    """Hints from the first matching template; empty hints (generic parsing) if none."""
    sel = Selector(text=html)
    for template in templates:
        if template.matches(sel, html):
            return template.read(sel, html, region_code)
    return SiteHints(region_code=region_code, url_date_allowed=True)

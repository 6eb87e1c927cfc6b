"""The pipeline stages, in order: extract, clean, metadata, fingerprint.

Each stage takes a plain object and returns one. The Scrapy item pipelines in
crawlers/item_pipelines.py and `rdarchive parse` run these same functions,
so what `parse` prints is what a crawl stores.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.article import ParsedArticle
from core.errors import StageFailure
from core.page import Page
from core.status import FailureKind
from pipelines import bylines, dates, extract, neardup, noise, region, textnorm
from pipelines.generic import meta as generic_meta
from pipelines.generic import vocabulary
from pipelines.generic.parsed import ParsedPage

# Title suffixes CMSs append to <title>: 标题_中国人大网, 标题 - 湖南人大网 ...
TITLE_SPLIT = re.compile(vocabulary.TITLE_SITE_SEPARATOR)


def extract_stage(page: Page) -> ParsedArticle:
    hints = page.hints
    # Parsed here once; the later stages read the same tree through the article.
    parsed = ParsedPage(page.html, page.url)
    found = extract.extract_body(parsed, page.url, hints.body_selectors)
    if not found.text or not found.text.strip():
        raise StageFailure(
            FailureKind.NO_BODY,
            f"{page.site}: {page.url}: no article body found "
            f"(tried {', '.join(hints.body_selectors) or 'generic extraction'})",
        )
    article = ParsedArticle(
        page=page, body=found.text, extraction_method=found.method, template=hints.template, parsed=parsed
    )
    article.title = hints.title or _generic_title(parsed)
    article.subtitle = hints.subtitle
    return article


def clean_stage(article: ParsedArticle) -> ParsedArticle:
    body = textnorm.strip_boilerplate_lines(noise.strip_noise(article.body or ""))
    lines = body.split("\n")
    # Generic extraction sometimes keeps the byline line at the body's edges;
    # it belongs in the byline fields, not the text.
    article.uncut_body = body
    while lines and bylines.looks_like_byline(lines[0]):
        lines.pop(0)
    while lines and bylines.looks_like_byline(lines[-1]):
        lines.pop()
    article.body = "\n".join(lines).strip()
    if not article.body:
        raise StageFailure(FailureKind.NO_BODY, f"{article.page.site}: {article.url}: body is only page furniture")
    article.body_normalized = textnorm.normalize_text(article.body)
    return article


def metadata_stage(article: ParsedArticle) -> ParsedArticle:
    page, hints = article.page, article.page.hints
    found = None
    if hints.byline_text:
        # The template's byline block: its labels are the page's own fields.
        article.byline = bylines.parse_byline(hints.byline_text)
        if not article.byline.authors:
            # Many congress templates leave 作者 empty and credit the reporter in the lead.
            credited = generic_meta.body_credits(_text_with_edges(article))
            if credited:
                article.byline.authors = credited
                article.notes.append("authors read from the reporter credit in the text")
        if article.byline.source is None:
            _source_from_closing_credit(article)
    else:
        # No template byline: find credits and date in the page's lines
        # (labelled blocks, reporter credits, forum forms, the date under the headline).
        found = generic_meta.find_page_meta(parsed_page(article), article.body, article.title)
        article.byline = found.byline
        article.notes.extend(found.notes)
        if article.byline.source is None:
            _source_from_closing_credit(article)
        if hints.template is not None:
            # A template page: its own date fields and the list date come first.
            article.byline.published_at = None
    article.published_at, article.date_basis = _published_at(article, found)
    # Both scripts: search, dedupe and readers of either script meet the simplified forms.
    article.title_normalized = textnorm.normalize_text(article.title) if article.title else None
    article.byline_normalized = textnorm.normalize_text(article.byline.raw) if article.byline.raw else None
    article.breadcrumb = list(hints.breadcrumb)
    article.channel = page.channel or (hints.breadcrumb[-1] if hints.breadcrumb else None)
    places = article.breadcrumb + ([page.channel] if page.channel else [])
    article.region = region.resolve_region(
        hints.region_code, places, article.body_normalized or "", site_basis=hints.region_basis
    )
    return article


def _text_with_edges(article: ParsedArticle) -> str:
    """The text with the byline lines the clean stage cut from its edges."""
    return article.uncut_body or article.body or ""


def _source_from_closing_credit(article: ParsedArticle) -> None:
    # （来源：“X”微信公众号 全媒体记者 Y） closing the text names the outlet the byline did not.
    source = generic_meta.closing_source(_text_with_edges(article))
    if source:
        article.byline.source = source
        article.notes.append("source read from the closing credit in the text")


def fingerprint_stage(article: ParsedArticle) -> ParsedArticle:
    article.content_hash = textnorm.content_hash(article.body_normalized or "")
    article.signature = neardup.signature(article.body_normalized or "")
    # The last stage to read the page: the tree is not kept with the stored article.
    article.parsed = None
    article.uncut_body = None
    return article


STAGES: tuple[Callable, ...] = (extract_stage, clean_stage, metadata_stage, fingerprint_stage)


def run_stages(page: Page, attach: Callable[[ParsedArticle], ParsedArticle] | None = None) -> ParsedArticle:
    """All stages; `attach` (giving the article its attachments) runs before the fingerprint,
    where the crawl fetches them (crawlers/attachments.py)."""
    *reading, fingerprinting = STAGES
    item: object = page
    for stage in reading:
        item = stage(item)
    if attach is not None:
        item = attach(item)  # type: ignore[arg-type]  # the reading stages end with a ParsedArticle
    item = fingerprinting(item)
    assert isinstance(item, ParsedArticle)
    return item


def _published_at(article: ParsedArticle, found=None):
    """The page's own labelled date first; the URL date only as a last resort.

    `found` is the generic finder's result on a page without a template byline.
    Its dates from page text or metadata come after the template's and the list
    page's dates; on template pages that gave no date, the generic date step
    runs before the URL date."""
    page, hints = article.page, article.page.hints
    candidates = (
        ("page", dates.parse_date(hints.date_text) if hints.date_text else None),
        ("byline", article.byline.published_at),
        ("list", dates.parse_date(page.list_date) if page.list_date else None),
    )
    for basis, value in candidates:
        if value is not None:
            return value, basis
    if found is None:
        found = generic_meta.find_page_meta(parsed_page(article), article.body, article.title)
    if found.published_at is not None:
        basis = "meta" if found.date_basis == "meta" else "page_text"
        article.notes.append(
            f"published_at read from the page's {'metadata' if basis == 'meta' else 'text'} outside a byline"
        )
        return found.published_at, basis
    if hints.url_date_allowed:
        value = dates.date_from_url(page.url)
        if value is not None:
            article.notes.append("published_at taken from the URL: the page shows no date")
            return value, "url"
    article.notes.append("no publish date found on the page")
    return None, None


def parsed_page(article: ParsedArticle) -> ParsedPage:
    """The page as the extract stage parsed it (parsed now for an article built another way)."""
    if not isinstance(article.parsed, ParsedPage):
        article.parsed = ParsedPage(article.page.html, article.page.url)
    return article.parsed


def _generic_title(parsed: ParsedPage) -> str | None:
    """The first <h1>, else the <title> without the site name CMSs append to it."""
    for wanted in ("h1", "title"):
        for tag, text in parsed.headings:
            if tag == wanted and text:
                return TITLE_SPLIT.split(text)[0] if tag == "title" else text
    return None

"""`rdarchive parse`: run the pipeline stages on one page and show the result."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.article import ParsedArticle
from core.article_fields import ARTICLE_FIELDS, Kind, page_record, value_at
from core.attachment import Attachment, AttachmentLink
from core.errors import StageFailure
from core.listing import ListRow
from core.page import Page
from crawlers.base import CongressSpider
from models.neardup_index import cluster_info, find_matches, story_of
from models.tables import Article, Capture
from pipelines.attachment_links import apply_attachments, attachment_links
from pipelines.attachment_text import attachment_from_bytes
from pipelines.extract import decode_html
from pipelines.stages import run_stages
from rdarchive.captures import CaptureError, archive_warc_root, read_capture
from rdarchive.spiders import spider_for, spider_for_url

if TYPE_CHECKING:
    from crawlers.fetch_page import Fetched


class ParseError(Exception):
    pass


def fetch(url: str, replay: str | None = None) -> tuple[bytes, dict[str, str], int]:
    """The page as `rdarchive crawl` would fetch it: same engine, settings and network policy."""
    got = fetch_with_documents(url, replay, documents=False)
    return got.body, got.headers, got.status


def fetch_with_documents(url: str, replay: str | None = None, documents: bool = True) -> Fetched:
    """The page (and, with `documents`, the documents it links to on its site's domains) in one engine run."""
    from crawlers.fetch_page import FetchError, fetch_page
    from rdarchive.crawl import crawl_settings

    site = spider_for_url(url)
    try:
        return fetch_page(url, crawl_settings(None, replay), site.allowed_domains if site else (), documents)
    except FetchError as e:
        raise ParseError(f"{e}; expected an HTML article page") from e


def page_from_bytes(
    url: str,
    body: bytes,
    headers: dict[str, str],
    status: int,
    spider: type[CongressSpider] | None,
    site: str | None = None,
    capture_id: int | None = None,
    channel: str | None = None,
    list_title: str | None = None,
    list_date: str | None = None,
) -> Page:
    """The Page a crawl would build from these bytes: decoded as the crawler does, read by the site's template.

    `channel`, `list_title` and `list_date` are what the list page that linked the article told the crawl."""
    if spider is not None:
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        row = ListRow(url, channel=channel, title=list_title, date=list_date)
        other = spider.page_from_other_bytes(url, body, content_type, status, row)
        if other is not None:
            other.capture_id = capture_id
            return other
    html = decode_html(body, url, headers)
    page = Page(
        url=url,
        html=html,
        site=site or (spider.name if spider else "generic"),
        status=status,
        capture_id=capture_id,
        channel=channel,
        list_date=list_date,
    )
    if spider is not None:
        page.hints = spider.hints_for(html)
    return page


def archived_page(
    url: str,
    capture: Capture,
    spider: type[CongressSpider] | None,
    known: Any = None,
    site: str | None = None,
    root: Path | None = None,
) -> Page:
    """The Page a crawl would build from a WARC capture (raises CaptureError if unreadable).

    `known`: the stored article (anything with its channel, title, published_at and
    date_basis): what the list page that linked it told the crawl is not in the capture.
    """
    stored = read_capture(capture, root)
    channel = title = list_date = None
    if known is not None:
        channel, title = known.channel, known.title
        if known.date_basis == "list" and known.published_at is not None:
            list_date = known.published_at.isoformat()
    return page_from_bytes(
        url,
        stored.body,
        stored.headers,
        stored.status,
        spider,
        site=site,
        capture_id=capture.id,
        channel=channel,
        list_title=title,
        list_date=list_date,
    )


def _fetched_attachment(fetched: Fetched, link: AttachmentLink) -> Attachment:
    """A document `parse` fetched with its page, read as the crawl reads it."""
    doc = fetched.documents.get(link.url)
    if doc is None or doc.problem is not None or not doc.status:
        why = doc.problem if doc is not None and doc.problem else "not fetched (robots.txt or the network policy)"
        status = doc.status if doc is not None and doc.status else None
        return Attachment(
            url=link.url, link_text=link.link_text, file_name=link.file_name, http_status=status, failure=why
        )
    return attachment_from_bytes(link, doc.status, doc.body)


def _attach(
    spider: type[CongressSpider] | None, get: Callable[[AttachmentLink], Attachment]
) -> Callable[[ParsedArticle], ParsedArticle]:
    """The step that gives a parsed article its attachments, each got by `get`."""

    def attach(article: ParsedArticle) -> ParsedArticle:
        allows = spider.allows_url if spider is not None else (lambda url: True)
        links = attachment_links(article.page.html, article.url, allows)
        return apply_attachments(article, [get(link) for link in links])

    return attach


def parse_target(
    target: str, site: str | None = None, url: str | None = None, replay: str | None = None
) -> ParsedArticle:
    attach = None
    fetched: Fetched | None = None
    if target.startswith(("http://", "https://")):
        url = url or target
        fetched = fetch_with_documents(target, replay)
        body, headers, status = fetched.body, fetched.headers, fetched.status
    else:
        path = Path(target)
        if not path.is_file():
            raise ParseError(f"{target}: no such file (give a URL or an HTML file)")
        if not url:
            raise ParseError(f"{target}: a file needs --url (the page's address, for links, dates and region)")
        body, headers, status = path.read_bytes(), {}, 200
    spider = spider_for(site) if site else spider_for_url(url)
    page = page_from_bytes(url, body, headers, status, spider)
    if fetched is not None:
        # A page fetched from its site: its documents were fetched with it (a file's: not).
        attach = _attach(spider, partial(_fetched_attachment, fetched))
    try:
        return run_stages(page, attach)
    except StageFailure as e:
        raise ParseError(str(e)) from e


def _archived_attachment(sessions: sessionmaker[Session], root: Path | None, link: AttachmentLink) -> Attachment:
    """A document as the archive's newest WARC capture of its URL holds it."""
    with sessions() as s:
        capture = s.scalar(select(Capture).where(Capture.url == link.url).order_by(Capture.id.desc()).limit(1))
    if capture is None:
        return Attachment(
            url=link.url, link_text=link.link_text, file_name=link.file_name, failure="not captured in the archive"
        )
    try:
        stored = read_capture(capture, root)
    except CaptureError as e:
        return Attachment(url=link.url, link_text=link.link_text, file_name=link.file_name, failure=str(e))
    return attachment_from_bytes(link, stored.status, stored.body, capture.id)


def parse_archived(sessions: sessionmaker[Session], url: str) -> tuple[ParsedArticle, Capture]:
    """Run the pipeline on a stored page's WARC capture (the article's, else the newest)."""
    with sessions() as s:
        row = s.scalar(select(Article).where(Article.url == url))
        capture = (
            s.get(Capture, row.capture_id)
            if row is not None and row.capture_id
            else s.scalar(select(Capture).where(Capture.url == url).order_by(Capture.id.desc()).limit(1))
        )
    if capture is None:
        raise ParseError(f"{url}: no capture of this URL in the archive")
    root = archive_warc_root(sessions)
    spider = spider_for_url(url)
    try:
        page = archived_page(url, capture, spider, root=root)
    except CaptureError as e:
        raise ParseError(str(e)) from e
    attach = _attach(spider, lambda link: _archived_attachment(sessions, root, link))
    try:
        return run_stages(page, attach), capture
    except StageFailure as e:
        raise ParseError(str(e)) from e


def render_capture(capture) -> str:
    return "\n".join(
        [
            f"{'capture':18} {capture.id} at {capture.captured_at:%Y-%m-%d %H:%M:%S %z} (run {capture.run_id})",
            f"{'warc':18} {capture.warc_file} offset {capture.offset} length {capture.length}",
            f"{'record':18} {capture.record_id}",
            f"{'payload sha256':18} {capture.payload_sha256}",
            f"{'http':18} {capture.http_status} {capture.content_type or ''}",
        ]
    )


def archive_cluster(sessions: sessionmaker[Session], article: ParsedArticle) -> dict | None:
    """The page's cluster in the archive: its own if stored, else the one it would join."""
    with sessions() as s:
        row = s.scalar(select(Article).where(Article.url == article.url))
        if row is not None:
            return cluster_info(s, row).as_dict() | {"stored": True}
        story = story_of(article.title, article.body_normalized, article.published_at)
        matches = find_matches(s, article.signature, story=story) if article.signature else []
        if not matches:
            return {"id": None, "size": 1, "canonical_id": None, "canonical_url": article.url, "stored": False}
        first = s.get(Article, matches[0])
        if first is None:
            raise LookupError(f"{article.url}: near-duplicate match {matches[0]} is not in the archive")
        info = cluster_info(s, first)
        # Counting the page itself: the cluster it would make or join.
        size = info.size + 1 if info.id else len(matches) + 1
        return info.as_dict() | {"size": size, "stored": False}


def record(article: ParsedArticle, cluster: dict | None = None) -> dict[str, Any]:
    """What a crawl would store of the page, under an export line's keys, with the stages' notes."""
    data = page_record(article)
    if cluster is not None:
        data["cluster"] = cluster
    data["text_from_attachment"] = article.text_from_attachment
    data["attachments"] = [a.export() for a in article.attachments or []]
    data["notes"] = list(article.notes)
    return data


def render(article: ParsedArticle, as_json: bool, cluster: dict | None = None) -> str:
    data = record(article, cluster)
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = []
    for f in ARTICLE_FIELDS:
        if f.read is None or f.kind is Kind.TEXT or f.group is not None:
            continue
        lines.append(f"{f.name:18} {_show(value_at(data, f.name))}")
        if f.name == "breadcrumb":
            r = data["region"]
            lines.append(
                f"{'region':18} {' '.join(filter(None, (r['province'], r['city'], r['county']))) or '-'}"
                f" ({r['code'] or 'no code'}, from {r['basis'] or '-'})"
            )
    if cluster is not None:
        c = cluster
        lines.append(
            f"{'cluster':18} {c['id'] or '-'}: {c['size']} cop{'y' if c['size'] == 1 else 'ies'}, "
            f"canonical {c['canonical_url'] or '-'}{'' if c['stored'] else ' (page not archived yet)'}"
        )
    for a in article.attachments or []:
        what = a.failure or a.unreadable or f"{a.text_chars} characters of text"
        lines.append(f"{'attachment':18} {a.file_name} ({a.media_type or '-'}, {a.size or 0} bytes): {what}")
    for note in data["notes"]:
        lines.append(f"{'note':18} {note}")
    lines.append("body:")
    lines.append(data["body"])
    return "\n".join(lines)


def _show(value: object) -> str:
    if value in (None, [], ""):
        return "-"
    if isinstance(value, list):
        return " / ".join(map(str, value))
    return str(value)

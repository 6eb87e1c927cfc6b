"""Writing and reading an article's attachments: each file once by its SHA-256, a link row per article.

The article's full-text index takes its attachments' text too (a search finds an
article by what its attached law says); an attachment whose text stands in for
the body is in the index already through body_normalized.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.article import ParsedArticle
from core.attachment import Attachment
from models.fulltext import search_columns
from models.tables import Article, ArticleAttachment, AttachmentFile
from models.types import utcnow
from pipelines.textnorm import normalize_text


def _file_id(s: Session, a: Attachment) -> int | None:
    if a.sha256 is None:
        return None
    found = s.scalar(select(AttachmentFile.id).where(AttachmentFile.sha256 == a.sha256))
    if found is not None:
        return found
    row = AttachmentFile(
        sha256=a.sha256,
        size=a.size or 0,
        media_type=a.media_type or "application/octet-stream",
        text=a.text,
        text_chars=a.text_chars,
        unreadable=a.unreadable,
        capture_id=a.capture_id,
    )
    try:
        # A concurrent crawl may store the same file between the read and the insert.
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError:
        return s.scalar(select(AttachmentFile.id).where(AttachmentFile.sha256 == a.sha256))
    return row.id


def save_attachments(s: Session, parsed: ParsedArticle) -> None:
    """Replace the stored article's attachment links by the ones this crawl found."""
    article = s.scalar(select(Article).where(Article.url == parsed.url))
    if article is None or parsed.attachments is None:
        return
    before = _links_of(s, article.id)
    s.execute(delete(ArticleAttachment).where(ArticleAttachment.article_id == article.id))
    for position, a in enumerate(parsed.attachments):
        s.add(
            ArticleAttachment(
                article_id=article.id,
                position=position,
                url=a.url,
                link_text=a.link_text,
                file_name=a.file_name,
                file_id=_file_id(s, a),
                http_status=a.http_status,
                capture_id=a.capture_id,
                failure=a.failure,
                body_text=a.url == parsed.text_from_attachment,
            )
        )
    s.flush()
    if _links_of(s, article.id) != before:
        # What an export line carries changed: `export --since-last` must send the article again.
        article.updated_at = utcnow()
    extra = [a.text for a in parsed.attachments if a.text and a.url != parsed.text_from_attachment]
    if extra:
        body = "\n".join([article.body_normalized or "", *(normalize_text(t) for t in extra)])
        _, article.search_body = search_columns(article.title, article.subtitle, body)


def _links_of(s: Session, article_id: int) -> list[tuple[object, ...]]:
    """What the article's export line says of its attachments, comparably."""
    return [
        tuple(row)
        for row in s.execute(
            select(
                ArticleAttachment.url,
                ArticleAttachment.file_name,
                ArticleAttachment.link_text,
                ArticleAttachment.file_id,
                ArticleAttachment.failure,
                ArticleAttachment.body_text,
            )
            .where(ArticleAttachment.article_id == article_id)
            .order_by(ArticleAttachment.position)
        )
    ]


def attachments_of(s: Session, article_ids: Sequence[int]) -> dict[int, list[Attachment]]:
    """The stored attachments of these articles, in page order, by article id."""
    out: dict[int, list[Attachment]] = {}
    if not article_ids:
        return out
    query = (
        select(ArticleAttachment, AttachmentFile)
        .outerjoin(AttachmentFile, AttachmentFile.id == ArticleAttachment.file_id)
        .where(ArticleAttachment.article_id.in_(list(article_ids)))
        .order_by(ArticleAttachment.article_id, ArticleAttachment.position)
    )
    for link, f in s.execute(query):
        out.setdefault(link.article_id, []).append(_attachment(link, f))
    return out


def body_attachment_urls(s: Session, article_ids: Iterable[int]) -> dict[int, str]:
    """The attachment whose text stands in for each article's body, where one does."""
    rows = s.execute(
        select(ArticleAttachment.article_id, ArticleAttachment.url).where(
            ArticleAttachment.article_id.in_(list(article_ids)), ArticleAttachment.body_text.is_(True)
        )
    )
    return {aid: url for aid, url in rows}


def _attachment(link: ArticleAttachment, f: AttachmentFile | None) -> Attachment:
    return Attachment(
        url=link.url,
        link_text=link.link_text,
        file_name=link.file_name,
        http_status=link.http_status,
        capture_id=link.capture_id,
        media_type=f.media_type if f else None,
        size=f.size if f else None,
        sha256=f.sha256 if f else None,
        text=f.text if f else None,
        unreadable=f.unreadable if f else None,
        failure=link.failure,
    )

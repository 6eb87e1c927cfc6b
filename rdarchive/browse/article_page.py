"""What the citable page /article/<id> shows: one article, its versions and diff, its archived copy, its cluster.

Everything is read here into plain values for the template (rd_article.html);
times are Beijing time with the zone. Sections that later work adds (an
article's attachments, its withdrawal from the site) get a field here and a
block of their own in the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.attachments import attachments_of, body_attachment_urls
from models.tables import Article, ArticleEvent, Capture, Cluster, Site
from rdarchive import replay, versions
from rdarchive.beijing import beijing, published
from rdarchive.versions import VersionDiff


@dataclass(frozen=True)
class Copy:
    """One member of the article's near-duplicate cluster."""

    id: int
    title: str | None
    site: str
    site_name: str
    published: str
    url: str
    canonical: bool
    this: bool  # the article the page is about


@dataclass(frozen=True)
class VersionRow:
    number: int
    title: str | None
    first_seen: str
    last_seen: str
    current: bool
    replay_path: str  # the archived copy nearest to when this text was first seen


@dataclass(frozen=True)
class EventRow:
    """A revisit's finding: the page withdrawn from the site, or back on it, with the evidence."""

    kind: str  # withdrawn / restored (core.status.ArticleEventKind)
    at: str
    reason: str
    http_status: int | None
    reached_url: str | None
    evidence_path: str | None  # the replay of the captured answer


@dataclass(frozen=True)
class AttachmentRow:
    """One document the article links to, as the archive kept it."""

    file_name: str
    url: str
    media_type: str | None
    size: str | None
    # What became of it: its text's length, why a whole file has no text, or the failure.
    status: str
    failed: bool
    body_text: bool  # its text stands in for the article's body
    replay_path: str | None
    text: str | None
    text_cut: bool


# The page shows this much of an attachment's text; the export and the archived copy have it all.
SHOWN_TEXT_CHARS = 20_000


def _size(n: int | None) -> str | None:
    if n is None:
        return None
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _attachments(s: Session, a: Article) -> list[AttachmentRow]:
    found = attachments_of(s, [a.id]).get(a.id, [])
    body_from = body_attachment_urls(s, [a.id]).get(a.id) if found else None
    rows = []
    for x in found:
        capture = s.get(Capture, x.capture_id) if x.capture_id else None
        if x.failure:
            status = f"failed: {x.failure}"
        elif x.unreadable:
            status = f"kept without text: {x.unreadable}"
        else:
            status = f"{x.text_chars} characters of text"
        rows.append(
            AttachmentRow(
                file_name=x.file_name,
                url=x.url,
                media_type=x.media_type,
                size=_size(x.size),
                status=status,
                failed=x.failure is not None,
                body_text=x.url == body_from,
                replay_path=replay.replay_path(capture.url, capture.captured_at) if capture else None,
                text=(x.text or "")[:SHOWN_TEXT_CHARS] or None,
                text_cut=x.text_chars > SHOWN_TEXT_CHARS,
            )
        )
    return rows


@dataclass
class ArticlePage:
    id: int
    url: str
    title: str | None
    subtitle: str | None
    site: str
    site_name: str
    published: str
    date_basis: str | None
    source: str | None
    authors: list[str]
    editors: list[str]
    responsible_editors: list[str]
    reviewers: list[str]
    region: str | None
    region_code: str | None
    channel: str | None
    breadcrumb: list[str]
    paragraphs: list[str]
    first_seen: str
    last_seen: str
    captured: str | None
    replay_path: str | None
    versions: list[VersionRow]
    diff: VersionDiff | None
    cluster_id: int | None
    copies: list[Copy]
    duplicate_of: int | None
    # Filled by later work (issue 19): the article's attachments, and when the site withdrew it.
    attachments: list[AttachmentRow] = field(default_factory=list)
    withdrawn_at: str | None = None
    # Every withdrawal and restoration, oldest first (crawlers/revisit.py).
    events: list[EventRow] = field(default_factory=list)

    @property
    def citation(self) -> str:
        """How to cite the page: title, site, date, original URL (the archive's address is added by the template)."""
        parts = [self.title or "(untitled)", self.site_name, self.published]
        return "，".join(p for p in parts if p and p != "—") + f"。原文：{self.url}"


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in (body or "").splitlines() if p.strip()]


def _region(a: Article) -> str | None:
    return " ".join(filter(None, (a.province, a.city, a.county))) or None


def _copies(s: Session, a: Article) -> list[Copy]:
    if a.cluster_id is None:
        return []
    canonical_id = s.scalar(select(Cluster.canonical_id).where(Cluster.id == a.cluster_id))
    rows = s.execute(
        select(Article.id, Article.title, Site.slug, Site.name, Article.published_at, Article.url)
        .join(Site, Site.id == Article.site_id)
        .where(Article.cluster_id == a.cluster_id)
        .order_by(Article.published_at, Article.id)
    ).all()
    copies = [Copy(i, t, slug, name, published(p), u, i == canonical_id, i == a.id) for i, t, slug, name, p, u in rows]
    # Canonical first, then the others by publication time.
    return sorted(copies, key=lambda c: not c.canonical)


def _capture(s: Session, a: Article) -> Capture | None:
    if a.capture_id is None:
        return None
    return s.get(Capture, a.capture_id)


def _version_replay(s: Session, a: Article, v: versions.Version, current: Capture | None) -> str:
    """The archived copy of one version: the capture of the run that last saw its text, else the
    capture nearest to when the text was first seen (pywb picks the nearest)."""
    if v.current and current is not None:
        return replay.replay_path(current.url, current.captured_at)
    if v.run_id is not None:
        captured = s.scalar(
            select(Capture.captured_at)
            .where(Capture.run_id == v.run_id, Capture.url == a.url, Capture.http_status == 200)
            .order_by(Capture.id.desc())
            .limit(1)
        )
        if captured is not None:
            return replay.replay_path(a.url, captured)
    return replay.replay_path(a.url, v.first_seen)


def _events(s: Session, a: Article) -> list[EventRow]:
    rows = s.execute(
        select(ArticleEvent, Capture)
        .outerjoin(Capture, Capture.id == ArticleEvent.capture_id)
        .where(ArticleEvent.article_id == a.id)
        .order_by(ArticleEvent.id)
    ).all()
    return [
        EventRow(
            e.kind,
            beijing(e.at),
            e.reason,
            e.http_status,
            e.reached_url,
            replay.replay_path(c.url, c.captured_at) if c is not None else None,
        )
        for e, c in rows
    ]


def load(s: Session, article_id: int, old: int | None = None, new: int | None = None) -> ArticlePage | None:
    """The page of one article (None if there is none); `old`/`new` choose the versions compared."""
    a = s.get(Article, article_id)
    if a is None:
        return None
    site = s.get(Site, a.site_id)
    assert site is not None
    all_versions = versions.of_article(s, article_id)
    diff = None
    if len(all_versions) > 1:
        frm, to = versions.pick(all_versions, article_id, old, new)
        if frm.number > to.number:
            frm, to = to, frm
        diff = versions.compare(frm, to)
    capture = _capture(s, a)
    captured_at: datetime | None = capture.captured_at if capture else None
    return ArticlePage(
        id=a.id,
        url=a.url,
        title=a.title,
        subtitle=a.subtitle,
        site=site.slug,
        site_name=site.name,
        published=published(a.published_at),
        date_basis=a.date_basis,
        source=a.source,
        authors=list(a.authors or []),
        editors=list(a.editors or []),
        responsible_editors=list(a.responsible_editors or []),
        reviewers=list(a.reviewers or []),
        region=_region(a),
        region_code=a.region_code,
        channel=a.channel,
        breadcrumb=list(a.breadcrumb or []),
        paragraphs=_paragraphs(a.body),
        first_seen=beijing(a.first_seen),
        last_seen=beijing(a.last_seen),
        captured=beijing(captured_at, seconds=True) if captured_at else None,
        replay_path=replay.replay_path(capture.url, captured_at) if capture and captured_at else None,
        versions=[
            VersionRow(
                v.number,
                v.title,
                beijing(v.first_seen),
                beijing(v.last_seen),
                v.current,
                _version_replay(s, a, v, capture),
            )
            for v in reversed(all_versions)
        ],
        diff=diff,
        cluster_id=a.cluster_id,
        copies=_copies(s, a),
        duplicate_of=a.duplicate_of_id,
        withdrawn_at=beijing(a.withdrawn_at) if a.withdrawn_at else None,
        events=_events(s, a),
        attachments=_attachments(s, a),
    )

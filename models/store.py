"""The archive's write side: sites, crawl runs, failures and article upserts.

It knows the database and nothing about sites' markup: it takes the plain
`core.article.ParsedArticle` the stages produced and writes it as a
`models.tables.Article` row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import CursorResult, Update, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.article import ParsedArticle
from core.article_fields import FILLED, REFRESHABLE, VERSION_KEYS, VERSIONED, Field, Kind
from core.capture import PendingCapture
from core.page import Page
from core.site import SiteRecord
from core.status import FINISHED_STATUSES, ArticleEventKind, Health, Outcome, RunStatus
from models.attachments import save_attachments
from models.fulltext import article_tags, search_columns
from models.neardup_index import has_fingerprint, index_article
from models.tables import (
    Article,
    ArticleEvent,
    ArticleVersion,
    Capture,
    CrawlFailure,
    CrawlRun,
    CrawlSlot,
    Site,
    TemplateDrift,
)
from models.types import utcnow
from pipelines import neardup

# The crawl_runs column each crawl outcome is counted in.
OUTCOME_COLUMNS = {
    Outcome.NEW: "articles_new",
    Outcome.UNCHANGED: "articles_unchanged",
    Outcome.CHANGED: "articles_changed",
    Outcome.DUPLICATE: "articles_duplicate",
}


@dataclass(frozen=True)
class RevisitTarget:
    """An archived article to re-request, with what the list page that linked it told the crawl."""

    article_id: int
    url: str
    channel: str | None
    title: str | None
    list_date: str | None


class ArchiveStore:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions
        self._site_ids: dict[str, int] = {}

    # -- sites -------------------------------------------------------------
    def ensure_site(self, rec: SiteRecord) -> int:
        if rec.slug in self._site_ids:
            return self._site_ids[rec.slug]
        fields = dict(
            name=rec.name,
            province=rec.province,
            region_code=rec.region_code,
            domains=list(rec.domains),
            evidence=rec.evidence,
            official=rec.official,
        )
        for attempt in range(2):
            try:
                with self.sessions.begin() as s:
                    site = s.scalar(select(Site).where(Site.slug == rec.slug))
                    if site is None:
                        site = Site(slug=rec.slug, **fields)
                        s.add(site)
                    else:
                        for k, v in fields.items():
                            setattr(site, k, v)
                    s.flush()
                    self._site_ids[rec.slug] = site.id
                    return site.id
            except IntegrityError:
                # Another crawl registered the site first: read it back.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def update_site(self, rec: SiteRecord) -> None:
        """What a crawl learned about its site (a site crawled by URL: its name and jurisdiction)."""
        self._site_ids.pop(rec.slug, None)
        self.ensure_site(rec)

    # -- runs --------------------------------------------------------------
    def start_run(self, sites: Iterable[str], replay: str | None = None) -> int:
        with self.sessions.begin() as s:
            run = CrawlRun(sites=list(sites), status=RunStatus.RUNNING, heartbeat_at=utcnow(), replay=replay)
            s.add(run)
            s.flush()
            return run.id

    def set_log_file(self, run_ids: Iterable[int], log_file: str) -> None:
        """Name the file the crawl of these runs logged to."""
        with self.sessions.begin() as s:
            s.execute(update(CrawlRun).where(CrawlRun.id.in_(list(run_ids))).values(log_file=log_file))

    def first_capture_with_payload(self, sha256: str) -> Capture | None:
        """The full (non-revisit) capture of an identical payload, if archived before."""
        with self.sessions() as s:
            return s.scalar(
                select(Capture)
                .where(Capture.payload_sha256 == sha256, Capture.revisit_of_id.is_(None))
                .order_by(Capture.id)
                .limit(1)
            )

    def record_capture(self, **fields: object) -> int:
        with self.sessions.begin() as s:
            capture = Capture(**fields)
            s.add(capture)
            s.flush()
            return capture.id

    def previous_run_finished(self, site: str, current_run_id: int | None) -> bool:
        """Did the site's last crawl before this one run to its end (whatever it found)?"""
        with self.sessions() as s:
            runs = s.scalars(
                select(CrawlRun).where(CrawlRun.id != (current_run_id or -1)).order_by(CrawlRun.id.desc()).limit(200)
            ).all()
        # A skipped run crawled nothing: the crawl before it tells.
        last = next((r for r in runs if site in (r.sites or []) and r.status != RunStatus.SKIPPED), None)
        return last is None or last.status in FINISHED_STATUSES

    def known_urls(self, urls: Iterable[str], before_run: int | None = None) -> set[str]:
        """Which of these article URLs are archived already (by a run other than `before_run`).

        A crawl asks about its own list pages: an article it stored a moment
        ago through another channel is new to this night, not a sign that the
        channel's older pages were walked before.
        """
        urls = list(urls)
        found: set[str] = set()
        with self.sessions() as s:
            for i in range(0, len(urls), 500):
                query = select(Article.url).where(Article.url.in_(urls[i : i + 500]))
                if before_run is not None:
                    query = query.where((Article.crawl_run_id != before_run) | Article.crawl_run_id.is_(None))
                found.update(s.scalars(query))
        return found

    def resume_run(self, run_id: int, replay: str | None = None) -> int:
        """Take over a run row created beforehand (by the scheduler, which watches it)."""
        with self.sessions.begin() as s:
            run = s.get(CrawlRun, run_id)
            if run is None:
                raise ValueError(f"crawl run {run_id} does not exist")
            run.status = RunStatus.RUNNING
            run.heartbeat_at = utcnow()
            run.replay = replay
            return run.id

    def run_kinds(self, besides: int | None = None) -> tuple[int, int]:
        """How many live and how many replayed crawl runs the archive holds (not counting run `besides`)."""
        with self.sessions() as s:
            rows = s.execute(
                select(CrawlRun.replay.is_(None), func.count())
                .where(CrawlRun.id != (besides or -1))
                .group_by(CrawlRun.replay.is_(None))
            ).all()
        counts = {bool(live): n for live, n in rows}
        return counts.get(True, 0), counts.get(False, 0)

    def add_to_run(self, run_id: int, **counts: int) -> None:
        """Add progress counts; every call is also the run's heartbeat."""
        self.record_progress(run_id, (), counts)

    def record_progress(self, run_id: int, captures: Sequence[PendingCapture], counts: dict[str, int]) -> None:
        """Write waiting capture rows and add progress counts in one transaction (also the run's heartbeat)."""
        with self.sessions.begin() as s:
            written = _write_captures(s, captures)
            _add_counts(s, run_id, counts)
        _committed(written)

    def close_abandoned_runs(self, site: str, stale_after: timedelta, current_run_id: int) -> list[int]:
        """Mark the site's "running" runs whose process stopped long ago as interrupted.

        A crawl killed outside the scheduler (SIGKILL, a reboot) never closes its
        row; without this it would read "running" for ever.
        """
        cutoff = utcnow() - stale_after
        closed = []
        with self.sessions.begin() as s:
            runs = s.scalars(
                select(CrawlRun).where(CrawlRun.status == RunStatus.RUNNING, CrawlRun.id != current_run_id)
            ).all()
            for run in runs:
                last = run.heartbeat_at or run.started_at
                if site not in (run.sites or []) or last >= cutoff:
                    continue
                run.status = RunStatus.INTERRUPTED
                run.finished_at = last
                run.error_summary = (
                    f"{site}: abandoned: the crawl process stopped without closing run "
                    f"{run.id} (last progress {last:%Y-%m-%d %H:%M:%S %z}); "
                    f"closed by run {current_run_id}"
                )
                closed.append(run.id)
        return closed

    def claim_slot(self, site: str, slot: str, run_id: int) -> CrawlRun | None:
        """Claim a scheduled slot for `run_id`; returns None if claimed, else the run holding it."""
        try:
            with self.sessions.begin() as s:
                s.add(CrawlSlot(site=site, slot=slot, run_id=run_id))
            return None
        except IntegrityError:
            with self.sessions() as s:
                holder = s.scalar(
                    select(CrawlRun)
                    .join(CrawlSlot, CrawlSlot.run_id == CrawlRun.id)
                    .where(CrawlSlot.site == site, CrawlSlot.slot == slot)
                )
            if holder is None:  # the holder vanished between the insert and the read: try once more
                return self.claim_slot(site, slot, run_id)
            return holder

    def take_over_slot(self, site: str, slot: str, from_run: int, to_run: int) -> bool:
        """Move a slot from an interrupted run to its retry; False if someone else took it first."""
        with self.sessions.begin() as s:
            moved = _rowcount(
                s.execute(
                    update(CrawlSlot)
                    .where(CrawlSlot.site == site, CrawlSlot.slot == slot, CrawlSlot.run_id == from_run)
                    .values(run_id=to_run, claimed_at=utcnow())
                )
            )
        return moved == 1

    def record_failure(
        self,
        run_id: int,
        *,
        site: str | None,
        url: str,
        kind: str,
        reason: str,
        http_status: int | None = None,
    ) -> None:
        with self.sessions.begin() as s:
            s.add(CrawlFailure(run_id=run_id, site=site, url=url, kind=kind, reason=reason, http_status=http_status))
            s.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(pages_failed=CrawlRun.pages_failed + 1))

    def record_drift(self, run_id: int, *, site: str, url: str, kind: str, reason: str, keep: bool = True) -> None:
        """Count a page the site's declarations no longer fit; `keep`: also keep it as an example."""
        with self.sessions.begin() as s:
            if keep:
                s.add(TemplateDrift(run_id=run_id, site=site, url=url, kind=kind, reason=reason))
            s.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(pages_drifted=CrawlRun.pages_drifted + 1))

    def drift_examples(self, run_id: int) -> list[TemplateDrift]:
        with self.sessions() as s:
            return list(
                s.scalars(select(TemplateDrift).where(TemplateDrift.run_id == run_id).order_by(TemplateDrift.id))
            )

    def finish_run(
        self, run_id: int, status: RunStatus, error_summary: str | None = None, health: Health | None = None
    ) -> CrawlRun:
        with self.sessions.begin() as s:
            run = s.get(CrawlRun, run_id)
            assert run is not None, f"crawl run {run_id} vanished"
            run.status = status
            run.health = health
            run.finished_at = utcnow()
            run.error_summary = error_summary
            return run

    def close_if_running(self, run_id: int, status: str, error_summary: str) -> bool:
        """Close a run nobody is recording any more; False if its crawl closed it itself."""
        now = utcnow()
        with self.sessions.begin() as s:
            closed = _rowcount(
                s.execute(
                    update(CrawlRun)
                    .where(CrawlRun.id == run_id, CrawlRun.status == RunStatus.RUNNING)
                    .values(status=status, error_summary=error_summary, finished_at=now)
                )
            )
        return closed == 1

    def get_run(self, run_id: int) -> CrawlRun | None:
        with self.sessions() as s:
            run = s.get(CrawlRun, run_id)
            if run is not None:
                _ = run.failures  # load while the session is open
            return run

    # -- articles ----------------------------------------------------------
    def save(
        self,
        parsed: ParsedArticle,
        site_id: int,
        run_id: int | None,
        refresh: bool = False,
        *,
        captures: Sequence[PendingCapture] = (),
        counts: Callable[[Outcome], dict[str, int]] | None = None,
    ) -> Outcome:
        """Insert or update one article; returns new / unchanged / changed / duplicate.

        `refresh` (reprocessing): an unchanged text takes the fields read around it
        anew (source, people, region, channel ...) and counts as refreshed if any moved.

        A crawl writes in the same transaction the capture rows waiting to be
        written (the article's own among them) and the run's progress counts,
        `counts(outcome)`: all of it is committed, or none.
        """
        try:
            outcome = self._save_once(parsed, site_id, run_id, refresh, captures, counts)
        except IntegrityError:
            # A concurrent crawl inserted the same URL between our read and
            # write; the second pass sees its row and takes the update path.
            outcome = self._save_once(parsed, site_id, run_id, refresh, captures, counts)
        # A new row has no links to replace: without attachments there is nothing to write.
        fresh = outcome in (Outcome.NEW, Outcome.DUPLICATE) and not parsed.attachments
        if parsed.attachments is not None and not fresh:
            # Apart from the article's own transaction: a document that cannot be written
            # never costs the article (models/attachments.py).
            with self.sessions.begin() as s:
                save_attachments(s, parsed)
        return outcome

    def _save_once(
        self,
        parsed: ParsedArticle,
        site_id: int,
        run_id: int | None,
        refresh: bool,
        captures: Sequence[PendingCapture],
        counts: Callable[[Outcome], dict[str, int]] | None,
    ) -> Outcome:
        page = parsed.page
        before = page.capture_id
        if page.capture is not None and all(c is not page.capture for c in captures):
            captures = [*captures, page.capture]
        try:
            with self.sessions.begin() as s:
                written = _write_captures(s, captures)
                if page.capture_id is None and page.capture is not None:
                    page.capture_id = page.capture.id or written.get(page.capture)
                outcome = self._upsert(s, parsed, site_id, run_id, refresh)
                if counts is not None and run_id is not None:
                    _add_counts(s, run_id, counts(outcome))
        except BaseException:
            page.capture_id = before  # the capture ids of a rolled-back transaction mean nothing
            raise
        _committed(written)
        return outcome

    def _upsert(self, s: Session, parsed: ParsedArticle, site_id: int, run_id: int | None, refresh: bool) -> Outcome:
        now = utcnow()
        row = s.scalar(select(Article).where(Article.url == parsed.url))
        if row is not None:
            if _same_content(row, parsed):
                if refresh:
                    before = _metadata(row)
                    _fill(row, parsed, site_id)
                    return Outcome.REFRESHED if _metadata(row) != before else Outcome.UNCHANGED
                row.last_seen = now
                row.last_run_id = run_id
                row.capture_id = parsed.page.capture_id or row.capture_id
                _seen_live(s, row, run_id, parsed.page, now)
                # Articles archived before the near-duplicate index existed join it now.
                if not has_fingerprint(s, row.id):
                    index_article(s, row, _signature(parsed))
                return Outcome.UNCHANGED
            s.add(_version_of(row))
            _fill(row, parsed, site_id)
            row.version += 1
            row.changed_at = now
            row.last_seen = now
            row.last_run_id = run_id
            _seen_live(s, row, run_id, parsed.page, now)
            index_article(s, row, _signature(parsed))
            return Outcome.CHANGED
        original = s.scalar(
            select(Article.id)
            .where(Article.content_hash == parsed.content_hash)
            .order_by(Article.first_seen, Article.id)
            .limit(1)
        )
        row = Article(
            url=parsed.url,
            first_seen=now,
            last_seen=now,
            changed_at=now,
            checked_at=now,
            crawl_run_id=run_id,
            last_run_id=run_id,
            duplicate_of_id=original,
        )
        _fill(row, parsed, site_id)
        s.add(row)
        s.flush()
        index_article(s, row, _signature(parsed))
        return Outcome.DUPLICATE if original else Outcome.NEW

    # -- revisits ----------------------------------------------------------
    def revisit_share(
        self, site_id: int, days: int, limit: int, checked_before: datetime
    ) -> tuple[list[RevisitTarget], int]:
        """Tonight's share of the site's archived articles to re-request, those checked longest ago first.

        The share is one `days`-th of the site's articles (rounded up), so each is checked within
        `days` nights, at most `limit`; articles fetched since `checked_before` (by this crawl's
        walk) are not asked for again. Returns the targets and the share the cycle asked for.
        """
        with self.sessions() as s:
            total = s.scalar(select(func.count(Article.id)).where(Article.site_id == site_id)) or 0
            share = -(-total // days) if days > 0 else 0
            rows = s.execute(
                select(
                    Article.id, Article.url, Article.channel, Article.title, Article.published_at, Article.date_basis
                )
                .where(Article.site_id == site_id)
                .where(Article.checked_at.is_(None) | (Article.checked_at < checked_before))
                # Articles archived before revisits existed (checked_at NULL) count as checked longest ago.
                .order_by(Article.checked_at.is_not(None), Article.checked_at, Article.id)
                .limit(min(share, limit))
            ).all()
        targets = [
            RevisitTarget(
                r.id,
                r.url,
                r.channel,
                r.title,
                # A date the list page gave (the page itself has none) travels with the request again,
                # or the page would read as changed.
                r.published_at.isoformat() if r.date_basis == "list" and r.published_at else None,
            )
            for r in rows
        ]
        return targets, share

    def mark_checked(self, article_id: int) -> None:
        """A revisit fetched the page (whatever it found): the cycle moves past it."""
        with self.sessions.begin() as s:
            s.execute(update(Article).where(Article.id == article_id).values(checked_at=utcnow()))

    def record_withdrawn(
        self,
        article_id: int,
        run_id: int | None,
        *,
        reason: str,
        http_status: int | None = None,
        reached_url: str | None = None,
        capture_id: int | None = None,
    ) -> bool:
        """Record that the page is gone; True if it was live until now. Its archived texts stay as they are."""
        now = utcnow()
        with self.sessions.begin() as s:
            row = s.get(Article, article_id)
            if row is None:
                return False
            row.checked_at = now
            if row.withdrawn_at is not None:
                return False  # still withdrawn: the date first seen withdrawn stands
            row.withdrawn_at = now
            s.add(
                ArticleEvent(
                    article_id=article_id,
                    run_id=run_id,
                    kind=ArticleEventKind.WITHDRAWN,
                    at=now,
                    http_status=http_status,
                    reason=reason,
                    reached_url=reached_url,
                    capture_id=capture_id,
                )
            )
            if run_id is not None:
                s.execute(
                    update(CrawlRun)
                    .where(CrawlRun.id == run_id)
                    .values(articles_withdrawn=CrawlRun.articles_withdrawn + 1)
                )
            return True

    def events(self, article_id: int) -> list[ArticleEvent]:
        with self.sessions() as s:
            return list(
                s.scalars(select(ArticleEvent).where(ArticleEvent.article_id == article_id).order_by(ArticleEvent.id))
            )


def _seen_live(s: Session, row: Article, run_id: int | None, page: Page, now: datetime) -> None:
    """The page answered with its article: checked now, and back if it had been withdrawn."""
    row.checked_at = now
    if row.withdrawn_at is None:
        return
    s.add(
        ArticleEvent(
            article_id=row.id,
            run_id=run_id,
            kind=ArticleEventKind.RESTORED,
            at=now,
            http_status=page.status,
            reason=f"the page answers with its article again (withdrawn since {row.withdrawn_at:%Y-%m-%d})",
            capture_id=page.capture_id,
        )
    )
    row.withdrawn_at = None
    if run_id is not None:
        s.execute(
            update(CrawlRun).where(CrawlRun.id == run_id).values(articles_restored=CrawlRun.articles_restored + 1)
        )


def _write_captures(s: Session, captures: Sequence[PendingCapture]) -> dict[PendingCapture, int]:
    """Insert the capture rows not written yet; their ids, valid once the transaction commits."""
    waiting = [c for c in captures if c.id is None]
    rows = [Capture(**c.columns()) for c in waiting]
    s.add_all(rows)
    if rows:
        s.flush()
    return {c: row.id for c, row in zip(waiting, rows, strict=True)}


def _committed(written: dict[PendingCapture, int]) -> None:
    for capture, capture_id in written.items():
        capture.id = capture_id


def _add_counts(s: Session, run_id: int, counts: dict[str, int]) -> None:
    """All of a run's counts in one UPDATE, also its heartbeat."""
    columns = tuple(sorted(col for col, n in counts.items() if n))
    s.execute(_add_counts_statement(columns), {"run_id": run_id, "now": utcnow(), **{c: counts[c] for c in columns}})


@lru_cache(maxsize=64)
def _add_counts_statement(columns: tuple[str, ...]) -> Update:
    # Built once per set of columns: a crawl writes it with every article, and building and
    # keying a fresh statement each time cost more than running it.
    return (
        update(CrawlRun)
        .where(CrawlRun.id == bindparam("run_id"))
        .values(heartbeat_at=bindparam("now"), **{c: getattr(CrawlRun, c) + bindparam(c) for c in columns})
    )


def _signature(parsed: ParsedArticle) -> bytes | None:
    # Callers that skip the pipeline's fingerprint stage still get a signature.
    sig = getattr(parsed, "signature", None)
    return sig if sig is not None else neardup.signature(parsed.body_normalized or "")


def _comparable(f: Field, value: Any) -> Any:
    # Rows stored before a list field existed hold NULL where a parse gives [].
    return tuple(value or ()) if f.kind is Kind.NAMES else value


def _metadata(row: Article) -> tuple[Any, ...]:
    """What the pipeline reads around an article's text (the refreshable fields)."""
    return tuple(_comparable(f, getattr(row, f.column_name)) for f in REFRESHABLE if f.column_name)


def _same_content(row: Article, parsed: ParsedArticle) -> bool:
    """The same text: no version key (hash of the text, title, publish date) differs."""
    return all(getattr(row, f.column_name) == f.read(parsed) for f in VERSION_KEYS if f.column_name and f.read)


def _version_of(row: Article) -> ArticleVersion:
    return ArticleVersion(
        article_id=row.id,
        version=row.version,
        first_seen=row.changed_at,
        last_seen=row.last_seen,
        crawl_run_id=row.last_run_id,
        **{c: getattr(row, c) for f in VERSIONED if (c := f.column_name)},
    )


def _fill(row: Article, a: ParsedArticle, site_id: int) -> None:
    if not a.body or not a.content_hash:
        raise ValueError(f"{a.url}: refusing to store an article without body text")
    row.site_id = site_id
    for f in FILLED:
        if f.read is not None and f.column_name is not None:
            setattr(row, f.column_name, f.read(a))
    row.search_title, row.search_body = search_columns(a.title_normalized or a.title, a.subtitle, row.body_normalized)
    row.search_tags = article_tags(row)


def _rowcount(result: object) -> int:
    """Rows an UPDATE matched (a CursorResult's rowcount; the ORM types its result more loosely)."""
    return int(cast(CursorResult[Any], result).rowcount)


def as_datetime(value: datetime | None) -> str | None:
    return value.isoformat() if value else None

"""An article's versions (earlier texts in article_versions, the current one in articles) and their diff.

Used by `rdarchive diff` and by the article page of `rdarchive serve`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.tables import Article, ArticleVersion
from rdarchive import textdiff


@dataclass(frozen=True)
class Version:
    number: int
    title: str | None
    subtitle: str | None
    body: str
    published_at: datetime | None
    first_seen: datetime
    last_seen: datetime
    current: bool
    run_id: int | None = None  # the crawl run that last saw this text


@dataclass(frozen=True)
class VersionDiff:
    old: Version
    new: Version
    title: tuple[textdiff.Part, ...] | None  # None: the title did not change
    subtitle: tuple[textdiff.Part, ...] | None
    body: list[textdiff.Chunk]

    @property
    def changed(self) -> bool:
        return self.title is not None or self.subtitle is not None or textdiff.has_changes(self.body)


def of_article(s: Session, article_id: int) -> list[Version]:
    """Every version of an article, oldest first; LookupError when there is no such article."""
    a = s.get(Article, article_id)
    if a is None:
        raise LookupError(f"no article {article_id} in the archive")
    earlier = s.scalars(
        select(ArticleVersion).where(ArticleVersion.article_id == article_id).order_by(ArticleVersion.version)
    )
    out = [
        Version(
            v.version, v.title, v.subtitle, v.body, v.published_at, v.first_seen, v.last_seen, False, v.crawl_run_id
        )
        for v in earlier
    ]
    out.append(
        Version(a.version, a.title, a.subtitle, a.body, a.published_at, a.changed_at, a.last_seen, True, a.last_run_id)
    )
    return out


def pick(versions: list[Version], article_id: int, old: int | None, new: int | None) -> tuple[Version, Version]:
    """The two versions to compare: by default the newest and the one before it."""
    by_number = {v.number: v for v in versions}
    span = f"{versions[0].number}" if len(versions) == 1 else f"{versions[0].number} to {versions[-1].number}"
    for n in (old, new):
        if n is not None and n not in by_number:
            raise ValueError(f"article {article_id} has version(s) {span}; there is no version {n}")
    to = by_number[new] if new is not None else versions[-1]
    if old is not None:
        frm = by_number[old]
    else:
        before = [v for v in versions if v.number < to.number]
        frm = before[-1] if before else to
    return frm, to


def _text_parts(old: str | None, new: str | None) -> tuple[textdiff.Part, ...] | None:
    if (old or "") == (new or ""):
        return None
    return textdiff.char_parts(old or "", new or "")


def compare(old: Version, new: Version) -> VersionDiff:
    return VersionDiff(
        old,
        new,
        _text_parts(old.title, new.title),
        _text_parts(old.subtitle, new.subtitle),
        textdiff.diff(old.body, new.body),
    )

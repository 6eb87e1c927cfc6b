"""`rdarchive diff ARTICLE_ID [--from N --to M]`: what changed between two versions of an article."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from models.tables import Article
from models.types import SHANGHAI
from rdarchive import textdiff
from rdarchive.argtypes import non_negative
from rdarchive.beijing import beijing
from rdarchive.versions import Version, VersionDiff, compare, of_article, pick


def add_diff_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "What changed between two versions of an archived article: sentence by sentence "
        "(a sentence ends at 。！？；), and character by character inside an edited sentence. "
        "Marks: ~ edited sentence, - removed, + added; [-deleted-] and {+inserted+} characters "
        "(red and green on a terminal)."
    )
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID", help="the article's id (shown by search and serve)")
    p.add_argument("--from", dest="old", type=int, metavar="N", help="older version (default: the one before --to)")
    p.add_argument("--to", dest="new", type=int, metavar="M", help="newer version (default: the current text)")
    p.add_argument(
        "--context", type=non_negative, default=1, help="unchanged sentences shown around a change (default 1)"
    )


def _version_json(v: Version) -> dict[str, Any]:
    return {
        "version": v.number,
        "current": v.current,
        "title": v.title,
        "published_at": v.published_at.isoformat() if v.published_at else None,
        "first_seen": v.first_seen.astimezone(SHANGHAI).isoformat(),
        "last_seen": v.last_seen.astimezone(SHANGHAI).isoformat(),
    }


def _parts_json(parts: tuple[textdiff.Part, ...] | None) -> list[dict[str, str]] | None:
    return None if parts is None else [{"kind": p.kind, "text": p.text} for p in parts]


def to_json(article_id: int, url: str, d: VersionDiff) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "url": url,
        "from": _version_json(d.old),
        "to": _version_json(d.new),
        "title": _parts_json(d.title),
        "subtitle": _parts_json(d.subtitle),
        "summary": vars(textdiff.summary(d.body)),
        "sentences": [
            {"kind": c.kind, "old": c.old, "new": c.new, "parts": _parts_json(c.parts) if c.kind == "changed" else None}
            for c in d.body
        ],
    }


def render(article_id: int, url: str, d: VersionDiff, marks: textdiff.Marks, context: int) -> str:
    def when(v: Version) -> str:
        return f"version {v.number}{' (current)' if v.current else ''}, first seen {beijing(v.first_seen)}"

    lines = [f"article {article_id}  {url}", f"{when(d.old)}  →  {when(d.new)}"]
    if d.old.number == d.new.number:
        lines.append("the same version on both sides: nothing to compare")
        return "\n".join(lines)
    if d.title is not None:
        lines.append(f"title: {textdiff.render_parts(d.title, marks)}")
    if d.subtitle is not None:
        lines.append(f"subtitle: {textdiff.render_parts(d.subtitle, marks)}")
    lines.append(f"body: {textdiff.summary(d.body)}")
    lines += textdiff.render(d.body, marks, context)
    return "\n".join(lines)


def diff_command(args: argparse.Namespace, sessions: sessionmaker[Session]) -> int:
    if args.context < 0:
        raise ValueError("--context cannot be negative")
    with sessions() as s:
        try:
            versions = of_article(s, args.article_id)
        except LookupError as e:
            raise ValueError(str(e)) from None
        url = s.get(Article, args.article_id).url  # type: ignore[union-attr]
    old, new = pick(versions, args.article_id, args.old, args.new)
    if old.number > new.number:
        raise ValueError(f"--from {old.number} is newer than --to {new.number}")
    d = compare(old, new)
    if args.json:
        print(json.dumps(to_json(args.article_id, url, d), ensure_ascii=False, indent=2))
        return 0
    if len(versions) == 1:
        print(f"article {args.article_id}  {url}\nonly one version (first seen {beijing(new.first_seen)}): unchanged")
        return 0
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print(render(args.article_id, url, d, textdiff.COLOR if color else textdiff.PLAIN, args.context))
    return 0

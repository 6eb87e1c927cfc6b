"""`rdarchive search`: find articles by words in their normalised text.

Matching is a substring scan over the simplified-Chinese form (so a
traditional-character query finds simplified text); every query value is a
bound parameter. A full-text index is not built yet (see README).
"""
from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from models.neardup_index import cluster_info
from models.tables import Article, Site
from pipelines.textnorm import normalize_text


@dataclass
class Hit:
    title: str | None
    site: str
    published_at: str | None
    region: str | None
    url: str
    snippet: str
    cluster_size: int = 1
    canonical_url: str | None = None


def _escape_like(term: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", term)


def search(sessions: sessionmaker[Session], query: str, site: str | None = None,
           limit: int = 20, offset: int = 0) -> list[Hit]:
    terms = [normalize_text(t) for t in query.split() if t.strip()]
    if not terms:
        raise ValueError("empty query: give at least one word to search for")
    conds = [
        or_(Article.body_normalized.like(f"%{_escape_like(t)}%", escape="\\"),
            Article.title.like(f"%{_escape_like(t)}%", escape="\\"))
        for t in terms
    ]
    stmt = (select(Article, Site.slug).join(Site).where(and_(*conds))
            .order_by(Article.published_at.desc().nulls_last(), Article.id).limit(limit).offset(offset))
    if site:
        stmt = stmt.where(Site.slug == site)
    with sessions() as s:
        hits = []
        for a, slug in s.execute(stmt).all():
            cluster = cluster_info(s, a)
            hits.append(Hit(a.title, slug, a.published_at.date().isoformat() if a.published_at else None,
                            " ".join(filter(None, (a.province, a.city, a.county))) or None, a.url,
                            snippet(a.body_normalized, terms), cluster.size, cluster.canonical_url))
        return hits


def snippet(text: str, terms: list[str], width: int = 40) -> str:
    text = text.replace("\n", " ")
    pos = min((p for p in (text.find(t) for t in terms) if p >= 0), default=0)
    start = max(0, pos - width // 2)
    piece = text[start:start + width * 2]
    for t in terms:
        piece = piece.replace(t, f"【{t}】")
    return ("…" if start else "") + piece + ("…" if start + width * 2 < len(text) else "")


def add_search_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query")
    p.add_argument("--site")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--json", action="store_true")


def search_command(args: argparse.Namespace, sessions: sessionmaker[Session]) -> int:
    hits = search(sessions, args.query, site=args.site, limit=args.limit, offset=args.offset)
    if args.json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2))
        return 0
    for h in hits:
        copies = (f"\n            cluster of {h.cluster_size}, canonical {h.canonical_url}"
                  if h.cluster_size > 1 else "")
        print(f"{h.published_at or '----------'}  {h.site:6} {h.region or '全国':12} {h.title}\n"
              f"            {h.snippet}\n            {h.url}{copies}")
    print(f"{len(hits)} result(s)")
    return 0

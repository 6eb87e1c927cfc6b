"""`rdarchive search`: Chinese full-text search with filters, ranked by relevance or date.

The query language (models/fulltext.py): words and "quoted phrases" match as
exact character sequences of the normalised text (so traditional characters
find simplified text), combined with AND (or just a space), OR, NOT and
parentheses. SQLite answers from an FTS5 bigram index ranked by bm25,
PostgreSQL from a tsvector GIN index ranked by ts_rank; both return the same
articles. Every value, the query included, reaches the database as a bound
parameter built from our own tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    column,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.sql.elements import SQLColumnExpression, TextClause

from models import fulltext
from models.attachments import attachments_of, body_attachment_urls
from models.db import is_transient, retrying
from models.fulltext import And, Highlighter, Node, Or, QueryError, Term
from models.tables import Article, Cluster, Site
from models.types import SHANGHAI
from pipelines.textnorm import normalize_text, script_forms
from rdarchive import snippets
from rdarchive.argtypes import non_negative
from rdarchive.dates import parse_when

SORTS = ("relevance", "date")
# Relevance (bm25 / ts_rank) ranks every match up to this many. Beyond, among the newest this
# many, title matches come first, then the others, then older matches; newest archived first.
RANK_LIMIT = 20_000
# bm25 weights of the FTS5 columns (search_title, search_body).
TITLE_WEIGHT = 5.0
FTS = table(fulltext.FTS_TABLE, column("rowid", Integer))


# How matches are marked where colour is not available: no Chinese text uses it, unlike 【】.
PLAIN_MARKS = ("**", "**")
COLOR_MARKS = ("\x1b[1;31m", "\x1b[0m")


@dataclass
class Hit:
    title: str | None
    site: str
    published_at: str | None  # ISO 8601 with its offset (+08:00), as export writes it
    region: str | None
    url: str
    snippet: str  # cut from the text as published, unmarked; the matches are snippet_matches
    cluster_size: int = 1
    canonical_url: str | None = None
    id: int | None = None
    cluster_id: int | None = None
    score: float | None = None
    region_code: str | None = None
    channel: str | None = None
    source: str | None = None
    snippet_matches: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in code points
    title_matches: list[tuple[int, int]] = field(default_factory=list)  # the same, in the title
    # When a revisit first found the page withdrawn (ISO 8601 with offset); None while it is live.
    withdrawn_at: str | None = None
    # Texts of the page the archive holds (more than 1: it changed).
    versions: int = 1

    def marked_snippet(self, marks: tuple[str, str]) -> str:
        return snippets.Snippet(self.snippet, self.snippet_matches).marked(marks)

    def marked_title(self, marks: tuple[str, str]) -> str | None:
        return snippets.Snippet(self.title, self.title_matches).marked(marks) if self.title else None

    # The attachment the snippet is from, when the match is in an attachment's text, not the page's.
    in_attachment: str | None = None


# ------------------------------------------------------------------ filters
@dataclass
class Filters:
    """The filters search and export share; every value is a bound parameter."""

    site: list[str] = field(default_factory=list)
    province: list[str] = field(default_factory=list)  # any of these
    region: str | None = None
    date_from: datetime | None = None  # inclusive
    date_to: datetime | None = None  # exclusive
    source: str | None = None
    author: str | None = None
    channel: str | None = None
    cluster: int | None = None  # members of this near-duplicate cluster only
    one_per_story: bool = False  # each story once: its canonical article, no copies
    withdrawn: bool = False  # only pages a revisit found withdrawn (and not back since)
    changed: bool = False  # only pages whose text changed after it was first archived

    def describe(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("date_from", "date_to"):
            d[k] = d[k].isoformat() if d[k] else None
        return {k: v for k, v in d.items() if v}


def _listed(values: Sequence[str] | None) -> list[str]:
    """Repeated and comma-separated values, in order."""
    return [x.strip() for v in (values or []) for x in v.split(",") if x.strip()]


def filters_from_args(args: argparse.Namespace) -> Filters:
    f = Filters(
        site=_listed(args.site),
        province=_listed(args.province),
        region=args.region,
        source=args.source,
        author=args.author,
        channel=args.channel,
        cluster=args.cluster,
        one_per_story=args.one_per_story,
        withdrawn=args.withdrawn,
        changed=args.changed,
    )
    if args.date_from:
        f.date_from = parse_when(args.date_from)
    if args.date_to:
        f.date_to = parse_when(args.date_to, end=True)
    if f.date_from and f.date_to and f.date_from >= f.date_to:
        raise ValueError("--from is after --to")
    return f


def _escape_like(term: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", term)


def _forms(value: str) -> set[str]:
    # Source and names are stored as the page printed them: 張曉明 is found by 张晓明 too.
    return {value, normalize_text(value), *script_forms(value)}


def _contains(col: SQLColumnExpression[Any], value: str) -> ColumnElement[bool]:
    forms = _forms(value)
    return or_(*(col.like(f"%{_escape_like(v)}%", escape="\\") for v in forms if v))


def _json_contains(col: SQLColumnExpression[Any], value: str) -> ColumnElement[bool]:
    """A JSON list column holding a string containing value (stored \\u-escaped or not)."""
    as_text = cast(col, Text)
    forms = set()
    for v in _forms(value):
        forms.add(json.dumps(v)[1:-1])
        forms.add(json.dumps(v, ensure_ascii=False)[1:-1])
    return or_(*(as_text.like(f"%{_escape_like(v)}%", escape="\\") for v in forms if v))


def _place(value: str, levels: Sequence[str]) -> ColumnElement[bool]:
    """A region name (any prefix of it: 湖南 = 湖南省) or an administrative code prefix."""
    v = value.strip()
    if not v:
        raise ValueError("empty region")
    if v.isdigit():
        cols = [getattr(Article, f"{lvl}_code") for lvl in levels]
        if "county" in levels:
            cols.append(Article.region_code)
        return or_(*(c.like(f"{v}%") for c in cols))
    name = normalize_text(v)
    return or_(*(getattr(Article, lvl).like(f"{_escape_like(name)}%", escape="\\") for lvl in levels))


def filter_conditions(f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.site:
        conds.append(Article.site_id.in_(select(Site.id).where(Site.slug.in_(f.site))))
    if f.province:
        conds.append(or_(*(_place(p, ["province"]) for p in f.province)))
    if f.region:
        conds.append(_place(f.region, ["province", "city", "county"]))
    if f.date_from:
        conds.append(Article.published_at >= f.date_from)
    if f.date_to:
        conds.append(Article.published_at < f.date_to)
    if f.source:
        conds.append(_contains(Article.source, f.source))
    if f.author:
        conds.append(_json_contains(Article.authors, f.author))
    if f.channel:
        conds.append(_contains(Article.channel, f.channel))
    if f.cluster is not None:
        conds.append(Article.cluster_id == f.cluster)
    if f.one_per_story:
        # Unclustered originals, and the canonical member of each cluster; an exact copy too
        # short to fingerprint has no cluster but still names its original.
        own = aliased(Cluster)  # an alias: the caller's query may join clusters itself (export does)
        canonical = exists().where(own.id == Article.cluster_id, own.canonical_id == Article.id)
        conds.append(or_(and_(Article.cluster_id.is_(None), Article.duplicate_of_id.is_(None)), canonical))
    if f.withdrawn:
        conds.append(Article.withdrawn_at.is_not(None))
    if f.changed:
        conds.append(Article.version > 1)
    return conds


def check_sites(s: Session, f: Filters) -> list[int]:
    """The ids of the filter's sites; an unknown slug is an error."""
    if not f.site:
        return []
    known = dict(s.execute(select(Site.slug, Site.id).where(Site.slug.in_(f.site))).all())
    missing = [x for x in f.site if x not in known]
    if missing:
        raise ValueError(f"no site {', '.join(missing)} in the archive; `rdarchive sites` lists them")
    return sorted(known.values())


def check_cluster(s: Session, f: Filters) -> None:
    """An unknown cluster id is an error, not an empty result (like an unknown site)."""
    if f.cluster is not None and s.get(Cluster, f.cluster) is None:
        raise ValueError(
            f"no cluster {f.cluster} in the archive; an article's cluster is in `search --json` (cluster_id)"
        )


def check_provinces(f: Filters) -> None:
    """An unknown province is an error, not an empty result: a name (湖南, 湖南省) or code prefix (43)."""
    from pipelines.gazetteer import RANK_PROVINCE, units  # loads the gazetteer: only when asked

    provinces = {code: name for code, (name, rank) in units().items() if rank == RANK_PROVINCE}
    for value in f.province:
        v = value.strip()
        known = (
            any(code.startswith(v) for code in provinces) and (len(v) <= 2 or v.rstrip("0") == v[:2].rstrip("0"))
            if v.isdigit()
            else any(name.startswith(normalize_text(v)) for name in provinces.values()) and bool(v)
        )
        if not known:
            raise ValueError(
                f"no province {value!r}: give a name (湖南 or 湖南省) or a GB/T 2260 code prefix (43, 430000)"
            )


# ------------------------------------------------------------- full text
TEXT = (Article.search_title, Article.search_body)


def _pg_term(term: Term, i: int, columns: Sequence[Any] = TEXT, weights: str = "") -> ColumnElement[bool]:
    vector: ColumnElement[Any] = literal_column("articles.search_vector")
    cond: ColumnElement[bool] = vector.op("@@")(
        func.to_tsquery(literal_column("'simple'"), bindparam(f"tq_{i}", fulltext.tsquery_of([term], weights=weights)))
    )
    if len(term.tokens) > 1 or weights:
        # Consecutive tokens in one column (positions in a tsvector stop at 16383).
        pattern: ColumnElement[str] = bindparam(f"like_{i}", fulltext.like_pattern(term))
        padded: list[ColumnElement[str]] = [
            literal_column("' '") + func.coalesce(col, "") + literal_column("' '") for col in columns
        ]
        cond = and_(cond, or_(*(p.like(pattern) for p in padded)))
    return cond


def _pg_condition(
    node: Node, counter: list[int], columns: Sequence[Any] = TEXT, weights: str = ""
) -> ColumnElement[bool]:
    """The query as SQL on the tsvector (candidates, GIN) and the token text (exact phrases)."""
    if isinstance(node, Term):
        counter[0] += 1
        return _pg_term(node, counter[0], columns, weights)
    if isinstance(node, Or):
        return or_(*(_pg_condition(c, counter, columns, weights) for c in node.children))
    if isinstance(node, And):
        parts = [_pg_condition(c, counter, columns, weights) for c in node.positive]
        parts += [not_(_pg_condition(c, counter, columns, weights)) for c in node.negative]
        return and_(*parts)
    raise AssertionError(node)


def match_clause(dialect: str, node: Node) -> tuple[ColumnElement[bool] | TextClause, ColumnElement[float]]:
    """(WHERE condition on articles, relevance: larger is better) of a parsed query on this backend."""
    if dialect == "sqlite":
        cond = text("articles.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts_q)").bindparams(
            fts_q=fulltext.fts5_with_tags(node, [])
        )
        return cond, literal_column("0", Float)
    if dialect == "postgresql":
        rank_q = func.to_tsquery(
            literal_column("'simple'"), bindparam("rank_q", fulltext.tsquery_of(fulltext.positive_terms(node), "|"))
        )
        rank = func.ts_rank(literal_column("articles.search_vector"), rank_q, 1)
        return _pg_condition(node, [0]), rank
    raise ValueError(f"full-text search is not available on {dialect}")


@dataclass
class ResultPage:
    """One page of ranked article ids, and how many matched (counted up to RANK_LIMIT + 1)."""

    ranked: list[tuple[int, float | None]]
    matches: int
    approximate: bool  # more than RANK_LIMIT matched: relevance by title matches, then newest first


def _count(s: Session, stmt: Select) -> int:
    return s.scalar(select(func.count()).select_from(stmt.limit(RANK_LIMIT + 1).subquery())) or 0


def _within_day(t: datetime | None) -> bool:
    """A bound the date tags cannot express exactly: a time of day, or outside their years."""
    if t is None:
        return False
    local = t.astimezone(SHANGHAI)
    return local.time() != time() or not (fulltext.DATE_FLOOR <= local.date() < fulltext.DATE_CEILING)


def _sqlite_page(
    s: Session, node: Node, f: Filters, site_ids: list[int], sort: str, limit: int, offset: int
) -> ResultPage:
    """SQLite: everything FTS5 can answer (words, site, region, dates) in one MATCH expression.

    Rows are only visited for what the index cannot answer: the exact time
    bounds (through the small (id, published_at) index), and source / author /
    channel. Relevance ranks all matches when at most RANK_LIMIT match, else
    the RANK_LIMIT newest archived (bm25 costs about 1 us per match). Date
    order walks the small index when at most RANK_LIMIT match, else it walks
    the published_at index newest first and asks FTS5 about each article,
    stopping after `limit` hits (frequent words need few probes).
    """
    tags = []
    if site_ids:
        tags.append(fulltext.tag_any(f"zs{i}" for i in site_ids))
    if f.province:
        tags.append("(" + " OR ".join(fulltext.tag_prefix("zp" if p.isdigit() else "zpn", p) for p in f.province) + ")")
    if f.region:
        tags.append(fulltext.tag_prefix("zg" if f.region.strip().isdigit() else "zgn", f.region))
    probe_expr = fulltext.fts5_with_tags(node, tags)
    if f.date_from or f.date_to:
        first = f.date_from.astimezone(SHANGHAI).date() if f.date_from else None
        last = f.date_to.astimezone(SHANGHAI) if f.date_to else None
        end = (last.date() + timedelta(days=1) if last.time() != time() else last.date()) if last else None
        tags.append(
            fulltext.tag_any(fulltext.date_tags(first, end))
            if (first is None or end is None or first < end)
            else '"zd00000000"'
        )
    expr = fulltext.fts5_with_tags(node, tags)
    match = text("articles_fts MATCH :fts_q").bindparams(fts_q=expr)
    # Whole days (Asia/Shanghai) are exact as tags; a time of day is also checked on the row's date.
    dated = [
        c
        for c in (
            Article.published_at >= f.date_from if _within_day(f.date_from) else None,
            Article.published_at < f.date_to if _within_day(f.date_to) else None,
        )
        if c is not None
    ]
    # What the FTS5 tags cannot answer is checked on the rows.
    rest = filter_conditions(replace(f, site=[], province=[], region=None, date_from=None, date_to=None))

    def matches(*cols, narrow: bool = False, fts_expr: str | None = None) -> Select:
        where = match if fts_expr is None else text("articles_fts MATCH :tier_q").bindparams(tier_q=fts_expr)
        stmt = select(*cols).select_from(FTS).where(where)
        if rest:
            stmt = stmt.join(Article, Article.id == FTS.c.rowid).where(*rest, *dated)
        elif dated or narrow:
            # Only id and published_at are read: SQLite takes them from ix_articles_id_published.
            stmt = stmt.join(Article, Article.id == FTS.c.rowid).where(*dated)
        return stmt

    newest = matches(FTS.c.rowid).order_by(FTS.c.rowid.desc()).limit(RANK_LIMIT + 1).subquery()
    n, oldest = s.execute(select(func.count(), func.min(newest.c.rowid))).one()
    approximate = n > RANK_LIMIT
    if sort == "relevance" and approximate:
        # bm25 would first count every match of every phrase (its IDF), then score each row: too
        # slow for words in most articles. Among the newest RANK_LIMIT matches (rowid > oldest):
        # title matches first, then the others; then the older matches; newest archived first.
        in_title = fulltext.fts5_with_tags(node, tags, columns=("search_title",))
        tiers = [
            (in_title, FTS.c.rowid > oldest),
            (f"({expr}) NOT ({in_title})", FTS.c.rowid > oldest),
            (expr, FTS.c.rowid <= oldest),
        ]
        ranked: list[tuple[int, float | None]] = []
        skip, want = offset, limit
        for i, (tier, window) in enumerate(tiers):
            if want <= 0:
                break
            stmt = matches(FTS.c.rowid, fts_expr=tier).where(window)
            if i < 2:
                # At most RANK_LIMIT rows: FTS5 walks a rowid range forwards cheaply (backwards
                # it would load whole doclists), so read them all and take the newest here.
                ids = sorted((r[0] for r in s.execute(stmt)), reverse=True)[: skip + want]
            else:
                ids = [r[0] for r in s.execute(stmt.order_by(FTS.c.rowid.desc()).limit(skip + want))]
            taken = ids[skip:]
            ranked += [(i, None) for i in taken]
            skip, want = max(0, skip - len(ids)), want - len(taken)
        return ResultPage(ranked, n, True)
    if sort == "relevance":
        score: ColumnElement[float] = literal_column(f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0, 0.0)", Float)
        stmt = matches(FTS.c.rowid, (-score).label("score")).order_by(score, FTS.c.rowid.desc())
    elif not approximate:
        stmt = matches(FTS.c.rowid, literal_column("NULL"), narrow=True).order_by(
            Article.published_at.desc(), Article.id.desc()
        )
    else:
        # The date range is the index range here: the probe needs no date tags.
        probe = text(
            "EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH :fts_q AND articles_fts.rowid = articles.id)"
        ).bindparams(fts_q=probe_expr)
        # Walks ix_articles_published_at newest first (the plan SQLite picks for this ORDER BY ... LIMIT).
        stmt = (
            select(Article.id, literal_column("NULL"))
            .where(probe, *dated, *rest)
            .order_by(Article.published_at.desc(), Article.id.desc())
        )
    rows = s.execute(stmt.limit(limit).offset(offset)).all()
    return ResultPage([(r[0], r[1]) for r in rows], n, False)


def _pg_page(s: Session, node: Node, f: Filters, sort: str, limit: int, offset: int) -> ResultPage:
    """PostgreSQL: the same matches and the same rule for ranking (the newest RANK_LIMIT when more match)."""
    cond, rank = match_clause("postgresql", node)
    where = [cond, *filter_conditions(f)]
    n = _count(s, select(Article.id).where(*where))
    approximate = n > RANK_LIMIT
    if sort == "relevance" and approximate:
        # As on SQLite: among the newest RANK_LIMIT matches title matches first, then the others,
        # then the older matches; newest archived first.
        in_title = _pg_condition(node, [100], columns=(Article.search_title,), weights="A")
        newest = select(Article.id).where(*where).order_by(Article.id.desc()).limit(RANK_LIMIT + 1).subquery()
        oldest = s.scalar(select(func.min(newest.c.id)))
        stmt: Select[int, Any] = (
            select(Article.id, literal_column("NULL"))
            .where(*where)
            .order_by(
                case((and_(Article.id > oldest, in_title), 0), (Article.id > oldest, 1), else_=2), Article.id.desc()
            )
        )
    elif sort == "relevance":
        stmt = select(Article.id, rank.label("score")).where(*where).order_by(rank.desc(), Article.id.desc())
    else:
        stmt = (
            select(Article.id, literal_column("NULL"))
            .where(*where)
            .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        )
    rows = s.execute(stmt.limit(limit).offset(offset)).all()
    return ResultPage([(r[0], r[1]) for r in rows], n, approximate and sort == "relevance")


def search_page(
    sessions: sessionmaker[Session],
    query: str,
    *,
    filters: Filters | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[Hit], ResultPage]:
    """The hits of one page, and the page's counts."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    if limit < 0 or offset < 0:
        raise ValueError("--limit and --offset cannot be negative")
    node = fulltext.parse_query(query)
    f = filters or Filters()
    hl = Highlighter(fulltext.positive_terms(node))
    with sessions() as s:
        site_ids = check_sites(s, f)
        check_cluster(s, f)
        check_provinces(f)
        dialect = s.get_bind().dialect.name
        if dialect == "sqlite":
            page = _sqlite_page(s, node, f, site_ids, sort, limit, offset)
        elif dialect == "postgresql":
            page = _pg_page(s, node, f, sort, limit, offset)
        else:
            raise ValueError(f"full-text search is not available on {dialect}")
        if not page.ranked:
            return [], page
        canonical = aliased(Article)
        rows = s.execute(
            select(Article, Site.slug, Cluster.size, canonical.url)
            .select_from(Article)
            .join(Site, Article.site_id == Site.id)
            .outerjoin(Cluster, Article.cluster_id == Cluster.id)
            .outerjoin(canonical, canonical.id == Cluster.canonical_id)
            .where(Article.id.in_([i for i, _ in page.ranked]))
        ).all()
        by_id = {r[0].id: r for r in rows}
        hits = []
        for aid, score in page.ranked:
            a, slug, size, canonical_url = by_id[aid]
            body = snippets.snippet(hl, a.body or "")
            title = snippets.whole(hl, a.title) if a.title else None
            hits.append(
                Hit(
                    title=a.title,
                    site=slug,
                    published_at=a.published_at.isoformat() if a.published_at else None,
                    region=" ".join(filter(None, (a.province, a.city, a.county))) or None,
                    url=a.url,
                    snippet=body.text,
                    cluster_size=size or 1,
                    canonical_url=canonical_url if a.cluster_id else a.url,
                    id=a.id,
                    cluster_id=a.cluster_id,
                    score=round(float(score), 6) if score is not None else None,
                    region_code=a.region_code,
                    channel=a.channel,
                    source=a.source,
                    snippet_matches=body.spans,
                    title_matches=title.spans if title else [],
                    withdrawn_at=a.withdrawn_at.astimezone(SHANGHAI).isoformat() if a.withdrawn_at else None,
                    versions=a.version,
                )
            )
        _attachment_snippets(s, hits, hl)
        return hits, page


def _attachment_snippets(s: Session, hits: list[Hit], hl: Highlighter) -> None:
    """A hit whose page text shows no match found it in an attachment: show that one's text, named.
    (An article's index holds its attachments' text: models/attachments.py.)"""
    body_from = body_attachment_urls(s, [h.id for h in hits if h.id is not None])
    # A body that only points to its attachment is that attachment's text: named as such too.
    unmatched = {h.id: h for h in hits if h.id is not None and (h.id in body_from or not h.snippet_matches)}
    if not unmatched:
        return
    for aid, found in attachments_of(s, list(unmatched)).items():
        hit = unmatched[aid]
        for a in found:
            cut = snippets.snippet(hl, a.text or "")
            if a.url == body_from.get(aid) or cut.spans:
                hit.in_attachment = a.file_name
                hit.snippet, hit.snippet_matches = cut.text, cut.spans
                break


def search(
    sessions: sessionmaker[Session],
    query: str,
    site: str | Sequence[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    *,
    filters: Filters | None = None,
    sort: str = "relevance",
) -> list[Hit]:
    """The matching articles, best first (or newest first with sort="date")."""
    f = filters or Filters()
    if site:
        f.site = [site] if isinstance(site, str) else list(site)
    return search_page(sessions, query, filters=f, sort=sort, limit=limit, offset=offset)[0]


# -------------------------------------------------------------------- CLI
def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--site", action="append", help="site slug (repeatable, or comma-separated)")
    g.add_argument(
        "--province",
        action="append",
        help="province name (湖南 or 湖南省) or GB/T 2260 code prefix (43); repeatable, or comma-separated",
    )
    g.add_argument("--region", help="province, city or county name, or code prefix (4301, 430102)")
    g.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="published on or after (YYYY, YYYY-MM, YYYY-MM-DD or ISO time; Asia/Shanghai)",
    )
    g.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before (same forms, inclusive)")
    g.add_argument("--source", help="来源 contains this")
    g.add_argument("--author", help="an author's name contains this")
    g.add_argument("--channel", help="channel name contains this")
    g.add_argument(
        "--cluster", type=int, metavar="ID", help="only the copies of one story (its near-duplicate cluster)"
    )
    g.add_argument(
        "--one-per-story",
        action="store_true",
        help="each story once: the canonical article of a cluster, never its copies",
    )
    g.add_argument(
        "--withdrawn",
        action="store_true",
        help="only pages the site has withdrawn (found gone by a revisit: 404/410, a redirect to the home page "
        "or a list, a 'not found / deleted' page); the archive keeps their text",
    )
    g.add_argument(
        "--changed",
        action="store_true",
        help="only pages whose text changed after it was archived (more than one version; `rdarchive diff ID`)",
    )


def add_search_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        'Words and "quoted phrases" match exact character sequences (traditional characters '
        "find simplified text); combine with AND (or a space), OR, NOT and parentheses: "
        '人大 代表, "常委会会议", (立法 OR 监督) NOT 预算.'
    )
    p.add_argument("query", help='words, "quoted phrases", AND / OR / NOT, parentheses')
    add_filter_arguments(p)
    p.add_argument(
        "--sort",
        choices=SORTS,
        default="relevance",
        help=f"relevance (default; bm25 on SQLite, ts_rank on PostgreSQL; beyond {RANK_LIMIT:,} "
        "matches: title matches first, newest first) or date (newest first)",
    )
    p.add_argument("--limit", type=non_negative, default=20)
    p.add_argument("--offset", type=non_negative, default=0)


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s: str, width: int) -> str:
    """`s` padded to `width` terminal columns (a Chinese character takes two)."""
    return s + " " * max(0, width - display_width(s))


def render_table(hits: list[Hit], color: bool = False) -> str:
    marks = COLOR_MARKS if color else PLAIN_MARKS
    lines = []
    site_w = max([display_width("SITE")] + [display_width(h.site) for h in hits])
    region_w = min(20, max([display_width("REGION")] + [display_width(h.region or "全国") for h in hits]))
    lines.append(f"{pad('DATE', 10)}  {pad('SITE', site_w)}  {pad('REGION', region_w)}  TITLE")
    for h in hits:
        title = h.marked_title(marks) or "(no title)"
        day = h.published_at[:10] if h.published_at else "----------"
        lines.append(f"{pad(day, 10)}  {pad(h.site, site_w)}  {pad(h.region or '全国', region_w)}  {title}")
        indent = " " * 12
        where = f"[附件 attachment: {h.in_attachment}] " if h.in_attachment else ""
        lines.append(f"{indent}{where}{h.marked_snippet(marks)}")
        lines.append(f"{indent}{h.url}")
        if h.cluster_size > 1:
            lines.append(f"{indent}cluster {h.cluster_id} of {h.cluster_size}, canonical {h.canonical_url}")
        state = []
        if h.withdrawn_at:
            state.append(f"WITHDRAWN from the site since {h.withdrawn_at[:10]}")
        if h.versions > 1:
            state.append(f"{h.versions} versions (rdarchive diff {h.id})")
        if state:
            lines.append(f"{indent}{'; '.join(state)}")
    return "\n".join(lines)


def search_command(args: argparse.Namespace, sessions: sessionmaker[Session]) -> int:
    filters = filters_from_args(args)
    try:
        # A dropped connection is retried as the crawl retries its writes.
        hits, page = retrying(
            lambda: search_page(
                sessions, args.query, limit=args.limit, offset=args.offset, filters=filters, sort=args.sort
            ),
            "search",
        )
    except DBAPIError as e:  # never a traceback for a query; the message names the cause
        if is_transient(e):
            raise  # the database is out of reach: the command line says so in one line
        raise QueryError(f"the database could not run this search: {e.orig}") from None
    try:
        if args.json:
            print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        elif args.jsonl:
            for h in hits:
                print(json.dumps(asdict(h), ensure_ascii=False))
        else:
            color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            if hits:
                print(render_table(hits, color))
            total = f"{page.matches}" if page.matches <= RANK_LIMIT else f"more than {RANK_LIMIT:,}"
            note = (
                "; too many to rank: title matches first, then the rest, newest archived first "
                "(narrow the query, or --sort date)"
                if page.approximate
                else ""
            )
            first = f" from {args.offset + 1}" if args.offset and hits else ""
            print(f"{len(hits)} result(s){first} of {total} matching{note}")
        sys.stdout.flush()
    except BrokenPipeError:  # `rdarchive search ... | head`
        quiet_stdout()
    return 0


def quiet_stdout() -> None:
    """After the reader of our stdout went away: no second error when Python flushes it at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

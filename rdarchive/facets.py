"""Facet counts of a search: how many matches per site, province, channel and year.

The matches are those of `rdarchive search` (the same parsed query, match
clause and filters from rdarchive/search.py), so a count never disagrees with
the results it narrows to. When more than RANK_LIMIT articles match, the counts
cover the RANK_LIMIT most recently archived matches and say so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, sessionmaker

from models import fulltext
from models.tables import Article, Site
from rdarchive.search import RANK_LIMIT, Filters, check_sites, filter_conditions, match_clause

FACETS = ("site", "province", "channel", "year")


@dataclass(frozen=True)
class FacetValue:
    value: str  # what the filter takes (a site slug, a province name, a channel, a year)
    label: str
    count: int


def _year(dialect: str) -> ColumnElement[str]:
    """The year of publication in Beijing time."""
    if dialect == "sqlite":
        # Stored as UTC text (models/types.py).
        return func.strftime("%Y", Article.published_at, "+8 hours")
    return func.to_char(func.timezone("Asia/Shanghai", Article.published_at), "YYYY")


def facet_counts(
    sessions: sessionmaker[Session], query: str, filters: Filters | None = None, top: int = 15
) -> dict[str, list[FacetValue]]:
    """The `top` most frequent values of every facet among the query's (newest RANK_LIMIT) matches."""
    node = fulltext.parse_query(query)
    f = filters or Filters()
    with sessions() as s:
        check_sites(s, f)
        dialect = s.get_bind().dialect.name
        cond, _ = match_clause(dialect, node)
        newest = (
            select(Article.id)
            .where(cond, *filter_conditions(f))
            .order_by(Article.id.desc())
            .limit(RANK_LIMIT)
            .subquery()
        )
        rows = s.execute(
            select(Site.slug, Site.name, Article.province, Article.channel, _year(dialect))
            .select_from(Article)
            .join(Site, Site.id == Article.site_id)
            .where(Article.id.in_(select(newest.c.id)))
        ).all()
    names = {slug: name for slug, name, *_ in rows}
    counters = {k: Counter[str]() for k in FACETS}
    for slug, _name, province, channel, year in rows:
        counters["site"][slug] += 1
        for key, value in (("province", province), ("channel", channel), ("year", year)):
            if value:
                counters[key][value] += 1
    by_facet = {}
    for key, counter in counters.items():
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        if key == "year":
            ranked.sort(key=lambda kv: kv[0], reverse=True)
        by_facet[key] = [FacetValue(v, f"{names[v]} ({v})" if key == "site" else v, n) for v, n in ranked]
    return by_facet

"""The search page /search: the query box, ranked hits with highlighted snippets, facets, paging.

The query language, matching and ranking are rdarchive/search.py's (the same
code `rdarchive search` runs); the facets are rdarchive/facets.py's over the
same matches. This module only turns the page's parameters into those calls
and their answers into values for rd_search.html.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models.fulltext import QueryError
from models.tables import Article, Site
from rdarchive import facets, search
from rdarchive.beijing import published

PAGE_SIZE = 20
# Private-use characters mark matches in snippets; the template escapes the text, then makes them <mark>.
MARKS = ("\ue000", "\ue001")
FACET_LABELS = {"site": "Site 网站", "province": "Province 省份", "channel": "Channel 栏目", "year": "Year 年份"}


@dataclass(frozen=True)
class Params:
    q: str = ""
    site: tuple[str, ...] = ()
    province: str | None = None
    channel: str | None = None
    year: str | None = None
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_args(cls, args: dict[str, list[str]]) -> Params:
        def one(name: str) -> str | None:
            values = [v.strip() for v in args.get(name, []) if v.strip()]
            return values[-1] if values else None

        sort = one("sort") or "relevance"
        if sort not in search.SORTS:
            raise ValueError(f"unknown sort {sort!r}: one of {', '.join(search.SORTS)}")
        year = one("year")
        if year is not None and not (year.isdigit() and len(year) == 4):
            raise ValueError(f"bad year {year!r}: four digits, e.g. 2024")
        try:
            page = int(one("page") or 1)
        except ValueError:
            raise ValueError("page must be a number") from None
        if page < 1:
            raise ValueError("page must be 1 or more")
        sites = tuple(dict.fromkeys(s for v in args.get("site", []) for s in v.split(",") if s.strip()))
        return cls(one("q") or "", sites, one("province"), one("channel"), year, sort, page)

    def filters(self) -> search.Filters:
        f = search.Filters(
            site=list(self.site), province=[self.province] if self.province else [], channel=self.channel
        )
        if self.year:
            f.date_from = search.parse_when(self.year)
            f.date_to = search.parse_when(self.year, end=True)
        return f

    def url(self, **change: object) -> str:
        """This search with some parameters changed (back to page 1 unless a page is given)."""
        values: dict[str, object] = {
            "q": self.q,
            "site": list(self.site),
            "province": self.province,
            "channel": self.channel,
            "year": self.year,
            "sort": self.sort,
            "page": 1,
        }
        values.update(change)
        pairs = []
        for k, v in values.items():
            for item in v if isinstance(v, list) else [v]:
                if item in (None, "") or (k, item) in (("page", 1), ("sort", "relevance")):
                    continue
                pairs.append((k, str(item)))
        return "/search" + ("?" + urlencode(pairs) if pairs else "")


@dataclass(frozen=True)
class ResultRow:
    id: int
    title: str  # with match marks
    snippet: str
    site: str
    published: str
    region: str | None
    channel: str | None
    url: str
    cluster_size: int
    # The attachment the snippet comes from, when the match is in its text.
    in_attachment: str | None = None


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    selected: bool
    href: str


@dataclass
class SearchPage:
    params: Params
    rows: list[ResultRow] = field(default_factory=list)
    matches: int = 0
    approximate: bool = False
    facets: dict[str, list[FacetLink]] = field(default_factory=dict)
    facets_partial: bool = False
    error: str | None = None
    archive_size: int = 0
    site_count: int = 0

    @property
    def first(self) -> int:
        return (self.params.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    @property
    def previous_href(self) -> str | None:
        return self.params.url(page=self.params.page - 1) if self.params.page > 1 else None

    @property
    def next_href(self) -> str | None:
        # Beyond RANK_LIMIT matches the count is a floor: a full page means there may be more.
        more = len(self.rows) == PAGE_SIZE if self.matches > search.RANK_LIMIT else self.last < self.matches
        return self.params.url(page=self.params.page + 1) if self.rows and more else None

    @property
    def sort_links(self) -> list[tuple[str, str, bool]]:
        """(label, href, current) for relevance and date order."""
        return [
            ("Relevance 相关度", self.params.url(sort="relevance"), self.params.sort == "relevance"),
            ("Newest first 最新", self.params.url(sort="date"), self.params.sort == "date"),
        ]


def _title(hit: search.Hit) -> str:
    """The highlighted title when the match is in it, else the title as the site wrote it."""
    if hit.title_matches:
        return hit.marked_title(MARKS) or ""
    return hit.title or "(untitled)"


def _published(hit: search.Hit) -> str:
    return published(datetime.fromisoformat(hit.published_at) if hit.published_at else None)


def _facet_links(p: Params, found: dict[str, list[facets.FacetValue]]) -> dict[str, list[FacetLink]]:
    selected: dict[str, set[str | None]] = {
        "site": set(p.site),
        "province": {p.province},
        "channel": {p.channel},
        "year": {p.year},
    }
    out: dict[str, list[FacetLink]] = {}
    for key, values in found.items():
        links = []
        for v in values:
            on = v.value in selected[key]
            if key == "site":
                chosen = selected["site"] - {v.value} if on else selected["site"] | {v.value}
                href = p.url(site=sorted(s for s in chosen if s))
            else:
                href = p.url(**{key: None if on else v.value})
            links.append(FacetLink(v.label, v.count, on, href))
        out[FACET_LABELS[key]] = links
    return out


def _archive_counts(s: Session) -> tuple[int, int]:
    return s.scalar(select(func.count()).select_from(Article)) or 0, s.scalar(
        select(func.count()).select_from(Site)
    ) or 0


def run(sessions: sessionmaker[Session], p: Params) -> SearchPage:
    """The page for these parameters; a query that cannot be understood comes back as page.error."""
    page = SearchPage(p)
    with sessions() as s:
        page.archive_size, page.site_count = _archive_counts(s)
    if not p.q:
        return page
    filters = p.filters()
    try:
        hits, counts = search.search_page(
            sessions,
            p.q,
            filters=filters,
            sort=p.sort,
            limit=PAGE_SIZE,
            offset=(p.page - 1) * PAGE_SIZE,
        )
        found = facets.facet_counts(sessions, p.q, filters)
    except (QueryError, ValueError) as e:
        page.error = str(e)
        return page
    page.matches, page.approximate = counts.matches, counts.approximate
    page.facets_partial = counts.matches > search.RANK_LIMIT
    page.facets = _facet_links(p, found)
    page.rows = [
        ResultRow(
            id=h.id or 0,
            title=_title(h),
            snippet=h.marked_snippet(MARKS),
            site=h.site,
            published=_published(h),
            region=h.region,
            channel=h.channel,
            url=h.url,
            cluster_size=h.cluster_size,
            in_attachment=h.in_attachment,
        )
        for h in hits
    ]
    return page

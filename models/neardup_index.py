"""The persistent near-duplicate index: LSH keys in the archive, clusters grown per article.

Each stored article's MinHash signature is banded into LSH keys (table
lsh_keys). A new article looks up articles sharing any key, verifies them by
signature similarity, and joins (or merges) their clusters. Nothing is held
in memory between articles, so nightly runs extend the clusters of earlier
runs at a cost per article that grows only with the index depth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from models.tables import Article, ArticleFingerprint, Cluster, LshKey, Site
from models.types import utcnow
from pipelines import storyfacts
from pipelines.neardup import THRESHOLD, lsh_keys, similarity
from pipelines.textnorm import normalize_text

# Bound on candidates verified per article: stock phrases shared by thousands
# of articles must not make one insert scan them all.
MAX_CANDIDATES = 500

# Built once: indexing runs for every stored article, and building, compiling and running
# ORM statements per article cost several times the database work (measured by
# benchmarks/dedupe_scale.py). They run on the session's connection, after one flush.
_DROP_KEYS = delete(LshKey).where(LshKey.article_id == bindparam("aid"))
_DROP_FINGERPRINT = delete(ArticleFingerprint).where(ArticleFingerprint.article_id == bindparam("aid"))
_ADD_FINGERPRINT = insert(ArticleFingerprint)
_ADD_KEYS = insert(LshKey)
# Candidates sharing a band key, with their signatures, in one statement.
_CANDIDATES = select(ArticleFingerprint.article_id, ArticleFingerprint.signature).where(
    ArticleFingerprint.article_id.in_(
        select(LshKey.article_id)
        .where(LshKey.key.in_(bindparam("keys", expanding=True)), LshKey.article_id != bindparam("exclude"))
        .distinct()
        .limit(MAX_CANDIDATES)
        .scalar_subquery()
    )
)

# What tells template news apart, for the candidates that passed the similarity check
# and for the other members of their clusters.
_STORY_COLUMNS = (
    Article.id,
    Article.cluster_id,
    Article.title,
    func.substr(Article.body_normalized, 1, 4 * storyfacts.LEAD_CHARS),
    Article.published_at,
)
_STORIES = select(*_STORY_COLUMNS).where(Article.id.in_(bindparam("ids", expanding=True)))
# Bound on the members read to check that a text may join their clusters.
MAX_MEMBERS = 200
_CLUSTER_STORIES = (
    select(*_STORY_COLUMNS).where(Article.cluster_id.in_(bindparam("cids", expanding=True))).limit(MAX_MEMBERS)
)


def index_article(s: Session, article: Article, sig: bytes | None) -> list[int]:
    """(Re)index one article and update its cluster; returns the matched article ids."""
    s.flush()  # the article row (and any pending change of it) is in the database from here on
    conn = s.connection()
    if article.cluster_id is not None:
        _leave_cluster(s, article)
    conn.execute(_DROP_KEYS, {"aid": article.id})
    conn.execute(_DROP_FINGERPRINT, {"aid": article.id})
    if sig is None:
        return []
    story = story_of(article.title, article.body_normalized, article.published_at)
    matches = find_matches(s, sig, exclude_id=article.id, story=story)
    conn.execute(_ADD_FINGERPRINT, {"article_id": article.id, "signature": sig})
    conn.execute(_ADD_KEYS, [{"key": k, "article_id": article.id} for k in sorted(set(lsh_keys(sig)))])
    if matches:
        _join(s, article, matches)
    return matches


def find_matches(
    s: Session, sig: bytes, exclude_id: int | None = None, story: storyfacts.Story | None = None
) -> list[int]:
    """Stored articles whose text is a near duplicate of the signature's (read only).

    With the text's `story` (facts of its title and lead, its publish date), only the
    copies it may join: none that tells another story (the next meeting's notice), none
    whose cluster holds one, and no two that tell different stories from each other."""
    rows = s.connection().execute(
        _CANDIDATES, {"keys": sorted(set(lsh_keys(sig))), "exclude": -1 if exclude_id is None else exclude_id}
    )
    similar = {aid: sim for aid, other in rows if (sim := similarity(sig, other)) >= THRESHOLD}
    if not similar or story is None:
        return sorted(similar)
    return _compatible(s, story, similar)


def _compatible(s: Session, story: storyfacts.Story, similar: dict[int, float]) -> list[int]:
    """The near duplicates a text may join, cluster by cluster.

    Clusters grow by single links (a mirror of a repost joins the original's copies),
    so a link that would put two stories in one cluster is refused: a cluster holding
    a member apart from the text is not joined, and where the text matches several
    groups apart from each other (a rewritten lead matches two meetings' notices alike)
    it joins the one published closest to it, then the most similar."""
    conn = s.connection()
    rows = {r[0]: r for r in conn.execute(_STORIES, {"ids": sorted(similar)})}
    stories = {aid: story_of(*r[2:]) for aid, r in rows.items()}
    groups: dict[int | tuple[str, int], list[int]] = {}
    for aid, r in rows.items():
        if not storyfacts.apart(story, stories[aid]):
            groups.setdefault(r[1] if r[1] is not None else ("alone", aid), []).append(aid)
    members: dict[int | tuple[str, int], list[storyfacts.Story]] = {
        key: [stories[key[1]]] for key in groups if isinstance(key, tuple)
    }
    clusters = [key for key in groups if isinstance(key, int)]
    if clusters:
        for r in conn.execute(_CLUSTER_STORIES, {"cids": clusters}):
            members.setdefault(r[1], []).append(stories.get(r[0]) or story_of(*r[2:]))
    eligible = [key for key in groups if not any(storyfacts.apart(story, m) for m in members.get(key, ()))]

    def affinity(key: int | tuple[str, int]) -> tuple[float, float]:
        return (min(_days(story, stories[a]) for a in groups[key]), -max(similar[a] for a in groups[key]))

    chosen: list[int] = []
    joined: list[storyfacts.Story] = []
    for key in sorted(eligible, key=affinity):
        these = members.get(key, [])
        if any(storyfacts.apart(a, b) for a in these for b in joined):
            continue
        chosen.extend(groups[key])
        joined.extend(these)
    return sorted(chosen)


def _days(a: storyfacts.Story, b: storyfacts.Story) -> float:
    if a.published is None or b.published is None:
        return float("inf")
    return abs((a.published - b.published).total_seconds()) / 86400


def story_of(title: str | None, body_normalized: str | None, published_at: datetime | None) -> storyfacts.Story:
    """The facts that tell a stored text from template news like it."""
    return storyfacts.story(normalize_text(title) if title else None, body_normalized or "", published_at)


def refresh_statistics(engine: Engine) -> None:
    """Planner statistics for the index tables, on PostgreSQL (SQLite needs none).

    Without them (autovacuum off, or a first large crawl before it ran) PostgreSQL
    plans the candidate lookup as a parallel scan: about 10 ms per article instead
    of well under one, measured by benchmarks/dedupe_scale.py. ANALYZE only samples
    the tables, so it stays cheap at any size; crawls call refresh_statistics_if_due.
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE lsh_keys, article_fingerprints"))


# ANALYZE once this share of an index table has changed since its last statistics (plus a floor, so
# small archives are not analyzed after every run); PostgreSQL's own autovacuum uses the same rule.
ANALYZE_SHARE = 0.1
ANALYZE_FLOOR = 500
_INDEX_TABLES = ("lsh_keys", "article_fingerprints")
_STATS = text(
    "SELECT relname, n_live_tup, n_mod_since_analyze, "
    "(last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analyzed "
    "FROM pg_stat_user_tables WHERE relid = ANY(CAST(:oids AS oid[]))"
)


def analyze_due(live_rows: int, changed_rows: int, analyzed: bool) -> bool:
    """Are a table's planner statistics stale enough to be refreshed?

    A table never analyzed always is (its row counts in pg_stat lag its writers by
    up to a few seconds, so they cannot tell an empty table from a fresh one).
    """
    if not analyzed:
        return True
    return changed_rows > ANALYZE_FLOOR + ANALYZE_SHARE * live_rows


def refresh_statistics_if_due(engine: Engine) -> bool:
    """Batched statistics: ANALYZE the index tables only when enough of them changed.

    Thousands of small site runs a night each change a few rows; analyzing after
    every one of them would repeat the same sampling thousands of times. Only one
    process analyzes at a time (a transaction-scoped advisory lock): the others
    skip. Returns whether statistics were refreshed.
    """
    if engine.dialect.name != "postgresql":
        return False
    with engine.begin() as conn:
        oids = [conn.execute(text("SELECT CAST(to_regclass(:t) AS oid)"), {"t": t}).scalar() for t in _INDEX_TABLES]
        rows = conn.execute(_STATS, {"oids": [o for o in oids if o is not None]}).all()
        if not any(analyze_due(r.n_live_tup, r.n_mod_since_analyze, r.analyzed) for r in rows):
            return False
        got = conn.execute(
            text("SELECT pg_try_advisory_xact_lock(CAST(:k AS bigint))"), {"k": archive_lock_key(conn, "analyze")}
        ).scalar()
        if not got:
            return False
        conn.execute(text("ANALYZE lsh_keys, article_fingerprints"))
    return True


def archive_lock_key(conn: Connection, name: str) -> int:
    """A 64-bit advisory-lock key for `name` in this archive (database and schema).

    Tests and some installations keep several archives in one database, one
    schema each: a key for the database alone would make them block each other.
    """
    key = conn.execute(
        text(
            "SELECT CAST(CAST(('x' || substr(md5(current_database() || '/' || coalesce(current_schema(), '') "
            "|| '/' || :n), 1, 16)) AS bit(64)) AS bigint)"
        ),
        {"n": f"rdarchive:{name}"},
    ).scalar()
    assert key is not None  # md5 of a non-null text is never null
    return int(key)


@dataclass
class ClusterInfo:
    id: int | None
    size: int
    canonical_id: int | None
    canonical_url: str | None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "size": self.size,
            "canonical_id": self.canonical_id,
            "canonical_url": self.canonical_url,
        }


def cluster_info(s: Session, article: Article) -> ClusterInfo:
    """The article's cluster; an article without copies is its own cluster of one."""
    if article.cluster_id is None:
        return ClusterInfo(None, 1, article.id, article.url)
    cluster = s.get(Cluster, article.cluster_id)
    if cluster is None:
        raise LookupError(f"article {article.id}: its cluster {article.cluster_id} does not exist")
    canonical = s.get(Article, cluster.canonical_id) if cluster.canonical_id else None
    return ClusterInfo(cluster.id, cluster.size, cluster.canonical_id, canonical.url if canonical else None)


def has_fingerprint(s: Session, article_id: int) -> bool:
    return s.get(ArticleFingerprint, article_id) is not None


def _join(s: Session, article: Article, matches: list[int]) -> None:
    members = [article.id, *matches]
    clusters = s.scalars(select(Article.cluster_id).where(Article.id.in_(matches), Article.cluster_id.is_not(None)))
    existing = sorted({cid for cid in clusters if cid is not None})
    if existing:
        target, merged = existing[0], existing[1:]
        if merged:
            # This article bridges two stories' copies: they are one cluster now.
            s.execute(update(Article).where(Article.cluster_id.in_(merged)).values(cluster_id=target))
            s.execute(delete(Cluster).where(Cluster.id.in_(merged)))
    else:
        cluster = Cluster(size=0)
        s.add(cluster)
        s.flush()
        target = cluster.id
    s.execute(update(Article).where(Article.id.in_(members)).values(cluster_id=target))
    article.cluster_id = target
    refresh_cluster(s, target)


def _leave_cluster(s: Session, article: Article) -> None:
    old = article.cluster_id
    s.execute(update(Article).where(Article.id == article.id).values(cluster_id=None))
    article.cluster_id = None
    if old is not None:
        refresh_cluster(s, old)


def refresh_cluster(s: Session, cluster_id: int) -> None:
    """Size and canonical member; a cluster of one is dissolved."""
    size = s.scalar(select(func.count()).select_from(Article).where(Article.cluster_id == cluster_id)) or 0
    if size < 2:
        s.execute(update(Article).where(Article.cluster_id == cluster_id).values(cluster_id=None))
        s.execute(delete(Cluster).where(Cluster.id == cluster_id))
        return
    canonical = s.scalar(
        select(Article.id)
        .join(Site)
        .where(Article.cluster_id == cluster_id)
        .order_by(Site.official.desc(), Article.published_at.asc().nulls_last(), Article.first_seen, Article.id)
        .limit(1)
    )
    s.execute(
        update(Cluster).where(Cluster.id == cluster_id).values(size=size, canonical_id=canonical, updated_at=utcnow())
    )

"""The persistent near-duplicate index: LSH keys in the archive, clusters grown per article.

Each stored article's MinHash signature is banded into LSH keys (table
lsh_keys). A new article looks up articles sharing any key, verifies them by
signature similarity, and joins (or merges) their clusters. Nothing is held
in memory between articles, so nightly runs extend the clusters of earlier
runs at a cost per article that grows only with the index depth.
"""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from models.tables import Article, ArticleFingerprint, Cluster, LshKey, Site
from models.types import utcnow
from pipelines.neardup import THRESHOLD, lsh_keys, similarity

# Bound on candidates verified per article: stock phrases shared by thousands
# of articles must not make one insert scan them all.
MAX_CANDIDATES = 500


def index_article(s: Session, article: Article, sig: bytes | None) -> list[int]:
    """(Re)index one article and update its cluster; returns the matched article ids."""
    if article.cluster_id is not None:
        _leave_cluster(s, article)
    s.execute(delete(LshKey).where(LshKey.article_id == article.id))
    s.execute(delete(ArticleFingerprint).where(ArticleFingerprint.article_id == article.id))
    if sig is None:
        return []
    keys = sorted(set(lsh_keys(sig)))
    candidates = s.scalars(
        select(LshKey.article_id).where(LshKey.key.in_(keys), LshKey.article_id != article.id)
        .distinct().limit(MAX_CANDIDATES)
    ).all()
    matches: list[int] = []
    if candidates:
        rows = s.execute(select(ArticleFingerprint.article_id, ArticleFingerprint.signature)
                         .where(ArticleFingerprint.article_id.in_(candidates))).all()
        matches = sorted(aid for aid, other in rows if similarity(sig, other) >= THRESHOLD)
    s.add(ArticleFingerprint(article_id=article.id, signature=sig))
    s.execute(insert(LshKey), [{"key": k, "article_id": article.id} for k in keys])
    if matches:
        _join(s, article, matches)
    return matches


def has_fingerprint(s: Session, article_id: int) -> bool:
    return s.get(ArticleFingerprint, article_id) is not None


def _join(s: Session, article: Article, matches: list[int]) -> None:
    members = [article.id, *matches]
    existing = sorted(set(s.scalars(select(Article.cluster_id).where(
        Article.id.in_(matches), Article.cluster_id.is_not(None))).all()))
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
    refresh_cluster(s, old)


def refresh_cluster(s: Session, cluster_id: int) -> None:
    """Size and canonical member; a cluster of one is dissolved."""
    size = s.scalar(select(func.count()).select_from(Article).where(Article.cluster_id == cluster_id))
    if size < 2:
        s.execute(update(Article).where(Article.cluster_id == cluster_id).values(cluster_id=None))
        s.execute(delete(Cluster).where(Cluster.id == cluster_id))
        return
    canonical = s.scalar(
        select(Article.id).join(Site).where(Article.cluster_id == cluster_id)
        .order_by(Site.official.desc(), Article.published_at.asc().nulls_last(),
                  Article.first_seen, Article.id).limit(1)
    )
    s.execute(update(Cluster).where(Cluster.id == cluster_id)
              .values(size=size, canonical_id=canonical, updated_at=utcnow()))

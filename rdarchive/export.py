"""`rdarchive export`: stream articles as JSONL, one object per line."""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from models.tables import Article, Cluster, Site


def article_record(a: Article, site: Site, cluster: dict[str, Any] | None = None) -> dict[str, Any]:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "id": a.id, "url": a.url, "site": site.slug, "site_name": site.name,
        "title": a.title, "subtitle": a.subtitle, "body": a.body, "body_normalized": a.body_normalized,
        "source": a.source, "authors": a.authors, "editors": a.editors,
        "responsible_editors": a.responsible_editors, "reviewers": a.reviewers,
        "published_at": iso(a.published_at), "date_basis": a.date_basis,
        "channel": a.channel, "breadcrumb": a.breadcrumb,
        "region": {"province": a.province, "province_code": a.province_code, "city": a.city,
                   "city_code": a.city_code, "county": a.county, "county_code": a.county_code,
                   "code": a.region_code, "basis": a.region_basis},
        "content_hash": a.content_hash, "duplicate_of": a.duplicate_of_id, "version": a.version,
        # An article without known copies is its own cluster of one.
        "cluster": cluster or {"id": None, "size": 1, "canonical_id": a.id, "canonical_url": a.url},
        "http_status": a.http_status, "extraction_method": a.extraction_method, "template": a.template,
        "first_seen": iso(a.first_seen), "last_seen": iso(a.last_seen),
        "crawl_run_id": a.crawl_run_id, "last_run_id": a.last_run_id,
    }


@contextmanager
def open_output(out: str, force: bool) -> Iterator[IO[str]]:
    if out == "-":
        yield sys.stdout
        return
    path = Path(out)
    if path.exists() and not force:
        raise FileExistsError(f"{out} exists; pass --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            yield fh
    else:
        with io.open(path, "w", encoding="utf-8") as fh:
            yield fh


def export(sessions: sessionmaker[Session], out: str, site: str | None = None, force: bool = False) -> int:
    """Write every (matching) article; returns the number of lines written."""
    canonical = aliased(Article)
    stmt = (select(Article, Site, Cluster.size, Cluster.canonical_id, canonical.url).select_from(Article)
            .join(Site, Article.site_id == Site.id)
            .outerjoin(Cluster, Article.cluster_id == Cluster.id)
            .outerjoin(canonical, canonical.id == Cluster.canonical_id).order_by(Article.id))
    if site:
        stmt = stmt.where(Site.slug == site)
    n = 0
    with open_output(out, force) as fh, sessions() as s:
        # Stream in batches: the archive may hold millions of rows.
        for a, st, size, canonical_id, canonical_url in s.execute(stmt.execution_options(yield_per=1000)):
            cluster = ({"id": a.cluster_id, "size": size, "canonical_id": canonical_id,
                        "canonical_url": canonical_url} if a.cluster_id else None)
            fh.write(json.dumps(article_record(a, st, cluster), ensure_ascii=False) + "\n")
            n += 1
    return n


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="file (.jsonl or .jsonl.gz) or - for stdout")
    p.add_argument("--site")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def export_command(args: argparse.Namespace, sessions: sessionmaker[Session]) -> int:
    n = export(sessions, args.out, site=args.site, force=args.force)
    if args.out != "-":
        print(f"exported {n} articles to {args.out}", file=sys.stderr)
    return 0

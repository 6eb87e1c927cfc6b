"""`rdarchive sites`: every known site with its archive status."""
from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models.tables import Article, CrawlRun, Site
from rdarchive.spiders import all_spiders


def site_rows(sessions: sessionmaker[Session]) -> list[dict]:
    rows = []
    with sessions() as s:
        counts = dict(s.execute(select(Site.slug, func.count(Article.id)).join(Article, isouter=True)
                                .group_by(Site.slug)).all())
        recent = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1000)).all()
        for slug, cls in all_spiders().items():
            last = next((r for r in recent if slug in r.sites), None)
            rows.append({
                "site": slug, "name": cls.site_name, "province": cls.province or "全国",
                "region_code": cls.region_code, "domains": list(cls.allowed_domains),
                "evidence": cls.evidence,
                "last_crawl": last.started_at.isoformat() if last else None,
                "last_status": last.status if last else None,
                "articles": counts.get(slug, 0),
            })
    return rows


def render(rows: list[dict], as_json: bool) -> str:
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    out = [f"{'site':10} {'name':14} {'province':8} {'evidence':10} {'articles':>8}  last crawl"]
    for r in rows:
        last = f"{r['last_crawl'][:16]} {r['last_status']}" if r["last_crawl"] else "never"
        out.append(f"{r['site']:10} {r['name']:14} {r['province']:8} {r['evidence']:10} {r['articles']:>8}  {last}")
    return "\n".join(out)

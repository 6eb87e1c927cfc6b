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
                "evidence": "unsupported" if cls.unsupported else cls.evidence,
                "evidence_note": cls.unsupported or cls.evidence_note or None,
                "last_crawl": last.started_at.isoformat() if last else None,
                "last_status": last.status if last else None,
                "health": last.health if last else None,
                "last_problem": last.error_summary if last else None,
                "articles": counts.get(slug, 0),
            })
    return rows


def render(rows: list[dict], as_json: bool) -> str:
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    out = [f"{'site':10} {'name':16} {'province':8} {'evidence':15} {'articles':>8}  last crawl"]
    for r in rows:
        last = "never"
        if r["last_crawl"]:
            last = f"{r['last_crawl'][:16]} {r['last_status']}"
            if r["health"] == "failing":
                last += f" FAILING: {r['last_problem']}"
        out.append(f"{r['site']:10} {r['name']:16} {r['province']:8} {r['evidence']:15} {r['articles']:>8}  {last}")
        out.append(f"{'':10} {', '.join(r['domains'])}" + (f"  ({r['evidence_note']})" if r["evidence_note"] else ""))
    return "\n".join(out)

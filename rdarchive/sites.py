"""`rdarchive sites`: every known site with its archive status."""

from __future__ import annotations

import json

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.status import Health
from models.tables import Article, CrawlRun, Site, TemplateDrift
from pipelines.region import region_from_code
from rdarchive.search import display_width, pad
from rdarchive.spiders import all_spiders


def jurisdiction(code: str | None) -> str:
    """全国, a province, or a province with its city / district: whose congress the site is."""
    region = region_from_code(code)
    return " ".join(filter(None, (region.province, region.city, region.county))) or "全国"


def site_rows(sessions: sessionmaker[Session]) -> list[dict]:
    rows = []
    with sessions() as s:
        counts = {
            slug: (total, withdrawn or 0, changed or 0)
            for slug, total, withdrawn, changed in s.execute(
                select(
                    Site.slug,
                    func.count(Article.id),
                    func.sum(case((Article.withdrawn_at.is_not(None), 1), else_=0)),
                    func.sum(case((Article.version > 1, 1), else_=0)),
                )
                .join(Article, isouter=True)
                .group_by(Site.slug)
            ).all()
        }
        recent = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1000)).all()
        spiders = all_spiders()
        for slug, cls in spiders.items():
            last = next((r for r in recent if slug in r.sites), None)
            drift = _drift(s, last, slug) if last is not None and last.pages_drifted else None
            rows.append(
                {
                    "site": slug,
                    "name": cls.site_name,
                    "province": cls.province or "全国",
                    "region_code": cls.region_code,
                    "jurisdiction": jurisdiction(cls.region_code),
                    "domains": list(cls.allowed_domains),
                    "evidence": "unsupported" if cls.unsupported else cls.evidence,
                    "evidence_note": cls.unsupported or cls.evidence_note or None,
                    "last_crawl": last.started_at.isoformat() if last else None,
                    "last_status": last.status if last else None,
                    "health": last.health if last else None,
                    "last_problem": last.error_summary if last else None,
                    "drift": drift,
                    "articles": counts.get(slug, (0, 0, 0))[0],
                    # Pages the site withdrew (search/export --withdrawn) and pages whose text
                    # changed after it was archived (--changed; rdarchive diff ID).
                    "withdrawn": counts.get(slug, (0, 0, 0))[1],
                    "changed": counts.get(slug, (0, 0, 0))[2],
                }
            )
        # Sites crawled by URL alone (no module, no definition): what the archive recorded about them.
        for site in s.scalars(select(Site).where(Site.slug.not_in(list(spiders))).order_by(Site.slug)):
            last = next((r for r in recent if site.slug in r.sites), None)
            total, withdrawn, changed = counts.get(site.slug, (0, 0, 0))
            rows.append(
                {
                    "site": site.slug,
                    "name": site.name,
                    "province": site.province or ("全国" if site.region_code else "unknown"),
                    "region_code": site.region_code,
                    "jurisdiction": jurisdiction(site.region_code) if site.region_code else "unknown",
                    "domains": list(site.domains),
                    "evidence": site.evidence or "generic",
                    "evidence_note": "crawled by URL (discovery, no site definition)",
                    "last_crawl": last.started_at.isoformat() if last else None,
                    "last_status": last.status if last else None,
                    "health": last.health if last else None,
                    "last_problem": last.error_summary if last else None,
                    "drift": _drift(s, last, site.slug) if last is not None and last.pages_drifted else None,
                    "articles": total,
                    "withdrawn": withdrawn,
                    "changed": changed,
                }
            )
    return rows


# Example pages of a site's template drift `sites` shows.
DRIFT_SHOWN = 3


def _drift(s: Session, run: CrawlRun, slug: str) -> dict:
    """The last run's template drift: how many pages, and a few of them with the reason."""
    examples = s.scalars(
        select(TemplateDrift)
        .where(TemplateDrift.run_id == run.id, TemplateDrift.site == slug)
        .order_by(TemplateDrift.id)
        .limit(DRIFT_SHOWN)
    ).all()
    return {
        "pages": run.pages_drifted,
        "examples": [{"kind": d.kind, "url": d.url, "reason": d.reason} for d in examples],
    }


def render(rows: list[dict], as_json: bool) -> str:
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    width = max([8] + [display_width(r["jurisdiction"]) for r in rows])
    out = [
        f"{'site':10} {pad('name', 22)} {pad('jurisdiction', width)} {'evidence':15} {'articles':>8} "
        f"{'withdrawn':>9} {'changed':>7}  last crawl"
    ]
    for r in rows:
        last = "never"
        if r["last_crawl"]:
            last = f"{r['last_crawl'][:16].replace('T', ' ')} {r['last_crawl'][-6:]} {r['last_status']}"
            if r["health"] == Health.FAILING:
                last += f" FAILING: {r['last_problem']}"
            elif r["health"] == Health.DEGRADED:
                last += " DEGRADED"
        out.append(
            f"{r['site']:10} {pad(r['name'], 22)} {pad(r['jurisdiction'], width)} {r['evidence']:15} "
            f"{r['articles']:>8} {r['withdrawn']:>9} {r['changed']:>7}  {last}"
        )
        out.append(f"{'':10} {', '.join(r['domains'])}" + (f"  ({r['evidence_note']})" if r["evidence_note"] else ""))
        if r["drift"]:
            out.append(
                f"{'':10} template drift: {r['drift']['pages']} pages no longer fit the site's definition "
                f"(the generic path archived them); e.g."
            )
            out.extend(f"{'':12} {d['kind']} page {d['url']}" for d in r["drift"]["examples"])
    return "\n".join(out)

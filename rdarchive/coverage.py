"""`rdarchive sites --jurisdictions`: which of China's prefecture and county congresses have a site here.

The units are those of the GB/T 2260 table cpca ships (the gazetteer pipelines/region.py reads): the
prefecture level (地级: cities, autonomous prefectures, leagues) and the county level (县级: counties,
districts, county-level cities, banners). A unit "has a site" when a site module or definition declares
its code as the jurisdiction, and "was crawled" when such a site has a crawl run in the archive.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models.tables import CrawlRun

# Rows of the code table that group units without being one: a municipality's 市辖区 / 县 and the
# county-level cities a province administers directly (their counties are counted, the grouping is not).
GROUPINGS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# Hong Kong, Macao and Taiwan are in the table but have no people's congresses.
NO_CONGRESS = frozenset({"71", "81", "82"})
LEVELS = {1: "prefecture", 2: "county"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str  # prefecture / county
    province: str


@lru_cache(maxsize=1)
def gazetteer_units() -> tuple[tuple[Unit, ...], dict[str, str]]:
    """Prefecture and county units of the mainland, and province code prefix -> province name."""
    import cpca  # heavy (pandas): only when coverage is asked for

    provinces = {
        code[:2]: info.name
        for code, info in cpca.ad_2_addr_dict.items()
        if info.rank == 0 and code[:2] not in NO_CONGRESS
    }
    units = tuple(
        sorted(
            (
                Unit(code[:6], info.name, LEVELS[info.rank], provinces[code[:2]])
                for code, info in cpca.ad_2_addr_dict.items()
                if info.rank in LEVELS and info.name not in GROUPINGS and code[:2] in provinces
            ),
            key=lambda u: u.code,
        )
    )
    return units, provinces


@dataclass
class Coverage:
    units: dict[str, int] = field(default_factory=dict)  # level -> units in the table
    with_site: dict[str, list[str]] = field(default_factory=dict)  # level -> unit codes with a site
    crawled: dict[str, list[str]] = field(default_factory=dict)  # level -> unit codes whose site was crawled
    provinces_without: list[str] = field(default_factory=list)  # no prefecture or county site at all
    sites: dict[str, list[str]] = field(default_factory=dict)  # unit code -> site slugs

    def as_dict(self) -> dict[str, object]:
        return {
            "levels": {
                level: {
                    "units": self.units[level],
                    "with_site": len(self.with_site[level]),
                    "crawled": len(self.crawled[level]),
                }
                for level in self.units
            },
            "sites": self.sites,
            "provinces_without_local_sites": self.provinces_without,
        }


def coverage(site_codes: Mapping[str, str | None], crawled_sites: Iterable[str]) -> Coverage:
    """Coverage of the gazetteer's units by sites (slug -> jurisdiction code) and crawled slugs."""
    units, provinces = gazetteer_units()
    by_code: dict[str, list[str]] = {}
    for slug, code in site_codes.items():
        if code:
            by_code.setdefault(code[:6], []).append(slug)
    crawled = set(crawled_sites)
    result = Coverage()
    covered_provinces = set()
    for level in LEVELS.values():
        level_units = [u for u in units if u.level == level]
        result.units[level] = len(level_units)
        result.with_site[level] = [u.code for u in level_units if u.code in by_code]
        result.crawled[level] = [u.code for u in level_units if crawled & set(by_code.get(u.code, ()))]
        covered_provinces |= {u.code[:2] for u in level_units if u.code in by_code}
    result.sites = {code: sorted(slugs) for code, slugs in sorted(by_code.items())}
    result.provinces_without = [name for prefix, name in sorted(provinces.items()) if prefix not in covered_provinces]
    return result


def crawled_slugs(sessions: sessionmaker[Session]) -> set[str]:
    with sessions() as s:
        return {slug for sites in s.scalars(select(CrawlRun.sites)) for slug in (sites or [])}


def render(result: Coverage, as_json: bool) -> str:
    if as_json:
        return json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
    units, _ = gazetteer_units()
    names = {u.code: f"{u.province} {u.name}" for u in units}
    out = [f"{'level':12} {'units':>6} {'with a site':>12} {'crawled':>8}"]
    for level, total in result.units.items():
        out.append(f"{level:12} {total:>6} {len(result.with_site[level]):>12} {len(result.crawled[level]):>8}")
    for level in result.units:
        for code in result.with_site[level]:
            mark = "crawled" if code in result.crawled[level] else "not crawled yet"
            out.append(f"  {code} {names[code]}: {', '.join(result.sites[code])} ({mark})")
    missing = result.provinces_without
    out.append(f"provinces with no prefecture or county site ({len(missing)}): {'、'.join(missing) or 'none'}")
    return "\n".join(out)

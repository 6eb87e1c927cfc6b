"""Which jurisdiction an article belongs to, with its GB/T 2260 code.

A local congress site's own jurisdiction is the base; breadcrumbs and channel
names may narrow it to a city or county inside it (a provincial site's
"市州人大" channels). The national site (中国人大网) gets a region only where
its breadcrumb names a place: national news mentions places without being
about them. Names and codes come from cpca's gazetteer.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache

from core.article import Region
from pipelines import gazetteer

log = logging.getLogger(__name__)


def _gazetteer() -> dict[str, tuple[str, int]]:
    """6-digit code -> (name, rank 0 province / 1 city / 2 county)."""
    return gazetteer.units()


# Groupings that fill the city level of the code table without being a city: a
# municipality's 市辖区 / 县 and the county-level cities a province administers directly.
# A district of Shanghai has no city between it and Shanghai.
NOT_A_CITY = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def region_from_code(code: str | None, basis: str | None = "site") -> Region:
    """The province / city / county names of an administrative code."""
    if not code:
        return Region()
    code = code[:6]
    names = _gazetteer()
    province = names.get(code[:2] + "0000")
    city = names.get(code[:4] + "00") if code[2:4] != "00" else None
    if city and city[0] in NOT_A_CITY:
        city = None
    county = names.get(code) if code[4:] != "00" else None
    if province is None:
        log.warning("unknown administrative code %s", code)
        return Region()
    return Region(
        province=province[0],
        province_code=code[:2] + "0000",
        city=city[0] if city else None,
        city_code=code[:4] + "00" if city else None,
        county=county[0] if county else None,
        county_code=code if county else None,
        basis=basis,
    )


@lru_cache(maxsize=4096)
def _place_code(text: str, scope: str | None = None, at_end: bool = False) -> str | None:
    """The most specific administrative code a short place text names, if any.

    Within a known jurisdiction the text is read as a place inside it: a bare
    朝阳区 on Beijing's site is Beijing's, not Changchun's. A bare 县 or 区 and
    the code table's groupings name no place (pipelines/gazetteer.py)."""
    return gazetteer.place_code(text, scope, at_end=at_end)


def _within(code: str, scope: str | None) -> bool:
    return not scope or gazetteer.within(code, scope)


# "沈丘县人大常委会", "张家界市人大", "湘西土家族苗族自治州人民代表大会": a body that
# names a local congress is about that place.
CONGRESS_REF = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:省|自治区|市|自治州|州|地区|盟|县|自治县|区|旗))"
    r"(?:人大常委会|人大|人民代表大会)"
)


# The lead: a congress named here is what the article is about.
LEAD_CHARS = 200


def _congress_codes(body: str, scope: str | None = None) -> list[str]:
    """Places the article is about: a congress named in the lead, or named more than once.

    A provincial report that mentions a city's congress in passing stays provincial.
    """
    counts: Counter[str] = Counter()
    in_lead: set[str] = set()
    for m in CONGRESS_REF.finditer(body[:5000]):
        code = _place_code(m.group(1), scope, at_end=True)
        if code:
            counts[code] += 1
            if m.start() < LEAD_CHARS:
                in_lead.add(code)
    return [code for code, n in counts.most_common() if n >= 2 or code in in_lead]


def _narrow(best: str | None, candidate: str | None) -> bool:
    if not candidate:
        return False
    return _within(candidate, best) and (best is None or _depth(candidate) > _depth(best))


def resolve_region(site_code: str | None, places: list[str], body: str = "", site_basis: str = "site") -> Region:
    """The site's jurisdiction, narrowed by breadcrumbs and channels, then by the
    congresses the body names (in that order of trust). `site_basis`: how the site's
    jurisdiction is known ("site_name" where it was read from the site's own name)."""
    best = site_code[:6] if site_code else None
    basis = site_basis if best else None
    for place in places:
        code = _place_code(place, best) if place else None
        if _narrow(best, code):
            best, basis = code, "breadcrumb"
    for code in _congress_codes(body, best)[:3]:
        if _narrow(best, code):
            best, basis = code, "body"
            break
    return region_from_code(best, basis)


def _depth(code: str) -> int:
    return 0 if code[2:] == "0000" else 1 if code[4:] == "00" else 2

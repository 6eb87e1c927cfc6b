"""The CMS-family fixture world (tests/fixtures/cms, built by tools/build_cms_world.py): its families,
each site's summary and its expected articles, for every test that crawls or probes it."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import FIXTURES

CMS = FIXTURES / "cms"
FAMILIES = sorted(p.name for p in CMS.iterdir() if (p / "expected" / "site.json").exists())


def summary(family: str) -> dict[str, Any]:
    return json.loads((CMS / family / "expected" / "site.json").read_text(encoding="utf-8"))


def expected(family: str) -> dict[str, dict[str, Any]]:
    """Every expected article of the family's site, by URL."""
    out = {}
    for path in (CMS / family / "expected").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "url" in data:
            out[data["url"]] = data
    return out


def reachable(family: str) -> dict[str, dict[str, Any]]:
    """Expected articles, less those only a script or XHR answer lists (no crawler here runs scripts)."""
    hidden = set(summary(family)["listed_only_by_script"])
    return {url: data for url, data in expected(family).items() if url not in hidden}

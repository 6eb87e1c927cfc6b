#!/usr/bin/env python3
"""Benchmark: generic discovery and extraction against the site modules, on every fixture world.

    .venv/bin/python benchmarks/generic_sites.py [--only SLUG ...]

Every site world of tests/fixtures/sites/ (the 35 provincial, city and national sites, each with its
expected articles) is crawled twice through the real Scrapy engine against the replay server: once by
its site module or definition (the module path, the reference), once with the module switched off:
the generic spider (crawlers/generic.py) from the same start URLs, on the same hosts, with the same
declared jurisdiction, and nothing else of the module (no URL patterns, no templates, no code). The six
sites of the CMS world (tests/fixtures/cms/) are crawled by the generic spider from their home pages and
compared with the world's expected articles (no module exists for them; their definitions cannot reach
what only a script lists either, and those articles count as misses here).

Per site and overall (articles pooled): recall (articles the module path stored that the generic path
stored too), precision (of what the generic path stored, the share the module path stored: the rest are
pages that are no articles, or articles the module leaves out), and the share of fields equal on the
articles both stored (title, published_at, source, authors, the first and last 12 characters of the
body). Sites whose module stores nothing (declared unsupported) are listed and left out. The last line is
exactly:

    generic sites=<n> recall=<r> precision=<p> fields=<f>
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapy.utils.reactor import install_reactor  # noqa: E402

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

from scrapy.crawler import CrawlerRunner  # noqa: E402
from sqlalchemy import select  # noqa: E402
from twisted.internet import defer, reactor  # noqa: E402

from crawlers.generic import generic_site  # noqa: E402
from crawlers.replay import replay_settings  # noqa: E402
from models.db import open_archive  # noqa: E402
from models.tables import Article  # noqa: E402
from rdarchive.export import article_record  # noqa: E402
from rdarchive.replay_server import ReplayServer  # noqa: E402
from rdarchive.spiders import project_settings, spider_for  # noqa: E402

SITES = ROOT / "tests" / "fixtures" / "sites"
CMS = ROOT / "tests" / "fixtures" / "cms"
FIELDS = ("title", "published_at", "source", "authors", "body_start", "body_end")


@dataclass
class World:
    name: str
    root: Path
    reference: type | None  # the module path's spider; None: the expected files are the reference
    generic: type
    expected: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Result:
    name: str
    reference: dict[str, dict[str, Any]]
    generic: dict[str, dict[str, Any]]

    @property
    def found(self) -> int:
        return len(self.reference.keys() & self.generic.keys())

    def fields(self) -> tuple[int, int]:
        both = self.reference.keys() & self.generic.keys()
        equal = sum(value(self.reference[u], f) == value(self.generic[u], f) for u in both for f in FIELDS)
        return equal, len(both) * len(FIELDS)


def value(record: dict[str, Any], name: str) -> Any:
    if name in record:  # an expected file names body_start / body_end itself
        return record[name]
    if name == "body_start":
        return (record.get("body") or "")[:12]
    if name == "body_end":
        return (record.get("body") or "")[-12:]
    return record.get(name)


def expected_records(folder: Path) -> dict[str, dict[str, Any]]:
    """The world's expected files in the shape of exported records (the fields compared here)."""
    out = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "url" in data:
            out[data["url"]] = data
    return out


def worlds(only: set[str]) -> list[World]:
    found = []
    for folder in sorted(p for p in SITES.iterdir() if (p / "expected").is_dir()):
        if only and folder.name not in only:
            continue
        module = spider_for(folder.name)
        # The module switched off: only what any archivist knows of a site (where to start, its hosts,
        # its jurisdiction) goes to the generic spider.
        generic = generic_site(
            list(module.start_channels),
            slug=f"{module.name}-generic",
            domains=list(module.allowed_domains),
            region_code=module.region_code,
            site_name=module.site_name,
        )
        found.append(World(folder.name, folder / "site", module, generic))
    for folder in sorted(p for p in CMS.iterdir() if (p / "expected" / "site.json").is_file()):
        name = f"cms-{folder.name}"
        if only and name not in only:
            continue
        summary = json.loads((folder / "expected" / "site.json").read_text(encoding="utf-8"))
        generic = generic_site([summary["start_url"]], slug=name)
        found.append(World(name, folder / "site", None, generic, expected_records(folder / "expected")))
    return found


def stored(db_url: str) -> dict[str, dict[str, Any]]:
    engine, sessions = open_archive(db_url)
    try:
        with sessions() as s:
            return {a.url: flat(article_record(a, a.site)) for a in s.scalars(select(Article))}
    finally:
        engine.dispose()


def flat(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": record.get("title"),
        "published_at": record.get("published_at"),
        "source": record.get("source"),
        "authors": record.get("authors"),
        "body": record.get("body"),
    }


@defer.inlineCallbacks
def crawl(spidercls: type, root: Path, workdir: Path) -> Any:
    db_url = f"sqlite:///{workdir / 'archive.db'}"
    server = ReplayServer(roots=[root]).start()
    try:
        settings = project_settings().copy()
        settings.setdict(
            {
                **replay_settings(server.origin),
                "RDARCHIVE_DB": db_url,
                "RDARCHIVE_WARC_DIR": str(workdir / "warc"),
                "LOG_LEVEL": "ERROR",
                "RDARCHIVE_PROGRESS_INTERVAL": 0,
            },
            priority="cmdline",
        )
        runner = CrawlerRunner(settings)
        yield runner.crawl(runner.create_crawler(spidercls))
    finally:
        server.stop()
    return stored(db_url)


@defer.inlineCallbacks
def run(selected: list[World], tmp: Path, results: list[Result]) -> Any:
    try:
        for i, world in enumerate(selected):
            reference = world.expected
            if world.reference is not None:
                reference = yield crawl(world.reference, world.root, tmp / f"{i}-module")
            generic = yield crawl(world.generic, world.root, tmp / f"{i}-generic")
            results.append(Result(world.name, reference, generic))
    finally:
        reactor.stop()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], help="site slugs (cms-<family> for the CMS world)")
    args = parser.parse_args(argv)
    selected = worlds(set(args.only))
    results: list[Result] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="generic-sites-") as tmp:
        reactor.callWhenRunning(run, selected, Path(tmp), results)  # type: ignore[attr-defined]
        reactor.run()  # type: ignore[attr-defined]
    print(f"{'site':18} {'module':>6} {'generic':>7} {'both':>5} {'recall':>6} {'prec.':>6} {'fields':>6}")
    measured = [r for r in results if r.reference]
    for r in results:
        if not r.reference:
            print(f"{r.name:18} {'-':>6} {len(r.generic):>7}   (the module stores nothing: unsupported; left out)")
            continue
        equal, total = r.fields()
        recall = r.found / len(r.reference)
        precision = r.found / len(r.generic) if r.generic else 0.0
        share = equal / total if total else 0.0
        print(
            f"{r.name:18} {len(r.reference):>6} {len(r.generic):>7} {r.found:>5} "
            f"{recall:>6.3f} {precision:>6.3f} {share:>6.3f}"
        )
    found = sum(r.found for r in measured)
    reference = sum(len(r.reference) for r in measured)
    generic = sum(len(r.generic) for r in measured)
    equal = sum(r.fields()[0] for r in measured)
    total = sum(r.fields()[1] for r in measured)
    recall = found / reference if reference else 0.0
    precision = found / generic if generic else 0.0
    share = equal / total if total else 0.0
    print(
        f"overall: {reference} module-path articles, {generic} stored by the generic path, {found} in both; "
        f"{generic - found} generic-only pages; fields equal {equal}/{total}; {time.monotonic() - started:.0f} s"
    )
    print(f"generic sites={len(measured)} recall={recall:.3f} precision={precision:.3f} fields={share:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`rdarchive probe URL`: what discovery learns about a site from a few pages, and its definition.

The crawl behind it is crawlers/probe.py (the crawl's own engine and network rules; nothing is
stored). Here: running it, the confidence, the printout, and `--save`, which writes what was
learned as a site definition (crawlers/definitions.py) and checks that it loads.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomlkit
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers.definitions import DefinitionError, load_site
from crawlers.generic import slug_for_host
from crawlers.probe import ProbeReport, ProbeSpider
from crawlers.replay import replay_settings
from pipelines.region import region_from_code
from rdarchive.spiders import project_settings, spider_for_url

# Confidence levels as words.
HIGH, MEDIUM = 0.8, 0.5


class ProbeFailed(RuntimeError):
    """The start page could not be read: nothing was learned."""


def probe_settings(replay: str | None = None, log_level: str | None = None) -> Settings:
    """The crawl's settings (robots.txt, network policy, politeness, replay transport), less what
    writes: no run, no WARC, no item pipelines."""
    settings = project_settings()
    settings.setdict(
        {
            "EXTENSIONS": {"crawlers.runs.RunRecorder": None, "crawlers.spool.Spool": None},
            "ITEM_PIPELINES": {},
            "DOWNLOADER_MIDDLEWARES": {"crawlers.warc.WarcCapture": None},
            "RDARCHIVE_WARC": False,
            # The report names every page that failed; Scrapy's own lines (tracebacks of a refused
            # connection) only with --log-level or -v.
            "LOG_LEVEL": log_level or "CRITICAL",
        },
        priority="cmdline",
    )
    if replay:
        settings.setdict(replay_settings(replay), priority="cmdline")
    return settings


def run_probe(url: str, replay: str | None = None, domains: list[str] | None = None, log_level: str | None = None):
    """Probe one site in this process (the Twisted reactor runs once per process)."""
    if not re.match(r"^https?://[^/\s]+", url):
        raise ValueError(f"not an http(s) URL: {url!r} (expected e.g. http://www.example.gov.cn/)")
    if replay:
        print(f"rdarchive: REPLAY: every download goes to {replay}, not to the live site", file=sys.stderr)
    process = CrawlerProcess(probe_settings(replay, log_level))
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, url=url, domains=domains or [])
    process.start()
    report: ProbeReport = crawler.spider.report  # type: ignore[union-attr]  # set once the crawl ran
    if report.home_error:
        raise ProbeFailed(f"probe: {report.home_error} (expected the site's start page)")
    return report


# -- what was learned ---------------------------------------------------------------------------------
def url_path(url: str) -> str:
    """What definition patterns are matched against: the path, with ?query when there is one."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def url_pattern(url: str) -> str:
    """A regex on path (+ ?query) matching the URL and its siblings: digit runs become \\d+."""
    return "^" + r"\d+".join(re.escape(piece) for piece in re.split(r"\d+", url_path(url))) + "$"


def patterns(urls: list[str]) -> list[tuple[str, int]]:
    """The URL patterns of these URLs with how many each covers, most first."""
    counts: dict[str, int] = {}
    for url in urls:
        pattern = url_pattern(url)
        counts[pattern] = counts.get(pattern, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def confidence(report: ProbeReport) -> tuple[float, str]:
    """How far a crawl can trust what was learned, 0 to 1, and why.

    Two fifths: lists of articles found (two or more channels: all of it; navigation also leads to
    pages that are no lists, which is no fault of the probe); two fifths: the share of sample articles
    read with a title, a date and a body; one fifth: whether one or two URL patterns cover the article
    links (a site's articles share one shape or two)."""
    listing = sum(1 for c in report.channels if c.articles and not c.error)
    lists = min(1.0, listing / 2)
    complete = sum(1 for s in report.samples if s.complete)
    samples = complete / len(report.samples) if report.samples else 0.0
    found = patterns([a.url for a in report.articles])
    top = sum(n for _, n in found[:2])
    agreement = top / len(report.articles) if report.articles else 0.0
    score = round(0.4 * lists + 0.4 * samples + 0.2 * agreement, 2)
    why = (
        f"{listing} of {len(report.channels)} channels list articles, {complete} of {len(report.samples)} "
        f"samples read with title, date and body, the top patterns cover {top} of {len(report.articles)} article links"
    )
    return score, why


def level(score: float) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def as_dict(report: ProbeReport) -> dict[str, Any]:
    score, why = confidence(report)
    region = region_from_code(report.jurisdiction) if report.jurisdiction else None
    return {
        "url": report.url,
        "site_name": report.site_name,
        "jurisdiction": report.jurisdiction,
        "jurisdiction_name": " ".join(filter(None, (region.province, region.city, region.county))) if region else None,
        "channels": [asdict(c) for c in report.channels],
        "article_patterns": [{"pattern": p, "links": n} for p, n in patterns([a.url for a in report.articles])],
        "articles_found": len(report.articles),
        "samples": [asdict(s) for s in report.samples],
        "confidence": score,
        "confidence_level": level(score),
        "confidence_basis": why,
        "failures": report.failures,
    }


def render(data: dict[str, Any]) -> str:
    out = [f"probe {data['url']}"]
    name = data["site_name"] or "(the site names no congress)"
    where = f"{data['jurisdiction']} {data['jurisdiction_name']}" if data["jurisdiction"] else "unknown"
    out.append(f"site: {name}; jurisdiction: {where}")
    if data.get("known_site"):
        out.append(
            f"already known as site {data['known_site']} (`rdarchive sites`; `crawl --site {data['known_site']}`)"
        )
    out.append(f"channels ({len(data['channels'])} probed):")
    for c in data["channels"]:
        if c["error"]:
            out.append(f"  {c['name']}  {c['url']}  FAILED: {c['error']}")
            continue
        line = f"  {c['name']}  {c['url']}  {c['articles']} articles; pagination: {c['pagination']}"
        if c["next_page_articles"] is not None:
            line += f"; next page {c['next_page']}: {c['next_page_articles']} more"
        out.append(line)
    out.append(f"article URL patterns ({data['articles_found']} article links):")
    out.extend(f"  {p['pattern']}  ({p['links']} links)" for p in data["article_patterns"])
    if not data["article_patterns"]:
        out.append("  none: no list of articles was recognised")
    out.append("sample articles:")
    for n, s in enumerate(data["samples"], 1):
        if s["error"]:
            out.append(f"  {n}. {s['url']}  FAILED: {s['error']}")
            continue
        out.append(f"  {n}. {s['title'] or '(no title)'}")
        out.append(
            f"     {s['url']}  date {s['published_at'] or '-'}; source {s['source'] or '-'}; "
            f"authors {'、'.join(s['authors']) or '-'}; body {s['body_chars']} characters"
        )
    out.append(f"confidence: {data['confidence']:.2f} ({data['confidence_level']}): {data['confidence_basis']}")
    for failure in data["failures"]:
        out.append(f"  failed: {failure}")
    return "\n".join(out)


# -- --save ---------------------------------------------------------------------------------------------
def definition_text(report: ProbeReport, slug: str | None = None, region: str | None = None) -> str:
    """The site as a definition file: what the probe saw, marked guessed."""
    host = urlsplit(report.url).hostname or ""
    code = region or report.jurisdiction
    if not code:
        raise ValueError(
            f"probe: {report.url}: the site's name ({report.site_name or 'none found'}) names no jurisdiction "
            f"the gazetteer knows; give it with --region CODE (GB/T 2260) to save a definition"
        )
    score, why = confidence(report)
    channels = [c for c in report.channels if c.articles and not c.error]
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Written by `rdarchive probe {report.url}` on {date.today().isoformat()}."))
    doc.add(tomlkit.comment(f"Confidence {score:.2f} ({level(score)}): {why}."))
    doc["slug"] = slug or slug_for_host(host)
    doc["name"] = report.site_name or host
    doc["jurisdiction"] = code
    doc["start_urls"] = [c.url for c in channels] or [report.url]
    doc["allowed_domains"] = [host]
    hidden = any(a.scripted for a in report.articles)
    if hidden or not report.articles:
        # Rows only inside a script datastore, or none seen: the generic spider (discovery) walks the
        # site on every crawl instead of fixed patterns.
        doc["family"] = "generic"
    else:
        doc["article_patterns"] = [p for p, _ in patterns([a.url for a in report.articles])]
        list_patterns = [p for p, _ in patterns(report.list_pages + [c.next_page for c in channels if c.next_page])]
        if list_patterns:
            doc["list_patterns"] = list_patterns
        if report.script_pagination:
            doc["family"] = "trs"
    doc["evidence"] = "guessed"
    doc["evidence_note"] = f"learned by rdarchive probe from {len(report.channels)} channels; not checked by hand"
    doc["notes"] = (
        f"Probed {report.url}: {len(report.articles)} article links in {len(channels)} channels, "
        f"{len(report.samples)} sample articles read ({why})."
    )
    return tomlkit.dumps(doc)


def save(report: ProbeReport, path: Path, slug: str | None = None, region: str | None = None) -> Path:
    """Write the definition and load it back (crawlers/definitions.py); a file that does not load is removed.
    An existing file is never overwritten (it may hold an archivist's corrections)."""
    text = definition_text(report, slug, region)
    if path.is_dir():
        path = path / f"{tomlkit.parse(text)['slug']}.toml"
    if path.exists():
        raise FileExistsError(f"probe: {path} exists; not overwritten (remove it, or --save to another path)")
    path.write_text(text, encoding="utf-8")
    try:
        load_site(path)
    except DefinitionError as e:
        path.unlink()
        raise ValueError(f"probe: the definition written would not load: {e}") from None
    return path


def main(args: Any) -> int:
    try:
        log_level = args.log_level or ("INFO" if getattr(args, "verbose", False) else None)
        report = run_probe(args.url, args.replay, args.domain, log_level)
    except ProbeFailed as e:
        print(f"rdarchive: {e}", file=sys.stderr)
        return 1
    data = as_dict(report)
    known = spider_for_url(args.url)
    # A site the archive already knows (a module or definition whose domains hold this host).
    data["known_site"] = known.name if known is not None else None
    saved = save(report, Path(args.save), args.slug, args.region) if args.save else None
    if args.json:
        print(json.dumps({**data, "saved": str(saved) if saved else None}, ensure_ascii=False, indent=2))
    else:
        print(render(data))
        if saved:
            print(
                f"saved: {saved} (a site definition: with its folder in RDARCHIVE_SITE_DIRS, "
                f"`rdarchive crawl --site {load_site(saved).name}` crawls it)"
            )
    return 0

"""Which spider crawls a site given by URL (`rdarchive crawl --url URL` without --site).

A site module or definition whose domains hold the URL's host crawls it (from that URL); any other
site is walked by the generic spider (discovery) under a slug named after its host, with the
jurisdiction `--region` gives, or else the one its own name says (crawlers/generic.py). Such a site
is recorded in the archive like any other and can be crawled again by its slug.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawlers.base import CongressSpider
from crawlers.definitions import check_jurisdiction
from crawlers.generic import GENERIC_EVIDENCE, generic_site
from models.tables import Site
from rdarchive.spiders import spider_for_url


def spider_for_urls(urls: Sequence[str], region: str | None = None) -> tuple[type[CongressSpider], bool]:
    """The spider class of the one site these URLs belong to, and whether it was made for them
    (the generic spider, which starts from the URLs) rather than found (a module or definition)."""
    for url in urls:
        if not urlsplit(url).hostname or urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"--url {url}: expected an http(s) URL such as http://www.example.gov.cn/")
    hosts = sorted({urlsplit(u).hostname or "" for u in urls})
    known = {u: spider_for_url(u) for u in urls}
    sites = {cls.name for cls in known.values() if cls is not None}
    if len(sites) > 1 or (sites and None in known.values()) or (not sites and len(hosts) > 1):
        raise ValueError(f"--url: one site per crawl; these URLs belong to several ({', '.join(hosts)})")
    if region is not None:
        try:
            check_jurisdiction(region)
        except ValueError as e:
            raise ValueError(f"--region {region}: {e}") from None
    cls = next((c for c in known.values() if c is not None), None)
    if cls is not None:
        if region is not None:
            raise ValueError(
                f"--region: {urls[0]} belongs to the site {cls.name} ({cls.site_name}), whose jurisdiction is "
                "declared; --region is for sites crawled without a definition"
            )
        return cls, False
    return generic_site(list(urls), region_code=None if region == "national" else region), True


def archived_generic_site(slug: str, sessions: sessionmaker[Session]) -> type[CongressSpider] | None:
    """A site crawled by URL before (recorded in the archive, no module or definition): the generic
    spider from its host's home page."""
    with sessions() as s:
        site = s.scalar(select(Site).where(Site.slug == slug))
    if site is None or site.evidence != GENERIC_EVIDENCE or not site.domains:
        return None
    return generic_site([f"http://{site.domains[0]}/"], slug=slug, domains=site.domains)

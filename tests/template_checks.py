"""The fast check of a site's templates: its fixture pages parsed without the engine or a database.

City Bureau style: a fake Scrapy response is built from each fixture file and
handed to the spider's own callbacks (list pages first, so an article gets
what its list row told the crawl: channel, list date, title), the pages it
yields go through the pure pipeline stages, and each field is compared with
tests/fixtures/sites/<slug>/expected/*.json. No reactor, no middlewares, no
store: a template edit is checked in a fraction of a second
(`pytest tests/test_site_<slug>.py -m template`). The end-to-end SiteSuite
beside it checks the rest (pagination through the engine, storage, failures).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.request import fingerprint

from core.article import ParsedArticle
from core.article_fields import page_record
from core.errors import StageFailure
from core.page import Page
from crawlers.base import CongressSpider
from crawlers.signals import page_failed
from pipelines.stages import run_stages
from rdarchive.replay_server import ReplayServer
from rdarchive.spiders import project_settings
from tests.conftest import site_root


@dataclass
class FixtureWorld:
    """What the spider's callbacks made of a site's fixture files."""

    pages: dict[str, Page] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # url -> page_record()
    # What went wrong on the way (HTTP errors of the fixture files, failures the spider
    # reported, pages without a body): shown when an expected article is missing.
    problems: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)


def fake_response(files: ReplayServer, request: Request) -> Any:
    """The response the replay server would send for this request, built without a server."""
    route = files.resolve(request.url)
    headers = Headers(dict(route.headers))
    if route.content_type:
        headers["Content-Type"] = route.content_type
    body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
    cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
    return cls(url=request.url, status=route.status, headers=headers, body=body, request=request)


def _start_requests(spider: Any) -> list[Request]:
    """The spider's start() requests; start() is an async generator that never waits here."""

    async def collect() -> list[Request]:
        return [r async for r in spider.start()]

    coroutine = collect()
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError(f"{spider.name}: start() waited for something; the template check cannot drive it")


def read_fixture_world(spidercls: type[CongressSpider]) -> FixtureWorld:
    """Walk the site's fixture world through its spider's callbacks, offline, and parse every article page."""
    world = FixtureWorld()
    files = ReplayServer(roots=[site_root(spidercls.name)])
    crawler = Crawler(spidercls, project_settings())
    # A full walk: incremental skipping asks the archive, and there is none here.
    spider = spidercls.from_crawler(crawler, full=True)

    def failed(url: str, reason: str, **_: Any) -> None:
        world.problems.append(reason)

    crawler.signals.connect(failed, signal=page_failed, weak=False)
    queue = deque(_start_requests(spider))
    seen: set[bytes] = set()
    while queue:
        request = queue.popleft()
        key = fingerprint(request)
        if (key in seen and not request.dont_filter) or not spider.allows_host(urlsplit(request.url).hostname or ""):
            continue
        seen.add(key)
        world.requested.append(request.url)
        response = fake_response(files, request)
        if not 200 <= response.status < 300 and response.status not in request.meta.get("handle_httpstatus_list", ()):
            world.problems.append(f"{request.url}: HTTP {response.status} from the fixture files")
            continue
        callback = request.callback or spider.parse
        for out in callback(response, **request.cb_kwargs) or ():
            if isinstance(out, Request):
                queue.append(out)
            elif isinstance(out, Page):
                world.pages[out.url] = out
    for url, page in world.pages.items():
        try:
            article: ParsedArticle = run_stages(page)
        except StageFailure as e:
            world.problems.append(f"{url}: {e}")
            continue
        world.records[url] = page_record(article)
    return world

"""Offline replay: every download goes to a local server instead of the network.

Only the transport is redirected. Requests, responses, robots.txt, redirects and
the archive all keep the sites' real URLs, so a replayed crawl stores exactly
what a live one would. Replay is always an explicit choice, never the
environment's: `rdarchive crawl --replay ORIGIN`, `scrapy crawl SITE -s
RDARCHIVE_REPLAY=ORIGIN` (expanded by ReplayAddon), or replay_settings() in the
test harness and the demo. A replayed run is recorded as one (crawl_runs.replay)
and, unless asked for, never mixed with live runs in one archive (crawlers.runs).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
REPLAY_HANDLER = "crawlers.replay.ReplayDownloadHandler"


def replay_path(url: str) -> str:
    """http://host/a/b?q -> /http/host/a/b?q (the replay server's path layout)."""
    parts = urlsplit(url)
    path = f"/{parts.scheme}/{parts.netloc}{parts.path or '/'}"
    return f"{path}?{parts.query}" if parts.query else path


class ReplayDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler):
        origin = crawler.settings.get("RDARCHIVE_REPLAY")
        if not origin:
            raise NotConfigured("RDARCHIVE_REPLAY is not set")
        host = urlsplit(origin).hostname or ""
        # A replay that could reach a real site would defeat its purpose.
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"RDARCHIVE_REPLAY must be a loopback origin, got {origin!r}")
        super().__init__(crawler)
        self.origin = origin.rstrip("/")

    async def download_request(self, request: Request) -> Response:
        local = request.replace(url=self.origin + replay_path(request.url))
        response = await super().download_request(local)
        return response.replace(url=request.url, request=request)


def replay_settings(origin: str) -> dict[str, object]:
    """Settings that route every download of a crawl to the local replay server."""
    handler = REPLAY_HANDLER
    return {
        "RDARCHIVE_REPLAY": origin,
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        # Politeness delays protect real servers; a local replay needs none.
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_TIMES": 1,
        "DOWNLOAD_TIMEOUT": 10,
        # Every replayed download goes to 127.0.0.1: loopback is allowed explicitly here only.
        "RDARCHIVE_ALLOW_PRIVATE": True,
    }


def active_replay(settings: BaseSettings) -> str | None:
    """The replay origin this crawl really downloads from, or None for a live crawl.

    The origin alone does not make a replay: the replay transport must be the one
    installed (a test may keep the origin but put Scrapy's own handler back).
    """
    origin = settings.get("RDARCHIVE_REPLAY")
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    if origin and handlers.get("http") == REPLAY_HANDLER:
        return str(origin)
    return None


class MixedArchive(ValueError):
    """A replayed crawl into an archive of live runs, or a live crawl into one of replayed runs."""


def refuse_mixing(live_runs: int, replayed_runs: int, replay: str | None, archive: str) -> None:
    """Raise MixedArchive when this crawl would mix replayed and live captures in one archive.

    Replayed pages are stored under the real sites' URLs: beside live ones, nothing
    would tell a reader which text came from the site and which from a test server.
    """
    if replay and live_runs:
        raise MixedArchive(
            f"{archive} holds {live_runs} live crawl run(s); a replay from {replay} would store its pages "
            "under the real sites' URLs beside them. Use another --db, or pass --mixed-archive"
        )
    if not replay and replayed_runs:
        raise MixedArchive(
            f"{archive} holds {replayed_runs} replayed crawl run(s) (tests or the demo); a live crawl would "
            "mix real captures with replayed ones. Use another --db, or pass --mixed-archive"
        )


class ReplayAddon:
    """Expands a bare RDARCHIVE_REPLAY setting (`scrapy crawl npc -s RDARCHIVE_REPLAY=...`) into replay_settings().

    Each replay setting is applied at the priority the origin was given with, over
    anything set at a lower one (the project's politeness delays), never over what
    the caller set as firmly (a test's own DOWNLOAD_TIMEOUT).
    """

    def update_settings(self, settings: BaseSettings) -> None:
        origin = settings.get("RDARCHIVE_REPLAY")
        if not origin:
            return
        priority = settings.getpriority("RDARCHIVE_REPLAY") or 0
        for name, value in replay_settings(origin).items():
            if (settings.getpriority(name) or 0) < priority:
                settings.set(name, value, priority)

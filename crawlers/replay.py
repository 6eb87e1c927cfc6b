"""Offline replay: every download goes to a local server instead of the network.

Only the transport is redirected. Requests, responses, robots.txt, redirects and
the archive all keep the sites' real URLs, so a replayed crawl stores exactly
what a live one would. Enabled by the RDARCHIVE_REPLAY setting (the local
server's origin, e.g. http://127.0.0.1:8765); tests and `make demo` use it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


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
    handler = "crawlers.replay.ReplayDownloadHandler"
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

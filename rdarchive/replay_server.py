"""A local HTTP server that replays sites from folders, for tests and the demo.

It answers the paths crawlers/replay.py sends: /<scheme>/<host>/<path>.
Files come from fixture roots laid out as <root>/<host>/<path> (a path ending
in / means index.html), from an explicit URL -> file map (used to serve the
real pages in ../shared without copying them), or from scripted routes
(status codes, odd bodies) for failure tests. It binds to 127.0.0.1 only.
"""

from __future__ import annotations

import mimetypes
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".json": "application/json",
    ".pdf": "application/pdf",
}


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html"
    headers: Mapping[str, str] = field(default_factory=dict)


class ReplayServer:
    def __init__(
        self,
        roots: Sequence[Path] = (),
        files: Mapping[str, Path] | None = None,
        routes: Mapping[str, Route] | None = None,
        delay: float = 0.0,
        warcs: Sequence[Path] = (),
    ):
        self.roots = [Path(r) for r in roots]
        # Responses archived in WARC files, by scheme-less URL (host/path?query).
        self.archived = _load_warcs(warcs)
        # Seconds to wait before answering: a slow site, for interruption tests.
        self.delay = delay
        self.files = dict(files or {})
        self.routes = dict(routes or {})
        self.requested: list[str] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle -----------------------------------------------------------
    def start(self) -> ReplayServer:
        handler = type("Handler", (_Handler,), {"replay": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        assert self._httpd, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- lookup ----------------------------------------------------------------
    def resolve(self, url: str) -> Route:
        with self._lock:
            self.requested.append(url)
        if url in self.routes:
            return self.routes[url]
        key = _archive_key(url)
        archived = self.archived.get(key) or (self.archived.get(key + "index.html") if key.endswith("/") else None)
        if archived is not None:
            return archived
        path = self.files.get(url)
        if path is None:
            path = self._from_roots(url)
        if path is None or not path.is_file():
            return Route(status=404, body=b"<html><body>404 Not Found</body></html>")
        body = path.read_bytes()
        return Route(body=body, content_type=_content_type(path, body))

    def _from_roots(self, url: str) -> Path | None:
        """<root>/<host>/<path>; a URL with a query is first looked up as <path>@<query>
        (e.g. getMessage.do@startrecord=21&endrecord=40), so XHR pages can differ by query."""
        scheme, _, rest = url.partition("://")
        host, _, path = rest.partition("/")
        path, _, query = path.partition("?")
        path = unquote(path)
        if path == "" or path.endswith("/"):
            path += "index.html"
        names = ([f"{path}@{unquote(query)}"] if query else []) + [path]
        for root in self.roots:
            for name in names:
                candidate = (root / host / name).resolve()
                # Never serve outside the fixture root, whatever the path says.
                if root.resolve() in candidate.parents and candidate.is_file():
                    return candidate
        return None


def _archive_key(url: str) -> str:
    """host/path?query without the scheme, empty path segments collapsed (files cannot hold them)."""
    rest = url.partition("://")[2]
    path, sep, query = rest.partition("?")
    return re.sub(r"/{2,}", "/", path) + sep + query


def _load_warcs(paths: Sequence[Path]) -> dict[str, Route]:
    """Response records of WARC files as routes: the replay of an archive."""
    if not paths:
        return {}
    from warcio.archiveiterator import ArchiveIterator

    routes: dict[str, Route] = {}
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                http = record.http_headers
                headers = {
                    k: v
                    for k, v in http.headers
                    if k.lower() not in ("content-length", "transfer-encoding", "content-type")
                }
                routes[_archive_key(url)] = Route(
                    status=int(http.get_statuscode()),
                    body=record.raw_stream.read(),
                    content_type=http.get_header("Content-Type"),
                    headers=headers,
                )
    return routes


def _content_type(path: Path, body: bytes) -> str:
    suffix = path.suffix.split("@")[0]
    known = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name.split("@")[0])[0]
    if known:
        return known
    # Server-side endpoints (.do, .jsp, .aspx ...): JSON or HTML by content.
    return "application/json" if body.lstrip()[:1] in (b"{", b"[") else "text/html"


class _Handler(BaseHTTPRequestHandler):
    replay: ReplayServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        scheme, _, rest = self.path.lstrip("/").partition("/")
        route = self.replay.resolve(f"{scheme}://{rest}")
        if self.replay.delay:
            time.sleep(self.replay.delay)
        body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass

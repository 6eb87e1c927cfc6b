"""A small forward HTTP proxy for tests: answers proxied requests (`GET http://host/path`) from a
fixture world's files instead of the network, so a crawl with `http_proxy` set reaches the sites
of the world by their own host names, as it would reach real sites through a proxy."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdarchive.replay_server import ReplayServer


class ForwardProxy:
    def __init__(self, roots: Sequence[Path]):
        self.world = ReplayServer(roots=roots)  # only its file lookup: nothing listens for it
        self.requested: list[str] = []
        self._httpd: ThreadingHTTPServer | None = None

    def __enter__(self) -> ForwardProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                # A client talking to a proxy names the whole URL; a path alone is no proxy request.
                if not self.path.startswith(("http://", "https://")):
                    self.send_error(400, "not a proxy request")
                    return
                proxy.requested.append(self.path)
                route = proxy.world.resolve(self.path)
                body = route.body.encode() if isinstance(route.body, str) else route.body
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type or "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

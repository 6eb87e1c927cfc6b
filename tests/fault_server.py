"""A fault-injecting HTTP server for the reliability tests, on 127.0.0.1 only.

Raw sockets, one thread per connection, so a reply can do what a real broken
server does: reset the connection mid-body, promise more bytes than it sends,
hang after the headers, send a wrong charset, redirect in circles.

It answers both path layouts the crawler uses:
  * the replay layout crawlers/replay.py sends (/http/<host>/<path>), and
  * plain requests (GET /<path> with a Host header), for production-mode
    crawls that talk to the server directly.

A URL without a scripted reply falls back to the fixture roots (as
rdarchive.replay_server.ReplayServer serves them), else 404.

    with FaultServer(roots=[site_root("npc")], routes={URL: reply.status(500)}) as server:
        crawl(NpcSpider, db, server, urls=[...])
        server.hits(URL)      # how many times the crawler asked for URL
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdarchive.replay_server import ReplayServer

REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass
class Hit:
    url: str
    at: float
    headers: dict[str, str]


class Conn:
    """What a reply gets: the socket and the server (for its stop event)."""

    def __init__(self, sock: socket.socket, server: FaultServer):
        self.sock = sock
        self.server = server

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def head(self, status: int, headers: Sequence[tuple[str, str]]) -> None:
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
        lines += [f"{k}: {v}" for k, v in headers]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up when the server stops (hanging replies must not outlive a test)."""
        self.server.stopping.wait(seconds)

    def reset(self) -> None:
        """Close with a TCP RST instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


Reply = Callable[[Conn], None]


# -- replies ---------------------------------------------------------------
def _bytes(body: bytes | str, encoding: str = "utf-8") -> bytes:
    return body.encode(encoding) if isinstance(body, str) else body


def status(
    code: int,
    body: bytes | str = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """A complete, well-formed response."""
    data = _bytes(body)

    def reply(conn: Conn) -> None:
        hs = [("Content-Type", content_type)] if content_type else []
        hs += list((headers or {}).items())
        hs += [("Content-Length", str(len(data))), ("Connection", "close")]
        conn.head(code, hs)
        conn.send(data)

    return reply


def ok(
    body: bytes | str, content_type: str | None = "text/html; charset=utf-8", headers: Mapping[str, str] | None = None
) -> Reply:
    return status(200, body, content_type, headers)


def redirect(location: str, code: int = 302) -> Reply:
    return status(code, b"", None, {"Location": location})


def sequence(*replies: Reply) -> Reply:
    """The n-th request of this URL gets the n-th reply; the last one repeats."""
    count = {"n": 0}
    lock = threading.Lock()

    def reply(conn: Conn) -> None:
        with lock:
            n = count["n"]
            count["n"] += 1
        replies[min(n, len(replies) - 1)](conn)

    return reply


def hang(
    body: bytes | str = b"",
    content_type: str = "text/html; charset=utf-8",
    send_fraction: float = 0.5,
    seconds: float = 30.0,
) -> Reply:
    """Headers and part of the body, then silence (a read timeout for the client)."""
    data = _bytes(body)

    def reply(conn: Conn) -> None:
        conn.head(200, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
        conn.send(data[: int(len(data) * send_fraction)])
        conn.wait(seconds)

    return reply


def reset_mid_body(
    body: bytes | str, content_type: str = "text/html; charset=utf-8", send_fraction: float = 0.4
) -> Reply:
    """Headers and part of the body, then a TCP reset."""
    data = _bytes(body)

    def reply(conn: Conn) -> None:
        conn.head(200, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
        conn.send(data[: int(len(data) * send_fraction)])
        time.sleep(0.05)
        conn.reset()

    return reply


def truncated(body: bytes | str, claimed_extra: int = 4096, content_type: str = "text/html; charset=utf-8") -> Reply:
    """A Content-Length longer than the data, then an orderly close."""
    data = _bytes(body)

    def reply(conn: Conn) -> None:
        conn.head(
            200,
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(data) + claimed_extra)),
                ("Connection", "close"),
            ],
        )
        conn.send(data)

    return reply


def barrier(parties: int, then: Reply, timeout: float = 60.0) -> Reply:
    """Hold each request until `parties` requests have arrived, then answer all with `then`.

    Two crawls whose first request (robots.txt) meets here start their real work together.
    """
    gate = threading.Barrier(parties, timeout=timeout)

    def reply(conn: Conn) -> None:
        try:
            gate.wait()
        except threading.BrokenBarrierError:
            pass
        then(conn)

    return reply


def raw(data: bytes) -> Reply:
    """Exactly these bytes, then close."""
    return lambda conn: conn.send(data)


# -- the server --------------------------------------------------------------
class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        fault: FaultServer = self.server.fault  # type: ignore[attr-defined]
        sock: socket.socket = self.request
        sock.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                data += chunk
        except OSError:
            return
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        request_line, *header_lines = head.split("\r\n")
        method, target, _ = (request_line.split(" ") + ["", ""])[:3]
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        url = fault.url_of(target, headers.get("host", ""))
        fault.record(url, headers, method)
        try:
            fault.reply_for(url)(Conn(sock, fault))
        except OSError:
            pass  # the client went away: part of the game


class FaultServer:
    def __init__(
        self,
        roots: Sequence[Path] = (),
        routes: Mapping[str, Reply] | None = None,
        files: Mapping[str, Path] | None = None,
    ):
        self.routes: dict[str, Reply] = dict(routes or {})
        self._fixtures = ReplayServer(roots=list(roots), files=files)
        self._hits: list[Hit] = []
        self.methods: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._tcp: _TCPServer | None = None

    # -- lifecycle ----------------------------------------------------------
    def start(self) -> FaultServer:
        self._tcp = _TCPServer(("127.0.0.1", 0), _Handler)
        self._tcp.fault = self  # type: ignore[attr-defined]
        threading.Thread(target=self._tcp.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._tcp:
            self._tcp.shutdown()
            self._tcp.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._tcp, "server not started"
        return self._tcp.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- requests -------------------------------------------------------------
    @staticmethod
    def url_of(target: str, host: str) -> str:
        """/http/host/path -> http://host/path (replay layout); an absolute URL (a proxy's request) as it is;
        else http://<Host header><path>."""
        if target.startswith(("http://", "https://")):
            return target
        scheme, _, rest = target.lstrip("/").partition("/")
        if scheme in ("http", "https") and rest:
            return f"{scheme}://{rest}"
        return f"http://{host}{target}"

    def record(self, url: str, headers: dict[str, str], method: str) -> None:
        with self._lock:
            self._hits.append(Hit(url, time.monotonic(), headers))
            self.methods.append((method, url))

    def reply_for(self, url: str) -> Reply:
        if url in self.routes:
            return self.routes[url]
        route = self._fixtures.resolve(url)
        return status(route.status, route.body, route.content_type, route.headers)

    @property
    def requested(self) -> list[str]:
        with self._lock:
            return [h.url for h in self._hits]

    def hits(self, url: str) -> int:
        return self.requested.count(url)

    def times(self, url: str) -> list[float]:
        with self._lock:
            return [h.at for h in self._hits if h.url == url]

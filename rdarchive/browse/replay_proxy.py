"""/replay/... on the serve origin, passed through to the local pywb process (rdarchive/replay.py).

One origin for everything a reader opens: the article page's "archived copy"
link is a stable /replay/<timestamp>/<url> address on the same host and port.
The Host header is passed on, so the addresses pywb writes into replayed pages
point back here. Only GET and HEAD are forwarded; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from rdarchive.replay import PREFIX

ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]]
# Not passed on: they describe one hop, not the response.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}
UNAVAILABLE = (
    "<!DOCTYPE html><meta charset='utf-8'><title>Archived copy unavailable</title>"
    "<p>Archived copies cannot be shown: {reason}</p><p><a href='/search'>Back to search</a></p>"
)


async def _answer(send: Callable[..., Awaitable[Any]], status: int, body: str) -> None:
    data = body.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(data)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": data})


def wrap(app: ASGIApp, origin: str | None, unavailable: str) -> ASGIApp:
    """`app` with /replay/ answered by pywb at `origin` (None: a page saying why there is no replay)."""
    client = httpx.AsyncClient(base_url=origin, timeout=60, follow_redirects=False, trust_env=False) if origin else None

    async def proxy(scope: dict[str, Any], receive: Callable[..., Awaitable[Any]], send: Callable[..., Awaitable[Any]]):
        path = scope.get("path", "")
        if scope.get("type") != "http" or not (path == PREFIX or path.startswith(PREFIX + "/")):
            return await app(scope, receive, send)
        if client is None:
            return await _answer(send, 503, UNAVAILABLE.format(reason=unavailable))
        if scope["method"] not in ("GET", "HEAD"):
            return await _answer(send, 405, "<p>The archive is read-only.</p>")
        raw = scope.get("raw_path") or path.encode()
        target = raw.decode("latin-1") + (
            ("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else ""
        )
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"] if k.lower() != b"host"]
        host = next((v for k, v in scope["headers"] if k.lower() == b"host"), b"").decode("latin-1")
        headers.append(("host", host))
        try:
            request = client.build_request(scope["method"], target, headers=headers)
            response = await client.send(request, stream=True)
        except httpx.HTTPError as e:
            return await _answer(send, 502, UNAVAILABLE.format(reason=f"the replay process did not answer ({e})"))
        try:
            out = [
                (k.encode("latin-1"), v.encode("latin-1"))
                for k, v in response.headers.multi_items()
                if k.lower() not in HOP_BY_HOP
            ]
            await send({"type": "http.response.start", "status": response.status_code, "headers": out})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()

    return proxy

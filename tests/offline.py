"""Helpers for tests that run the real command line: its output, and a guard against the live web.

A test of "this must not go live" could, if the code under test were broken,
fetch a real government site. `dead_proxy_env()` sends every HTTP(S) request
of a child process that honours the proxy variables (Scrapy does) to a local
port nobody listens on, so a broken build fails locally instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def closed_port() -> int:
    """A local TCP port with nothing listening on it (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dead_proxy_env() -> dict[str, str]:
    proxy = f"http://127.0.0.1:{closed_port()}"
    return {"http_proxy": proxy, "https_proxy": proxy, "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "no_proxy": ""}


def run(*args: str, env: dict | None = None, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def rd(db: str, *args: str, **kw) -> subprocess.CompletedProcess:
    """`rdarchive --db DB ARGS...` in a child process."""
    return run(str(BIN / "rdarchive"), "--db", db, *args, **kw)


def one_line_error(result: subprocess.CompletedProcess) -> bool:
    """The command said what went wrong in one line on stderr: no traceback, nothing else."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return len(lines) == 1 and "Traceback" not in result.stderr

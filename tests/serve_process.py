"""`rdarchive serve` in a child process on a free local port, for the browse and browser tests."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rdarchive.replay import free_port
from tests.conftest import ROOT

BIN = Path(sys.executable).parent


class ServeProcess:
    def __init__(self, db_url: str, *args: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(BIN / "rdarchive"), "serve", "--db", db_url, "--port", str(self.port), *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self, timeout: float = 90) -> ServeProcess:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"rdarchive serve exited: {self.proc.stderr.read()[-2000:]}")  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(f"{self.base}/-/versions.json", timeout=2).read()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"rdarchive serve did not answer within {timeout:.0f} s")
                time.sleep(0.3)

    def stop(self) -> str:
        """Stops the server; returns what it wrote on stderr."""
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err

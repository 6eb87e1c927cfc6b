"""`rdarchive replay`: archived pages as they looked, replayed by pywb from the project's own WARC files.

pywb (Webrecorder's wayback machine) serves every capture under
/replay/<14-digit UTC timestamp>/<original URL>, rewriting the page's links,
images and scripts so that they too come from the archive; what the WARC files
do not hold answers "not in archive". It never fetches the live site: no live
collection is configured and pywb_server.py switches pywb's live loaders off.

pywb runs in its own interpreter (its exact pins clash with ours, see
pywb_server.py): `make install` puts it in .venv/pywb; RDARCHIVE_PYWB_PYTHON
names another. The index is the CDXJ file the crawler keeps beside its WARC
files (crawlers/cdxj.py); a WARC folder without one is indexed into a scratch
folder at start, never written to.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import environment
from crawlers.warc_files import resolve, warc_root
from models.tables import Capture

PREFIX = "/replay"
SERVER_SCRIPT = Path(__file__).with_name("pywb_server.py")
# Our frame around a replayed page (capture time in Beijing time, the way back); pywb's own otherwise.
TEMPLATES = Path(__file__).with_name("pywb_templates")
INSTALL_HINT = "`make install` puts pywb in .venv/pywb; or set RDARCHIVE_PYWB_PYTHON to a Python that has pywb"


class ReplayUnavailable(RuntimeError):
    """pywb cannot be started; the message says why and what to do."""


def timestamp(t: datetime) -> str:
    """pywb's 14-digit UTC timestamp of a capture time."""
    return t.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def replay_path(url: str, when: datetime) -> str:
    """The archived copy of `url` captured at (or nearest to) `when`, as a path on the serve origin."""
    return f"{PREFIX}/{timestamp(when)}/{quote(url, safe=':/?&=%#;,+@~!$*()')}"


def pywb_python() -> Path | None:
    """The interpreter that has pywb: RDARCHIVE_PYWB_PYTHON, else the venv make install builds, else ours."""
    named = environment().pywb_python
    if named:
        return Path(named)
    beside = Path(sys.prefix) / "pywb" / "bin" / "python"
    if beside.exists():
        return beside
    if importlib.util.find_spec("pywb") is not None:
        return Path(sys.executable)
    return None


def warc_directories(sessions: sessionmaker[Session], root: Path) -> list[Path]:
    """The folders holding the archive's WARC files (one capture per crawl run is enough to find them).

    Captures name their file relative to the WARC root (older archives: an
    absolute path), so the root is where a relative name is looked up.
    """
    with sessions() as s:
        first = select(func.min(Capture.id)).group_by(Capture.run_id)
        files = s.scalars(select(Capture.warc_file).where(Capture.id.in_(first))).all()
    return sorted({resolve(f, root).resolve().parent for f in files})


@dataclass
class Collection:
    """pywb's configuration for the archive: one index folder, the WARC folders, in a scratch folder."""

    warc_dirs: list[Path]
    scratch: Path
    indexed: list[Path] = field(default_factory=list)  # WARC folders indexed here (they had no CDXJ)

    @property
    def config(self) -> Path:
        return self.scratch / "config.yaml"

    def write(self) -> Path:
        index_dir = self.scratch / "indexes"
        index_dir.mkdir(parents=True, exist_ok=True)
        # pywb looks in ./templates (its working directory is this folder) before its own.
        templates = self.scratch / "templates"
        if not templates.exists():
            templates.symlink_to(TEMPLATES.resolve(), target_is_directory=True)
        for n, d in enumerate(self.warc_dirs):
            indexes = sorted(d.glob("*.cdxj"))
            if not indexes and any(d.glob("*.warc.gz")):
                indexes = [self._index_into_scratch(d, index_dir / f"{n:03d}-built.cdxj")]
            for i in indexes:
                link = index_dir / f"{n:03d}-{i.name}"
                if not link.exists():
                    link.symlink_to(i.resolve())
        archive_paths = "".join(f"      - {_yaml_str(str(d) + '/')}\n" for d in self.warc_dirs) or "      []\n"
        self.config.write_text(
            "# written by rdarchive replay; replay only, no live web, no recording\n"
            "collections:\n"
            "  $root:\n"
            f"    index_paths: {_yaml_str(str(index_dir) + '/')}\n"
            f"    archive_paths:\n{archive_paths}"
            "framed_replay: true\n"
            "enable_memento: true\n",
            encoding="utf-8",
        )
        return self.config

    def _index_into_scratch(self, warc_dir: Path, out: Path) -> Path:
        from cdxj_indexer.main import write_cdx_index

        warcs = sorted(str(p) for p in warc_dir.glob("*.warc.gz"))
        with open(out, "w", encoding="utf-8") as fh:
            write_cdx_index(fh, warcs, {"sort": True, "dir_root": str(warc_dir)})
        self.indexed.append(warc_dir)
        return out


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class ReplayProcess:
    """pywb in a child process on a local port, for as long as the context lasts."""

    def __init__(self, warc_dirs: list[Path], host: str = "127.0.0.1", port: int | None = None):
        python = pywb_python()
        if python is None or not python.exists():
            raise ReplayUnavailable(f"archived copies cannot be replayed: pywb is not installed ({INSTALL_HINT})")
        self.python = python
        self.host = host
        self.port = port or free_port(host)
        self.scratch = Path(tempfile.mkdtemp(prefix="rdarchive-replay-"))
        self.collection = Collection(warc_dirs, self.scratch)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 60) -> ReplayProcess:
        config = self.collection.write()
        log = open(self.scratch / "pywb.log", "wb")  # noqa: SIM115 (the child writes it while it runs)
        self.proc = subprocess.Popen(
            [str(self.python), str(SERVER_SCRIPT), "--config", str(config), "--port", str(self.port)]
            + ["--host", self.host, "--parent", str(os.getpid())],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                tail = (self.scratch / "pywb.log").read_text(errors="replace").strip().splitlines()[-3:]
                self.stop()
                raise ReplayUnavailable(f"pywb exited at start ({' / '.join(tail) or 'no output'})")
            try:
                urllib.request.urlopen(f"{self.origin}{PREFIX}/static/wb_frame.js", timeout=2).read()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise ReplayUnavailable(f"pywb did not answer on {self.origin} within {timeout:.0f} s") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> ReplayProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------- CLI
def add_replay_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Replay archived pages as they looked, from the archive's own WARC files (pywb), at "
        f"http://HOST:PORT{PREFIX}/<timestamp>/<url>. Never fetches the live site. "
        "`rdarchive serve` starts this itself; run it alone to replay without the search pages."
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8002)


def replay_command(args: argparse.Namespace, sessions: sessionmaker[Session], db_url: str) -> int:
    dirs = [d for d in warc_directories(sessions, warc_root(db_url)) if d.is_dir()]
    if not dirs:
        raise ValueError("the archive has no WARC captures to replay (crawl first)")
    try:
        with ReplayProcess(dirs, host=args.host, port=args.port) as replay:
            print(f"replaying {len(dirs)} WARC folder(s) at {replay.origin}{PREFIX}/<timestamp>/<url>", flush=True)
            try:
                assert replay.proc is not None
                return replay.proc.wait()
            except KeyboardInterrupt:
                return 0
    except ReplayUnavailable as e:
        print(f"rdarchive replay: {e}", file=sys.stderr)
        return 1

"""Sample WARC files built from the project's own fixture pages, for `make demo`.

Each fixture file tests/fixtures/sites/<slug>/site/<host>/<path> becomes a
response record for http://<host>/<path> (a file named <path>@<query> for
<path>?<query>). The demo then serves the sample sites from these WARCs, the
way an archive replays what it captured.
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rdarchive.replay_server import _content_type


def fixture_url(root: Path, path: Path) -> str:
    host, *rest = path.relative_to(root).parts
    rel = "/".join(rest)
    page, _, query = rel.partition("@")
    return f"http://{host}/{page}" + (f"?{query}" if query else "")


def build(roots: list[Path], out_dir: Path) -> list[Path]:
    """One WARC per fixture site; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for root in roots:
        slug = root.parent.name
        target = out_dir / f"sample-{slug}.warc.gz"
        with open(target, "wb") as fh:
            writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
            writer.write_record(
                writer.create_warcinfo_record(
                    target.name, {"software": "rdarchive sample builder", "description": f"fixture pages of {slug}"}
                )
            )
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                body = path.read_bytes()
                headers = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", _content_type(path, body)), ("Content-Length", str(len(body)))],
                    protocol="HTTP/1.1",
                )
                writer.write_record(
                    writer.create_warc_record(
                        fixture_url(root, path), "response", payload=io.BytesIO(body), http_headers=headers
                    )
                )
        written.append(target)
    return written

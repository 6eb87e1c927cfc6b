"""Reading archived responses back from the WARC files, without the network.

A capture row points to one gzip member of a WARC file (offset, length).
Corrupt or truncated records are reported with their file and offset and
skipped; nothing else in the file is lost.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawlers.warc_files import resolve, warc_root
from models.tables import Capture


class CaptureError(Exception):
    """A WARC record that cannot be read; the message names the file and offset."""


@dataclass
class Stored:
    url: str
    status: int
    headers: dict[str, str]
    # The payload as sent (content encoding kept), and the body as a browser sees it.
    payload: bytes
    body: bytes
    record_type: str
    record_id: str


def read_record(path: str | Path, offset: int, length: int | None = None) -> Stored:
    """The one record at `offset` of a WARC file."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read(length) if length else fh.read()
    except OSError as e:
        raise CaptureError(f"{path} at offset {offset}: cannot read the WARC file ({e})") from e
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            stored = _stored(record)
            # A truncated or damaged record fails here, loudly, not as a shorter page.
            expected = record.rec_headers.get_header("WARC-Payload-Digest")
            if record.rec_type == "response" and expected and expected != _sha1_digest(stored.payload):
                raise CaptureError(
                    f"{path} at offset {offset}: corrupt or truncated WARC record (payload digest mismatch)"
                )
            return stored
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as e:
        raise CaptureError(f"{path} at offset {offset}: corrupt or truncated WARC record ({e})") from e
    raise CaptureError(f"{path} at offset {offset}: no WARC record there")


def read_capture(capture: Capture, root: Path | None = None) -> Stored:
    """The record a capture points to; a relative file name is read under the WARC root."""
    path = resolve(capture.warc_file, root) if root is not None else Path(capture.warc_file)
    stored = read_record(path, capture.offset, capture.length)
    if stored.record_type == "response" and hashlib.sha256(stored.payload).hexdigest() != capture.payload_sha256:
        raise CaptureError(
            f"{capture.warc_file} at offset {capture.offset}: payload does not match the "
            f"archived SHA-256 {capture.payload_sha256}"
        )
    return stored


def _sha1_digest(payload: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


def _decode(payload: bytes, headers: dict[str, str]) -> bytes:
    """Undo the Content-Encoding the server applied (the WARC keeps it as sent)."""
    encoding = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "").lower().strip()
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(payload)
    if encoding == "deflate":
        try:
            return zlib.decompress(payload)
        except zlib.error:
            return zlib.decompress(payload, -zlib.MAX_WBITS)
    if encoding == "br":
        import brotli

        return brotli.decompress(payload)
    return payload


def _stored(record) -> Stored:
    http = record.http_headers
    headers = dict(http.headers) if http else {}
    payload = record.raw_stream.read()
    return Stored(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()) if http else 0,
        headers=headers,
        payload=payload,
        body=_decode(payload, headers) if payload else payload,
        record_type=record.rec_type,
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
    )


def archive_warc_root(sessions: sessionmaker[Session]) -> Path:
    """The WARC root of the archive these sessions open (RDARCHIVE_WARC_DIR, else beside a SQLite file)."""
    bind = sessions.kw.get("bind")
    url = bind.url.render_as_string(hide_password=False) if bind is not None else None
    return warc_root(url)

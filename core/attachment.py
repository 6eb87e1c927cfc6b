"""A document an article links to (PDF, DOC, DOCX, WPS, XLS/XLSX, OFD ...), as the crawl found it.

The crawl fills one `Attachment` per document link of an article page; the store
keeps the file once by its SHA-256 (models.tables.AttachmentFile) and the link
per article (models.tables.ArticleAttachment). Nothing here knows Scrapy or the
database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AttachmentLink:
    """A link from an article page to a document."""

    url: str
    link_text: str
    file_name: str


@dataclass
class DocumentText:
    """What the bytes of a document say: their media type and text.

    `unreadable`: why there is no text although the file is whole (OFD, a scanned
    PDF, a type no reader is installed for). `failure`: why the bytes are not the
    document the link promised (an HTML error page, a truncated or damaged file, a
    password-protected PDF); such an attachment is a recorded failure.
    """

    media_type: str
    text: str | None = None
    unreadable: str | None = None
    failure: str | None = None


@dataclass
class Attachment:
    """One document link of an article and what fetching and reading it gave."""

    url: str
    link_text: str
    file_name: str
    # Fetching: the HTTP status and the WARC capture of the response (None if nothing came back).
    http_status: int | None = None
    capture_id: int | None = None
    # The file, when bytes came back.
    media_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    text: str | None = None
    unreadable: str | None = None
    # Set when the document could not be archived or read as one (a recorded failure).
    failure: str | None = None

    @property
    def text_chars(self) -> int:
        return len(self.text) if self.text else 0

    @property
    def stored(self) -> bool:
        """Bytes that are the document itself were archived (a file record is kept)."""
        return self.sha256 is not None

    def export(self, with_text: bool = True) -> dict[str, object]:
        """The attachment as an export line and `parse --json` show it (ATTACHMENT_KEYS, in order)."""
        out: dict[str, object] = {
            "url": self.url,
            "link_text": self.link_text,
            "file_name": self.file_name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "http_status": self.http_status,
            "capture_id": self.capture_id,
            "unreadable": self.unreadable,
            "failure": self.failure,
            "text_chars": self.text_chars,
        }
        if with_text:
            out["text"] = self.text
        return out


# The keys of one attachment object in an export line, with their JSON Schema
# (rdarchive/export_schema.py writes them into docs/export.schema.json).
_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_NINT = {"type": ["integer", "null"], "minimum": 0}
ATTACHMENT_KEYS: dict[str, dict[str, object]] = {
    "url": {**_STR, "minLength": 1, "description": "where the article page links to the document"},
    "link_text": {**_STR, "description": "the link's text on the article page"},
    "file_name": {**_STR, "description": "the document's name: the link text if it names a file, else the URL's"},
    "media_type": {**_NSTR, "description": "sniffed from the bytes (null: nothing came back)"},
    "size": {**_NINT, "description": "bytes"},
    "sha256": {**_NSTR, "description": "SHA-256 of the file; the archive keeps each file once by it"},
    "http_status": _NINT,
    "capture_id": {**_NINT, "description": "WARC capture of the response"},
    "unreadable": {**_NSTR, "description": "why a whole file gave no text (OFD, a scanned PDF ...)"},
    "failure": {**_NSTR, "description": "why the document could not be archived or read (a recorded failure)"},
    "text_chars": {"type": "integer", "minimum": 0},
    "text": {**_NSTR, "description": "the document's text, as its reader gave it"},
}

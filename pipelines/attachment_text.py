"""A document's media type, sniffed from its bytes, and its text.

The type comes from the bytes, never from the extension or the Content-Type
header: sites serve PDFs as application/octet-stream and error pages as
"XX条例.pdf". puremagic reads the magic numbers; ZIP and OLE containers are told
apart by what they hold (a DOCX, an XLSX and an OFD are all ZIP files). Text
comes from pypdf (PDF), python-docx (DOCX), openpyxl (XLSX) and Debian's catdoc
(DOC, WPS, XLS) where it is installed (`make attachments`).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable

import puremagic

from core.attachment import Attachment, AttachmentLink, DocumentText

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OFD = "application/ofd"
ZIP = "application/zip"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
WPS = "application/vnd.ms-works"  # Kingsoft WPS Writer files are OLE documents like DOC
OLE = "application/x-ole-storage"
HTML = "text/html"
UNKNOWN = "application/octet-stream"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole_type(body: bytes) -> str:
    """An OLE compound file by the streams it names in its directory (UTF-16 names)."""
    if _utf16("WordDocument") in body:
        return DOC
    if _utf16("Workbook") in body or _utf16("Book") in body:
        return XLS
    if _utf16("WksSSWorkBook") in body or _utf16("MatOST") in body:
        return WPS
    return OLE


def _zip_type(body: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    except zipfile.BadZipFile:
        return ZIP  # a damaged container: the reader says why
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    if "OFD.xml" in names or "ofd.xml" in names:
        return OFD
    return ZIP


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) and b"<html" in head


def media_type(body: bytes) -> str:
    """The media type of these bytes."""
    if body.startswith(_OLE_MAGIC):
        return _ole_type(body)
    if body.startswith(b"PK\x03\x04"):
        return _zip_type(body)
    if _looks_like_html(body):
        return HTML
    try:
        found = puremagic.from_string(body, mime=True)
    except (puremagic.PureError, ValueError):
        return UNKNOWN
    return found or UNKNOWN


# -- readers: bytes -> DocumentText -------------------------------------------
def _pdf(body: bytes) -> DocumentText:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if b"%%EOF" not in body[-2048:]:
        return DocumentText(PDF, failure="truncated PDF: no %%EOF end marker")
    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return DocumentText(PDF, failure="password-protected PDF: its text cannot be read")
        text = "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()
    except FileNotDecryptedError:
        return DocumentText(PDF, failure="password-protected PDF: its text cannot be read")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        return DocumentText(PDF, failure=f"damaged PDF: {e}")
    if not text:
        return DocumentText(PDF, unreadable="PDF without a text layer (a scanned document?)")
    return DocumentText(PDF, text=text)


def _docx(body: bytes) -> DocumentText:
    import docx

    try:
        document = docx.Document(io.BytesIO(body))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        return DocumentText(DOCX, failure=f"damaged DOCX: {e}")
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return _text_or_empty(DOCX, lines)


def _xlsx(body: bytes) -> DocumentText:
    import openpyxl  # type: ignore[import-untyped]  # no stubs in the test extras

    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        return DocumentText(XLSX, failure=f"damaged XLSX: {e}")
    lines = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            if any(cells):
                lines.append("\t".join(cells).rstrip("\t"))
    book.close()
    return _text_or_empty(XLSX, lines)


def _catdoc(kind: str) -> Callable[[bytes], DocumentText]:
    tool = "xls2csv" if kind == XLS else "catdoc"

    def read(body: bytes) -> DocumentText:
        exe = shutil.which(tool)
        if exe is None:
            return DocumentText(kind, unreadable=f"{tool} is not installed (Debian package catdoc; make attachments)")
        with tempfile.NamedTemporaryFile(suffix=".bin") as fh:
            fh.write(body)
            fh.flush()
            try:
                done = subprocess.run([exe, "-d", "utf-8", fh.name], capture_output=True, timeout=60, check=False)
            except subprocess.TimeoutExpired:
                return DocumentText(kind, failure=f"{tool} took longer than 60 s")
        if done.returncode != 0:
            return DocumentText(kind, failure=f"{tool} could not read it: {done.stderr.decode(errors='replace')[:200]}")
        return _text_or_empty(kind, done.stdout.decode("utf-8", errors="replace").splitlines())

    return read


def _text_or_empty(kind: str, lines: list[str]) -> DocumentText:
    text = "\n".join(line.strip() for line in lines if line.strip())
    return DocumentText(kind, text=text) if text else DocumentText(kind, unreadable="the document holds no text")


READERS: dict[str, Callable[[bytes], DocumentText]] = {
    PDF: _pdf,
    DOCX: _docx,
    XLSX: _xlsx,
    DOC: _catdoc(DOC),
    WPS: _catdoc(WPS),
    XLS: _catdoc(XLS),
}
# Types kept without text, and why.
UNREADABLE: dict[str, str] = {
    OFD: "OFD: no maintained reader of the format is available",
    OLE: "an OLE document of unknown kind",
    PPTX: "presentations are kept without text",
}


def read_document(body: bytes) -> DocumentText:
    """The media type and text of a downloaded document."""
    kind = media_type(body)
    if kind == HTML:
        return DocumentText(kind, failure="an HTML page where a document was expected (an error page?)")
    if kind == ZIP and body.startswith(b"PK\x03\x04"):
        try:
            zipfile.ZipFile(io.BytesIO(body))
        except zipfile.BadZipFile:
            return DocumentText(kind, failure="truncated or damaged ZIP container")
    reader = READERS.get(kind)
    if reader is not None:
        return reader(body)
    return DocumentText(kind, unreadable=UNREADABLE.get(kind, f"no text reader for {kind}"))


def attachment_from_bytes(link: AttachmentLink, status: int, body: bytes, capture_id: int | None = None) -> Attachment:
    """What fetching a document gave, as the archive keeps it: the crawl and `rdarchive parse` alike."""
    att = Attachment(
        url=link.url, link_text=link.link_text, file_name=link.file_name, http_status=status, capture_id=capture_id
    )
    if status >= 400:
        att.failure = f"HTTP {status}"
        return att
    read = read_document(body)
    att.media_type, att.size, att.failure = read.media_type, len(body), read.failure
    if read.media_type == HTML or (read.failure and read.failure.startswith(("truncated", "damaged"))):
        # Not the document the link promised: no file record (the WARC keeps what came back).
        return att
    att.sha256 = hashlib.sha256(body).hexdigest()
    att.text, att.unreadable = read.text, read.unreadable
    return att

"""Which links of an article page lead to documents, and whether the body is only a pointer to one.

Congress sites publish laws, drafts for comment, gazettes and lists as files
linked from an article (附件：XX条例.pdf); some articles say nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from core.article import ParsedArticle
from core.attachment import Attachment, AttachmentLink
from pipelines.textnorm import normalize_text

# File extensions of the documents these sites attach (WPS/ET: Kingsoft's word processor and sheet;
# OFD: the Chinese fixed-layout standard GB/T 33190). Plain .txt is left to the sites that serve
# articles as text (crawlers/sites: page_from_other_bytes).
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "wps", "wpt", "xls", "xlsx", "et", "ofd", "rtf", "ppt", "pptx", "odt", "ods"}
)
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{2,5})$")
# A page listing hundreds of files is an index, not an article: fetch the first ones only.
MAX_LINKS = 30


def _extension(name: str) -> str | None:
    m = _EXTENSION.search(name.strip())
    return m.group(1).lower() if m else None


def is_document_name(name: str) -> bool:
    return _extension(name) in DOCUMENT_EXTENSIONS


def attachment_links(
    html: str, page_url: str, allows: Callable[[str], bool] = lambda url: True
) -> list[AttachmentLink]:
    """The page's links to documents (by the URL's or the link text's file extension), in page order,
    each once, on hosts `allows` accepts (the site's allowed domains)."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: dict[str, AttachmentLink] = {}
    base = tree.xpath("string(//base/@href)") or page_url
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urljoin(urljoin(page_url, base), href).split("#")[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            continue
        text = " ".join(a.text_content().split())
        path_name = unquote(parts.path.rsplit("/", 1)[-1])
        if not (is_document_name(path_name) or is_document_name(text)):
            continue
        if url in found or not allows(url):
            continue
        file_name = text if is_document_name(text) else (path_name or text)
        found[url] = AttachmentLink(url=url, link_text=text, file_name=file_name)
        if len(found) >= MAX_LINKS:
            break
    return list(found.values())


# What a pointer body says around the file names: 附件 / 附件1： / 点击下载 / (PDF版) ...
_POINTER_WORDS = re.compile(
    r"附件[0-9一二三四五六七八九十]*|相关附件|附\s*件|点击下载|点击查看|下载|全文|原文|文件|"
    r"pdf版?|word版?|\b[A-Za-z]{2,5}\b|[\s\W_]",
    re.I,
)
# Fewer characters than this left once the file names and pointer words are gone: the body only points.
POINTER_MAX_CHARS = 12


def is_pointer_body(body: str, attachments: Iterable[AttachmentLink | Attachment]) -> bool:
    """True when the text says nothing but where its attachment is (附件：XX条例.pdf)."""
    rest = body
    for a in attachments:
        for name in sorted({a.file_name, a.link_text}, key=len, reverse=True):
            if name:
                rest = rest.replace(name, "")
                stem = _EXTENSION.sub("", name)
                if stem:
                    rest = rest.replace(stem, "")
    rest = _POINTER_WORDS.sub("", rest)
    return len(rest) < POINTER_MAX_CHARS


def apply_attachments(article: ParsedArticle, attachments: list[Attachment]) -> ParsedArticle:
    """Give the article its attachments; a body that only points to one takes that one's text
    as the text search and dedupe read (body_normalized), and says so (text_from_attachment)."""
    article.attachments = attachments
    article.text_from_attachment = None
    readable = [a for a in attachments if a.text and not a.failure]
    if readable and is_pointer_body(article.body or "", attachments):
        chosen = readable[0]
        article.text_from_attachment = chosen.url
        article.body_normalized = normalize_text(chosen.text or "")
        article.notes.append(f"the body only points to its attachment: text read from {chosen.file_name}")
    return article

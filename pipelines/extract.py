"""The article body out of a page, and the page's text out of its bytes.

The site template's body selector comes first (it knows the CMS); the generic
extractor (pipelines/generic/) is the fallback for pages no template
recognises. Both read the page parsed once (`ParsedPage`). Decoding follows the
crawler: HTTP header, BOM, <meta>, then detection, with a check that the
chosen codec did not turn the page into replacement characters (GBK pages
served with a UTF-8 header are common on these sites).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import html as lxml_html
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from pipelines.attachment_links import is_document_name
from pipelines.generic.body import generic_body
from pipelines.generic.parsed import ParsedPage
from pipelines.generic.render import text_of

# A selector match shorter than this is a wrapper left empty by the CMS (JS fills it).
MIN_SELECTOR_CHARS = 20


@dataclass
class Extraction:
    text: str | None
    method: str | None  # "selector:<css>" or "trafilatura"


def decode_html(body: bytes, url: str = "", headers: Mapping[str, str] | None = None) -> str:
    """Bytes to text as the crawler decodes them, repairing a wrong declared charset."""
    ctype = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            ctype = value
    _, text = html_to_unicode(ctype, body, default_encoding="utf-8", auto_detect_fun=_detect)
    if text.count("\ufffd") > 3:
        # The declared charset lied; try what the page itself says, then the usual suspects.
        candidates = [enc for enc in (html_body_declared_encoding(body), "utf-8", "gb18030") if enc]
        for enc in candidates:
            try:
                return body.decode(enc)
            except (UnicodeDecodeError, LookupError):
                continue
        # No codec decodes every byte (a GB page with one stray byte): keep the
        # reading that loses the fewest characters.
        text = min([text] + [_decode_lossy(body, enc) for enc in candidates], key=lambda t: t.count("\ufffd"))
    return text


def _decode_lossy(body: bytes, enc: str) -> str:
    try:
        return body.decode(enc, errors="replace")
    except LookupError:
        return "\ufffd" * len(body)


def _detect(body: bytes) -> str | None:
    for enc in ("utf-8", "gb18030"):
        try:
            body.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return None


def _by_selectors(page: ParsedPage, selectors: Sequence[str]) -> Extraction | None:
    """The first selector match with real text; Extraction(None) if the containers are all empty."""
    seen_container = False
    for css in selectors:
        try:
            nodes = page.select(css)
        except Exception:  # noqa: BLE001 - a bad selector in a site module must not stop the crawl
            continue
        for node in nodes:
            seen_container = True
            text = text_of(node)
            if len(re.sub(r"\s", "", text)) >= MIN_SELECTOR_CHARS or _points_to_document(node):
                return Extraction(text, f"selector:{css}")
    # The template's body container is there but empty: the page has no body,
    # and a generic extractor would only pick up the furniture around it.
    return Extraction(None, None) if seen_container else None


def _points_to_document(node: lxml_html.HtmlElement) -> bool:
    """A short body that links a document (附件：XX条例.pdf) is the article: its text is the attachment's."""
    for a in node.iter("a"):
        name = (a.get("href") or "").split("?")[0].rsplit("/", 1)[-1]
        if is_document_name(name) or is_document_name(a.text_content()):
            return True
    return False


def extract_body(page: ParsedPage | str, url: str = "", selectors: Sequence[str] = ()) -> Extraction:
    """The article body: the template's selectors first, the generic extractor as the fallback.

    `page` is the parsed page the stages share, or HTML (parsed here, with `url`)."""
    if isinstance(page, str):
        page = ParsedPage(page, url)
    if page.root is None:
        return Extraction(None, None)
    if selectors:
        found = _by_selectors(page, selectors)
        if found is not None:
            return found
    text = generic_body(page)
    return Extraction(text, "trafilatura") if text else Extraction(None, None)

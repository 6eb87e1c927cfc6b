"""A page as discovery reads it: its links, each with the text around it and where it sits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import lxml.html

from crawlers.discovery.urls import absolute
from crawlers.discovery.vocabulary import FURNITURE_TAGS, FURNITURE_TOKENS

# Hanweb JCMS and similar CMSs print a column's rows inside <script type="text/xml"> as CDATA records.
CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
SPACE_RE = re.compile(r"\s+")
# How far up from a link its row may reach (li > span > a; tr > td > a; article > header > h2 > a).
ROW_DEPTH = 5


@dataclass(frozen=True)
class Link:
    url: str
    text: str  # the anchor's text, else its title attribute
    row: str  # the text of the smallest block around the link holding no other link target
    block: str  # a path naming the container of the row (links in one list share it)
    furniture: bool  # inside navigation, header, footer, breadcrumbs
    scripted: bool = False  # found inside a script datastore, not in the page itself


@dataclass
class ParsedPage:
    """A fetched page (a home page, a channel's list page) with its links resolved once."""

    url: str
    html: str
    root: lxml.html.HtmlElement
    scripts: list[lxml.html.HtmlElement] = field(default_factory=list)

    @cached_property
    def links(self) -> list[Link]:
        out = [link for a in self.root.iter("a") if (link := _link(a, self.url, False)) is not None]
        for fragment in self.scripts:
            out += [link for a in fragment.iter("a") if (link := _link(a, self.url, True)) is not None]
        return out

    @cached_property
    def title(self) -> str:
        node = self.root.find(".//title")
        return _clean(node.text_content()) if node is not None else ""


def parse_page(url: str, html: str) -> ParsedPage:
    """Parse once; what a <script type="text/xml"> datastore holds is parsed beside the page."""
    root = lxml.html.document_fromstring(html or "<html></html>")
    scripts = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() in ("text/xml", "text/html", "text/template") and script.text:
            for chunk in CDATA_RE.findall(script.text) or [script.text]:
                if "<a" in chunk:
                    wrapper = lxml.html.fragment_fromstring(chunk, create_parent="div")
                    # Remember where the datastore sat, so its rows form one block.
                    wrapper.set("data-datastore", _path(script))
                    scripts.append(wrapper)
    return ParsedPage(url=url, html=html, root=root, scripts=scripts)


def _clean(text: str) -> str:
    return SPACE_RE.sub(" ", text or "").strip()


def _link(a: lxml.html.HtmlElement, base: str, scripted: bool) -> Link | None:
    url = absolute(a.get("href") or "", base)
    if url is None:
        return None
    text = _clean(a.text_content()) or _clean(a.get("title") or "")
    row_node = _row(a, a.get("href") or "")
    block_node = row_node.getparent()
    block = _path(block_node) if block_node is not None else ""
    if scripted:
        block = _datastore(a) + block
    return Link(url, text, _clean(row_node.text_content()), block, _furniture(a), scripted)


def _row(a: lxml.html.HtmlElement, href: str) -> lxml.html.HtmlElement:
    node = a
    for _ in range(ROW_DEPTH):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        targets = {x.get("href") for x in parent.iter("a") if x.get("href")}
        if len(targets - {href}) > 0:
            break
        node = parent
    return node


def _furniture(a: lxml.html.HtmlElement) -> bool:
    in_article = False
    for node in a.iterancestors():
        if node.tag == "article":
            in_article = True
        if node.tag in FURNITURE_TAGS and not in_article:
            return True
        tokens = (str(node.get("class") or "") + " " + str(node.get("id") or "")).lower().split()
        if any(t in FURNITURE_TOKENS for t in tokens):
            return True
    return False


def _path(node: lxml.html.HtmlElement | None) -> str:
    """tag.class/tag#id/... from the root: rows of one list share their container's path."""
    parts = []
    while node is not None and isinstance(node.tag, str):
        ident = node.get("id")
        cls = (node.get("class") or "").split()
        mark = f"#{ident}" if ident else ("." + ".".join(sorted(cls)) if cls else "")
        parent = node.getparent()
        index = ""
        if parent is not None and not ident:
            index = f"[{list(parent).index(node)}]"
        parts.append(f"{node.tag}{mark}{index}")
        node = parent
    return "/".join(reversed(parts))


def _datastore(a: lxml.html.HtmlElement) -> str:
    for node in a.iterancestors():
        if node.get("data-datastore"):
            return str(node.get("data-datastore")) + "!"
    return ""


__all__ = ["Link", "ParsedPage", "parse_page"]

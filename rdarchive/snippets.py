"""Search snippets cut from the text as the site published it, with the positions of the matches.

Queries match the normalised text (NFKC, simplified script), where full-width
punctuation has become ASCII (，→ ,) and traditional characters simplified. A
snippet shown to a reader should quote the article, so the matching runs on a
folded copy of the original in which every character remembers where it came
from, and the snippet is cut from the original around the mapped positions.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from models.fulltext import Highlighter
from pipelines.textnorm import to_simplified

ELLIPSIS = "…"


@dataclass
class Snippet:
    """A piece of text and its matches as [start, end) offsets in code points."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, marks: tuple[str, str]) -> str:
        """The text with each match between marks[0] and marks[1]."""
        out, pos = [], 0
        for s, e in self.spans:
            out.append(self.text[pos:s] + marks[0] + self.text[s:e] + marks[1])
            pos = e
        out.append(self.text[pos:])
        return "".join(out)


def _folded(text: str) -> tuple[str, list[int]]:
    """The matching form of `text`, and for each of its characters the index of the original one."""
    parts: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        n = unicodedata.normalize("NFKC", c) if ord(c) > 127 else c
        parts.append(n)
        origin.extend([i] * len(n))
    nfkc = "".join(parts)
    simple = to_simplified(nfkc)
    # OpenCC converts character for character here; should a phrase ever change the length,
    # the positions would drift, so match the NFKC form alone (traditional queries then miss).
    return (simple if len(simple) == len(nfkc) else nfkc), origin


def original_spans(hl: Highlighter, text: str) -> list[tuple[int, int]]:
    """Where the highlighter's terms occur in `text`, as offsets into `text` itself."""
    folded, origin = _folded(text)
    spans: list[tuple[int, int]] = []
    for s, e in hl.spans(folded):
        start, end = origin[s], origin[e - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def snippet(hl: Highlighter, text: str, width: int = 90) -> Snippet:
    """About `width` characters of `text` (whitespace collapsed) around its first match."""
    flat = " ".join(text.split())
    spans = original_spans(hl, flat)
    start = max(0, spans[0][0] - width // 4) if spans else 0
    end = min(len(flat), start + width)
    lead = ELLIPSIS if start else ""
    shift = len(lead) - start
    kept = [(s + shift, min(e, end) + shift) for s, e in spans if start <= s < end]
    return Snippet(lead + flat[start:end] + (ELLIPSIS if end < len(flat) else ""), kept)


def whole(hl: Highlighter, text: str) -> Snippet:
    """All of a short text (a title) with its matches."""
    return Snippet(text, original_spans(hl, text))

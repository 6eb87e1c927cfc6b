"""What changed between two versions of a Chinese text: by sentence, then by character.

A line diff is useless for Chinese articles (a paragraph is one long line) and
a plain character diff of two long texts drowns in noise where a sentence was
rewritten. So the texts are first cut into sentences (after 。！？； and their
ASCII forms, a closing quote or bracket staying with its sentence, and at every
line break), the sentence lists are aligned, and only inside a sentence that
was edited rather than replaced is the character diff shown. Both steps use
the standard library's difflib (Ratcliff/Obershelp matching).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

# A sentence ends at one of these (runs like ？！ or …… stay together), followed by
# any closing quotes or brackets.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)\]》\"']*|$)")
# An edited sentence shares at least this share of its characters with its new form;
# below it the old sentence counts as removed and the new one as added.
SIMILAR = 0.5

Kind = Literal["same", "removed", "added", "changed"]
PartKind = Literal["same", "del", "ins"]


@dataclass(frozen=True)
class Part:
    """A run of characters inside a changed sentence."""

    kind: PartKind
    text: str


@dataclass(frozen=True)
class Chunk:
    """One sentence of the diff: kept, removed, added, or changed (with its character parts)."""

    kind: Kind
    old: str = ""
    new: str = ""
    parts: tuple[Part, ...] = field(default=())
    paragraph_start: bool = False  # the sentence opens a paragraph of the newer text


def sentences(text: str) -> list[str]:
    """The sentences of a text, stripped, in order (line breaks end a sentence too)."""
    out = []
    for line in (text or "").splitlines():
        for m in _SENTENCE.finditer(line):
            s = m.group().strip()
            if s:
                out.append(s)
    return out


def _paragraph_starts(text: str) -> set[int]:
    starts, n = set(), 0
    for line in (text or "").splitlines():
        found = sentences(line)
        if found:
            starts.add(n)
        n += len(found)
    return starts


def char_parts(old: str, new: str) -> tuple[Part, ...]:
    """The character diff of one sentence: kept, deleted and inserted runs."""
    parts: list[Part] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(Part("same", old[i1:i2]))
            continue
        if i2 > i1:
            parts.append(Part("del", old[i1:i2]))
        if j2 > j1:
            parts.append(Part("ins", new[j1:j2]))
    return tuple(parts)


def similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, old, new, autojunk=False).ratio()


def _pair(old: list[str], new: list[str]) -> list[Chunk]:
    """Sentences replaced in one block: each old one paired, in order, with its most similar new one."""
    chunks: list[Chunk] = []
    j = 0
    for o in old:
        best, best_k = SIMILAR, -1
        for k in range(j, len(new)):
            r = similarity(o, new[k])
            if r >= best:
                best, best_k = r, k
        if best_k < 0:
            chunks.append(Chunk("removed", old=o))
            continue
        chunks += [Chunk("added", new=n) for n in new[j:best_k]]
        chunks.append(Chunk("changed", old=o, new=new[best_k], parts=char_parts(o, new[best_k])))
        j = best_k + 1
    chunks += [Chunk("added", new=n) for n in new[j:]]
    return chunks


def diff(old_text: str, new_text: str) -> list[Chunk]:
    """The sentence-by-sentence diff of two texts, in the order of the newer one."""
    old, new = sentences(old_text), sentences(new_text)
    chunks: list[Chunk] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks += [Chunk("same", old=s, new=s) for s in old[i1:i2]]
        elif op == "delete":
            chunks += [Chunk("removed", old=s) for s in old[i1:i2]]
        elif op == "insert":
            chunks += [Chunk("added", new=s) for s in new[j1:j2]]
        else:
            chunks += _pair(old[i1:i2], new[j1:j2])
    starts = _paragraph_starts(new_text)
    out, n = [], 0
    for c in chunks:
        if c.kind == "removed":
            out.append(c)
            continue
        out.append(Chunk(c.kind, c.old, c.new, c.parts, paragraph_start=n in starts))
        n += 1
    return out


def has_changes(chunks: list[Chunk]) -> bool:
    return any(c.kind != "same" for c in chunks)


@dataclass(frozen=True)
class Summary:
    changed: int
    removed: int
    added: int
    same: int

    def __str__(self) -> str:
        return f"{self.changed} sentence(s) changed, {self.removed} removed, {self.added} added, {self.same} unchanged"


def summary(chunks: list[Chunk]) -> Summary:
    count = {k: sum(1 for c in chunks if c.kind == k) for k in ("changed", "removed", "added", "same")}
    return Summary(**count)


# ------------------------------------------------------------------ text rendering
@dataclass(frozen=True)
class Marks:
    """How deleted and inserted characters are marked on a terminal or in plain text."""

    deleted: tuple[str, str]
    inserted: tuple[str, str]


# wdiff's markers: nothing a Chinese text uses (【】 and 〔〕 are real punctuation there).
PLAIN = Marks(("[-", "-]"), ("{+", "+}"))
COLOR = Marks(("\x1b[9;31m", "\x1b[0m"), ("\x1b[1;32m", "\x1b[0m"))


def render_parts(parts: tuple[Part, ...], marks: Marks) -> str:
    out = []
    for p in parts:
        if p.kind == "same":
            out.append(p.text)
        elif p.kind == "del":
            out.append(marks.deleted[0] + p.text + marks.deleted[1])
        else:
            out.append(marks.inserted[0] + p.text + marks.inserted[1])
    return "".join(out)


def render(chunks: list[Chunk], marks: Marks = PLAIN, context: int = 1) -> list[str]:
    """Lines of a readable diff: '~' edited, '-' removed, '+' added, ' ' context; long runs elided."""
    keep: set[int] = set()
    for i, c in enumerate(chunks):
        if c.kind != "same":
            keep.update(range(max(0, i - context), min(len(chunks), i + context + 1)))
    lines: list[str] = []
    skipped = 0
    for i, c in enumerate(chunks):
        if c.kind == "same" and i not in keep:
            skipped += 1
            continue
        if skipped:
            lines.append(f"  … {skipped} unchanged sentence(s) …")
            skipped = 0
        if c.kind == "same":
            lines.append(f"  {c.new}")
        elif c.kind == "removed":
            lines.append(f"- {marks.deleted[0]}{c.old}{marks.deleted[1]}")
        elif c.kind == "added":
            lines.append(f"+ {marks.inserted[0]}{c.new}{marks.inserted[1]}")
        else:
            lines.append(f"~ {render_parts(c.parts, marks)}")
    if skipped:
        lines.append(f"  … {skipped} unchanged sentence(s) …")
    return lines

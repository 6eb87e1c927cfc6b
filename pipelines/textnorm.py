"""Text forms: the stored body, its normalised (simplified, NFKC) form, and its hash.

The normalised form is what dedupe hashes and search matches, so a
traditional-character mirror and its simplified original normalise alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import opencc

from pipelines import noise
from pipelines.generic import vocabulary

# Short lines that are page furniture, never article text.
FURNITURE = re.compile(vocabulary.alternation(vocabulary.FURNITURE))
# Headings after which a page lists related links, not article text.
TRAILERS = re.compile(
    r"^[【\[]?\s*(?:" + vocabulary.alternation(vocabulary.RELATED_HEADINGS) + r")\s*[】\]]?\s*[:：]?$"
)
FURNITURE_MAX = 40

# Mirror sites annotate characters with pinyin: 動態(tài) 網(wǎng) 會(huì).
PINYIN_NOTE = re.compile(r"(?<=[\u4e00-\u9fff])[(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[1-5]?\s*[)）]")

_SPACES = re.compile(r"[ \t\xa0\u3000\u2002\u2003\u200b\ufeff]+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def tidy_lines(text: str) -> str:
    """One paragraph per line, edges stripped (indentation 　　 included), no blank lines."""
    text = text.replace("\r\n", "\n").replace("\xa0", " ")
    lines = (line.strip(" \t\r\u3000\u200b\ufeff") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def strip_boilerplate_lines(text: str) -> str:
    """Drop furniture lines and everything after a trailing related-links heading."""
    kept: list[str] = []
    lines = tidy_lines(text).split("\n")
    for i, line in enumerate(lines):
        # A related-links heading in the last part of the text starts the trailer.
        if TRAILERS.match(line) and i >= len(lines) // 2:
            break
        if len(line) <= FURNITURE_MAX and FURNITURE.search(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def normalize_text(text: str) -> str:
    """NFKC, simplified script, single spaces, one paragraph per line; no embedded
    images or their placeholders."""
    text = unicodedata.normalize("NFKC", noise.strip_noise(text))
    text = PINYIN_NOTE.sub("", text)
    text = to_simplified(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def content_hash(normalized: str) -> str:
    """SHA-256 of the normalised text without any whitespace (layout never matters)."""
    return hashlib.sha256(re.sub(r"\s+", "", normalized).encode("utf-8")).hexdigest()

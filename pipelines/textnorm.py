"""Text forms: the stored body, its normalised (simplified, NFKC) form, and its hash.

The normalised form is what dedupe hashes and search matches, so a
traditional-character mirror and its simplified original normalise alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
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


@lru_cache(maxsize=1)
def _s2t_all() -> tuple[opencc.OpenCC, ...]:
    # Mainland-traditional, Taiwan and Hong Kong standards differ in a few characters (審覈 / 審核).
    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


def traditional_forms(words: Iterable[str]) -> dict[str, str]:
    """Each simplified character of `words` -> its traditional forms (as they occur in these words).

    Words are converted whole, so a character takes the form it has in the word (布 is
    佈 in 發佈 but stays 布 alone); a character's forms are the union over all the words."""
    forms: dict[str, str] = {}
    for word in words:
        for converter in _s2t_all():
            converted = converter.convert(word)
            if len(converted) != len(word):
                continue
            for simple, trad in zip(word, converted, strict=True):
                if trad != simple and trad not in forms.get(simple, ""):
                    forms[simple] = forms.get(simple, "") + trad
    return forms


def script_forms(text: str) -> set[str]:
    """`text` in simplified script and in the traditional standards (mainland, Taiwan, Hong Kong):
    the forms a name or word may be stored in."""
    simple = to_simplified(text)
    return {text, simple, *(converter.convert(simple) for converter in _s2t_all())}


def script_restorer(original: str, simplified: str) -> Callable[[str], str]:
    """A function that puts a value read from `simplified` back into the script of `original`.

    OpenCC keeps a text's length when it converts script, so the two texts align
    character by character; where they do not, values stay simplified."""
    if len(original) != len(simplified):
        return lambda value: value
    back: dict[str, str] = {}
    for orig, simple in zip(original, simplified, strict=True):
        if orig != simple:
            back.setdefault(simple, orig)
    return lambda value: "".join(back.get(ch, ch) for ch in value)


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

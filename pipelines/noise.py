"""What an extracted text carries that is not text: embedded images and their placeholders.

Editors paste pictures into CMS editors that inline them as data URIs; an
extractor then hands over hundreds of characters of base64 as a "paragraph".
Mirrors and feeds replace pictures with placeholders ([图片], 【圖片】, a bare
file name). None of it is the article's text, and in the fingerprint it hides
a repost from its original (the blob is most of a short text's shingles).
`strip_noise` removes it from the body (clean stage) and again before
normalising (so old archived bodies fingerprint without it on reprocessing).
"""

from __future__ import annotations

import re

# data:image/png;base64,iVBORw0KG... (the payload may be wrapped over lines).
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,[A-Za-z0-9+/=\s]*", re.I)
# A base64 run: long, no spaces, mixing upper case, lower case and digits (a word, a
# hex digest or a URL path rarely does all three over 48 characters).
_BLOB = re.compile(
    r"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])"
    r"[A-Za-z0-9+/]{48,}={0,2}(?![A-Za-z0-9+/=])"
)
# [图片] 【圖片】 (img) [Image]: a picture's stand-in in simplified or traditional script.
_PLACEHOLDER = re.compile(
    r"[\[【〔(（<]\s*(?:图片|圖片|图像|圖像|插图|插圖|配图|配圖|图|圖|img|image|photo|pic|picture|图片\d+|圖片\d+)"
    r"\s*[\]】〕)）>]|<img\b[^>\n]*>",
    re.I,
)
# A line that is only a picture's file name (W020230116812012721859.jpg) or a viewer prompt.
_PICTURE_LINE = re.compile(
    r"^\s*(?:[\w.-]+\.(?:jpe?g|png|gif|bmp|webp|tiff?)|点击(?:查看)?(?:大图|原图|图片)|點擊(?:查看)?(?:大圖|原圖|圖片)"
    r"|点击图片(?:查看|看)?(?:大图|原图)|點擊圖片(?:查看|看)?(?:大圖|原圖))\s*$",
    re.I,
)


_HOLE = re.compile(r"[ \t\u3000\xa0]*\x00[ \t\u3000\xa0\x00]*")


def _join(m: re.Match[str]) -> str:
    """What closes the hole: a space between two Latin words, nothing between Chinese characters."""
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""


# A cheap first test: most texts hold none of it.
_ANY = re.compile(
    r"base64|[A-Za-z0-9+/]{48}|[图圖像片插配]\s*[\]】〕)）>]|(?:img|image|photo|pic|picture)\s*[\]】〕)）>]"
    r"|\.(?:jpe?g|png|gif|bmp|webp|tiff?)\s*$|[点點]击|<img",
    re.I | re.M,
)


def strip_noise(text: str) -> str:
    """`text` without data URIs, base64 blobs and picture placeholders; lines holding
    nothing else are dropped, every other line is left as it was."""
    if not text or not _ANY.search(text):
        return text
    text = _DATA_URI.sub("\x00", text)
    lines = []
    for line in text.split("\n"):
        if _PICTURE_LINE.match(line):
            continue
        cleaned = _PLACEHOLDER.sub("\x00", _BLOB.sub("\x00", line))
        if "\x00" in cleaned:
            cleaned = _HOLE.sub(_join, cleaned).strip(" \t\u3000\xa0")
            if not cleaned:
                continue
        lines.append(cleaned)
    return "\n".join(lines)

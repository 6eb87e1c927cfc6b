"""What tells two template news items apart when their texts are nearly the same.

Meeting notices, closing-session reports and appointment lists of one body
share most sentences: the Nth and the Mth 委员长会议 of a term differ in the
session number, the date, a name and one paragraph. Shingle similarity calls
them copies. What a reader uses instead are the facts in the same frames of
the title and the lead: "第十次委员长会议" against "第十一次委员长会议",
"3月5日，省人大常委会召开" against "4月9日，省人大常委会召开".

A fact here is a session ordinal (第十次, 十四届, 一次会议), a year, a month and
day, or a name after a role word (主任张三主持), together with the few
characters on each side of it. Two texts conflict when a frame they share
(the same kind of fact with the same characters before it, or after it)
holds different values in each. A repost with another lead has its facts in
other frames, a shortened copy keeps the ones it has, a script-converted
mirror normalises to the same text; none of them conflicts.

The published dates weigh in as the reader weighs them: a lead that differs
in a frame is another story unless both were published within a few days
(a repost that rewrote its opening). A title that differs in a frame is
another story whatever the dates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import cn2an

from pipelines.bylines import looks_like_byline  # a byline line kept in a body is no lead

# How much of the text's opening counts as its lead (normalised characters).
LEAD_CHARS = 200
# Copies published this close may differ in their lead's facts (a repost rewrote the opening).
REPOST_DAYS = 3
# Characters of frame kept on each side of a fact.
FRAME = 4

_N = r"(?:[0-9]+|[〇零一二三四五六七八九十百千两]+)"
_YEAR = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_MEETING = r"(?:全体|主任|委员长|常务委员会|常委会|党组|主席团|代表大会|联组|分组|秘书长)?会议"
_ROLE = r"(?:副?委员长|副?主任(?:委员)?|秘书长|副?主席|书记|副?省长|副?市长|副?县长|副?区长|主持人)"
_FACTS = (
    ("ordinal", re.compile(rf"第(?P<v>{_N})(?P<u>届|次|号|期|批|场|轮|季度)")),
    ("term", re.compile(rf"(?<![第\d〇零一二三四五六七八九十百千两])(?P<v>{_N})(?P<u>届)")),
    ("session", re.compile(rf"(?<![第\d〇零一二三四五六七八九十百千两])(?P<v>{_N})(?P<u>次)(?={_MEETING})")),
    # A date is one fact (2024年3月5日, 3月5日); a year alone (2024年起) another.
    ("date", re.compile(rf"(?<![\d〇零一二三四五六七八九十])(?P<v>(?:{_YEAR}年)?{_N}月{_N})(?P<u>[日号])")),
    ("year", re.compile(rf"(?<![\d〇零一二三四五六七八九])(?P<v>{_YEAR})(?P<u>年)(?!{_N}月)")),
    (
        "name",
        re.compile(
            rf"{_ROLE}(?!会|委|办|主持|出席|讲话|指出|强调|表示|参加|宣布|一行|同志)(?P<v>[\u4e00-\u9fff]{{2,3}}?)(?=主持|出席|讲话|作|在|指出|强调|表示|参加|宣布|[，、。,])"
        ),
    ),
)
_NUMERALS = re.compile(_N)
_NOT_FRAME = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True)
class Fact:
    kind: str
    value: str
    before: str
    after: str


@dataclass(frozen=True)
class Story:
    """The facts of a text's title and lead, and when it was published."""

    title: frozenset[Fact]
    lead: frozenset[Fact]
    published: datetime | None = None


def _value(raw: str) -> str:
    """A numeral in one form: 十一 and 11 are the same session, 二〇二四 and 2024 the same year."""

    def one(m: re.Match[str]) -> str:
        s = m.group(0)
        if s.isdigit():
            return str(int(s))
        if len(s) >= 2 and all(ch in "〇零一二三四五六七八九" for ch in s):
            return "".join(str("〇一二三四五六七八九".index(ch) if ch != "零" else 0) for ch in s)
        try:
            return str(cn2an.cn2an(s, "smart"))
        except (ValueError, KeyError):
            return s

    return _NUMERALS.sub(one, raw)


def _frame(text: str) -> str:
    """Frame characters: letters only, numerals as # (they are other facts)."""
    return _NUMERALS.sub("#", _NOT_FRAME.sub("", text))


def facts(text: str) -> frozenset[Fact]:
    found = set()
    for kind, pattern in _FACTS:
        for m in pattern.finditer(text):
            # The frame is around the fact's value and unit (a role word is part of what comes before).
            start, end = m.start("v"), m.end("u") if m.groupdict().get("u") else m.end("v")
            before = _frame(text[max(0, start - 3 * FRAME) : start])[-FRAME:]
            after = _frame(text[end : end + 3 * FRAME])[:FRAME]
            unit = m.groupdict().get("u") or ""
            value = m.group("v") if kind == "name" else _value(m.group("v"))
            if kind == "date":
                # 3月5日 and 2024年3月5日 are one day as a repost may write it.
                value = value.split("年")[-1]
            found.add(Fact(kind + unit, value, before, after))
    return frozenset(found)


def lead(body_normalized: str, skip: object = None) -> str:
    """The opening of a normalised text, without lines `skip` says are not text (bylines)."""
    out: list[str] = []
    used = 0
    for line in body_normalized.split("\n"):
        line = line.strip()
        if not line or (callable(skip) and skip(line)):
            continue
        out.append(line)
        used += len(line)
        if used >= LEAD_CHARS:
            break
    return "\n".join(out)[:LEAD_CHARS]


def story(title_normalized: str | None, body_normalized: str, published: datetime | None) -> Story:

    return Story(facts(title_normalized or ""), facts(lead(body_normalized, looks_like_byline)), published)


@lru_cache(maxsize=8192)
def _frames(found: frozenset[Fact]) -> dict[tuple[str, str, str], set[str]]:
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for f in found:
        # A frame of numerals alone (#月) says nothing about where the fact stands.
        if len(f.before.replace("#", "")) >= 2:
            out[(f.kind, "<", f.before)].add(f.value)
        if len(f.after.replace("#", "")) >= 2:
            out[(f.kind, ">", f.after)].add(f.value)
    return out


def conflict(a: frozenset[Fact], b: frozenset[Fact]) -> bool:
    """A frame both texts hold with different values in each."""
    if not a or not b:
        return False
    fa, fb = _frames(a), _frames(b)
    return any(fa[k].isdisjoint(fb[k]) for k in fa.keys() & fb.keys())


def apart(a: Story, b: Story) -> bool:
    """Two near-identical texts that tell different stories (template news), not copies."""
    if conflict(a.title, b.title):
        return True
    if not conflict(a.lead, b.lead):
        return False
    if a.published is not None and b.published is not None:
        return abs((a.published - b.published).total_seconds()) > REPOST_DAYS * 86400
    return True

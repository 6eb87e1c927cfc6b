"""Byline and publish date of a page no site template knows.

A template knows where its CMS prints the byline; on any other page the
credits and the date have to be found from the page's own lines. This module
reads the page as lines (one per block element, as `render.text_of`
renders it), finds where the headline and the extracted body sit among them,
and looks only where bylines are printed:

* the head: the lines between the headline and the body (a few lines above
  the headline too, for dates: 网易 prints "2004-12-10 11:55:08 来源: …" there);
* the body's first lines and its last lines plus what follows them
  (reporter credits: "本报记者 王燕平 方云凤", "……。（记者 胡晓蓉）", "（姚峰 上海报道）").

The middle of the body is never read for credits or labels: a law that says
"来源、证人姓名" has no source, an interview's "记者：请问……" has no author.

What is recognised, besides the labelled blocks `bylines.parse_byline` reads:

* unlabelled reporter credits: 光明日报记者 王建宏 张文攀, （记者 格桑边觉）,
  本报记者罗科苏盈发自北京, （总台记者 张倩）, 河南商报记者马俊峰/文,
  新京报记者 彭冲 山东冠县报道;
* a closing credit in brackets: （袁源）, （常书香 马丹阳）, （姚峰 上海报道） —
  only at the end of the body's last lines, and only names with a Chinese surname;
* photo and text credits: 蔡雪婧/摄, 文/张三, 文/图 张三;
* a closing credit with its outlet and titled reporters: （来源：“X”微信公众号 全媒体记者 Y）,
  （融媒体记者 X 特约记者 Y）, （记者 X 摄影 Y） — every credit in it counts, the outlet is the source
  when no byline names one (`closing_source`);
* a notice's signature date alone on one of the text's last lines (二〇二四年三月十一日), after
  the labelled dates of the head and tail;
* forum and blog forms: "ggjjzhzz 发表于 2005-9-15 11:46:00", "由海姑娘张贴 @ 2005-06-14",
  "本贴由大卫于2005年8月12日16:12:21…发表", "发布时间 2005/05/17 22:11:42 by 眉间尺";
* a name alone on a line between the headline and the body (胡平; 赵延东、风笑天),
  only with a Chinese surname;
* a name in brackets before the source label: "[ 黄宇 ] 来源：[ 国际金融报 ]";
* a date alone (or beside a source) under or just above the headline;
* `<meta>` authors (author, citation_author, dc.creator) that are names, not site
  or software names; the date `htmldate` reads from the page's metadata as the
  last resort (basis "meta").

Every rule is about the shape of a line, never about a site or URL. Lines are read in
simplified script (one OpenCC call per page), and what is found is put back into the
script the page printed it in: 來源 / 記者 on a mirror read as 来源 / 记者 do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from core.article import Byline
from pipelines import bylines, dates, textnorm
from pipelines.generic import vocabulary
from pipelines.generic.parsed import ParsedPage

# ------------------------------------------------------------------ names
_HAN_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·•]{1,6}"
_NAME_LIST = rf"{_HAN_NAME}(?:[ \u3000\xa0、，,]+{_HAN_NAME})*"
_ORG_END = re.compile(r"(?:" + vocabulary.alternation(vocabulary.ORGANISATION_ENDINGS) + r")$")
_NOT_A_PERSON = re.compile(r"^(?:" + vocabulary.alternation(vocabulary.NOT_A_PERSON) + r")$")


def has_surname(name: str) -> bool:
    """`name` starts with a common Chinese surname (single or double)."""
    return name[:2] in vocabulary.SURNAMES_DOUBLE or name[:1] in vocabulary.SURNAMES_SINGLE


def _person(name: str, need_surname: bool) -> str | None:
    """`name` if it can be a person's name: 2-5 Han characters; where no label or role
    word vouches for it, a surname and at most 3 characters (4 with a double surname)."""
    name = name.strip(" \u3000\xa0·•")
    if not re.fullmatch(r"[\u4e00-\u9fff][\u4e00-\u9fff·•]{1,4}", name):
        return None
    if _NOT_A_PERSON.match(name) or _ORG_END.search(name) or name.endswith("报道"):
        return None
    if need_surname and not (has_surname(name) and len(name) <= (4 if name[:2] in vocabulary.SURNAMES_DOUBLE else 3)):
        return None
    return bylines.clean_name(name)


def _people(text: str, need_surname: bool) -> list[str]:
    """All names of a credit list, or [] if any token is not a name."""
    tokens = [t for t in re.split(r"[ \u3000\xa0、，,]+", text.strip()) if t]
    if tokens and tokens[-1].endswith("报道"):  # （姚峰 上海报道）
        tokens = tokens[:-1]
    names = [_person(t, need_surname) for t in tokens]
    if not names or any(n is None for n in names):
        return []
    return list(dict.fromkeys(names))  # type: ignore[arg-type]


# ---------------------------------------------------------------- patterns
_ROLE = (
    r"(?:(?:"
    + vocabulary.alternation(vocabulary.REPORTER_ROLE_PREFIXES)
    + r")?(?:"
    + vocabulary.alternation(vocabulary.CREDIT_ROLES)
    + r"))"
)
# A credit's names stop at the next role word: （记者 张三 通讯员 李四） credits both, one per match.
_CREDIT_NAMES = rf"{_HAN_NAME}(?:[ \u3000\xa0、，,]+(?!(?:{_ROLE}))(?:{_HAN_NAME}))*"
# 光明日报记者 王建宏 张文攀 / （记者 格桑边觉） / 本报记者罗科苏盈发自北京 / 记者马俊峰/文
_ROLE_CREDIT = re.compile(
    rf"(?:^|(?<=[\s（(【\[□■●◆·。]))(?P<org>[^\s（(【\[。，：:]{{0,20}}?)(?:{_ROLE})\s*[:：]?\s*"
    rf"(?P<names>{_CREDIT_NAMES})"
    rf"(?=\s*(?:发自|报道)|\s*/\s*[文图摄]|\s+\S{{1,8}}报道|\s*[）)】\]]|\s*$|\s+(?:{_ROLE})"
    r"|\s+(?:" + vocabulary.alternation(vocabulary.CREDIT_STOP_LABELS) + r")\s*[:：])"
)
# ……。（常书香 马丹阳） / （姚峰 上海报道） / a line that is only （袁源）
_PAREN_CREDIT = re.compile(rf"(?:^|(?<=[。！？!?”」…\s]))[（(]\s*(?P<names>{_NAME_LIST})\s*[）)]\s*$")
# （区人大办 顾晨阳） / (市人大研究室 张三 李四): the writers' office, then the writers, closing the
# text (never （区人大常委会 供稿）: 供稿 is no name).
_OFFICE_CREDIT = re.compile(
    r"(?:^|(?<=[。！？!?”」…\s]))[（(]\s*[\u4e00-\u9fff]{0,12}?"
    r"(?:" + vocabulary.alternation(vocabulary.WRITER_OFFICES) + r")\s+"
    rf"(?P<names>{_NAME_LIST})\s*[）)]\s*$"
)
# What may follow a credit that closes its line: brackets, a full stop, an 报道.
_LINE_END = re.compile(r"\s*(?:报道)?\s*[）)】\]]?\s*[。.]?\s*")
# 蔡雪婧/摄, 马俊峰/文 ; 文/张三, 摄影/李四
_SLASH_AFTER = re.compile(rf"(?:^|(?<=[\s（(]))(?P<names>{_HAN_NAME})\s*[/／]\s*(?:摄|文|图|摄影)(?=[\s）)]|$)")
_SLASH_BEFORE = re.compile(
    rf"(?:^|(?<=[\s（(]))(?:[文图]\s*[/／]\s*[图文]|文|图|摄|摄影|撰文|文字)\s*[/／:：]?\s*(?P<names>{_NAME_LIST})\s*(?:[）)]|$)"
)
# "[ 黄宇 ]  来源：[ 国际金融报 ]": the writer in brackets before the source label.
_BRACKET_BEFORE_LABEL = re.compile(
    r"^[\[【]\s*(?P<names>[^\[\]【】]{2,12}?)\s*[\]】]\s*(?=" + vocabulary.alternation(vocabulary.SOURCE_LABELS) + ")"
)
_DATE_TEXT = (
    r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}/\d{1,2}/(?:19|20)\d{2})"
    r"[^\n]{0,24}?"
)
_HANDLE = r"[^\s\[\]【】<>()（）:：@]{1,30}"
_FORUM = (
    # ggjjzhzz 发表于 2005-9-15 11:46:00 ; 发表于 2004年12月27日 12:40
    re.compile(
        rf"(?:(?P<name>{_HANDLE})\s*)?(?:{vocabulary.alternation(vocabulary.POSTED_AT)})\s*[:：]?\s*(?=(?:19|20)\d\d|\d{{1,2}}/)",
        re.I,
    ),
    # 由海姑娘张贴 @ 2005-06-14 03:25:55
    re.compile(
        rf"由\s*(?P<name>{_HANDLE}?)\s*(?:{vocabulary.alternation(vocabulary.POSTED_BY)})\s*[@于]?\s*(?=(?:19|20)\d\d)"
    ),
    # 本贴由大卫于2005年8月12日16:12:21在〖…〗发表
    re.compile(rf"由\s*(?P<name>{_HANDLE}?)\s*于\s*(?=(?:19|20)\d\d[^\n]{{0,60}}(?:发表|发布|张贴))"),
    # 发布时间 2005/05/17 22:11:42 by 眉间尺 ; posted by X
    re.compile(rf"(?P<date>{_DATE_TEXT})\s+by\s+(?P<name>[^\s〓|]{{1,30}})", re.I),
    re.compile(r"posted\s+by\s+(?P<name>[^\s|]{1,30})", re.I),
)
# Every _FORUM pattern needs one of these in the line (case folded): the cheap test
# spares the patterns, whose optional leading handle is tried at every position.
_FORUM_NEEDS = tuple(w for w in vocabulary.POSTED_AT if re.escape(w) == w) + ("由", "posted", "by")
# Lines of page furniture whose dates are not the article's (view counters, archives).
_DATE_FURNITURE = re.compile(vocabulary.alternation(vocabulary.DATE_FURNITURE), re.I)
_PROSE = re.compile(r"[。？！?!]|，.*，")
_SENTENCE = re.compile(r"[。？！?!]")
_STATS_LABEL = re.compile(
    r"(?:" + vocabulary.alternation(vocabulary.COUNTER_WORDS + ("回复",)) + r")\s*(?:次数|数|量)?\s*[:：(（]"
)

MAX_BYLINE_LINE = 160
# How far into the first paragraph a reporter credit may start (本网讯（记者 X）… starts at 4,
# 新华社北京3月5日电（记者 X）… at 12).
LEAD_CREDIT_WITHIN = 24
# The body's first lines may still hold the headline, credits and date (an
# extractor keeps them when they sit inside the text's container).
FIRST_LINES = 6


# ------------------------------------------------------------- page lines
@dataclass
class _Page:
    lines: list[str]
    titles: tuple[str, ...]
    title_at: int | None = None
    body_start: int | None = None
    body_end: int | None = None
    # The page has a <title>: then line 0 is its text, not a headline on the page.
    has_title_element: bool = False

    # Regions, as index ranges into `lines`.
    def head(self) -> range:
        """The lines between the headline and the body (8 lines above the body if no headline).

        When the extracted body itself begins with the headline (the extractor kept
        the whole article block), the head runs from the headline to the first line
        of prose."""
        if self.title_at is None:
            if self.body_start is None:
                return range(0)
            return range(max(0, self.body_start - 8), self.body_start)
        start = self.title_at + 1
        if self.body_start is not None and self.body_start > self.title_at:
            return range(start, self.body_start)
        end = start
        while end < min(len(self.lines), start + 10) and not _is_prose_line(self.lines[end]):
            end += 1
        return range(start, end)

    def above_title(self) -> range:
        """A few lines above the headline (or the head), nearest first: dates printed over the title."""
        anchor = self.title_at if self.title_at is not None else self.head().start
        return range(anchor - 1, max(-1, anchor - 7), -1)

    def text_start(self) -> int | None:
        """Where the article's text begins: the body start, or past the head if the body holds it."""
        if self.body_start is None:
            return None
        head = self.head()
        if self.title_at is not None and self.title_at >= self.body_start:
            return head.stop
        return self.body_start

    def body_first(self) -> range:
        start = self.text_start()
        if start is None:
            return range(0)
        return range(start, min(start + FIRST_LINES, max(self._end(), start) + 1))

    def tail(self) -> range:
        if self.body_start is None:
            return range(0)
        end = self._end()
        return range(max(self.body_start, end - 3), min(len(self.lines), end + 7))

    def after(self) -> range:
        if self.body_start is None:
            return range(0)
        end = self._end()
        return range(end + 1, min(len(self.lines), end + 16))

    def in_menu(self, i: int) -> bool:
        """A line among short ones (a navigation menu: 记者江湖 between 麻辣杂谈 and 中国川剧)."""
        around = [self.lines[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(self.lines)]
        return len(around) == 4 and all(len(_squash(a)) <= 6 for a in around)

    def in_body_middle(self, i: int) -> bool:
        start = self.text_start()
        if start is None:
            return False
        return start + FIRST_LINES <= i < self._end() - 3

    def _end(self) -> int:
        return self.body_end if self.body_end is not None else self.body_start  # type: ignore[return-value]


def _is_prose_line(line: str) -> bool:
    return len(line) > 60 or bool(re.search(r"[。！？!?，,；;]", line))


def _squash(text: str) -> str:
    return "".join(text.split())


# Site names CMSs append to <title>: 标题_中国人大网, 标题 - 湖南人大网 (as stages.TITLE_SPLIT).
_TITLE_SPLIT = re.compile(vocabulary.TITLE_SITE_SEPARATOR)


def _title_candidates(parsed: ParsedPage, title: str | None) -> tuple[str, ...]:
    found: list[str] = []
    if title:
        found.append(title)
    for tag, text in parsed.headings:
        if text:
            found.append(text)
            if tag == "title":
                found.extend(p for p in _TITLE_SPLIT.split(text) if len(p) >= 4)
    return tuple(dict.fromkeys(_squash(t) for t in found if len(_squash(t)) >= 2))


def _locate(page: _Page, body: str | None) -> None:
    lines = [_squash(line) for line in page.lines]
    body_lines = [_squash(b) for b in (body or "").split("\n") if len(_squash(b)) >= 6]
    if body_lines:
        first, last = body_lines[0][:20], body_lines[-1][:20]
        starts = [i for i, line in enumerate(lines) if first in line]
        # The headline repeated in <title> (line 0) is not where the body starts.
        starts = [i for i in starts if i > 0] or starts
        if starts:
            page.body_start = starts[0]
            ends = [i for i, line in enumerate(lines) if i >= starts[0] and last in line]
            page.body_end = ends[0] if ends else starts[0]
        # A page with neither <title> nor <h1>: a short first body line is the headline.
        if not page.titles and not _is_prose_line(body_lines[0]) and len(body_lines[0]) <= 50:
            page.titles = (body_lines[0],)
    if page.body_start is not None:
        lo, hi = max(0, page.body_start - 40), min(len(lines), page.body_start + FIRST_LINES)
    else:
        lo, hi = 0, len(lines)
    exact = near = None
    for i in range(lo, hi):
        line = lines[i]
        if len(line) < 2:
            continue
        if page.body_start is not None and i >= page.body_start and _is_prose_line(page.lines[i]):
            break  # the headline may open the body, but it comes before its prose
        for t in page.titles:
            if line == t:
                if not (i == 0 and page.has_title_element):
                    exact = i
            elif len(line) >= 4 and len(t) >= 4 and (line in t or t in line) and len(line) <= len(t) + 24:
                near = i
        if page.body_start is None and (exact or near):
            break  # without a body, the first headline is the one (line 0 is the <title>)
    best = exact if exact is not None else near
    # Line 0 is the <title> element itself: not a headline printed on the page.
    if best == 0 and page.has_title_element:
        best = None
    page.title_at = best


# ---------------------------------------------------------------- result
@dataclass
class PageMeta:
    # Source and people; its published_at is set only when the date was read
    # from a byline line (date_basis "byline").
    byline: Byline
    published_at: datetime | None = None
    # How the date was found: "byline" (a byline line, labelled or a date alone
    # under the headline), "page_text" (a forum/blog posting line, a magazine
    # issue closing the text), "meta" (the page's metadata, via htmldate), or None.
    date_basis: str | None = None
    author_basis: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    """One labelled byline line (a label alone on its line takes the next line as its value)."""

    at: int
    text: str
    parsed: Byline
    date: datetime | None
    date_labelled: bool
    # A bare label whose value is the next line: the unit's text is both lines.
    with_next: bool = False


def _units(page: _Page, indexes: Iterable[int]) -> list[_Unit]:
    out = []
    lines = page.lines
    for i in indexes:
        if not 0 <= i < len(lines):
            continue
        text = lines[i]
        if len(text) > MAX_BYLINE_LINE or _SENTENCE.search(text) or (text.count("，") >= 2 and len(text) > 40):
            continue  # prose: an interview's 记者：请问……？, a law's 来源、证人姓名
        if not bylines.has_label(text):
            continue
        # 作者：/ size="20": a label whose value sits on the next line (or table cell).
        with_next = False
        if bylines.is_bare_label(text) and i + 1 < len(lines) and not bylines.has_label(lines[i + 1]):
            if len(lines[i + 1]) <= 60 and not _PROSE.search(lines[i + 1]):
                text, with_next = f"{text} {lines[i + 1]}", True
        parsed = bylines.parse_byline(text)
        date, labelled = bylines.labelled_date(text)
        out.append(_Unit(i, text, parsed, date, labelled, with_next))
    return out


def _printed(unit: _Unit, original_lines: list[str]) -> str:
    """A byline unit's text as the page printed it."""
    printed = original_lines[unit.at]
    return f"{printed} {original_lines[unit.at + 1]}" if unit.with_next else printed


def _credits_in(
    page: _Page,
    indexes: Iterable[int],
    closing: bool,
    own_line: bool = False,
    within: int | None = None,
    at_end: bool = False,
) -> list[str]:
    """Reporter, photo and closing credits on the given lines; `own_line`: only
    credits that stand on a line of their own (not inside a paragraph);
    `within`: only reporter and photo credits starting in a line's first characters;
    `at_end`: only those ending their line (a text's closing credit, not its prose)."""
    names: list[str] = []
    for i in indexes:
        if not 0 <= i < len(page.lines) or page.in_menu(i):
            continue
        line = page.lines[i]
        if own_line and (len(line) > 50 or _PROSE.search(line)):
            continue

        whole = False
        if at_end:
            inner = closing_credit(line)
            if inner is not None:
                # The credit that closes the text: every credit in it counts (融媒体记者 X 特约记者 Y).
                line, whole = inner, True

        def placed(m: re.Match, line: str = line, whole: bool = whole) -> bool:
            return (within is None or m.start() <= within) and (
                whole or not at_end or _LINE_END.fullmatch(line, m.end()) is not None
            )

        for m in _ROLE_CREDIT.finditer(line):
            if (m["org"] and _PROSE.search(m["org"])) or not placed(m):
                continue
            names.extend(_people(m["names"], need_surname=False))
        for m in list(_SLASH_AFTER.finditer(line)) + list(_SLASH_BEFORE.finditer(line)):
            if placed(m):
                names.extend(_people(m["names"], need_surname=False))
        if closing:
            for pattern in (_PAREN_CREDIT, _OFFICE_CREDIT):
                credit = pattern.search(line)
                found = _people(credit["names"], need_surname=True) if credit else []
                if found:
                    names.extend(found)
                    break
    return list(dict.fromkeys(names))


# ……。（来源：“湖南人大”微信公众号 全媒体记者 张三）: a bracketed credit closing the last paragraph.
_CLOSING_GROUP = re.compile(r"[（(](?P<inner>[^（）()]{2,80})[）)]\s*[。.]?\s*$")
_CREDIT_WORD = re.compile(
    _ROLE + r"|[文图摄]\s*[/／]|[/／]\s*[文图摄]|" + vocabulary.alternation(vocabulary.SOURCE_LABELS) + r"\s*[:：]"
)


def closing_credit(line: str) -> str | None:
    """The credit a text's last line ends with: a bracketed group with a role word or a
    source label, or a short line that is only such a credit (文/图 X, 记者 X 摄影 Y)."""
    m = _CLOSING_GROUP.search(line)
    if m and _CREDIT_WORD.search(m["inner"]):
        return m["inner"]
    if len(line) <= 50 and not _PROSE.search(line) and _CREDIT_WORD.match(line.strip()):
        return line.strip()
    return None


def closing_source(body: str) -> str | None:
    """The outlet a text's closing credit names (（来源：“X”微信公众号 记者 Y）), or None."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    for line in reversed(lines[-2:]):
        inner = closing_credit(textnorm.to_simplified(line))
        if inner is not None and bylines.has_label(inner):
            source = bylines.parse_byline(inner).source
            if source:
                return textnorm.script_restorer(line, textnorm.to_simplified(line))(source)
    return None


def body_credits(body: str) -> list[str]:
    """Writers credited inside the article text: the lead's 本网讯（记者 X） or 记者 X 报道,
    else a closing （记者 X） or （X Y） on one of the last lines.

    For template pages whose byline block names no writer; a name in the
    middle of the text (an interview's 记者：请问……) is never read.
    """
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    # Only the first and the last two lines are read: those, in simplified script
    # (a traditional reprint's 記者), the names put back in the page's script.
    edges = lines if len(lines) <= 4 else lines[:2] + lines[-2:]
    original = "\n".join(edges)
    simple = textnorm.to_simplified(original)
    page = _Page(lines=simple.split("\n"), titles=())
    lines = page.lines
    # The first paragraph; the second too when the first is a short line (a headline or
    # credit kept in the text), not prose.
    lead = range(min(2 if lines and not _is_prose_line(lines[0]) else 1, len(lines)))
    closing = range(max(len(lines) - 2, 0), len(lines))  # a short text's lead may also close it
    # A dateline credit opens its paragraph (新华社北京3月5日电（记者 …）): further in, 记者 is prose.
    names = _credits_in(page, lead, closing=False, within=LEAD_CREDIT_WITHIN) or _credits_in(
        page, closing, closing=True, at_end=True
    )
    restore = textnorm.script_restorer(original, simple)
    return [restore(n) for n in names]


def _bracket_names(page: _Page, indexes: Iterable[int]) -> list[str]:
    for i in indexes:
        if 0 <= i < len(page.lines):
            m = _BRACKET_BEFORE_LABEL.search(page.lines[i])
            if m:
                names = _people(m["names"], need_surname=True)
                if names:
                    return names
    return []


def _bare_names(page: _Page) -> list[str]:
    """A line that is only a name (or names), between the headline and the body."""
    if page.title_at is not None:  # right under the headline (or its subtitle)
        lines = (list(page.head()) + list(page.body_first())[:1])[:3]
    elif page.body_start is not None:  # no headline found: only right above the body
        lines = list(range(max(0, page.body_start - 3), page.body_start + 1))
    else:
        return []
    for i in lines:
        line = page.lines[i]
        if page.in_menu(i):
            continue
        if _squash(line) in page.titles or len(line) > 30:
            continue
        if re.fullmatch(_NAME_LIST, line):
            names = _people(line, need_surname=True)
            if names:
                return names
    return []


def _forum(page: _Page, start: int) -> tuple[list[str], datetime | None]:
    """The first forum/blog posting line from `start` to just after the text: (poster, time).

    Comment threads further down ("网友 X 发表于 …") are not the article's."""
    stop = page.after().stop if page.body_start is not None else len(page.lines)
    for i in range(max(0, start), stop):
        line = page.lines[i]
        if len(line) > 200:
            continue
        folded = line.casefold()
        if not any(word in folded for word in _FORUM_NEEDS):
            continue
        for pattern in _FORUM:
            m = pattern.search(line)
            if not m:
                continue
            name = m.groupdict().get("name")
            when = dates.parse_date(m.group("date") if "date" in m.groupdict() else line[m.end() :])
            if when is None and "date" not in m.groupdict():
                when = dates.parse_date(line)
            people = []
            if name:
                cleaned = bylines.clean_name(name)
                if cleaned and len(cleaned) >= 2 and not _ORG_END.search(cleaned):
                    people = [cleaned]
            if people or when:
                return people, when
    return [], None


_META_AUTHOR = re.compile(r"^(?:" + vocabulary.alternation(map(re.escape, vocabulary.META_AUTHOR_KEYS)) + r")$", re.I)


def _meta_person(name: str, site_names: str = "") -> bool:
    """A <meta> author that reads as a person: not a site or channel name, not a CMS account."""
    if _ORG_END.search(name) or re.fullmatch(r"[a-z0-9]+(?:[_.-][a-z0-9]+)+", name):
        return False
    if _HAN.match(name):  # a Chinese name: short, or a surname and at most 6 characters
        if not has_surname(name):
            # A pen name, unless it is the site's name (网易 of "…_网易订阅").
            return len(name) <= 4 and name not in site_names
        return len(name) <= 6
    return True


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _meta_authors(parsed: ParsedPage) -> list[str]:
    title = " ".join(text for tag, text in parsed.headings if tag == "title")
    for key, content in parsed.meta_tags:
        if not _META_AUTHOR.match(key) or not content:
            continue
        if re.search(r"https?:|www\.|\.(?:com|cn|net|org)\b", content, re.I):
            continue
        if bylines.SINGLE_HAN_TOKENS.match(content):  # "赵  培"
            content = _squash(content)
        parts = [p.strip() for p in re.split(r"[,;，；、]|\s+and\s+", content) if p.strip()]
        names = [bylines.clean_name(p) for p in parts]
        if names and all(n and _meta_person(n, title) for n in names):
            return list(dict.fromkeys(names))  # type: ignore[arg-type]
    return []


# "2003年5月" alone under the headline: a report's own date, to the month.
_MONTH_LINE = re.compile(r"^[(（]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*[)）]?$")
# "——《北京之春》1998年3月号" closing a reprinted essay: the issue it appeared in.
_ISSUE_LINE = re.compile(
    r"^[—\-－–\s]*(?:原载|载于|刊于|摘自|选自|转自|原文载于?)?\s*[《〈][^》〉]{1,30}[》〉]\s*"
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月号"
)


class _MonthDate(datetime):
    """A date the page gives only to the month (its day is 1)."""


def _month(y: str, m: str) -> datetime | None:
    try:
        return _MonthDate(int(y), int(m), 1, tzinfo=dates.SHANGHAI)
    except ValueError:
        return None


def _date_line(page: _Page, i: int, month_ok: bool = False) -> datetime | None:
    """The date a short head line prints, unless the line is furniture or prose."""
    line = page.lines[i]
    if len(line) > 80 or _PROSE.search(line) or _DATE_FURNITURE.search(line):
        return None
    found = dates.iter_dates(line)
    if not found:
        m = _MONTH_LINE.match(line) if month_ok else None
        return _month(*m.groups()) if m else None
    start, end, value = found[0]
    if _STATS_LABEL.search(line[:start]):
        return None
    if re.match(r"\s*(?:[－\-—~～至到]\s*\d|[－\-—~～]\s*(?:19|20)\d{2})", line[end:]):
        return None  # a span of days (2004年12月11－12日), not a publish date
    return value


# Machine-readable publish times: <time datetime="2025-06-12T16:10:00+08:00">, article:published_time.
MACHINE_TIME_RE = re.compile(
    r"(?:\bdatetime|property=[\"']article:published_time[\"']\s+content)=[\"']"
    r"((?:19|20)\d{2})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?"
)


def _with_machine_time(html: str, day: datetime) -> datetime:
    """A date the page prints without its time (WordPress prints 2025年6月12日), with the time its
    machine-readable markup gives for that same day."""
    for m in MACHINE_TIME_RE.finditer(html):
        y, mo, d, h, mi, sec = (int(g or 0) for g in m.groups())
        if (y, mo, d) == (day.year, day.month, day.day):
            return day.replace(hour=h, minute=mi, second=sec)
    return day


def _meta_date(html: str, page: _Page) -> datetime | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate is a dependency
        return None
    try:
        # url="": htmldate would read the date out of the canonical URL, and whether
        # URL dates can be trusted is the site's call (SiteHints.url_date_allowed).
        found = find_date(html, original_date=True, extensive_search=False, url="")
    except Exception:  # noqa: BLE001 - a library failure means no metadata date
        return None
    if not found:
        return None
    try:
        day = datetime.strptime(found, "%Y-%m-%d").replace(tzinfo=dates.SHANGHAI)
    except ValueError:
        return None
    # The page usually prints the same day with its time: keep the time.
    for line in page.lines:
        if len(line) <= 80:
            for value in dates.find_dates(line):
                if value.date() == day.date():
                    return value
    return day


# ------------------------------------------------------------------ main
def find_page_meta(
    parsed: ParsedPage | str, body: str | None = None, title: str | None = None, use_metadata: bool = True
) -> PageMeta:
    """Byline fields and publish date of a page without a template.

    `parsed` is the page the stages share (or its HTML); `body` is the
    extracted article text (it anchors where the head and the tail of the
    article are); `title` the headline if known.
    """
    if isinstance(parsed, str):
        parsed = ParsedPage(parsed)
    meta = PageMeta(byline=Byline())
    if parsed.root is None:
        return meta
    # Read in simplified script (role words, labels and furniture are simplified words);
    # what is found goes back into the page's own script at the end.
    original_lines = list(parsed.lines)
    joined = "\n".join(original_lines)
    simple = textnorm.to_simplified(joined)
    lines = simple.split("\n")
    converted = simple != joined and len(lines) == len(original_lines)
    if not converted:
        lines = original_lines
    titles = _title_candidates(parsed, title)
    if converted:
        titles = tuple(dict.fromkeys(textnorm.to_simplified(t) for t in titles))
        body = textnorm.to_simplified(body) if body else body
    page = _Page(lines=lines, titles=titles, has_title_element=parsed.has_title_element)
    _locate(page, body)

    head = list(page.head())
    above = list(page.above_title())
    first = list(page.body_first())
    tail = list(page.tail())
    after = list(page.after())
    near = head + first
    near_set = set(near) | set(tail) | set(after) | set(above)
    rest = [i for i in range(len(page.lines)) if i not in near_set and not page.in_body_middle(i)]

    units_near = _units(page, above[::-1] + near)
    seen = {u.at for u in units_near}
    units_tail = [u for u in _units(page, tail + after) if u.at not in seen]
    units_rest = _units(page, rest)
    all_units = units_near + units_tail + units_rest

    byline = meta.byline
    useful = [
        u
        for u in all_units
        if u.date
        or u.parsed.source
        or u.parsed.authors
        or u.parsed.editors
        or u.parsed.responsible_editors
        or u.parsed.reviewers
    ]
    byline.raw = " ".join(dict.fromkeys(_printed(u, original_lines) for u in sorted(useful[:6], key=lambda u: u.at)))
    byline.raw = byline.raw or None

    # ---- people
    def labelled_authors(units: list[_Unit]) -> list[str]:
        for u in units:
            if u.parsed.authors:
                return u.parsed.authors
        return []

    head_units = [u for u in units_near if u.at >= (page.head().start if page.title_at is not None else 0)]
    # A credit line of its own under the headline outranks a blog's or forum's
    # 作者 line after the text (a reposted report keeps its reporters); a credit
    # inside the first paragraph (本报讯（记者 X）) does not.
    steps = (
        ("byline", lambda: labelled_authors(head_units) or _bracket_names(page, near)),
        ("credit", lambda: _credits_in(page, near, closing=False, own_line=True)),
        ("byline", lambda: labelled_authors(units_tail)),
        ("credit", lambda: _credits_in(page, near, closing=False)),
        ("credit", lambda: _credits_in(page, tail + after[:4], closing=True)),
        ("forum", lambda: _forum(page, (above[-1] if above else 0))[0]),
        ("name_line", lambda: _bare_names(page)),
        ("byline", lambda: labelled_authors(units_near + units_rest)),
        ("meta", lambda: _meta_authors(parsed)),
    )
    for basis, step in steps:
        names = step()
        if names:
            byline.authors = names
            meta.author_basis = basis
            break
    for name in ("editors", "responsible_editors", "reviewers"):
        for u in all_units:
            values = getattr(u.parsed, name)
            if values:
                setattr(byline, name, list(values))
                break
    for u in all_units:
        if u.parsed.source:
            byline.source = u.parsed.source
            break
    if converted:
        restore = textnorm.script_restorer(joined, simple)
        byline.source = restore(byline.source) if byline.source else None
        for name in ("authors", "editors", "responsible_editors", "reviewers"):
            setattr(byline, name, [restore(n) for n in getattr(byline, name)])

    # ---- date
    def first_labelled(units: list[_Unit]) -> datetime | None:
        for u in units:
            if u.date is not None and u.date_labelled:
                return u.date
        return None

    def head_line_date() -> datetime | None:
        after_title = head if page.title_at is not None else []
        for i in head + first[:3] + above:
            if 0 <= i < len(page.lines):
                value = _date_line(page, i, month_ok=i in after_title)
                if value is not None:
                    return value
        return None

    def closing_date() -> datetime | None:
        # A notice's signature date on one of the text's last lines (二〇二四年三月十一日).
        end = page._end() if page.body_start is not None else None
        if end is None:
            return None
        for i in range(end, max(page.body_start or 0, end - 2), -1):
            if 0 <= i < len(page.lines) and len(page.lines[i]) <= 40:
                value = dates.date_only(page.lines[i])
                if value is not None:
                    return value
        return None

    def issue_date() -> datetime | None:
        for i in tail:
            m = _ISSUE_LINE.match(page.lines[i])
            if m:
                return _month(*m.groups())
        return None

    date_steps: tuple[tuple[str, Callable[[], datetime | None]], ...] = (
        ("byline", lambda: first_labelled(units_near)),
        ("byline", head_line_date),
        ("page_text", lambda: _forum(page, (above[-1] if above else 0))[1]),
        ("byline", lambda: first_labelled(units_tail)),
        ("page_text", closing_date),
        ("byline", lambda: first_labelled(units_rest)),
        ("page_text", issue_date),
    )
    for basis, date_step in date_steps:
        when = date_step()
        if when is not None:
            month_only = isinstance(when, _MonthDate)
            if month_only:
                when = datetime(when.year, when.month, 1, tzinfo=dates.SHANGHAI)
            if not month_only and (when.hour, when.minute, when.second) == (0, 0, 0):
                when = _with_machine_time(parsed.html, when)
            meta.published_at = when
            meta.date_basis = basis
            if basis == "byline":
                byline.published_at = when
            if month_only:
                meta.notes.append(
                    f"published_at is only known to the month: the page prints {when:%Y-%m} (day set to 1)"
                )
            break
    if meta.published_at is None and use_metadata:
        when = _meta_date(parsed.html, page)
        if when is not None:
            meta.published_at = when
            meta.date_basis = "meta"
    return meta

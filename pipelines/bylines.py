"""Label-anchored parsing of Chinese byline blocks (来源 / 作者 / 编辑 / 责编 / 时间 ...).

Only the byline block a template or the generic finder hands over is parsed,
never the body: a law that says "证据来源" has no source from that. Labels may
have spaces inside them (编       辑：), full- or half-width colons, and come in
any order; a value runs until the next label.
"""

from __future__ import annotations

import re

from core.article import Byline
from pipelines import dates, textnorm
from pipelines.generic import vocabulary

# Label -> field: the vocabulary module holds them (traditional-script labels go there too).
LABELS: dict[str, str] = vocabulary.BYLINE_LABELS
_DATE_WORDS = vocabulary.PUBLISH_DATE_WORDS

_GAP = r"[\s\u3000\xa0]*"

# Each label character with its traditional forms (OpenCC), so 來源, 編輯, 責任編輯, 發佈時間 and
# mixed spellings (發布日期) match as their simplified label does.
_SCRIPT_FORMS: dict[str, str] = textnorm.traditional_forms(LABELS)
_TO_SIMPLE = {t: s for s, forms in _SCRIPT_FORMS.items() for t in forms}


def _label_pattern(label: str) -> str:
    # 编辑 also matches "编       辑": the NPC templates pad labels with spaces.
    return _GAP.join(_char_class(ch) for ch in label)


def _char_class(ch: str) -> str:
    forms = _SCRIPT_FORMS.get(ch, "")
    return "[" + re.escape(ch + forms) + "]" if forms else re.escape(ch)


_ORDERED = sorted(LABELS, key=len, reverse=True)
_LABEL_RE = re.compile(r"(?P<label>" + "|".join(_label_pattern(lbl) for lbl in _ORDERED) + r")" + _GAP + r"[:：]")
# Furniture labels may come without a colon (浏览字号 大 中 小 / 打印本页).
_STOP_RE = re.compile(vocabulary.alternation(vocabulary.BYLINE_STOPS))
_NAME_SPLIT = re.compile(r"[、，,/／;；|｜\s\u3000\xa0]+")
_NAME_NOISE = re.compile(
    r"^(?:"
    + vocabulary.alternation(vocabulary.NAME_OUTLET_PREFIXES)
    + r")?(?:特约)?(?:"
    + vocabulary.alternation(vocabulary.REPORTER_ROLES)
    + ")"
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EDGE = " \u3000\xa0\t\r\n:：,，、;；|｜()（）【】[]<>《》\"'“”"


def _canonical(label: str) -> str:
    """The label as its vocabulary entry spells it: no padding, simplified script."""
    return "".join(_TO_SIMPLE.get(ch, ch) for ch in re.sub(r"[\s\u3000\xa0]+", "", label))


def _segments(text: str) -> list[tuple[str, str]]:
    """(field, raw value) pairs in order of appearance."""
    marks = list(_LABEL_RE.finditer(text))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end() : end]
        stop = _STOP_RE.search(value)
        if stop:
            value = value[: stop.start()]
        # 【来源：新华社】: a closing bracket ends the value.
        value = re.split(r"[】\]）)]", value, maxsplit=1)[0]
        out.append((_field(m, text), value))
    return out


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _field(m: re.Match, text: str) -> str:
    label = _canonical(m["label"])
    field = LABELS[label]
    if field == "date" and label in ("时间", "日期") and m.start() > 0 and _HAN.match(text[m.start() - 1]):
        if text[max(0, m.start() - 2) : m.start()] not in _DATE_WORDS:
            return "stop"
    return field


# CMS login names (红网's "redcloud", "admin") fill the editor slot where no person
# edited. An author is typed by a person, so a forum handle there is kept.
_ACCOUNT = re.compile(r"^[a-z][a-z0-9_.-]*$")
_GENERIC_ACCOUNTS = vocabulary.CMS_ACCOUNTS
_FURNITURE = re.compile(vocabulary.alternation(vocabulary.NAME_FURNITURE))
# Not a name: digits, markup or sentence punctuation (an interview's "记者：请问……？").
_NOT_NAME = re.compile(r"[\d=<>\"'“”‘’。？！?!：:《》{}\\]|^(?:" + vocabulary.alternation(vocabulary.NOT_NAMES) + r")$")
_SINGLE_HAN_TOKENS = re.compile(r"^[\u4e00-\u9fff](?:[\s\u3000\xa0]+[\u4e00-\u9fff]){1,3}$")
MAX_NAME_CHARS = 12


def clean_name(part: str) -> str | None:
    """One credited name, or None when the token is not a name (furniture, prose, markup)."""
    part = _NAME_NOISE.sub("", part.strip(_EDGE)).strip(_EDGE)
    if not part or len(part) > MAX_NAME_CHARS or _NOT_NAME.search(part) or _FURNITURE.search(part):
        return None
    if _HAN.fullmatch(part):  # one character is not a name ("赵" of "赵 培")
        return None
    return part


def _names(value: str, field: str = "authors") -> list[str]:
    # A colon ends the credit: "赵  培：北京物资学院" (an affiliation), "张三 摄影：李四".
    value = re.split(r"[:：]", value.strip(_EDGE), maxsplit=1)[0].strip(_EDGE)
    # "赵  培": one name printed with its characters spread out.
    if _SINGLE_HAN_TOKENS.match(value):
        value = re.sub(r"[\s\u3000\xa0]+", "", value)
    names: list[str] = []
    for part in _NAME_SPLIT.split(value):
        if not _NAME_NOISE.sub("", part.strip(_EDGE)).strip(_EDGE):
            continue  # "本报记者" before the names
        name = clean_name(part)
        if name is None:
            break  # furniture or prose: the credit ended before it
        if name.lower() in _GENERIC_ACCOUNTS or (field != "authors" and _ACCOUNT.match(name)):
            continue
        if name not in names:
            names.append(name)
    return names


# 来源:柳州市融媒体中心记者 王某 / 来源:柳州日报 记者 张三 李四: the outlet's reporters ride in the
# source value. The outlet stays the source; the names are the article's authors.
_SOURCE_REPORTER = re.compile(
    r"^(?P<outlet>[^\s|｜]*?)\s*(?:全媒体|融媒体|特约|见习|实习|首席)?记者\s*[:：]?\s*"
    r"(?P<names>[\u4e00-\u9fff·]{2,5}(?:[\s\u3000、，,]+[\u4e00-\u9fff·]{2,5})*)\s*(?=[|｜]|$)"
)


def _split_reporters(value: str) -> tuple[str, list[str]]:
    """(source value, reporters credited inside it)."""
    m = _SOURCE_REPORTER.match(_DATE_CUT.split(_strip_keeping_quotes(value, _EDGE), maxsplit=1)[0].strip())
    if not m:
        return value, []
    names = _names(m["names"], "authors")
    return (m["outlet"], names) if names else (value, [])


def _source(value: str) -> str | None:
    value = _URL.sub(" ", value)
    value = _DATE_CUT.split(value, maxsplit=1)[0]
    # Title marks belong to a publication's name: 《中国人大》杂志 keeps them.
    tokens = [_strip_keeping_quotes(t, _EDGE.replace("《", "").replace("》", "")) for t in value.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    # 《广西日报》 and 广西日报 are one source; 《中国人大》杂志 keeps its marks.
    m = re.fullmatch(r"《([^《》]+)》", tokens[0])
    return m.group(1) if m else tokens[0]


def _strip_keeping_quotes(token: str, edge: str) -> str:
    """`token` without its edge punctuation, but a quote mark that pairs with one inside
    stays: “湖南人大”微信公众号 keeps its opening quote."""
    stripped = token.strip(edge)
    for opening, closing in (("“", "”"), ("「", "」"), ("『", "』")):
        if token.startswith(opening) and stripped.count(closing) > stripped.count(opening):
            stripped = opening + stripped
        if token.endswith(closing) and stripped.count(opening) > stripped.count(closing):
            stripped += closing
    return stripped


# A full date inside a value ends it ("来源：新华社 2024-03-11 10:30"); a year
# alone does not ("来源:《中国人大》杂志2025年第12期").
_DATE_CUT = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


_MARKUP = re.compile(r"[=<>\"{}]")


def parse_byline(text: str) -> Byline:
    """Source, people and publish time from one byline block's text, in either script.

    The block is read in simplified script (labels, role words and furniture are
    simplified words); the values keep the script the page printed them in."""
    raw = " ".join(text.split())
    simple = textnorm.to_simplified(raw)
    byline = _parse(simple)
    byline.raw = raw or None
    if simple != raw:
        restore = textnorm.script_restorer(raw, simple)
        byline.source = restore(byline.source) if byline.source else None
        for name in ("authors", "editors", "responsible_editors", "reviewers"):
            setattr(byline, name, [restore(n) for n in getattr(byline, name)])
    return byline


def _parse(text: str) -> Byline:
    byline = Byline()
    if not text.strip():
        return byline
    date_value = None
    for field, value in _segments(text):
        if field == "source" and byline.source is None:
            value, reporters = _split_reporters(value)
            byline.authors.extend(n for n in reporters if n not in byline.authors)
            source = _source(value)
            # 来源： size="20": a template's broken attribute, not a source.
            byline.source = None if source and _MARKUP.search(source) else source
        elif field in ("authors", "editors", "responsible_editors", "reviewers"):
            for name in _names(_DATE_CUT.split(value, maxsplit=1)[0], field):
                if name not in getattr(byline, field):
                    getattr(byline, field).append(name)
        elif field == "date" and date_value is None:
            date_value = dates.parse_date(value)
    # Templates often print the date unlabelled beside the source (NPC's #zzrq).
    byline.published_at = date_value or dates.parse_date(text)
    return byline


SINGLE_HAN_TOKENS = _SINGLE_HAN_TOKENS
# Counters whose values are never the article's date (访问统计：2005年08月30日 13:22).
_STATS_LABELS = vocabulary.COUNTER_LABELS


def has_label(text: str) -> bool:
    return _LABEL_RE.search(text) is not None


def is_bare_label(text: str) -> bool:
    """Only labels, no values ("作者：", "发布日期："): the value sits in the next element."""
    return has_label(text) and not _LABEL_RE.sub("", text).strip(_EDGE)


def labelled_date(text: str):
    """(date, labelled) of a byline line: the first date under a publish label, else the
    first unlabelled date that is not a counter's or another kind of date (发行日期)."""
    marks = list(_LABEL_RE.finditer(text))
    blocked = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        field = _field(m, text)
        label = _canonical(m["label"])
        if field == "date":
            value = dates.parse_date(text[m.end() : end])
            if value is not None:
                return value, True
        elif label in _STATS_LABELS or LABELS[label] == "date":
            blocked.append((m.start(), end))
    for start, _, value in dates.iter_dates(text):
        if not any(lo <= start < hi for lo, hi in blocked):
            return value, False
    return None, False


def looks_like_byline(line: str) -> bool:
    """A short line that is a byline (labels with values), not body text."""
    line = line.strip()
    if not line or len(line) > 120:
        return False
    marks = list(_LABEL_RE.finditer(line))
    if not marks or re.search(r"[。！？!?]", line[: marks[0].start()]):
        return False  # a sentence ending in a credit (……。（来源：X 记者 Y）) is text
    starts_with_label = marks[0].start() <= 2  # allows a leading （ or 【
    return starts_with_label or len(marks) >= 2

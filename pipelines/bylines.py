"""Label-anchored parsing of Chinese byline blocks (来源 / 作者 / 编辑 / 责编 / 时间 ...).

Only the byline block a template or the generic finder hands over is parsed,
never the body: a law that says "证据来源" has no source from that. Labels may
have spaces inside them (编       辑：), full- or half-width colons, and come in
any order; a value runs until the next label.
"""
from __future__ import annotations

import re

from pipelines import dates
from pipelines.article import Byline

# Label -> field. Longer labels win where one contains another (责任编辑 / 编辑).
LABELS: dict[str, str] = {
    "文章来源": "source", "信息来源": "source", "稿件来源": "source", "新闻来源": "source",
    "来源": "source", "稿源": "source", "出处": "source",
    "作者": "authors", "撰稿": "authors", "撰稿人": "authors", "记者": "authors",
    "通讯员": "authors", "文/图": "authors", "文／图": "authors", "供稿": "authors",
    "摄影": "authors", "摄像": "authors", "视频": "authors", "图片": "authors",
    "责任编辑": "responsible_editors", "责编": "responsible_editors",
    "网络编辑": "editors", "编辑": "editors", "编审": "reviewers",
    "审核": "reviewers", "审校": "reviewers", "审签": "reviewers", "终审": "reviewers",
    "校对": "reviewers", "初审": "reviewers", "二审": "reviewers", "三审": "reviewers",
    "复审": "reviewers", "主审": "reviewers",
    "发布时间": "date", "发布日期": "date", "发表时间": "date", "更新时间": "date",
    "发文日期": "date", "时间": "date", "日期": "date",
    # Page furniture that sits inside byline blocks: a value stops here.
    "浏览字号": "stop", "字号": "stop", "字体": "stop", "浏览次数": "stop", "点击数": "stop",
    "点击率": "stop", "阅读次数": "stop", "访问量": "stop", "分享到": "stop", "打印": "stop",
}

_GAP = r"[\s\u3000\xa0]*"


def _label_pattern(label: str) -> str:
    # 编辑 also matches "编       辑": the NPC templates pad labels with spaces.
    return _GAP.join(re.escape(ch) for ch in label)


_ORDERED = sorted(LABELS, key=len, reverse=True)
_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(_label_pattern(lbl) for lbl in _ORDERED) + r")" + _GAP + r"[:：]"
)
# Furniture labels may come without a colon (浏览字号 大 中 小 / 打印本页).
_STOP_RE = re.compile(r"浏览字号|【?\s*字体|打印本页|关闭窗口|分享到|【\s*大\s*中\s*小\s*】")
_NAME_SPLIT = re.compile(r"[、，,/／;；|｜\s\u3000\xa0]+")
_NAME_NOISE = re.compile(r"^(?:本报|本网|本台|新华社|人民网)?(?:特约)?(?:记者|通讯员|实习生)")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EDGE = " \u3000\xa0\t\r\n:：,，、;；|｜()（）【】[]<>《》\"'“”"


def _canonical(label: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", label)


def _segments(text: str) -> list[tuple[str, str]]:
    """(field, raw value) pairs in order of appearance."""
    marks = list(_LABEL_RE.finditer(text))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end():end]
        stop = _STOP_RE.search(value)
        if stop:
            value = value[: stop.start()]
        # 【来源：新华社】: a closing bracket ends the value.
        value = re.split(r"[】\]）)]", value, maxsplit=1)[0]
        out.append((LABELS[_canonical(m["label"])], value))
    return out


# CMS login names (红网's "redcloud", "admin") stand where no person was credited.
_ACCOUNT = re.compile(r"^[a-z][a-z0-9_.-]*$")


def _names(value: str) -> list[str]:
    names = []
    for part in _NAME_SPLIT.split(value.strip(_EDGE)):
        part = _NAME_NOISE.sub("", part.strip(_EDGE))
        if part and not _ACCOUNT.match(part) and part not in names:
            names.append(part)
    return names


def _source(value: str) -> str | None:
    value = _URL.sub(" ", value)
    value = _DATE_CUT.split(value, maxsplit=1)[0]
    # Title marks belong to a publication's name: 《中国人大》杂志 keeps them.
    tokens = [t.strip(_EDGE.replace("《", "").replace("》", "")) for t in value.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    # 《广西日报》 and 广西日报 are one source; 《中国人大》杂志 keeps its marks.
    m = re.fullmatch(r"《([^《》]+)》", tokens[0])
    return m.group(1) if m else tokens[0]


# A full date inside a value ends it ("来源：新华社 2024-03-11 10:30"); a year
# alone does not ("来源:《中国人大》杂志2025年第12期").
_DATE_CUT = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


def parse_byline(text: str) -> Byline:
    """Source, people and publish time from one byline block's text."""
    byline = Byline(raw=" ".join(text.split()) or None)
    if not text.strip():
        return byline
    date_value = None
    for field, value in _segments(text):
        if field == "source" and byline.source is None:
            byline.source = _source(value)
        elif field in ("authors", "editors", "responsible_editors", "reviewers"):
            for name in _names(_DATE_CUT.split(value, maxsplit=1)[0]):
                if name not in getattr(byline, field):
                    getattr(byline, field).append(name)
        elif field == "date" and date_value is None:
            date_value = dates.parse_date(value)
    # Templates often print the date unlabelled beside the source (NPC's #zzrq).
    byline.published_at = date_value or dates.parse_date(text)
    return byline


def looks_like_byline(line: str) -> bool:
    """A short line that is a byline (labels with values), not body text."""
    line = line.strip()
    if not line or len(line) > 120:
        return False
    marks = list(_LABEL_RE.finditer(line))
    if not marks:
        return False
    starts_with_label = marks[0].start() <= 2  # allows a leading （ or 【
    return starts_with_label or len(marks) >= 2

"""Line-level clean-up of an extracted Chinese article body.

Whatever extractor found the body, the same furniture sticks to its edges
and sits between its paragraphs on Chinese sites: share / QR-code / font-size
/ print / close lines, 上一篇/下一篇, view counters, copyright and ICP
footers, related-link lists after a 相关阅读 heading, the headline repeated
above the text, byline and date lines at the top or bottom, platform
disclaimers. All rules look at one line's own text (and its position), never
at a site.
"""

from __future__ import annotations

import re

from pipelines import bylines, textnorm
from pipelines.textnorm import to_simplified

_WS = re.compile(r"\s+")
_OPEN = r"^[\s【\[〖(（<《■●◆▲►▶·•\-—|]*"
_CLOSE = r"[\s】\]〗)）>》|:：]*$"

# A whole short line that is a control or a counter, never text.
_CONTROL_WORDS = (
    "举报|收藏|点赞|关注|评论|分享|转发|转载|播报|编辑|打印|关闭|纠错|返回|更多|查看更多|"
    "查看全文|展开全文|阅读全文|展开|收起|全文|加载更多|点击加载更多|上一页|下一页|首页|尾页|"
    "顶|踩|赞|回复|登录|注册|复制链接|复制|微信|微博|QQ|QQ空间|朋友圈|新浪微博|腾讯微博|"
    "字号|大|中|小|默认|简体|繁体|在线投稿|我要投稿|我要纠错|打印本页|关闭窗口|返回顶部|"
    "返回列表|语音播报|听新闻|放大|缩小|保存|下载|来源|作者|责任编辑|附件|相关附件|点击|"
    "进入专题|专题|图集|视频|音频|原文链接|阅读原文|"
    "Top|TOP|top|Print|Close|Share|More|close"
)
CONTROL_LINE = re.compile(_OPEN + r"(?:(?:" + _CONTROL_WORDS + r")[\s|/·、,，]*)+\d*" + _CLOSE)
# Furniture recognisable anywhere in a short line.
FURNITURE = re.compile(
    textnorm.FURNITURE.pattern + r"|"
    r"分享至|分享\s*[:：]|扫码|二维码|手机看|手机阅读|手机浏览|用微信|微信公众号|关注我们|"
    r"字号\s*[:：]|字体\s*[:：]|[【\[〖]\s*[大中小]\s*[】\]〗]|大\s*中\s*小|"
    r"[【\[]\s*(?:打印|关闭|收藏|纠错|返回|顶部)|打印本文|关闭本页|打印文章|"
    r"上一条|下一条|上一篇|下一篇|上篇|下篇|"
    r"copyright|©|\(c\)\s*\d{4}|版权所有|版权声明|all rights reserved|ICP备|ICP证|公网安备|"
    r"网站标识码|备案号|主办单位|承办单位|技术支持\s*[:：]|建议使用.{0,20}浏览器|分辨率|"
    r"当前位置|您的位置|你的位置|所在位置|您现在的位置|首页\s*[>»›/]|"
    r"浏览次数|阅读次数|点击数|点击量|阅读量|浏览量|访问量|人阅读|次阅读|次浏览|人浏览|"
    r"阅读\s*[:：]?\s*\d+\s*$|浏览\s*[:：]?\s*\d+\s*$|"
    r"语音播报|播报文章|听全文|"
    r"倍速|播放失败|错误代码|重新播放|视频加载|建议\s*(?:在\s*)?WIFI|^\s*时长\s*[:：]|^\s*\d(?:\.\d+)?\s*[xX倍]\s*$|"
    r"登录后|立即登录|注册登录|请登录|^\s*(?:关键字|关键词|标签|tags?)\s*[:：]|"
    r"责任编辑|责编\s*[:：]|^\s*[【\[(（]?\s*编辑\s*[:：]",
    re.I,
)
FURNITURE_MAX = 40
# Disclaimers and reprint notes: longer, but only ever at the end (or start) of a body.
STATEMENT = re.compile(
    r"特别声明|免责声明|版权声明|声明\s*[:：]|本文来自|本文来源|本文转自|转载请注明|"
    r"未经授权|未经许可|未经书面授权|不得转载|禁止转载|请勿转载|仅代表作者|不代表本(?:站|网|平台)|"
    r"仅提供信息存储|信息存储服务|如有侵权|侵权请联系|原文链接|原标题\s*[:：]|"
    r"(?:欢迎|敬请)?关注.{0,12}(?:公众号|微信号|微博)|点击(?:上方|下方|关注)|长按(?:识别|二维码)",
    re.I,
)
STATEMENT_MAX = 160
# Headings that start a list of related links or the comments (cut what follows).
TRAILER = re.compile(
    _OPEN + r"(?:相关(?:阅读|新闻|链接|文章|报道|推荐|专题|稿件|资讯|内容|搜索|视频|图集)|"
    r"延伸阅读|推荐阅读|扩展阅读|拓展阅读|猜你(?:喜欢|想看)|你(?:可能|或许)?(?:还|也)?(?:会)?(?:喜欢|感兴趣|想看)|"
    r"(?:其他人|大家|网友|很多人)(?:也|还|都)?(?:在看|爱看)|热门推荐|热门文章|热门视频|"
    r"热门新闻|热点新闻|热点推荐|精彩推荐|精彩图片|精彩阅读|更多精彩|更多阅读|更多新闻|"
    r"为你推荐|为您推荐|今日推荐|编辑推荐|图片推荐|专题推荐|新闻推荐|推荐文章|推荐新闻|最新文章|"
    r"最新新闻|最新资讯|最热文章|最新评论|热门评论|网友评论|全部评论|发表评论|我要评论|评论|"
    r"大家都在看|看了本文的人还看了|往期回顾|往期推荐|往期精选|点击排行|排行榜|阅读排行|"
    r"文章排行|新闻排行|热点排行|热门排行|友情链接|专题报道|图片新闻|视频推荐)"
    r"(?:\s*[\(（]?\d*[\)）]?)" + _CLOSE
)
# A line that is only a date/time (or a date with a few words around it).
DATE_LINE = re.compile(
    r"^\D{0,12}(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\D{0,12}$"
)
# Short lines with a source/author label that read like a byline, even unlabelled
# ones such as "2024-05-15 08:58:52来源：新华网".
BYLINE_HINT = re.compile(
    r"来源\s*[:：]|作者\s*[:：]|编辑\s*[:：]|记者\s*[:：]|发布时间|发布日期|发表时间|更新时间|"
    r"时间\s*[:：]|日期\s*[:：]|稿源|供稿|通讯员|审核\s*[:：]|校对\s*[:：]|摄影\s*[:：]|"
    r"^\s*[(（]?\s*(?:文|图|文图|图文|文/图|撰文|摄影|记者)\s*[/|｜:：]"
)
BYLINE_MAX = 80
STRAY_MAX = 30
# List items: a teaser cut short ("...【详细】") or a headline with its date.
TEASER_CUT = re.compile(r"(?:\.{3}|…+|[【\[]\s*(?:详细|详情|全文|更多)\s*[】\]]|(?:详细|详情|更多|全文)\s*>+|>>)\s*$")
TEASER_MAX = 120
TEASER = re.compile(
    r"^.{2,40}?\s*(?:\(|（|\[)?(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\)|）|\])?\s*$|"
    r"^\s*(?:\(|（|\[)?\d{1,2}[-/.]\d{1,2}(?:\)|）|\])?\s+\S.{2,40}$"
)
# Wiki section headings carry an edit link: "历史沿革[编辑]".
EDIT_LINK = re.compile(r"\s*[\[【]\s*(?:编辑|编辑源代码|编辑本段|修改)\s*[\]】]\s*$")
# Repeated lines this long are a duplicated block (table cells may repeat).
DEDUPE_MIN = 30
PROSE_PUNCT = re.compile(r"[，。；！？、,;!?]")
SENTENCE_END = re.compile(r"[。！？!?；;…”\"』」]$")


def _squash(text: str) -> str:
    return _WS.sub("", text)


def _probe(line: str) -> str:
    """The line as the patterns read it: stripped, and in simplified characters
    (traditional-character pages have the same furniture)."""
    s = line.strip()
    return to_simplified(s) if len(s) <= STATEMENT_MAX else s


def is_furniture(line: str) -> bool:
    """A line that is page furniture wherever it appears."""
    s = _probe(line)
    if not s:
        return True
    n = len(_squash(s))
    if n <= FURNITURE_MAX and CONTROL_LINE.match(s):
        return True
    if n <= FURNITURE_MAX and FURNITURE.search(s) and not (n > 12 and SENTENCE_END.search(s)):
        return True
    return False


def _wordless(s: str) -> bool:
    """Numbers and separators only: a pager (1 2 3 4 5), a calendar row, a share bar."""
    return len(_squash(s)) <= FURNITURE_MAX and not re.search(r"[\u4e00-\u9fffA-Za-z]", s)


def is_edge_line(line: str, titles: tuple[str, ...] = (), top: bool = True) -> bool:
    """A line that is not body text when it sits at the start (top) or end of the body.
    A bare date is a byline above the text but the date of signature below a notice."""
    s = _probe(line)
    n = len(_squash(s))
    if is_furniture(s) or (_wordless(s) and not (not top and DATE_LINE.match(s))):
        return True
    if n <= BYLINE_MAX and (bylines.looks_like_byline(s) or BYLINE_HINT.search(s)) and not SENTENCE_END.search(s):
        return True
    if top and n <= 40 and DATE_LINE.match(s) and not SENTENCE_END.search(s):
        return True
    if n <= 4 and not PROSE_PUNCT.search(s):
        return True  # a menu word or ticker left at the edge ("首页", "美元")
    if n <= STATEMENT_MAX and STATEMENT.search(s):
        return True
    if titles and n >= 4:
        sq = _squash(line)
        for t in titles:
            if sq == t or (len(sq) >= 8 and sq in t):
                return True
            # The headline and its byline run together: "标题发布时间：2024-04-16 来源：…"
            if top and len(t) >= 8 and sq.startswith(t) and is_edge_line(sq[len(t) :]):
                return True
    return False


def _stray(line: str) -> bool:
    """A short line that is no sentence: a name, a source, a label."""
    return len(_squash(line)) <= STRAY_MAX and not PROSE_PUNCT.search(line) and not SENTENCE_END.search(line)


def _listlike(lines: list[str]) -> bool:
    """Mostly short lines that are not sentences: headlines of links, not paragraphs."""
    if not lines:
        return True
    short = sum(1 for ln in lines if len(_squash(ln)) < 40 or not SENTENCE_END.search(ln))
    return short >= 0.6 * len(lines)


def _cut_trailers(lines: list[str]) -> list[str]:
    """Drop a related-links or comments list: from its heading to the end when the
    heading is in the back half, else the heading and the short link-like lines under it.
    A heading followed by paragraphs is a section of the article and stays."""
    total = sum(len(_squash(ln)) for ln in lines) or 1
    seen = 0
    out: list[str] = []
    skipping = False
    for i, line in enumerate(lines):
        n = len(_squash(line))
        if n <= 24 and TRAILER.match(_probe(line)) and _listlike(lines[i + 1 : i + 9]):
            if seen >= 0.5 * total:
                return out
            skipping = True
            seen += n
            continue
        if skipping:
            if n < 40 and not SENTENCE_END.search(line):
                seen += n
                continue
            skipping = False
        out.append(line)
        seen += n
    return out


def _cut_teaser_tail(lines: list[str]) -> list[str]:
    """Drop a list of teasers at the end: the longest tail in which list items are
    at least half the lines (and there are two or more of them)."""
    cut = len(lines)
    teasers = 0
    for i in range(len(lines) - 1, -1, -1):
        teaser = _is_teaser(lines[i])
        teasers += teaser
        if teaser and teasers >= 2 and teasers * 2 >= len(lines) - i:
            cut = i
    # A body that is itself a dated list (a chronology) keeps its items.
    if not any(_is_prose(ln) for ln in lines[:cut]):
        return lines
    return lines[:cut]


def _is_teaser(line: str) -> bool:
    # (A long paragraph may end in "……"; a teaser is a short one.)
    return bool(TEASER.search(line)) or (len(line) <= TEASER_MAX and bool(TEASER_CUT.search(line)))


def _is_prose(line: str) -> bool:
    return len(_squash(line)) >= 15 and bool(PROSE_PUNCT.search(line))


def clean_lines(lines: list[str], titles: tuple[str, ...] = ()) -> list[str]:
    """Body lines without duplicates, furniture, trailers, and edge bylines."""
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        line = EDIT_LINK.sub("", line.strip())
        key = _squash(line)
        if not key:
            continue
        if len(key) >= DEDUPE_MIN:
            if key in seen:
                continue  # an article never repeats a paragraph; templates do
            seen.add(key)
        if is_furniture(line):
            continue
        out.append(line)
    out = _cut_trailers(out)
    out = _cut_teaser_tail(out)
    # Edges: bylines, dates, the repeated headline, disclaimers; as deep as they
    # go, since they come in stacks (headline, byline, share bar).
    start, end = 0, len(out)
    while start < end and is_edge_line(out[start], titles):
        start += 1
    while end > start and is_edge_line(out[end - 1], titles, top=False):
        end -= 1
    # A byline block above the text may hold a bare name (a source, a reporter)
    # between its dated lines: a short non-sentence line followed by an edge line
    # goes with it. (Not below the text: a notice ends with its issuer's name.)
    while start < end - 1 and _stray(out[start]) and is_edge_line(out[start + 1], titles):
        start += 2
        while start < end and is_edge_line(out[start], titles):
            start += 1
    return out[start:end]


def clean_text(text: str | None, titles: tuple[str, ...] = ()) -> str | None:
    if not text:
        return None
    lines = clean_lines(textnorm.tidy_lines(text).split("\n"), titles)
    return "\n".join(lines) or None

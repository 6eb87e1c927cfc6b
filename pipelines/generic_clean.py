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
    r"登录后|立即登录|注册登录|请登录|"
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
    r"延伸阅读|推荐阅读|扩展阅读|拓展阅读|猜你喜欢|你可能(?:还)?(?:喜欢|感兴趣)|热门推荐|热门文章|"
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
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\D{0,24}$"
)
# Short lines with a source/author label that read like a byline, even unlabelled
# ones such as "2024-05-15 08:58:52来源：新华网".
BYLINE_HINT = re.compile(
    r"来源\s*[:：]|作者\s*[:：]|编辑\s*[:：]|记者\s*[:：]|发布时间|发布日期|发表时间|更新时间|"
    r"时间\s*[:：]|日期\s*[:：]|稿源|供稿|通讯员|审核\s*[:：]|校对\s*[:：]|摄影\s*[:：]|"
    r"^\s*[(（]?\s*(?:文|图|文图|图文|文/图|撰文|摄影|记者)\s*[/|｜:：]"
)
BYLINE_MAX = 80
SENTENCE_END = re.compile(r"[。！？!?；;…”\"』」]$")


def _squash(text: str) -> str:
    return _WS.sub("", text)


def is_furniture(line: str) -> bool:
    """A line that is page furniture wherever it appears."""
    s = line.strip()
    if not s:
        return True
    n = len(_squash(s))
    if n <= FURNITURE_MAX and CONTROL_LINE.match(s):
        return True
    if n <= FURNITURE_MAX and FURNITURE.search(s) and not (n > 12 and SENTENCE_END.search(s)):
        return True
    # Runs of separators and numbers: pagers ("1 2 3 4 下一页"), calendars, share bars.
    if n <= FURNITURE_MAX and not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", s):
        return True
    return False


def is_edge_line(line: str, titles: tuple[str, ...] = ()) -> bool:
    """A line that is not body text when it sits at the start or end of the body."""
    s = line.strip()
    n = len(_squash(s))
    if is_furniture(s):
        return True
    if n <= BYLINE_MAX and (bylines.looks_like_byline(s) or BYLINE_HINT.search(s)) \
            and not SENTENCE_END.search(s):
        return True
    if n <= 40 and DATE_LINE.match(s):
        return True
    if n <= STATEMENT_MAX and STATEMENT.search(s):
        return True
    if titles and n >= 4:
        sq = _squash(s)
        if any(sq == t or (len(sq) >= 8 and sq in t) for t in titles):
            return True
    return False


def _cut_trailers(lines: list[str]) -> list[str]:
    """Drop a related-links or comments list: from its heading to the end when the
    heading is in the back half, else the heading and the short link-like lines under it."""
    total = sum(len(_squash(ln)) for ln in lines) or 1
    seen = 0
    out: list[str] = []
    skipping = False
    for line in lines:
        n = len(_squash(line))
        if n <= 24 and TRAILER.match(line):
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


def clean_lines(lines: list[str], titles: tuple[str, ...] = ()) -> list[str]:
    """Body lines without duplicates, furniture, trailers, and edge bylines."""
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        line = line.strip()
        key = _squash(line)
        if not key:
            continue
        if len(key) >= 8:
            if key in seen:
                continue  # an article never repeats a paragraph; templates do
            seen.add(key)
        if is_furniture(line):
            continue
        out.append(line)
    out = _cut_trailers(out)
    # Edges: bylines, dates, the repeated headline, disclaimers. A few lines deep,
    # since they come in stacks (headline, byline, share bar).
    for _ in range(2):
        while out and is_edge_line(out[0], titles):
            out.pop(0)
        while out and is_edge_line(out[-1], titles):
            out.pop()
    return out


def clean_text(text: str | None, titles: tuple[str, ...] = ()) -> str | None:
    if not text:
        return None
    lines = clean_lines(textnorm.tidy_lines(text).split("\n"), titles)
    return "\n".join(lines) or None

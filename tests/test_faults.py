"""Network and server faults: the real crawler (NPC spider, Scrapy engine) against a broken server.

One crawl through the engine fetches a list page served by tests/fault_server.py;
each of its links leads to one faulty article URL (and robots.txt disallows a
channel). Each test states one case and checks its outcome: the crawl does not
crash, no article is stored from an error page, and every failure is in the
crawl-run record (a crawl_failures row naming the URL, with a reason).

tests/test_bad_input.py covers plain 404/500/PDF/WZWS-challenge/no-body pages
through the replay server; this suite covers what a real network adds.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from models.tables import Article, Capture, CrawlFailure, CrawlRun
from rdarchive.spiders import spider_for
from tests import fault_server as fs
from tests.conftest import crawl, sessions_for, sqlite_url
from tests.reliability_plugin import case

NpcSpider = spider_for("npc")

BASE = "http://www.npc.gov.cn/npc/c2/c30834/"
LIST = BASE + "index.html"
ROBOTS = "http://www.npc.gov.cn/robots.txt"
DISALLOWED_CHANNEL = "http://www.npc.gov.cn/npc/c2/c12435/"
RETRY_TIMES = 2
TIMEOUT = 2
SETTINGS = {
    "DOWNLOAD_TIMEOUT": TIMEOUT,
    "RETRY_TIMES": RETRY_TIMES,
    # All faults at once: a hanging URL must not hold up the others.
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    # Retry-After is honoured up to this many seconds (longer: not retried at once).
    "RDARCHIVE_RETRY_AFTER_MAX": 5,
}


def url(n: int) -> str:
    return f"{BASE}202501/t202501{n:02d}_9100{n:02d}.html"


def article(title: str, paragraphs: list[str], charset_meta: str | None = "utf-8", extra: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}"/>' if charset_meta else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<html><head>{meta}<title>{title}_中国人大网</title></head><body>
<div class="tit"><h2></h2><h1>{title}</h1><h3></h3></div>
<div class="fontsize"> 来源： 中国人大网&nbsp;&nbsp;浏览字号： 大 中 小 <span class="fr" id="zzrq">2025年01月08日 09:00</span></div>
<div id="Zoom"><div class="TRS_Editor">{body}{extra}</div></div>
<div class="editor">编       辑： 王明</div></body></html>"""


def looks_like_article(n: int) -> str:
    """An error page that carries a whole article: it must still never be stored."""
    return article(f"错误页面里的文章{n}", [f"这段文字出现在一个错误页面中，编号{n}，绝不能被存档。"])


GOOD = url(1)
TITLES = {
    "good": "常委会召开座谈会",
    "recovers": "重试后恢复的文章",
    "retry_after": "服务暂停后恢复的文章",
    "gbk_header_utf8": "全国人大代表视察基层立法联系点",
    "no_charset": "地方人大常委会听取专项工作报告",
    "big": "附有大幅图片的文章",
    "malformed": "标签不完整的页面也能存档",
}
BIG_IMAGE_BYTES = 20 * 1024 * 1024

# Jiasule-style JS cookie challenge: no literal marker word, the cookie name is spelled out in pieces.
JSL_CHALLENGE = (
    "<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')"
    "+('a')+('r')+('a')+('n')+('c')+('e')+('_')+('s')+('=')+(+!+[]+'')+('1')+(-~0+'')+"
    "';max-age=3600;path=/';location.href=location.pathname+location.search</script></body></html>"
)
WZWS_CHALLENGE = (
    "<html><head><meta charset='utf-8'><script>var wzws_cid='0f3a';"
    "location.href='/WZWSREL3Rlc3Q=';</script></head><body>请开启JavaScript并刷新该页</body></html>"
)
MALFORMED = (
    f"<html><head><meta charset='utf-8'><title>{TITLES['malformed']}_中国人大网</title>"
    f"<body><div class='tit'><h1>{TITLES['malformed']}</h1>"
    "<div class='fontsize'>来源： 中国人大网 <span id='zzrq'>2025年01月08日 09:00</span>"
    "<div id='Zoom'><div class='TRS_Editor'><p>第一段没有结束标签<p>第二段有<b>加粗但不闭合"
    "<p>第三段结尾。</div></html></html><p>html 之后的游离段落</body>"
)


@dataclass(frozen=True)
class Fault:
    n: int
    reply: fs.Reply

    @property
    def url(self) -> str:
        return url(self.n)


def big_page() -> bytes:
    image = "data:image/png;base64," + "A" * BIG_IMAGE_BYTES
    return article(
        TITLES["big"], ["正文第一段说明会议情况。", "正文第二段附有现场图片。"], extra=f'<p><img src="{image}"/></p>'
    ).encode("utf-8")


FAULTS = {
    "good": Fault(
        1, fs.ok(article(TITLES["good"], ["全国人大常委会法工委今天召开座谈会。", "与会同志逐条发表意见。"]))
    ),
    "http_404": Fault(2, fs.status(404, looks_like_article(2))),
    "http_500_recovers": Fault(
        3,
        fs.sequence(
            fs.status(500, looks_like_article(3)),
            fs.status(500, looks_like_article(3)),
            fs.ok(
                article(
                    TITLES["recovers"],
                    ["服务器两次报错之后第三次成功返回了完整的文章页面。", "这是重试之后存档的第二段文字。"],
                )
            ),
        ),
    ),
    "http_500_forever": Fault(4, fs.status(500, looks_like_article(4))),
    "http_503_retry_after": Fault(
        5,
        fs.sequence(
            fs.status(503, looks_like_article(5), headers={"Retry-After": "1"}),
            fs.ok(
                article(
                    TITLES["retry_after"],
                    ["服务器要求一秒之后再来访问，之后正常返回了文章页面。", "这是等待之后存档的第二段文字。"],
                )
            ),
        ),
    ),
    "http_503_retry_after_long": Fault(6, fs.status(503, looks_like_article(6), headers={"Retry-After": "3600"})),
    "read_timeout": Fault(7, fs.hang(looks_like_article(7))),
    "reset_mid_body": Fault(8, fs.reset_mid_body(looks_like_article(8) + "<!--" + "填充" * 20000 + "-->")),
    "truncated": Fault(9, fs.truncated(looks_like_article(9))),
    "gbk_header_utf8": Fault(
        10,
        fs.ok(
            article(
                TITLES["gbk_header_utf8"],
                ["代表们来到基层立法联系点，听取群众对法律草案的意见。", "大家围绕草案条文逐条发表了看法。"],
                charset_meta="gb2312",
            ).encode("gbk"),
            content_type="text/html; charset=utf-8",
        ),
    ),
    "no_charset": Fault(
        11,
        fs.ok(
            article(
                TITLES["no_charset"],
                ["会议听取了关于生态环境保护工作情况的报告并进行审议。", "与会人员对报告提出了具体意见。"],
                charset_meta=None,
            ).encode("gbk"),
            content_type="text/html",
        ),
    ),
    "big_20mb": Fault(12, fs.ok(big_page())),
    "image": Fault(13, fs.ok(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2000, content_type="image/jpeg")),
    "pdf_labelled_html": Fault(
        14,
        fs.ok(
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + b"\x00\x01" * 500,
            content_type="text/html; charset=utf-8",
        ),
    ),
    "redirect_loop": Fault(15, fs.redirect(BASE + "loop/b.html")),
    "redirect_offsite": Fault(16, fs.redirect("http://www.evil.example/npc/c2/c30834/202501/t20250116_910016.html")),
    "robots_disallowed": Fault(17, fs.ok(article("机器人协议禁止的文章", ["不应被请求。"]))),
    "challenge_jsl": Fault(18, fs.ok(JSL_CHALLENGE)),
    "challenge_gzip": Fault(
        19, fs.ok(gzip.compress(WZWS_CHALLENGE.encode("utf-8")), headers={"Content-Encoding": "gzip"})
    ),
    "empty_200": Fault(20, fs.ok(b"")),
    "malformed_html": Fault(21, fs.ok(MALFORMED)),
    # A retried request is dont_filter, which Scrapy's offsite filter lets through, redirects included.
    "retried_then_offsite": Fault(
        22, fs.sequence(fs.status(503, looks_like_article(22)), fs.redirect("http://www.evil.example/retried.html"))
    ),
}
# robots.txt disallows this article's channel; the list links to it there.
ROBOTS_URL = f"{DISALLOWED_CHANNEL}c12490/202501/t20250117_910017.html"
LINKS = [f.url for k, f in FAULTS.items() if k != "robots_disallowed"] + [ROBOTS_URL]
LIST_PAGE = (
    "<html><head><meta charset='utf-8'><title>法律_中国人大网</title></head><body><ul class='list'>"
    + "".join(f"<li><a href='{u}'>条目</a></li>" for u in LINKS)
    + "</ul></body></html>"
)
ROUTES = {
    ROBOTS: fs.ok("User-agent: *\nDisallow: /npc/c2/c12435/\n", content_type="text/plain"),
    LIST: fs.ok(LIST_PAGE),
    BASE + "loop/b.html": fs.redirect(FAULTS["redirect_loop"].url),
    ROBOTS_URL: FAULTS["robots_disallowed"].reply,
    **{f.url: f.reply for k, f in FAULTS.items() if k != "robots_disallowed"},
}


@dataclass
class Outcome:
    articles: dict[str, Article]
    failures: dict[str, list[CrawlFailure]]
    run: CrawlRun
    server: fs.FaultServer
    captures: list[Capture]
    stats: dict

    def failure(self, url: str) -> CrawlFailure:
        found = self.failures.get(url, [])
        assert len(found) == 1, f"expected one failure row for {url}, got {[(f.kind, f.reason) for f in found]}"
        return found[0]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> Outcome:
    db = sqlite_url(tmp_path_factory.mktemp("faults"))
    with fs.FaultServer(routes=ROUTES) as server:
        crawler = crawl(NpcSpider, db, server, settings=SETTINGS, urls=[LIST])
    with sessions_for(db)() as s:
        articles = {a.url: a for a in s.scalars(select(Article))}
        failures: dict[str, list[CrawlFailure]] = {}
        for f in s.scalars(select(CrawlFailure).order_by(CrawlFailure.id)):
            failures.setdefault(f.url, []).append(f)
        run = s.get(CrawlRun, crawler.stats.get_value("rdarchive/run_id"))
        captures = list(s.scalars(select(Capture)))
        s.expunge_all()
    return Outcome(articles, failures, run, server, captures, crawler.stats.get_stats())


def not_stored(outcome: Outcome, key: str) -> None:
    assert FAULTS[key].url not in outcome.articles
    assert not [a.url for a in outcome.articles.values() if "错误页面" in (a.title or "") + a.body]


# -- the crawl as a whole ------------------------------------------------------
@case(
    "faults",
    "All faults in one crawl",
    "the crawl finishes (no crash), the run is recorded as partial, "
    "and its failure count equals its crawl_failures rows",
)
def test_crawl_finishes_partial(outcome):
    assert (outcome.run.status, outcome.stats.get("finish_reason")) == ("partial", "finished")
    assert outcome.run.pages_failed == sum(len(v) for v in outcome.failures.values())


@case(
    "faults",
    "Error pages that look like articles",
    "no article is ever stored from a 4xx/5xx, truncated "
    "or reset response: only the pages that finally answered 200 with a body are archived",
)
def test_only_good_pages_stored(outcome):
    expected = {
        FAULTS[k].url
        for k in (
            "good",
            "http_500_recovers",
            "http_503_retry_after",
            "gbk_header_utf8",
            "no_charset",
            "big_20mb",
            "malformed_html",
        )
    }
    assert set(outcome.articles) == expected


@case(
    "faults",
    "Every failure names its URL",
    "each crawl_failures row carries the URL it is about inside its reason, and a kind",
)
def test_every_failure_has_url_and_reason(outcome):
    rows = [f for fs_ in outcome.failures.values() for f in fs_]
    assert rows and all(f.kind and f.url in f.reason for f in rows)


# -- one case each ---------------------------------------------------------------
@case("faults", "HTTP 404", "not retried (1 request); recorded as http_error with status 404; nothing stored")
def test_404(outcome):
    f = outcome.failure(FAULTS["http_404"].url)
    assert (f.kind, f.http_status, outcome.server.hits(FAULTS["http_404"].url)) == ("http_error", 404, 1)
    not_stored(outcome, "http_404")


@case(
    "faults",
    "HTTP 500 that recovers",
    "retried; the third attempt answers 200 and the article is stored; no failure recorded for it",
)
def test_500_recovers(outcome):
    u = FAULTS["http_500_recovers"].url
    assert outcome.server.hits(u) == 3
    assert outcome.articles[u].title == TITLES["recovers"]
    assert u not in outcome.failures


@case(
    "faults",
    "HTTP 500 forever",
    f"retried RETRY_TIMES ({RETRY_TIMES}) times, then recorded as http_error 500; nothing stored",
)
def test_500_forever(outcome):
    u = FAULTS["http_500_forever"].url
    f = outcome.failure(u)
    assert (f.kind, f.http_status, outcome.server.hits(u)) == ("http_error", 500, RETRY_TIMES + 1)
    not_stored(outcome, "http_500_forever")


@case(
    "faults",
    "HTTP 503 with Retry-After: 1",
    "the retry waits the announced second, then the article is stored; no failure recorded",
)
def test_503_retry_after(outcome):
    u = FAULTS["http_503_retry_after"].url
    times = outcome.server.times(u)
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert outcome.articles[u].title == TITLES["retry_after"]
    assert u not in outcome.failures


@case(
    "faults",
    "HTTP 503 with Retry-After: 3600",
    "longer than RDARCHIVE_RETRY_AFTER_MAX: not hammered (1 "
    "request), recorded as http_error 503 whose reason gives the Retry-After; nothing stored",
)
def test_503_retry_after_too_long(outcome):
    u = FAULTS["http_503_retry_after_long"].url
    f = outcome.failure(u)
    assert (f.kind, f.http_status, outcome.server.hits(u)) == ("http_error", 503, 1)
    assert "Retry-After" in f.reason
    not_stored(outcome, "http_503_retry_after_long")


@case(
    "faults",
    "Read timeout (headers, half the body, then silence)",
    f"given up after DOWNLOAD_TIMEOUT "
    f"({TIMEOUT}s), retried {RETRY_TIMES} times, recorded as network TimeoutError; nothing stored",
)
def test_read_timeout(outcome):
    u = FAULTS["read_timeout"].url
    f = outcome.failure(u)
    assert (f.kind, outcome.server.hits(u)) == ("network", RETRY_TIMES + 1)
    assert "TimeoutError" in f.reason
    not_stored(outcome, "read_timeout")


@case(
    "faults",
    "Connection reset mid-body",
    "retried, then recorded as a network failure (the response's data was lost); nothing stored from the partial body",
)
def test_reset_mid_body(outcome):
    u = FAULTS["reset_mid_body"].url
    f = outcome.failure(u)
    assert (f.kind, outcome.server.hits(u)) == ("network", RETRY_TIMES + 1)
    not_stored(outcome, "reset_mid_body")


@case(
    "faults",
    "Truncated body (Content-Length longer than the data)",
    "the data loss is detected, retried, then recorded as a network failure; the partial page is not stored",
)
def test_truncated(outcome):
    u = FAULTS["truncated"].url
    f = outcome.failure(u)
    assert (f.kind, outcome.server.hits(u)) == ("network", RETRY_TIMES + 1)
    assert "DataLoss" in f.reason or "ResponseFailed" in f.reason
    not_stored(outcome, "truncated")


@case(
    "faults",
    "GBK page served with a UTF-8 header",
    "decoded as GBK (the bytes are not UTF-8; the page's meta says gb2312): title and body stored correctly, no U+FFFD",
)
def test_gbk_with_utf8_header(outcome):
    a = outcome.articles[FAULTS["gbk_header_utf8"].url]
    assert a.title == TITLES["gbk_header_utf8"]
    assert "基层立法联系点" in a.body and "\ufffd" not in a.body


@case(
    "faults",
    "GBK page with no charset anywhere",
    "no header or meta charset: detected as GB18030 (not cp1252 mojibake); title and body stored correctly",
)
def test_no_charset(outcome):
    a = outcome.articles[FAULTS["no_charset"].url]
    assert a.title == TITLES["no_charset"]
    assert "生态环境保护" in a.body


@case(
    "faults",
    "20 MB page (article with a 20 MB inline image)",
    "below DOWNLOAD_MAXSIZE (32 MB): fetched, "
    "captured in the WARC and stored; the body holds the text, not the image data",
)
def test_big_page(outcome):
    u = FAULTS["big_20mb"].url
    a = outcome.articles[u]
    assert a.title == TITLES["big"] and "正文第二段" in a.body and "AAAA" not in a.body
    assert any(c.url == u and c.length > 0 for c in outcome.captures)


@case("faults", "Image where an article was expected", "recorded as not_html naming the image type; nothing stored")
def test_image(outcome):
    f = outcome.failure(FAULTS["image"].url)
    assert f.kind == "not_html" and "image/jpeg" in f.reason
    not_stored(outcome, "image")


@case(
    "faults",
    "PDF served as text/html",
    "recognised by its %PDF magic bytes, recorded as not_html "
    "(application/pdf); never stored as an article of binary garbage",
)
def test_pdf_labelled_html(outcome):
    f = outcome.failure(FAULTS["pdf_labelled_html"].url)
    assert f.kind == "not_html" and "application/pdf" in f.reason
    not_stored(outcome, "pdf_labelled_html")


@case(
    "faults",
    "Redirect loop (A → B → A)",
    "stopped at the loop, recorded as redirect_loop naming the URL; nothing stored",
)
def test_redirect_loop(outcome):
    u = FAULTS["redirect_loop"].url
    f = outcome.failure(u)
    assert f.kind == "redirect_loop"
    assert outcome.server.hits(u) == 1
    not_stored(outcome, "redirect_loop")


@case(
    "faults",
    "Redirect to another domain",
    "the other domain is never requested; recorded as offsite_redirect naming both URLs; nothing stored",
)
def test_redirect_offsite(outcome):
    u = FAULTS["redirect_offsite"].url
    assert not [r for r in outcome.server.requested if "evil.example" in r]
    f = outcome.failure(u)
    assert f.kind == "offsite_redirect" and "www.evil.example" in f.reason
    not_stored(outcome, "redirect_offsite")


@case(
    "faults",
    "Retried request (503) whose retry redirects to another domain",
    "the other domain is never "
    "requested (Scrapy's offsite filter skips retried requests); recorded as offsite_redirect; nothing stored",
)
def test_retried_then_offsite(outcome):
    u = FAULTS["retried_then_offsite"].url
    assert not [r for r in outcome.server.requested if "evil.example" in r]
    assert outcome.server.hits(u) == 2
    f = outcome.failure(u)
    assert f.kind == "offsite_redirect" and "www.evil.example" in f.reason
    not_stored(outcome, "retried_then_offsite")


@case(
    "faults",
    "robots.txt disallows a channel",
    "robots.txt is fetched; the disallowed article is never requested and is recorded as robots_disallowed",
)
def test_robots_disallowed(outcome):
    assert outcome.server.hits(ROBOTS) == 1
    assert outcome.server.hits(ROBOTS_URL) == 0
    f = outcome.failure(ROBOTS_URL)
    assert f.kind == "robots_disallowed" and "robots.txt" in f.reason


@case(
    "faults",
    "Anti-bot JS cookie challenge (Jiasule style) with status 200",
    "recognised as a challenge "
    "(no marker word: a tiny script-only page that sets a cookie and reloads), recorded as blocked; nothing stored",
)
def test_challenge_jsl(outcome):
    f = outcome.failure(FAULTS["challenge_jsl"].url)
    assert f.kind == "blocked"
    not_stored(outcome, "challenge_jsl")


@case(
    "faults",
    "Gzip-compressed WZWS challenge with status 200",
    "decompressed before detection, recorded as blocked; nothing stored",
)
def test_challenge_gzip(outcome):
    f = outcome.failure(FAULTS["challenge_gzip"].url)
    assert f.kind == "blocked"
    not_stored(outcome, "challenge_gzip")


@case("faults", "Empty 200", "recorded as empty_response (status 200); nothing stored")
def test_empty_200(outcome):
    f = outcome.failure(FAULTS["empty_200"].url)
    assert (f.kind, f.http_status) == ("empty_response", 200)
    not_stored(outcome, "empty_200")


@case(
    "faults",
    "Malformed HTML (unclosed tags, two </html>)",
    "parsed leniently: title and every paragraph stored; no failure",
)
def test_malformed_html(outcome):
    u = FAULTS["malformed_html"].url
    a = outcome.articles[u]
    assert a.title == TITLES["malformed"]
    assert "第一段没有结束标签" in a.body and "第三段结尾" in a.body
    assert u not in outcome.failures


@case("faults", "Control: a good article among the faults", "stored with title and body")
def test_good_article_stored(outcome):
    a = outcome.articles[GOOD]
    assert a.title == TITLES["good"] and "逐条发表意见" in a.body

"""The harder labelled pair set of benchmarks/dedupe_pairs.py, built at run time from real texts.

The texts come from ../shared at run time and are never copied into the
project: the annotated bench pages' texts (with their pages' <title>), the
article excerpts of ../shared/sites/pages_texts.md (with their titles, grouped
by the site section they were found under) and the NPC article pages of
../shared/sites/html/npc (their bodies extracted by our own pipeline). The
frames, names, byline blocks and placeholders added below are our own writing.

Copies that must join their original's cluster:

    lead      another first paragraph (a dateline of the same day and other sentences)
    byline    another byline block above and below the text
    trim      10-30% of the text dropped (its tail, or scattered sentences)
    script    traditional script (Taiwan, Hong Kong or plain OpenCC forms) with pinyin notes
    images    picture placeholders, data URIs and base64 blobs inserted

made from real texts and from template news (below), published within days of
the original (a mirror up to two years later).

Lookalikes that must stay apart:

    template  template news: three notices of one body in our own frames (主任会议, 委员长会议,
              closing sessions years apart, 党组会议, 任免名单) around one real text, differing in
              session numbers, dates, names and one paragraph, published weeks or years apart;
              also each copy of the first notice against the other two
    channel   pairs of real texts of one channel (one site's section, one portal)
    random    random pairs of items of different stories
"""

from __future__ import annotations

import base64
import csv
import itertools
import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import opencc

from benchmarks import synthetic as syn

SH = ZoneInfo("Asia/Shanghai")
POSITIVE = ("lead", "byline", "trim", "script", "images")
NEGATIVE = ("template", "channel", "random")
EPOCH = datetime(2015, 1, 1, 9, 0, tzinfo=SH)


@dataclass(frozen=True)
class RealText:
    key: str
    channel: str
    title: str
    content: str


@dataclass
class HardItem:
    url: str
    site: str
    kind: str
    story: str  # items of one story are copies of each other
    base: str  # the real text it was made from (siblings of template news share it)
    title: str
    paras: list[str]
    published: datetime


@dataclass
class HardPair:
    a: str
    b: str
    type: str

    @property
    def positive(self) -> bool:
        return self.type not in NEGATIVE


@dataclass
class HardSet:
    items: list[HardItem]
    pairs: list[HardPair]
    texts: int
    used: int


# ------------------------------------------------------------------ real texts
_TITLE_SPLIT = re.compile(r"\s*(?:_|\s[-|–—]\s|\||--)\s*")


def _page_title(html: str) -> str:
    """The page's headline as its <title> gives it (the site's name cut off)."""
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)
    if not m:
        return ""
    text = " ".join(re.sub(r"<[^>]+>|&\w+;", " ", m.group(1)).split())
    parts = [p for p in _TITLE_SPLIT.split(text) if p]
    return parts[0] if parts else ""


def _site_of(html_title: str) -> str:
    parts = [p for p in _TITLE_SPLIT.split(html_title or "") if p]
    return parts[-1] if len(parts) > 1 else ""


def read_bench_texts(bench_dir: Path) -> list[RealText]:
    """The bench pages' annotated texts, with their page's title and a channel (domain or portal)."""
    from pipelines.extract import decode_html

    rows = list(csv.DictReader(open(bench_dir / "manifest.tsv", encoding="utf-8", newline=""), delimiter="\t"))
    titles: dict[str, str] = {}
    for sub in sorted({r["dataset"] for r in rows}):
        sub_manifest = bench_dir / sub / "manifest.tsv"
        if sub_manifest.exists():
            for r in csv.DictReader(open(sub_manifest, encoding="utf-8", newline=""), delimiter="\t"):
                titles[r["id"]] = r.get("html_title") or ""
    sites = [_site_of(titles.get(r["id"], "")) for r in rows]
    shared_sites = {s for s in sites if s and sites.count(s) > 1}
    out = []
    for r, site in zip(rows, sites):
        truth = json.loads((bench_dir / r["truth_path"]).read_text(encoding="utf-8"))
        page = bench_dir / r["html_path"]
        html = decode_html(page.read_bytes(), r.get("source_url") or "") if page.exists() else ""
        domain = urlparse(r.get("source_url") or "").netloc
        channel = domain or (f"{r['dataset']}:{site}" if site in shared_sites else f"{r['dataset']}:{r['id']}")
        out.append(RealText(f"{r['dataset']}/{r['id'][:12]}", channel, _page_title(html), truth.get("content") or ""))
    return out


_ENTRY = re.compile(r"^### (\S+)\. ")
_FIELD = re.compile(r"^- (title|body start|body|text): (.*)$")


def read_site_texts(pages_texts: Path) -> list[RealText]:
    """The article excerpts of pages_texts.md, each with its title; a site section is one channel."""
    out: list[RealText] = []
    section = key = title = ""
    for line in pages_texts.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        m = _ENTRY.match(line)
        if m:
            key, title = m.group(1), ""
            continue
        f = _FIELD.match(line)
        if not f or not key:
            continue
        name, value = f.groups()
        if name == "title":
            title = value.split(" ; ")[0].split(";")[0].strip()
            title = "" if title.startswith("(") else title
            continue
        text = value.replace("...", "").replace("[excerpt]", "").strip()
        out.append(RealText(f"pages/{key}", f"pages:{section}", title, text))
        key = ""
    return out


def read_npc_pages(html_dir: Path) -> list[RealText]:
    """The NPC article pages' bodies as our pipeline extracts them (laws of one channel)."""
    from core.errors import StageFailure
    from core.page import Page
    from pipelines import stages

    out = []
    for path in sorted(html_dir.glob("npc_article_*.html")):
        html = path.read_bytes().decode("utf-8", errors="replace")
        page = Page(url=f"http://www.npc.gov.cn/{path.stem}.html", html=html, site="npc")
        try:
            article = stages.clean_stage(stages.extract_stage(page))
        except StageFailure:
            continue
        out.append(RealText(f"npc/{path.stem}", "npc:laws", _page_title(html), article.body or ""))
    return out


def read_real_texts(bench_dir: str | Path, sites_dir: str | Path | None = None) -> list[RealText]:
    bench_dir = Path(bench_dir)
    sites = Path(sites_dir) if sites_dir else bench_dir.parent / "sites"
    texts = read_bench_texts(bench_dir)
    if (sites / "pages_texts.md").exists():
        texts += read_site_texts(sites / "pages_texts.md")
    if (sites / "html" / "npc").is_dir():
        texts += read_npc_pages(sites / "html" / "npc")
    return texts


# ------------------------------------------------------------- template news
ORGS = ("省人大", "市人大", "自治区人大", "县人大")
CITIES = ("长沙", "南宁", "成都", "杭州", "昆明", "银川", "贵阳", "福州", "合肥", "南昌")
ROLES = ("主任", "副主任", "秘书长")
POSTS = ("厅长", "局长", "主任", "副厅长", "副局长", "委员")
DEPTS = ("发展和改革委员会", "教育厅", "财政厅", "民政厅", "司法厅", "生态环境厅", "交通运输厅", "卫生健康委员会")


def _md(day: datetime) -> str:
    return f"{day.month}月{day.day}日"


def _cn(n: int) -> str:
    return syn.chinese_number(n) if n < 100 else str(n)


@dataclass
class Frame:
    """One notice of a template family: what differs between the Nth and the Mth."""

    n: int
    term: int
    day: datetime
    chair: str
    deputies: list[str]


def _notice(kind: str, f: Frame, org: str, city: str, middle: list[str], names: list[str]) -> tuple[str, list[str]]:
    """(title, paragraphs) of one notice of the family `kind` (our own frames around `middle`)."""
    term, n, day = _cn(f.term), _cn(f.n), f.day
    later = day + timedelta(days=20)
    deputies = "、".join(f.deputies)
    if kind == "主任会议":
        title = f"{term}届{org}常委会举行第{n}次主任会议"
        head = [f"{_md(day)}，{term}届{org}常委会第{n}次主任会议在{city}举行。常委会主任{f.chair}主持会议。"]
        tail = [
            f"会议决定，{term}届{org}常委会第{_cn(f.n + 7)}次会议于{_md(later)}在{city}举行。",
            f"常委会副主任{deputies}出席会议。",
        ]
    elif kind == "委员长会议":
        title = f"十四届全国人大常委会第{n}次委员长会议在京举行"
        head = [f"{_md(day)}，十四届全国人大常委会第{n}次委员长会议在北京人民大会堂举行。{f.chair}委员长主持。"]
        tail = [
            f"委员长会议建议，十四届全国人大常委会第{_cn(f.n + 3)}次会议于{_md(later)}在北京举行。",
            f"副委员长{deputies}出席会议。",
        ]
    elif kind == "闭幕":
        title = f"{term}届{org}常委会第{n}次会议闭幕"
        head = [
            f"{day.year}年{_md(day)}下午，{term}届{org}常委会第{n}次会议在{city}闭幕。常委会主任{f.chair}主持闭幕会。"
        ]
        tail = [
            "会议表决通过了有关人事任免事项。闭幕会后，常委会举行了宪法宣誓仪式。",
            f"常委会副主任{deputies}出席会议。",
        ]
    elif kind == "党组会议":
        title = f"{org}常委会党组召开会议"
        head = [f"{_md(day)}，{org}常委会党组书记、主任{f.chair}主持召开党组会议，传达学习有关会议精神。"]
        tail = ["会议要求，党组成员要带头抓好贯彻落实，推动常委会各项工作取得新成效。", f"党组成员{deputies}参加会议。"]
    else:  # 任免名单
        title = f"{org}常委会任免名单"
        head = [f"（{day.year}年{_md(day)}{term}届{org}常务委员会第{n}次会议通过）"]
        lines = [
            f"任命{name}为{org[:-2]}{DEPTS[i % len(DEPTS)]}{POSTS[i % len(POSTS)]}。" for i, name in enumerate(names)
        ]
        lines += [
            f"免去{name}的{org[:-2]}{DEPTS[-1 - i % len(DEPTS)]}{POSTS[-1 - i % len(POSTS)]}职务。"
            for i, name in enumerate(names[::2])
        ]
        return title, [*head, *lines, *middle[:1]]
    return title, [*head, "会议听取了有关工作情况的汇报。", *middle, *tail]


TEMPLATE_KINDS = ("主任会议", "委员长会议", "闭幕", "党组会议", "任免名单")


def _family(t: RealText, fid: int, rng: random.Random, other: list[str]) -> list[tuple[str, list[str], datetime]]:
    """Three notices of one body around one real text: (title, paragraphs, published)."""
    kind = TEMPLATE_KINDS[fid % len(TEMPLATE_KINDS)]
    org, city = rng.choice(ORGS), rng.choice(CITIES)
    middle = syn.excerpt(t.content, rng.randint(300, 900))
    names = [syn.person(rng) for _ in range(rng.randint(4, 8))]
    frame = Frame(
        n=rng.randint(2, 40),
        term=rng.choice((12, 13, 14)),
        day=EPOCH + timedelta(days=rng.randrange(3000)),
        chair=syn.person(rng),
        deputies=[syn.person(rng) for _ in range(3)],
    )
    out = []
    for i in range(3):
        if i:
            # The next notice: a later session and day; sometimes another chair; one paragraph of its own.
            gap = rng.randint(300, 800) if kind == "闭幕" else rng.randint(14, 60)
            frame = Frame(
                n=frame.n + rng.randint(1, 6 if kind == "闭幕" else 2),
                term=frame.term,
                day=frame.day + timedelta(days=gap),
                chair=syn.person(rng) if kind == "党组会议" or rng.random() < 0.3 else frame.chair,
                deputies=list(frame.deputies),
            )
            middle = list(middle)
            if middle:
                middle[rng.randrange(len(middle))] = "".join(syn.excerpt(rng.choice(other), rng.randint(60, 200)))
            names = [syn.person(rng) if rng.random() < 0.5 else n for n in names]
        title, paras = _notice(kind, frame, org, city, middle, names)
        out.append((title, paras, frame.day))
    return out


# ------------------------------------------------------------------ copies
@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _dateline(day: datetime, rng: random.Random) -> str:
    city = rng.choice(CITIES)
    return rng.choice(
        [
            f"本报{city}{_md(day)}讯（记者 {syn.person(rng)}）",
            f"{city}讯（通讯员 {syn.person(rng)} {syn.person(rng)}）",
            f"据{rng.choice(syn.SOURCES)}报道，",
            f"记者从{rng.choice(syn.SOURCES)}获悉，",
        ]
    )


def _new_lead(paras: list[str], day: datetime, rng: random.Random, filler: list[str]) -> list[str]:
    lead, rest = syn.lead_span(paras)
    new = _dateline(day, rng)
    pool = list(filler)
    rng.shuffle(pool)
    for s in pool:
        if len(new) >= len(lead):
            break
        new += s
    if len(new) > len(lead) + 1:
        new = new[: max(len(lead), 1)].rstrip("，。；、") + "。"
    return [new] + ([rest] if rest else []) + paras[1:]


def _noise(rng: random.Random, chars: int) -> str:
    blob = base64.b64encode(rng.randbytes(max(60, chars * 3 // 4))).decode()
    return rng.choice(
        [
            "[图片]",
            "【圖片】",
            f"data:image/png;base64,{blob}",
            blob,
            f"W0{rng.randrange(10**17, 10**18)}.jpg",
            "（图片）",
            "[IMG]",
        ]
    )


def _with_images(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    total = sum(map(len, paras))
    for _ in range(rng.randint(1, 4)):
        piece = _noise(rng, rng.randint(100, max(120, min(total, 1200))))
        at = rng.randrange(len(out) + 1)
        if piece.startswith("[") or piece.startswith("（") and at < len(out) and out[at]:
            # Inside a paragraph, where the picture stood.
            p = out[min(at, len(out) - 1)]
            cut = rng.randrange(len(p) + 1)
            out[min(at, len(out) - 1)] = p[:cut] + piece + p[cut:]
        else:
            out.insert(at, piece)
    return out


def copies(
    orig: HardItem, rng: random.Random, filler: list[str], body: list[str], head: list[str], foot: list[str]
) -> list[HardItem]:
    """The five copies of one original (`body`: its text without the byline block `head`/`foot`)."""

    def made(kind: str, title: str, paras: list[str], days: float, site: str = "repost") -> HardItem:
        return HardItem(
            f"http://{site}.hard/{kind}/{orig.url.rsplit('/', 1)[-1]}",
            site,
            kind,
            orig.story,
            orig.base,
            title,
            paras,
            orig.published + timedelta(days=days),
        )

    new_head, new_foot = syn.byline_block(rng)
    config = rng.choice(("s2t", "s2tw", "s2hk", "s2twp"))
    conv = _converter(config)
    scripted = [conv.convert(p) for p in [*head, *body, *foot]]
    table = syn._pinyin_table()
    rate = rng.uniform(0.1, 0.3)
    scripted = [
        "".join(f"{ch}({table[ch]})" if ch in table and rng.random() < rate else ch for ch in p) for p in scripted
    ]
    return [
        made("lead", orig.title, [*head, *_new_lead(body, orig.published, rng, filler), *foot], rng.uniform(0, 2)),
        made("byline", orig.title, [*new_head, *body, *new_foot], rng.uniform(0, 2)),
        made(
            "trim", orig.title, [*head, *syn.shorten(body, rng, share=rng.uniform(0.1, 0.3)), *foot], rng.uniform(0, 5)
        ),
        made("script", conv.convert(orig.title), [*scripted, syn.mirror_line(rng)], rng.uniform(0, 700), "mirror"),
        made("images", orig.title, [*head, *_with_images(body, rng), *foot], rng.uniform(0, 1)),
    ]


# ------------------------------------------------------------------ building
def build(texts: list[RealText], seed: int, min_chars: int = syn.MIN_CHARS, random_pairs: int = 3000) -> HardSet:
    """Items and labelled pairs of the harder set, deterministic for the seed."""
    rng = random.Random(seed)
    # Real texts of one channel (one site's section, one portal) are published as originals and
    # paired with each other; short ones (the site excerpts) get no copies.
    by_channel: dict[str, list[RealText]] = {}
    for t in texts:
        if syn.char_len(t.content) >= 40:
            by_channel.setdefault(t.channel, []).append(t)
    channels = {ch: group for ch, group in sorted(by_channel.items()) if len(group) > 1}
    in_channel = {t.key for group in channels.values() for t in group}
    usable = [t for t in texts if syn.char_len(t.content) >= min_chars]
    # The other real texts become originals or template families, never both: a notice built
    # around a text would otherwise be a copy of it, and join its siblings through it.
    rest = [t for t in usable if t.key not in in_channel]
    rng.shuffle(rest)
    family_texts = rest[: len(rest) // 2]
    originals = [t for t in texts if t.key in in_channel] + rest[len(rest) // 2 :]
    filler_of = {t.key: syn.all_sentences(t.content) for t in usable}
    contents = [t.content for t in usable]
    items: list[HardItem] = []
    pairs: list[HardPair] = []
    original_of: dict[str, HardItem] = {}

    def add_copies(orig: HardItem, body: list[str], head: list[str], foot: list[str]) -> list[HardItem]:
        other = rng.choice([t for t in usable if t.key != orig.base] or usable)
        made = copies(orig, rng, filler_of[other.key], body, head, foot)
        items.extend(made)
        pairs.extend(HardPair(orig.url, c.url, c.kind) for c in made)
        return made

    for n, t in enumerate(originals):
        head, foot = syn.byline_block(rng)
        body = syn.paragraphs(t.content)
        orig = HardItem(
            f"http://origin.hard/{n}.html",
            "origin",
            "original",
            t.key,
            t.key,
            t.title or body[0][:30],
            [*head, *body, *foot],
            EPOCH + timedelta(days=rng.randrange(3000)),
        )
        items.append(orig)
        original_of[t.key] = orig
        if syn.char_len(t.content) >= min_chars:
            add_copies(orig, body, head, foot)

    for group in channels.values():
        members = [original_of[t.key] for t in group]
        pairs.extend(HardPair(a.url, b.url, "channel") for a, b in itertools.combinations(members, 2))

    for n, t in enumerate(family_texts):
        notices = [
            HardItem(f"http://notice.hard/{n}-{i}.html", "notice", "notice", f"{t.key}#{i}", t.key, title, paras, day)
            for i, (title, paras, day) in enumerate(_family(t, n, rng, contents))
        ]
        items.extend(notices)
        pairs.extend(HardPair(a.url, b.url, "template") for a, b in itertools.combinations(notices, 2))
        made = add_copies(notices[0], notices[0].paras, [], [])
        pairs.extend(HardPair(c.url, other.url, "template") for c in made for other in notices[1:])

    labelled = {frozenset((p.a, p.b)) for p in pairs}
    chosen: set[frozenset[str]] = set()
    tries = 0
    while len(chosen) < random_pairs and tries < random_pairs * 20:
        tries += 1
        a, b = rng.sample(items, 2)
        key = frozenset((a.url, b.url))
        if a.base == b.base or key in labelled or key in chosen:
            continue
        chosen.add(key)
        pairs.append(HardPair(a.url, b.url, "random"))
    rng.shuffle(items)
    return HardSet(items, pairs, len(texts), len(originals) + len(family_texts))

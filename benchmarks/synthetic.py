"""Shared helpers of the near-duplicate benchmarks (dedupe_pairs.py, dedupe_scale.py).

Everything is built at run time from the real texts in a bench directory
(`manifest.tsv` + truth JSON with `content`, e.g. ../shared/bench); nothing of
those texts is copied into the project. The stock phrases, byline blocks,
law boilerplate and pinyin table below are our own writing.

Transformations a copy may go through (each must stay in its original's cluster):

* `mirror`   - traditional characters (OpenCC s2t) with pinyin notes after some
               characters, as mirror sites print them: 動態(tài) 網(wǎng) 會(huì);
* `rebyline` - another byline block and another first paragraph (lead);
* `shorten`  - about 10% of the text dropped (the tail, or scattered sentences).

Lookalikes that must stay apart: articles of one site sharing stock openings,
closings and a template paragraph (`stock_article`), and laws sharing their
chapter headings and boilerplate articles (`law_text`).
"""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

# --------------------------------------------------------------- bench texts
MIN_CHARS = 200  # shorter texts say too little to make a meaningful pair
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class BenchText:
    id: str
    dataset: str
    language: str
    content: str

    @property
    def key(self) -> str:
        return f"{self.dataset}/{self.id[:12]}"


def read_bench(bench_dir: str | Path) -> list[BenchText]:
    """All texts of the bench directory, in manifest order (read, never copied)."""
    bench_dir = Path(bench_dir)
    out = []
    with open(bench_dir / "manifest.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            truth = json.loads((bench_dir / row["truth_path"]).read_text(encoding="utf-8"))
            content = truth.get("content") or ""
            out.append(BenchText(row["id"], row["dataset"], row.get("language") or "", content))
    return out


def char_len(text: str) -> int:
    """Length without whitespace."""
    return len(_WS.sub("", text))


def meaningful(texts: list[BenchText], min_chars: int = MIN_CHARS) -> tuple[list[BenchText], list[BenchText]]:
    """(kept, skipped): texts with at least min_chars non-space characters are kept."""
    kept = [t for t in texts if char_len(t.content) >= min_chars]
    skipped = [t for t in texts if char_len(t.content) < min_chars]
    return kept, skipped


def paragraphs(text: str) -> list[str]:
    lines = (line.strip(" \t\r\u3000\xa0\u200b\ufeff") for line in text.replace("\r\n", "\n").split("\n"))
    return [line for line in lines if line]


_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")


def sentences(paragraph: str) -> list[str]:
    """Split one paragraph after 。！？ (closing quotes stay with their sentence)."""
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]


def all_sentences(text: str) -> list[str]:
    return [s for p in paragraphs(text) for s in sentences(p)]


def body(paras: list[str]) -> str:
    return "\n".join(paras)


# ------------------------------------------------------------ bylines, stock
SURNAMES = "张王李刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆婷晨雪琳晶欣琦蕾倩岚冰洁颖"
SOURCES = [
    "湖南人大网",
    "中国人大网",
    "浙江人大",
    "四川人大网",
    "法治日报",
    "人民代表报",
    "江西日报",
    "吉林人大网",
    "河北人大网",
    "新疆人大网",
    "宁夏人大网",
    "云南日报",
    "市人大常委会办公室",
    "县人大常委会研究室",
    "贵州人大网",
    "福建人大网",
]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def byline_block(rng: random.Random) -> tuple[list[str], list[str]]:
    """(header lines, footer lines) of a made-up byline block."""
    src, a, b, e = rng.choice(SOURCES), person(rng), person(rng), person(rng)
    day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    header = rng.choice(
        [
            [f"来源：{src}　作者：{a}　发布时间：{day}"],
            [f"{day}　来源：{src}", f"记者　{a}　通讯员　{b}"],
            [f"作者：{a} {b}　　来源：{src}"],
            [f"【{src}】　{day} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"],
        ]
    )
    footer = rng.choice(
        [
            [f"（责任编辑：{e}）"],
            [f"编辑：{e}　审核：{person(rng)}"],
            [f"来源：{src}　责任编辑：{e}"],
            [],
        ]
    )
    return header, footer


def dateline(rng: random.Random) -> str:
    city = rng.choice(["长沙", "北京", "成都", "南昌", "杭州", "昆明", "银川", "贵阳", "福州", "石家庄"])
    return rng.choice(
        [
            f"本报{city}{rng.randint(1, 12)}月{rng.randint(1, 28)}日讯（记者{person(rng)}）",
            f"{city}讯（通讯员 {person(rng)} {person(rng)}）",
            f"据{rng.choice(SOURCES)}报道，",
            f"记者从{rng.choice(SOURCES)}获悉，",
        ]
    )


# Each site's own stock: an opening, a template paragraph, a closing.
SITE_STOCK = {
    "stock-a": (
        "为深入学习贯彻党的二十大精神，认真落实省委关于人大工作的部署要求，进一步加强和改进新时代人大工作，",
        "会议指出，要坚持党的领导、人民当家作主、依法治国有机统一，紧紧围绕全省工作大局，依法履行立法、监督、"
        "决定、任免等职权，充分发挥人大代表作用，不断提高人大工作质量和水平。",
        "会议强调，要坚定不移走中国特色社会主义政治发展道路，奋力谱写新时代人大工作新篇章。",
    ),
    "stock-b": (
        "为全面贯彻落实中央人大工作会议精神，按照市人大常委会年度工作要点安排，",
        "调研组指出，要牢固树立以人民为中心的发展思想，坚持问题导向和目标导向相统一，"
        "着力解决群众急难愁盼问题，推动各项决策部署落地见效，以实际行动践行全过程人民民主。",
        "调研组表示，将认真梳理调研中发现的问题和意见建议，形成调研报告，提交常委会会议审议。",
    ),
    "stock-c": (
        "根据县人大常委会2024年度监督工作计划，为进一步推动相关法律法规全面有效实施，",
        "检查组要求，各级各部门要进一步提高政治站位，压实工作责任，强化协作配合，"
        "加大宣传力度，营造全社会共同关注、共同参与的良好氛围，确保法律法规各项规定落到实处。",
        "县人大常委会有关负责同志，部分省、市、县人大代表参加活动。",
    ),
    "stock-d": (
        "为认真学习宣传贯彻习近平法治思想，深入推进科学立法、民主立法、依法立法，",
        "座谈会上，与会人员围绕草案的立法目的、适用范围、管理体制、法律责任等内容进行了深入讨论，"
        "提出了许多有针对性和可操作性的意见建议，为进一步修改完善草案打下了良好基础。",
        "常委会法工委将认真研究吸纳各方面意见，进一步修改完善草案，提请常委会会议审议。",
    ),
}


def excerpt(text: str, max_chars: int) -> list[str]:
    """Leading paragraphs of a text, cut after a sentence at about max_chars."""
    out: list[str] = []
    used = 0
    for p in paragraphs(text):
        kept = []
        for s in sentences(p):
            if used and used + len(s) > max_chars:
                break
            kept.append(s)
            used += len(s)
        if kept:
            out.append("".join(kept))
        if used >= max_chars or len(kept) < len(sentences(p)):
            break
    return out


def stock_article(text: str, site: str, rng: random.Random, max_chars: int) -> list[str]:
    """A site's news item: its stock opening, the text's own news, template paragraph, closing."""
    opening, template, closing = SITE_STOCK[site]
    own = excerpt(text, max_chars)
    head, footer = byline_block(random.Random(site))  # the site prints the same block every time
    paras = [opening + own[0], *own[1:]]
    paras.insert(min(len(paras), 1 + rng.randrange(max(1, len(paras)))), template)
    return [*head, *paras, closing, *footer]


# ---------------------------------------------------------------------- laws
LAW_HEADINGS_MIDDLE = [
    "管理职责",
    "监督检查",
    "规划与建设",
    "保护与利用",
    "服务与保障",
    "权利与义务",
    "组织机构",
    "预防与控制",
    "促进措施",
]
NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals (十一, 二十三)."""
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def law_text(text: str, rng: random.Random, max_articles: int = 24) -> list[str]:
    """A law-like text: the text's sentences as numbered articles under the usual chapters.

    Every such law shares the chapter headings 总则 / 法律责任 / 附则 and the
    boilerplate articles of its first and last chapter with every other.
    """
    sents = [s for s in all_sentences(text) if len(s) >= 8][:max_articles]
    middle = rng.sample(LAW_HEADINGS_MIDDLE, 2)
    third = max(1, len(sents) // 3)
    chapters = [
        (
            "总则",
            [
                "为了规范相关活动，保障公民、法人和其他组织的合法权益，根据有关法律、行政法规，结合本省实际，制定本条例。",
                "本条例适用于本省行政区域内的相关活动及其监督管理。",
                *sents[:third],
            ],
        ),
        (middle[0], sents[third : 2 * third]),
        (middle[1], sents[2 * third : -2] if len(sents) > 2 * third + 2 else sents[2 * third :]),
        (
            "法律责任",
            [
                "违反本条例规定的行为，法律、行政法规已有法律责任规定的，从其规定。",
                *(sents[-2:] if len(sents) > 2 * third + 2 else []),
                "有关国家机关及其工作人员在工作中滥用职权、玩忽职守、徇私舞弊的，依法给予处分；构成犯罪的，依法追究刑事责任。",
            ],
        ),
        ("附则", [f"本条例自{rng.randint(2000, 2025)}年{rng.randint(1, 12)}月1日起施行。"]),
    ]
    out = []
    n = 0
    for i, (title, articles) in enumerate(chapters, 1):
        out.append(f"第{chinese_number(i)}章　{title}")
        for a in articles:
            n += 1
            out.append(f"第{chinese_number(n)}条　{a}")
    return out


# ------------------------------------------------------- the transformations
# Pinyin printed after characters by mirror sites (our own table of common characters).
PINYIN = dict(
    p.split(":")
    for p in (
        "的:de 一:yī 是:shì 在:zài 不:bù 了:le 有:yǒu 和:hé 人:rén 这:zhè 中:zhōng 大:dà 为:wèi 上:shàng "
        "个:gè 国:guó 我:wǒ 以:yǐ 要:yào 他:tā 时:shí 来:lái 用:yòng 们:men 生:shēng 到:dào 作:zuò 地:dì "
        "于:yú 出:chū 就:jiù 分:fēn 对:duì 成:chéng 会:huì 可:kě 主:zhǔ 发:fā 年:nián 动:dòng 同:tóng "
        "工:gōng 也:yě 能:néng 下:xià 过:guò 子:zǐ 说:shuō 产:chǎn 种:zhǒng 面:miàn 而:ér 方:fāng 后:hòu "
        "多:duō 定:dìng 行:xíng 学:xué 法:fǎ 所:suǒ 民:mín 得:dé 经:jīng 三:sān 之:zhī 进:jìn 等:děng "
        "部:bù 度:dù 家:jiā 电:diàn 力:lì 里:lǐ 如:rú 水:shuǐ 化:huà 高:gāo 自:zì 理:lǐ 起:qǐ 小:xiǎo "
        "物:wù 现:xiàn 实:shí 加:jiā 量:liàng 都:dōu 两:liǎng 体:tǐ 制:zhì 机:jī 当:dāng 使:shǐ 点:diǎn "
        "从:cóng 业:yè 本:běn 去:qù 把:bǎ 性:xìng 好:hǎo 应:yīng 开:kāi 合:hé 还:hái 因:yīn 由:yóu 其:qí "
        "些:xiē 然:rán 前:qián 外:wài 天:tiān 政:zhèng 日:rì 社:shè 义:yì 事:shì 平:píng 全:quán 表:biǎo "
        "间:jiān 样:yàng 与:yǔ 关:guān 各:gè 重:zhòng 新:xīn 线:xiàn 内:nèi 数:shù 正:zhèng 心:xīn "
        "明:míng 看:kàn 原:yuán 利:lì 或:huò 但:dàn 质:zhì 气:qì 第:dì 向:xiàng 道:dào 此:cǐ 变:biàn "
        "条:tiáo 结:jié 问:wèn 意:yì 建:jiàn 月:yuè 公:gōng 无:wú 系:xì 很:hěn 情:qíng 者:zhě 最:zuì "
        "代:dài 已:yǐ 通:tōng 并:bìng 提:tí 党:dǎng 程:chéng 展:zhǎn 员:yuán 位:wèi 常:cháng 文:wén "
        "总:zǒng 次:cì 品:pǐn 式:shì 活:huó 设:shè 及:jí 管:guǎn 特:tè 长:cháng 求:qiú 基:jī 资:zī "
        "边:biān 路:lù 级:jí 统:tǒng 将:jiāng 组:zǔ 见:jiàn 计:jì 农:nóng 态:tài 网:wǎng 检:jiǎn "
        "议:yì 委:wěi 省:shěng 市:shì 县:xiàn 区:qū 务:wù 监:jiān 督:dū 审:shěn 查:chá 报:bào 记:jì"
    ).split()
)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[str, str]:
    """Simplified and traditional forms of each character to its pinyin."""
    table = dict(PINYIN)
    conv = _s2t()
    for ch, py in PINYIN.items():
        table.setdefault(conv.convert(ch), py)
    return table


MIRROR_LINES = [
    "本文轉載自網絡，如有侵權請聯繫刪除",
    "來源：網絡轉載　閱讀次數：{n}",
    "【繁體中文版】　瀏覽：{n}次",
    "轉自：人大新聞資訊網　編輯：小{n}",
]


def mirror_line(rng: random.Random) -> str:
    """The mirror site's own line (kept in the body: its text is not the original's)."""
    return rng.choice(MIRROR_LINES).format(n=rng.randint(10, 9999))


def mirror(paras: list[str], rng: random.Random, rate: float = 0.15) -> list[str]:
    """Traditional characters, with pinyin notes after about `rate` of the common characters."""
    table = _pinyin_table()
    out = []
    for p in paras:
        t = _s2t().convert(p)
        out.append("".join(f"{ch}({table[ch]})" if ch in table and rng.random() < rate else ch for ch in t))
    return out


def lead_span(paras: list[str], max_share: float = 0.2) -> tuple[str, str]:
    """(lead, rest of the first paragraph): the first paragraph, or its leading
    sentences (at least one) when it is more than max_share of the text."""
    total = sum(len(p) for p in paras)
    first = paras[0]
    if len(first) <= max_share * total:
        return first, ""
    sents = sentences(first)
    k, used = 1, len(sents[0])
    while k < len(sents) and used + len(sents[k]) <= max_share * total:
        used += len(sents[k])
        k += 1
    return "".join(sents[:k]), "".join(sents[k:])


def rebyline(paras: list[str], rng: random.Random, filler: list[str]) -> list[str]:
    """Another byline block and another first paragraph (lead).

    `paras` is the body without its byline block; the new lead is a dateline
    plus sentences of some other text (`filler`), as long as the old lead.
    """
    lead, rest = lead_span(paras)
    new_lead = dateline(rng)
    pool = list(filler)
    rng.shuffle(pool)
    for s in pool:
        if len(new_lead) >= len(lead):
            break
        new_lead += s
    if len(new_lead) > len(lead) + 1:
        new_lead = new_lead[: max(len(lead), 1)].rstrip("，。；、") + "。"
    header, footer = byline_block(rng)
    first = [new_lead] + ([rest] if rest else [])
    return [*header, *first, *paras[1:], *footer]


def shorten(paras: list[str], rng: random.Random, share: float = 0.1, mode: str | None = None) -> list[str]:
    """About `share` of the characters dropped, in whole sentences: the tail or scattered ones."""
    mode = mode or rng.choice(["tail", "scattered"])
    units = [(i, s) for i, p in enumerate(paras) for s in sentences(p)]
    total = sum(len(s) for _, s in units)
    budget = share * total
    drop: set[int] = set()
    if mode == "tail":
        k = len(units) - 1
        while k > 0 and sum(len(units[j][1]) for j in drop) + len(units[k][1]) <= budget * 1.5:
            drop.add(k)
            if sum(len(units[j][1]) for j in drop) >= budget:
                break
            k -= 1
    else:
        order = list(range(1, len(units)))
        rng.shuffle(order)
        for k in order:
            if sum(len(units[j][1]) for j in drop) >= budget:
                break
            if sum(len(units[j][1]) for j in drop) + len(units[k][1]) <= budget * 1.5:
                drop.add(k)
    if not drop:
        # A text of few long sentences: cut the last sentence's tail instead.
        out = list(paras)
        cut = max(1, int(budget))
        out[-1] = out[-1][:-cut] if len(out[-1]) > cut else out[-1]
        return out
    out_paras: dict[int, str] = {}
    for k, (i, s) in enumerate(units):
        if k not in drop:
            out_paras[i] = out_paras.get(i, "") + s
    return [out_paras[i] for i in sorted(out_paras)]


# ---------------------------------------------------- synthetic articles
class SentencePool:
    """Sentences of the bench texts, to recombine into synthetic articles."""

    def __init__(self, texts: list[BenchText], min_len: int = 8, max_len: int = 300):
        seen = set()
        self.sentences: list[str] = []
        for t in texts:
            for s in all_sentences(t.content):
                if min_len <= len(s) <= max_len and s not in seen:
                    seen.add(s)
                    self.sentences.append(s)
        if not self.sentences:
            raise ValueError("no usable sentences in the bench texts")

    def article(self, seed: int, index: int) -> tuple[list[str], list[str], list[str]]:
        """(header, paragraphs, footer) of synthetic article `index`; the same for the same seed."""
        rng = random.Random(seed * 1_000_003 + index)
        n_paras = rng.randint(3, 10)
        paras = ["".join(rng.choice(self.sentences) for _ in range(rng.randint(2, 5))) for _ in range(n_paras)]
        header, footer = byline_block(rng) if rng.random() < 0.7 else ([], [])
        return header, paras, footer

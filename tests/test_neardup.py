"""Near-duplicate clusters on SQLite and PostgreSQL: copies join, lookalikes stay apart.

All texts here are our own writing, in the style of congress news and laws.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import opencc
import pytest
from sqlalchemy import select

from core.article import Byline, ParsedArticle
from core.page import Page
from core.site import SiteRecord
from models.store import ArchiveStore
from models.tables import Article, Cluster
from pipelines.stages import fingerprint_stage
from pipelines.textnorm import normalize_text
from tests.conftest import sessions_for

SH = ZoneInfo("Asia/Shanghai")
OFFICIAL = SiteRecord(slug="npc", name="中国人大网", province=None, region_code=None, domains=["www.npc.gov.cn"])
PROVINCE = SiteRecord(
    slug="hnrd", name="湖南人大网", province="湖南省", region_code="430000", domains=["www.hnrd.gov.cn"]
)
MIRROR = SiteRecord(
    slug="mirror", name="转载镜像站", province=None, region_code=None, domains=["mirror.example"], official=False
)

STORY = [
    "3月12日，省人大常委会执法检查组深入长沙、株洲两地，就大气污染防治法实施情况开展检查。",
    "检查组先后走进三家重点排污企业和两个空气质量监测站，详细了解排放在线监控、扬尘治理和重污染天气应对等工作。",
    "在随后召开的座谈会上，检查组听取了市政府及生态环境、住建、交通运输等部门的汇报，并与基层执法人员面对面交流。",
    "检查组指出，近年来两市空气质量持续改善，但工业源治理仍有短板，移动源监管手段还不够多，部门协同需要进一步加强。",
    "检查组要求，要坚持问题导向，把法律规定的各项制度落到实处，对检查中发现的问题逐条建立台账，限期整改到位。",
    "检查组还将赴岳阳、常德等地继续开展检查，形成执法检查报告后提请省人大常委会会议审议。",
]
OTHER = [
    "近日，省人大常委会组织部分全国人大代表和省人大代表，围绕乡村振兴促进法贯彻实施情况开展集中视察。",
    "代表们来到湘西山区的特色产业基地、农村电商服务站和村级卫生室，实地察看产业发展和公共服务情况。",
    "在基地负责人的介绍下，代表们详细询问了茶叶、柑橘等特色产品的种植规模、销售渠道和农户增收情况。",
    "代表们认为，当地依托资源优势发展特色产业，带动了群众稳定增收，但冷链物流和人才支撑仍是突出制约。",
    "代表们建议，进一步完善产业扶持政策，加大农村基础设施投入，健全联农带农机制，让农民更多分享产业增值收益。",
    "视察结束后，代表们将结合调研情况认真撰写建议，在明年人代会期间提交。",
]
STOCK_OPEN = "为深入学习贯彻党的二十大精神，认真落实省委关于人大工作的部署要求，进一步加强和改进新时代人大工作，"
STOCK_CLOSE = "会议强调，要坚持党的领导、人民当家作主、依法治国有机统一，奋力谱写新时代人大工作新篇章。"
HEADINGS = ["第一章　总则", "第二章　管理职责", "第三章　监督检查", "第四章　法律责任", "第五章　附则"]
LAW_A = [
    "第一条　为了规范物业管理活动，维护业主和物业服务企业的合法权益，制定本条例。",
    "第二条　本条例适用于本省行政区域内的物业管理及其监督管理活动。",
    "第三条　县级以上人民政府住房和城乡建设主管部门负责本行政区域内物业管理活动的监督管理工作。",
    "第四条　业主大会由物业管理区域内全体业主组成，代表和维护全体业主的合法权益。",
    "第五条　物业服务企业应当按照物业服务合同的约定提供服务，并定期公开收支情况。",
]
LAW_B = [
    "第一条　为了加强河道采砂管理，保障防洪安全和通航安全，保护生态环境，制定本条例。",
    "第二条　在本省行政区域内的河道、湖泊采挖砂石、取土，适用本条例。",
    "第三条　县级以上人民政府水行政主管部门负责本行政区域内河道采砂的统一管理和监督检查。",
    "第四条　河道采砂实行许可制度，采砂许可证由县级以上人民政府水行政主管部门审批发放。",
    "第五条　违反本条例规定，未经许可擅自采砂的，由水行政主管部门责令停止违法行为，没收违法所得。",
]


def law(articles: list[str]) -> list[str]:
    # Chapter headings shared by every law: they must not make two laws one story.
    out = []
    for i, heading in enumerate(HEADINGS):
        out.append(heading)
        out.append(articles[i])
    return out


def pinyin_mirror(paragraphs: list[str]) -> list[str]:
    trad = opencc.OpenCC("s2t")
    notes = {"會": "會(huì)", "檢": "檢(jiǎn)", "態": "態(tài)", "網": "網(wǎng)"}
    out = []
    for p in paragraphs:
        t = trad.convert(p)
        for k, v in notes.items():
            t = t.replace(k, v)
        out.append(t)
    return out


def parsed(
    url: str, site: str, paragraphs: list[str], day: int, title: str = "标题", when: datetime | None = None
) -> ParsedArticle:
    body = "\n".join(paragraphs)
    article = ParsedArticle(
        page=Page(url=url, html="", site=site),
        title=title,
        body=body,
        body_normalized=normalize_text(body),
        byline=Byline(),
        published_at=when or datetime(2024, 3, day, 9, 0, tzinfo=SH),
    )
    from pipelines.textnorm import content_hash

    article.content_hash = content_hash(article.body_normalized)
    return fingerprint_stage(article)


class World:
    def __init__(self, db_url: str):
        self.sessions = sessions_for(db_url)
        self.store = ArchiveStore(self.sessions)
        self.sites = {r.slug: self.store.ensure_site(r) for r in (OFFICIAL, PROVINCE, MIRROR)}
        self.run = self.store.start_run(["npc"])

    def save(
        self,
        url: str,
        site: str,
        paragraphs: list[str],
        day: int = 1,
        title: str = "标题",
        when: datetime | None = None,
    ) -> str:
        return self.store.save(parsed(url, site, paragraphs, day, title, when), self.sites[site], self.run)

    def cluster_of(self, url: str) -> int | None:
        with self.sessions() as s:
            return s.scalar(select(Article.cluster_id).where(Article.url == url))

    def canonical_url(self, url: str) -> str | None:
        with self.sessions() as s:
            cid = s.scalar(select(Article.cluster_id).where(Article.url == url))
            cluster = s.get(Cluster, cid)
            return s.get(Article, cluster.canonical_id).url

    def size(self, url: str) -> int:
        with self.sessions() as s:
            return s.get(Cluster, self.cluster_of(url)).size


ORIGINAL = "http://www.hnrd.gov.cn/content/646746/50/1.html"


@pytest.fixture
def world(db_url) -> World:
    w = World(db_url)
    w.save(ORIGINAL, "hnrd", STORY, 12)
    return w


def test_lone_article_has_no_cluster(world):
    assert world.cluster_of(ORIGINAL) is None


def test_traditional_pinyin_mirror_joins(world):
    world.save("http://mirror.example/a.html", "mirror", pinyin_mirror(STORY), 13)
    assert world.cluster_of("http://mirror.example/a.html") == world.cluster_of(ORIGINAL) is not None


def test_other_byline_and_first_paragraph_joins(world):
    repost = [
        "来源：湖南日报　记者　周一　通讯员　吴二",
        "本报长沙3月12日讯　省人大常委会执法检查组今天起在长株两地开展大气污染防治法执法检查。",
        *STORY[1:],
    ]
    world.save("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240313_1.html", "npc", repost, 13)
    assert (
        world.cluster_of("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240313_1.html")
        == world.cluster_of(ORIGINAL)
        is not None
    )


def test_shortened_repost_joins(world):
    shortened = STORY[:-1]  # the last paragraph (about a tenth of the text) dropped
    world.save("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240314_2.html", "npc", shortened, 14)
    assert (
        world.cluster_of("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240314_2.html")
        == world.cluster_of(ORIGINAL)
        is not None
    )


def test_shared_stock_openings_do_not_merge(world):
    a = [STOCK_OPEN + STORY[0], *STORY[1:3], STOCK_CLOSE]
    b = [STOCK_OPEN + OTHER[0], *OTHER[1:3], STOCK_CLOSE]
    world.save("http://www.hnrd.gov.cn/content/646746/50/2.html", "hnrd", a, 15)
    world.save("http://www.hnrd.gov.cn/content/646746/50/3.html", "hnrd", b, 15)
    assert world.cluster_of("http://www.hnrd.gov.cn/content/646746/50/3.html") is None


def test_laws_sharing_chapter_headings_do_not_merge(world):
    world.save("http://www.hnrd.gov.cn/content/646746/60/1.html", "hnrd", law(LAW_A), 16)
    world.save("http://www.hnrd.gov.cn/content/646746/60/2.html", "hnrd", law(LAW_B), 16)
    assert world.cluster_of("http://www.hnrd.gov.cn/content/646746/60/2.html") is None


def test_canonical_is_earliest_official(world):
    world.save("http://mirror.example/early.html", "mirror", pinyin_mirror(STORY), 1)  # earlier, not official
    world.save("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240320_3.html", "npc", STORY[:-1], 20)
    assert world.canonical_url(ORIGINAL) == ORIGINAL


def test_cluster_size_counts_members(world):
    world.save("http://mirror.example/a.html", "mirror", pinyin_mirror(STORY), 13)
    world.save("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240314_2.html", "npc", STORY[:-1], 14)
    assert world.size(ORIGINAL) == 3


def test_clusters_persist_across_store_instances(world, db_url):
    world.save("http://mirror.example/a.html", "mirror", pinyin_mirror(STORY), 13)
    later = World(db_url)  # a new process's store: nothing carried in memory
    later.save("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240321_4.html", "npc", STORY[:-1], 21)
    assert later.size(ORIGINAL) == 3


def test_changed_text_leaves_the_cluster(world):
    world.save("http://mirror.example/a.html", "mirror", pinyin_mirror(STORY), 13)
    world.save("http://mirror.example/a.html", "mirror", OTHER, 13)  # the page now says something else
    assert world.cluster_of(ORIGINAL) is None


def test_export_shows_cluster(world, tmp_path):
    import json

    from rdarchive.export import export

    world.save("http://mirror.example/a.html", "mirror", pinyin_mirror(STORY), 13)
    export(world.sessions, str(tmp_path / "out.jsonl"))
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    mirror = next(r for r in lines if r["url"] == "http://mirror.example/a.html")
    assert (mirror["cluster"]["size"], mirror["cluster"]["canonical_url"]) == (2, ORIGINAL)


def test_search_shows_cluster(world):
    from rdarchive.search import search

    world.save("http://mirror.example/a.html", "mirror", pinyin_mirror(STORY), 13)
    hit = next(h for h in search(world.sessions, "执法检查组") if h.url == "http://mirror.example/a.html")
    assert (hit.cluster_size, hit.canonical_url) == (2, ORIGINAL)


def test_parse_shows_cluster_it_would_join(world):
    from rdarchive.parse import archive_cluster

    page = parsed("http://mirror.example/new.html", "mirror", pinyin_mirror(STORY), 13)
    assert archive_cluster(world.sessions, page)["canonical_url"] == ORIGINAL


def test_signature_is_stable_across_releases():
    # Stored signatures are compared with new ones for years: a library upgrade that changed
    # seeds, scheme or permutations would silently stop every repost joining its original.
    import hashlib

    from pipelines import neardup

    text = (
        "省十四届人大常委会第十次会议在长沙开幕。会议审议了物业管理条例草案，"
        "听取了省人民政府关于大气污染防治工作情况的报告。"
    )
    assert hashlib.sha1(neardup.signature(text)).hexdigest() == "4841b5a5d5232a6fb37a28993d09394a05bdb5cf"


# Template news: one body's notices share most sentences and differ in numbers, dates and names.
def meeting(n: str, day: str, item: str) -> tuple[str, list[str]]:
    title = f"十四届省人大常委会举行第{n}次主任会议"
    return title, [
        f"{day}，十四届省人大常委会第{n}次主任会议在长沙举行。常委会主任王明主持会议。",
        "会议听取了常委会各工作委员会关于近期工作情况的汇报，研究了常委会下一阶段的重点工作安排。",
        "会议强调，要坚持党的领导、人民当家作主、依法治国有机统一，紧扣全省中心工作依法履职，"
        "高质量完成常委会年度立法、监督和代表工作计划确定的各项任务。",
        item,
        "会议要求，常委会各工作机构要加强统筹协调，认真做好各项会务准备工作，确保常委会会议顺利召开。",
        "常委会副主任李强、赵刚、孙丽，秘书长周平出席会议。",
    ]


TENTH = meeting("十", "3月5日", "会议决定，省十四届人大常委会第十二次会议于3月28日至29日在长沙举行。")
ELEVENTH = meeting("十一", "4月9日", "会议决定，省十四届人大常委会第十三次会议于4月25日至26日在长沙举行。")


def closing(n: str, year: int, law: str) -> tuple[str, list[str]]:
    title = f"省人大常委会第{n}次会议闭幕"
    return title, [
        f"{year}年9月28日下午，省人大常委会第{n}次会议在长沙闭幕。会议表决通过了{law}。",
        "会议表决通过了有关人事任免事项。常委会主任王明主持闭幕会并讲话。",
        "王明指出，本次会议议程多、任务重，常委会组成人员认真审议各项议题，提出了许多很好的意见建议。",
        "王明强调，要认真学习贯彻本次会议通过的法规，加强宣传解读，推动法规全面有效实施。",
        "会前，常委会组成人员进行了专题学习。副省长、省监察委员会、省高级人民法院、省人民检察院负责人列席会议。",
    ]


def test_next_meetings_notice_stays_apart(db_url):
    w = World(db_url)
    w.save("http://www.hnrd.gov.cn/m/10.html", "hnrd", TENTH[1], title=TENTH[0], when=datetime(2024, 3, 5, tzinfo=SH))
    w.save(
        "http://www.hnrd.gov.cn/m/11.html", "hnrd", ELEVENTH[1], title=ELEVENTH[0], when=datetime(2024, 4, 9, tzinfo=SH)
    )
    assert w.cluster_of("http://www.hnrd.gov.cn/m/11.html") is None


def test_notices_apart_by_their_lead_when_titles_say_nothing(db_url):
    w = World(db_url)
    w.save(
        "http://www.hnrd.gov.cn/m/10.html", "hnrd", TENTH[1], title="主任会议召开", when=datetime(2024, 3, 5, tzinfo=SH)
    )
    w.save(
        "http://www.hnrd.gov.cn/m/11.html",
        "hnrd",
        ELEVENTH[1],
        title="主任会议召开",
        when=datetime(2024, 4, 9, tzinfo=SH),
    )
    assert w.cluster_of("http://www.hnrd.gov.cn/m/11.html") is None


def test_closing_reports_years_apart_stay_apart(db_url):
    w = World(db_url)
    a, b = closing("二十八", 2021, "物业管理条例"), closing("十二", 2024, "物业管理条例修正案")
    w.save("http://www.hnrd.gov.cn/c/28.html", "hnrd", a[1], title=a[0], when=datetime(2021, 9, 28, tzinfo=SH))
    w.save("http://www.hnrd.gov.cn/c/12.html", "hnrd", b[1], title=b[0], when=datetime(2024, 9, 28, tzinfo=SH))
    assert w.cluster_of("http://www.hnrd.gov.cn/c/12.html") is None


def test_repost_of_a_notice_with_another_lead_joins(db_url):
    w = World(db_url)
    w.save("http://www.hnrd.gov.cn/m/10.html", "hnrd", TENTH[1], title=TENTH[0], when=datetime(2024, 3, 5, tzinfo=SH))
    repost = ["本报长沙3月5日讯（记者 周一）省人大常委会今天召开主任会议，研究近期工作。", *TENTH[1][1:]]
    w.save("http://www.npc.gov.cn/r/10.html", "npc", repost, title=TENTH[0], when=datetime(2024, 3, 6, tzinfo=SH))
    assert (
        w.cluster_of("http://www.npc.gov.cn/r/10.html") == w.cluster_of("http://www.hnrd.gov.cn/m/10.html") is not None
    )


def test_traditional_mirror_of_a_notice_joins(db_url):
    w = World(db_url)
    w.save("http://www.hnrd.gov.cn/m/10.html", "hnrd", TENTH[1], title=TENTH[0], when=datetime(2024, 3, 5, tzinfo=SH))
    title = opencc.OpenCC("s2t").convert(TENTH[0])
    w.save(
        "http://mirror.example/m10.html",
        "mirror",
        pinyin_mirror(TENTH[1]),
        title=title,
        when=datetime(2025, 1, 2, tzinfo=SH),
    )
    assert (
        w.cluster_of("http://mirror.example/m10.html") == w.cluster_of("http://www.hnrd.gov.cn/m/10.html") is not None
    )


def test_parse_does_not_offer_the_other_meetings_cluster(world):
    from rdarchive.parse import archive_cluster

    world.save(
        "http://www.hnrd.gov.cn/m/10.html", "hnrd", TENTH[1], title=TENTH[0], when=datetime(2024, 3, 5, tzinfo=SH)
    )
    world.save(
        "http://mirror.example/m10.html",
        "mirror",
        pinyin_mirror(TENTH[1]),
        title=TENTH[0],
        when=datetime(2024, 3, 6, tzinfo=SH),
    )
    page = parsed(
        "http://www.hnrd.gov.cn/m/11.html", "hnrd", ELEVENTH[1], 1, ELEVENTH[0], datetime(2024, 4, 9, tzinfo=SH)
    )
    assert archive_cluster(world.sessions, page)["id"] is None

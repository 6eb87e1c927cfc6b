"""A small archive made the way a real one is: crawls of fixture pages through the real engine.

Used by the diff command's tests and the tests of `rdarchive serve`'s pages:

1. the 中国人大网 fixture world is crawled, then the 湖南人大网 one;
2. one NPC article page is changed (a figure edited, a sentence removed, one
   added, the title reworded) and the site re-crawled with --full: the article
   now has two versions;
3. a 湖南人大网 page reposting that article (its markup, the same story with
   another byline and no closing line, an analytics script and an image on
   other hosts) is crawled: it joins the NPC article's near-duplicate cluster.

Every text here is our own writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from models.db import open_archive
from models.tables import Article
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.spiders import spider_for
from tests.conftest import crawl, site_root

CHANGED_URL = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
CHANGED_FILE = site_root("npc") / "www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
REPOST_URL = "https://www.hnrd.gov.cn/content/646043/68/12409999.html"
# Version 2 of the NPC article: (old, new) replacements in the page.
EDITS = [
    ("听取基层代表对立法工作的意见建议", "听取基层代表对年度立法工作计划的意见建议"),
    ("来自农村、社区和企业一线的十余位代表参加座谈。", "来自农村、社区和企业一线的十二位代表参加座谈。"),
    ("有的代表提出，要加强对新出台法律的宣传解读，让群众看得懂、用得上。", ""),
    (
        "在编制和实施立法工作计划时认真吸收。",
        "在编制和实施立法工作计划时认真吸收。会后，办公厅将把意见建议汇总印发各专门委员会。",
    ),
]
REPOST_PARAGRAPHS = [
    "3月8日，全国人大常委会办公厅在北京召开座谈会，听取部分基层全国人大代表对常委会年度立法工作计划的意见和建议。"
    "来自农村、社区和企业一线的十二位代表参加座谈。",
    "座谈会上，代表们结合各自调研情况，围绕完善基层治理、加强生态环境保护、促进乡村产业发展等议题先后发言。"
    "有的代表建议，法律草案提请常委会审议前，应当更多到基层听取群众意见；",
    "会议指出，代表来自人民、植根人民，认真听取和吸纳代表意见，是常委会做好立法工作的重要基础。"
    "常委会有关工作机构将对代表们提出的意见建议逐条梳理研究，在编制和实施立法工作计划时认真吸收。"
    "会后，办公厅将把意见建议汇总印发各专门委员会。",
    "会议要求，各专门委员会和常委会工作机构要进一步拓宽代表参与立法工作的渠道，完善代表列席常委会会议、"
    "参加立法调研等安排，更好发挥代表在立法工作中的作用。",
]
# Resources on other hosts: a replay must never let the browser fetch them from there.
OFFSITE_RESOURCES = ["https://hm.baidu.com/hm.js?5e1f0a", "http://www.gov.cn/images/gtrs_logo.png"]


def changed_page() -> bytes:
    html = CHANGED_FILE.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in html, f"the NPC fixture page no longer holds {old!r}: update tests/browse_world.py"
        html = html.replace(old, new)
    return html.encode("utf-8")


def repost_page() -> bytes:
    paragraphs = "\n".join(f"      <p>　　{p}</p>" for p in REPOST_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>全国人大常委会办公厅召开座谈会听取基层代表意见_湖南人大网</title>
<link rel="stylesheet" href="/static/css/base.css">
<script src="{OFFSITE_RESOURCES[0]}"></script>
</head>
<body>
<header class="top"><a class="logo" href="/"><img src="{OFFSITE_RESOURCES[1]}" alt="湖南人大网"></a></header>
<div class="main clearfix">
  <section class="box_left f_left">
    <div class="crumbs"><a href="/">湖南人大网</a>&gt;<a href="/channel/16170.html">人大要闻</a>&gt;<span>正文</span></div>
    <h1 class="detail_title">全国人大常委会办公厅召开座谈会听取基层代表意见</h1>
    <div class="detail_meta"><span>来源:中国人大网</span><span>作者:</span><span>编辑:redcloud</span><span>2024-03-12 09:15:00</span></div>
    <div class="detail_content">
{paragraphs}
    </div>
  </section>
</div>
<footer class="foot"><p>主办：湖南省人大常委会办公厅</p></footer>
</body>
</html>""".encode()


@dataclass
class World:
    db_url: str
    warc_dir: Path
    changed_id: int
    repost_id: int


def build(directory: Path, db_url: str | None = None) -> World:
    db_url = db_url or f"sqlite:///{directory / 'archive.db'}"
    warc_dir = directory / "warc"
    settings = {"RDARCHIVE_WARC_DIR": str(warc_dir)}
    npc, hnrd = spider_for("npc"), spider_for("hnrd")
    with ReplayServer(roots=[site_root("npc")]) as server:
        crawl(npc, db_url, server, settings=settings, full=True)
    with ReplayServer(roots=[site_root("hnrd")]) as server:
        crawl(hnrd, db_url, server, settings=settings)
    with ReplayServer(roots=[site_root("npc")], routes={CHANGED_URL: Route(body=changed_page())}) as server:
        crawl(npc, db_url, server, settings=settings, full=True)
    with ReplayServer(routes={REPOST_URL: Route(body=repost_page())}) as server:
        crawl(hnrd, db_url, server, settings=settings, urls=[REPOST_URL])
    engine, sessions = open_archive(db_url)
    try:
        with sessions() as s:
            found = s.execute(select(Article.url, Article.id).where(Article.url.in_([CHANGED_URL, REPOST_URL])))
            ids = dict(found.all())
    finally:
        engine.dispose()  # PostgreSQL's connections are shared by every engineer's tests
    assert set(ids) == {CHANGED_URL, REPOST_URL}, f"the world's crawls stored {sorted(ids)}"
    return World(db_url, warc_dir, ids[CHANGED_URL], ids[REPOST_URL])

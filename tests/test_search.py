"""Full-text search on SQLite and PostgreSQL: Chinese words, phrases, scripts, operators, filters, safety.

All texts here are our own writing, in the style of congress news.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import opencc
import pytest
from sqlalchemy import func, select, text

from core.article import Byline, ParsedArticle, Region
from core.page import Page
from core.site import SiteRecord
from models.fulltext import QueryError, index_text, parse_query, term_tokens
from models.store import ArchiveStore
from models.tables import Article
from pipelines.stages import fingerprint_stage
from pipelines.textnorm import content_hash, normalize_text
from rdarchive.search import Filters, search
from tests.conftest import ROOT, sessions_for

SH = ZoneInfo("Asia/Shanghai")
BIN = Path(sys.executable).parent

HNRD = SiteRecord(slug="hnrd", name="湖南人大网", province="湖南省", region_code="430000", domains=["www.hnrd.gov.cn"])
NPC = SiteRecord(slug="npc", name="中国人大网", province=None, region_code=None, domains=["www.npc.gov.cn"])
BJRD = SiteRecord(slug="bjrd", name="北京人大网", province="北京市", region_code="110000", domains=["www.bjrd.gov.cn"])
MIRROR = SiteRecord(
    slug="mirror", name="转载镜像站", province=None, region_code=None, domains=["mirror.example"], official=False
)
HUNAN = Region(province="湖南省", province_code="430000", basis="site")
CHANGSHA = Region(province="湖南省", province_code="430000", city="长沙市", city_code="430100", basis="breadcrumb")
BEIJING_CHAOYANG = Region(
    province="北京市", province_code="110000", county="朝阳区", county_code="110105", basis="breadcrumb"
)

# url tail -> (site, title, paragraphs, published (y, m, d), region, channel, source, authors)
ARTICLES = {
    "session": (
        "hnrd",
        "省人大常委会召开第十次会议",
        [
            "3月12日，省十四届人大常委会第十次会议在长沙开幕。",
            "会议审议了物业管理条例草案，听取了省人民政府关于大气污染防治工作情况的报告。",
            "本次常委会会议为期三天，部分全国人大代表和省人大代表列席会议。",
        ],
        (2024, 3, 12),
        CHANGSHA,
        "人大要闻",
        "湖南人大网",
        ["周一"],
    ),
    "visit": (
        "npc",
        "全国人大代表视察乡村振兴工作",
        [
            "近日，部分全国人大代表围绕乡村振兴促进法实施情况开展集中视察。",
            "代表们走进特色产业基地和农村电商服务站，详细了解产业发展情况。",
            "代表们建议，进一步完善产业扶持政策，加大农村基础设施投入。",
        ],
        (2023, 6, 1),
        None,
        "代表工作",
        "中国人大网",
        ["张伟", "李娜"],
    ),
    "mirror": (
        "mirror",
        None,
        [
            "執法檢查組深入兩地，就固體廢物污染環境防治法實施情況開展執法檢查。",
            "檢查組要求，要堅持問題導向，把法律規定的各項制度落到實處。",
        ],
        (2024, 5, 20),
        None,
        None,
        "轉載",
        [],
    ),
    "comma": (
        "hnrd",
        "常委会组成人员培训班开班",
        [
            "省人大常委会举办组成人员履职培训班，邀请专家就预算审查监督作专题辅导。",
            "参加培训的常委会、会议服务人员共八十人。学员们表示，将把学习成果运用到依法履职的实践中。",
        ],
        (2022, 11, 8),
        HUNAN,
        "履职学习",
        "湖南日报",
        ["王芳"],
    ),
    "latin": (
        "bjrd",
        "北京市人大常委会听取G20峰会服务保障情况汇报",
        [
            "会议听取了G20峰会服务保障工作情况的汇报，2024年将继续做好重大活动立法保障。",
            "朝阳区人大常委会有关负责同志列席会议。",
        ],
        (2024, 1, 15),
        BEIJING_CHAOYANG,
        "人大要闻",
        "北京日报",
        ["赵强"],
    ),
    "budget": (
        "bjrd",
        "市人大财经委开展预算联网监督",
        [
            "市人大财政经济委员会通过预算联网监督系统，对部门预算执行情况进行实时监督。",
            "预算审查监督重点拓展改革要求得到落实。",
        ],
        (2025, 2, 3),
        None,
        "监督工作",
        "北京人大网",
        ["钱敏"],
    ),
}
SITES = {"hnrd": HNRD, "npc": NPC, "bjrd": BJRD, "mirror": MIRROR}


def url_of(key: str) -> str:
    site = ARTICLES[key][0]
    return f"http://{SITES[site].domains[0]}/content/{key}.html"


def parsed(key: str, paragraphs: list[str] | None = None) -> ParsedArticle:
    site, title, paras, day, region, channel, source, authors = ARTICLES[key]
    body = "\n".join(paragraphs or paras)
    a = ParsedArticle(
        page=Page(url=url_of(key), html="", site=site),
        title=title,
        body=body,
        body_normalized=normalize_text(body),
        byline=Byline(source=source, authors=list(authors)),
        published_at=datetime(*day, 9, 30, tzinfo=SH),
        date_basis="page",
        channel=channel,
        region=region or Region(),
    )
    a.content_hash = content_hash(a.body_normalized)
    return fingerprint_stage(a)


class Archive:
    """An archive holding ARTICLES, written through the real store."""

    def __init__(self, db_url: str):
        self.db_url = db_url
        self.sessions = sessions_for(db_url)
        self.store = ArchiveStore(self.sessions)
        self.site_ids = {slug: self.store.ensure_site(rec) for slug, rec in SITES.items()}
        self.run = self.store.start_run(list(SITES))
        for key in ARTICLES:
            self.save(key)

    def save(self, key: str, paragraphs: list[str] | None = None) -> str:
        return self.store.save(parsed(key, paragraphs), self.site_ids[ARTICLES[key][0]], self.run)

    def keys(self, query: str, **kw) -> set[str]:
        return {h.url.rsplit("/", 1)[1][:-5] for h in search(self.sessions, query, limit=100, **kw)}

    def ranked(self, query: str, **kw) -> list[str]:
        return [h.url.rsplit("/", 1)[1][:-5] for h in search(self.sessions, query, limit=100, **kw)]


@pytest.fixture
def archive(db_url) -> Archive:
    return Archive(db_url)


# ------------------------------------------------------------ the index text
def test_index_text_bigrams_and_run_ends():
    assert index_text("人大常委会，2024年G20") == "人大 大常 常委 委会 会 2024 年 g20"


def test_term_tokens_two_character_word_is_one_token():
    assert term_tokens("人大") == (("人大",), False)


def test_term_tokens_one_character_is_a_prefix():
    assert term_tokens("检") == (("检",), True)


# ------------------------------------------------------------------- words
def test_two_character_word_renda(archive):
    assert archive.keys("人大") == {"session", "visit", "comma", "latin", "budget"}


def test_two_character_word_daibiao(archive):
    assert archive.keys("代表") == {"session", "visit"}


def test_longer_word(archive):
    assert archive.keys("乡村振兴") == {"visit"}


def test_one_character_query(archive):
    assert archive.keys("检") == {"mirror"}


def test_quoted_phrase(archive):
    assert archive.keys('"常委会会议"') == {"session"}


def test_phrase_never_spans_punctuation(archive):
    # "comma" has 常委会、会议 : the characters, but not the phrase
    assert "comma" not in archive.keys("常委会会议")


def test_unquoted_chinese_run_is_a_phrase(archive):
    assert archive.keys("会议常委") == set()


def test_traditional_query_finds_simplified_text(archive):
    assert archive.keys("常委會會議") == {"session"}


def test_simplified_query_finds_traditional_text(archive):
    assert archive.keys("执法检查") == {"mirror"}


def test_title_is_searched(archive):
    assert archive.keys("培训班开班") == {"comma"}


def test_latin_word_and_digits(archive):
    assert archive.keys("g20") == {"latin"}


def test_mixed_digits_and_chinese(archive):
    assert archive.keys("2024年") == {"latin"}


def test_latin_matches_whole_words_only(archive):
    assert archive.keys("G2") == set()


# --------------------------------------------------------------- operators
def test_implicit_and(archive):
    assert archive.keys("人大 代表") == {"session", "visit"}


def test_explicit_and(archive):
    assert archive.keys("代表 AND 乡村") == {"visit"}


def test_or(archive):
    assert archive.keys("乡村振兴 OR 预算") == {"visit", "comma", "budget"}


def test_not(archive):
    assert archive.keys("人大 NOT 代表") == {"comma", "latin", "budget"}


def test_not_of_a_group(archive):
    assert archive.keys("人大 NOT (代表 OR 预算)") == {"latin"}


def test_grouping(archive):
    assert archive.keys("(乡村 OR 峰会) AND 人大") == {"visit", "latin"}


def test_lowercase_and_is_a_word(archive):
    assert archive.keys("人大 and") == set()


# ----------------------------------------------------------------- ranking
def test_relevance_puts_title_and_repeated_matches_first(archive):
    assert archive.ranked("代表")[0] == "visit"


def test_sort_by_date_newest_first(archive):
    assert archive.ranked("人大", sort="date") == ["budget", "session", "latin", "visit", "comma"]


def test_many_matches_date_order_is_still_exact(archive, monkeypatch):
    import rdarchive.search as mod

    exact = archive.ranked("人大", sort="date")
    monkeypatch.setattr(mod, "RANK_LIMIT", 2)  # the path for frequent words: walk the date index, probe FTS
    assert archive.ranked("人大", sort="date") == exact


def test_many_matches_date_order_with_filters(archive, monkeypatch):
    import rdarchive.search as mod
    from rdarchive.search import parse_when

    monkeypatch.setattr(mod, "RANK_LIMIT", 1)
    f = Filters(site=["bjrd", "hnrd"], date_from=parse_when("2024"), source="报")
    assert archive.ranked("人大", sort="date", filters=f) == ["latin"]


def test_many_matches_relevance_puts_title_matches_first(archive, monkeypatch):
    import rdarchive.search as mod
    from rdarchive.search import search_page

    monkeypatch.setattr(mod, "RANK_LIMIT", 4)
    hits, page = search_page(archive.sessions, "人大")
    # Among the 4 newest matches, 人大 in the title first (budget, latin, visit), then comma;
    # then the older session. Newest archived first within each.
    assert ([h.url for h in hits], page.approximate, page.matches) == (
        [url_of(k) for k in ("budget", "latin", "visit", "comma", "session")],
        True,
        5,
    )


def test_many_matches_relevance_pages(archive, monkeypatch):
    import rdarchive.search as mod

    monkeypatch.setattr(mod, "RANK_LIMIT", 4)
    assert [h.url for h in search(archive.sessions, "人大", limit=2, offset=2)] == [url_of("visit"), url_of("comma")]


def test_few_matches_are_ranked_exactly(archive):
    from rdarchive.search import search_page

    assert search_page(archive.sessions, "人大")[1].approximate is False


def test_limit_and_offset(archive):
    full = archive.ranked("人大", sort="date")
    assert [h.url for h in search(archive.sessions, "人大", limit=2, offset=1, sort="date")] == [
        url_of(k) for k in full[1:3]
    ]


# ----------------------------------------------------------------- filters
def test_filter_site(archive):
    assert archive.keys("人大", site="bjrd") == {"latin", "budget"}


def test_filter_several_sites(archive):
    assert archive.keys("人大", filters=Filters(site=["bjrd", "npc"])) == {"latin", "budget", "visit"}


def test_filter_unknown_site_is_an_error(archive):
    with pytest.raises(ValueError, match="nosuch"):
        search(archive.sessions, "人大", site="nosuch")


def test_filter_province_by_name(archive):
    assert archive.keys("人大", filters=Filters(province=["湖南"])) == {"session", "comma"}


def test_filter_province_by_code_prefix(archive):
    assert archive.keys("人大", filters=Filters(province=["43"])) == {"session", "comma"}


def test_filter_region_city_name(archive):
    assert archive.keys("人大", filters=Filters(region="长沙")) == {"session"}


def test_filter_region_county_code(archive):
    assert archive.keys("人大", filters=Filters(region="110105")) == {"latin"}


def test_filter_region_traditional_name(archive):
    assert archive.keys("人大", filters=Filters(region="長沙")) == {"session"}


def test_filter_dates(archive):
    from rdarchive.search import parse_when

    f = Filters(date_from=parse_when("2024-01-15"), date_to=parse_when("2024-03-12", end=True))
    assert archive.keys("人大", filters=f) == {"latin", "session"}


def test_filter_year(archive):
    from rdarchive.search import parse_when

    assert archive.keys(
        "人大", filters=Filters(date_from=parse_when("2024"), date_to=parse_when("2024", end=True))
    ) == {"latin", "session"}


def test_filter_time_of_day(archive):
    from rdarchive.search import parse_when

    f = Filters(date_from=parse_when("2024-03-12T10:00"), date_to=parse_when("2025-02-03T09:30"))
    assert archive.keys("人大", filters=f) == set()


def test_filter_time_of_day_inclusive_start(archive):
    from rdarchive.search import parse_when

    assert archive.keys("人大", filters=Filters(date_from=parse_when("2025-02-03T09:30+08:00"))) == {"budget"}


def test_filter_source(archive):
    assert archive.keys("人大", filters=Filters(source="日报")) == {"comma", "latin"}


def test_filter_author(archive):
    assert archive.keys("人大", filters=Filters(author="李娜")) == {"visit"}


def test_filter_channel(archive):
    assert archive.keys("人大", filters=Filters(channel="要闻")) == {"session", "latin"}


# ------------------------------------------------ stories: clusters of copies
REPOST_URL = "http://mirror.example/repost/session.html"


@pytest.fixture
def reposted(archive) -> Archive:
    """The 常委会 session article reposted on the (non-official) mirror with a new byline."""
    copy = parsed("session")
    copy.page = Page(url=REPOST_URL, html="", site="mirror")
    copy.byline = Byline(source="转载自湖南人大网", authors=[])
    archive.store.save(copy, archive.site_ids["mirror"], archive.run)
    return archive


def cluster_of(archive: Archive, url: str) -> int | None:
    with archive.sessions() as s:
        return s.scalar(select(Article.cluster_id).where(Article.url == url))


def test_repost_is_found_as_a_copy(reposted):
    assert {h.url for h in search(reposted.sessions, "物业管理条例")} == {url_of("session"), REPOST_URL}


def test_one_per_story_keeps_only_the_canonical_article(reposted):
    hits = search(reposted.sessions, "物业管理条例", filters=Filters(one_per_story=True))
    assert [h.url for h in hits] == [url_of("session")]


def test_one_per_story_keeps_articles_without_copies(reposted):
    every = {h.url for h in search(reposted.sessions, "人大", limit=100)}
    stories = {h.url for h in search(reposted.sessions, "人大", limit=100, filters=Filters(one_per_story=True))}
    assert (REPOST_URL in every, stories) == (True, every - {REPOST_URL})


@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_one_per_story_with_many_matches(reposted, monkeypatch, sort):
    import rdarchive.search as mod

    monkeypatch.setattr(mod, "RANK_LIMIT", 1)  # the paths for frequent words
    hits = search(reposted.sessions, "会议", limit=100, sort=sort, filters=Filters(one_per_story=True))
    assert REPOST_URL not in {h.url for h in hits} and url_of("session") in {h.url for h in hits}


def test_cluster_filter_lists_every_copy(reposted):
    cluster = cluster_of(reposted, REPOST_URL)
    hits = search(reposted.sessions, "会议", filters=Filters(cluster=cluster))
    assert {h.url for h in hits} == {url_of("session"), REPOST_URL}


def test_unknown_cluster_is_an_error(reposted):
    with pytest.raises(ValueError, match="no cluster 987654"):
        search(reposted.sessions, "会议", filters=Filters(cluster=987654))


def test_hit_names_its_cluster(reposted):
    hit = search(reposted.sessions, "物业管理条例", filters=Filters(site=["mirror"]))[0]
    assert (hit.cluster_id, hit.cluster_size, hit.canonical_url) == (
        cluster_of(reposted, REPOST_URL),
        2,
        url_of("session"),
    )


# -------------------------------------------------------- index stays in sync
def test_changed_text_is_searched_and_old_text_is_not(archive):
    archive.save("budget", ["市人大常委会就城市更新条例草案公开征求意见。"])
    assert (archive.keys("城市更新"), archive.keys("监督系统")) == ({"budget"}, set())


def test_deleted_article_leaves_the_index(archive):
    with archive.sessions.begin() as s:
        a = s.scalar(select(Article).where(Article.url == url_of("budget")))
        s.execute(text("DELETE FROM lsh_keys WHERE article_id = :i"), {"i": a.id})
        s.execute(text("DELETE FROM article_fingerprints WHERE article_id = :i"), {"i": a.id})
        s.delete(a)
    assert archive.keys("预算") == {"comma"}


def test_sqlite_index_triggers_exist(tmp_path):
    # A later migration that rebuilds `articles` on SQLite must recreate them.
    a = Archive(f"sqlite:///{tmp_path / 'a.db'}")
    with a.sessions() as s:
        names = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert {"articles_fts_ai", "articles_fts_ad", "articles_fts_au", "articles_touch"} <= names


# ------------------------------------------------------------ safety, errors
INJECTIONS = [
    "'; DROP TABLE articles; --",
    "人大'); DELETE FROM articles; --",
    '" OR 1=1 --',
    '人大" OR ""="',
    "1; UPDATE articles SET title = NULL",
    "search_title:人大",
    "{search_title search_body}: 人大",
    "人大 NEAR/2 代表",
    "NEAR(人大 代表, 3)",
    "^人大",
    "人大*",
    "-人大 代表",
    "人大 + 代表",
    "'人大' & !'代表'",
    "人大:* | 代表",
    "人大 <-> 代表",
    "%_%",
    "\\x00人大\x00",
    "articles_fts MATCH '*'",
]
BAD = [
    ('"unclosed 人大', "unclosed quote"),
    ("人大 AND", "AND needs"),
    ("OR 人大", "OR needs"),
    ("NOT 人大", "NOT must follow"),
    ("(人大", "unbalanced"),
    ("人大)", "unbalanced"),
    ("人大 ()", "empty parentheses"),
    ("人大 OR NOT 代表", "NOT cannot stand alone"),
    ("***", "nothing to search for"),
    ("   ", "empty query"),
    ("人大 AND OR 代表", "AND needs"),
    ("AND OR NOT", "nothing to search for"),
    ("(" * 40 + "人大" + ")" * 40, "nested"),
    (" ".join(f"词{i}" for i in range(40)), "too many terms"),
    ("人大" * 600, "too long"),
]


@pytest.mark.parametrize("query", INJECTIONS)
def test_injection_is_only_text(archive, query):
    try:
        search(archive.sessions, query)
    except QueryError:
        pass
    with archive.sessions() as s:
        count = s.scalar(select(func.count()).select_from(Article))
        titles = s.scalar(select(func.count()).select_from(Article).where(Article.title.is_not(None)))
    assert (count, titles) == (len(ARTICLES), len(ARTICLES) - 1)


def test_injection_text_is_searched_as_words(archive):
    assert search(archive.sessions, "'; DROP TABLE articles; --") == []


@pytest.mark.parametrize("query,message", BAD)
def test_bad_query_has_a_clear_message(archive, query, message):
    with pytest.raises(QueryError, match=message):
        search(archive.sessions, query)


def test_operator_words_inside_quotes_are_text():
    assert parse_query('"人大 OR 代表"').tokens == ("人大", "大", "or", "代表")


# -------------------------------------------------------------------- CLI
def rd(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "rdarchive"), "--db", db, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'archive.db'}"
    Archive(url)
    return url


def test_cli_table_has_columns_and_highlight(cli_db):
    out = rd(cli_db, "search", "常委會會議").stdout
    assert all(s in out for s in ("2024-03-12", "hnrd", "湖南省 长沙市", "**常委会会议**", url_of("session")))


def test_cli_one_per_story_and_cluster_options(tmp_path):
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    archive = Archive(db)
    copy = parsed("session")
    copy.page = Page(url=REPOST_URL, html="", site="mirror")
    archive.store.save(copy, archive.site_ids["mirror"], archive.run)
    cluster = cluster_of(archive, REPOST_URL)
    stories = json.loads(rd(db, "search", "物业管理条例", "--one-per-story", "--json").stdout)
    copies = json.loads(rd(db, "search", "会议", "--cluster", str(cluster), "--json").stdout)
    assert ([h["url"] for h in stories], {h["url"] for h in copies}) == (
        [url_of("session")],
        {url_of("session"), REPOST_URL},
    )


def test_cli_json(cli_db):
    hits = json.loads(rd(cli_db, "search", "人大", "--site", "bjrd", "--sort", "date", "--json").stdout)
    assert [h["url"] for h in hits] == [url_of("budget"), url_of("latin")]


def test_cli_jsonl(cli_db):
    lines = rd(cli_db, "search", "代表", "--jsonl").stdout.splitlines()
    assert {json.loads(x)["url"] for x in lines} == {url_of("session"), url_of("visit")}


def test_cli_filters(cli_db):
    hits = json.loads(
        rd(cli_db, "search", "人大", "--province", "43", "--from", "2024", "--to", "2024-12", "--json").stdout
    )
    assert [h["url"] for h in hits] == [url_of("session")]


@pytest.mark.parametrize("query", ['"unclosed', "NOT 人大", "(((", "***"])
def test_cli_bad_query_exits_2_without_traceback(cli_db, query):
    r = rd(cli_db, "search", query)
    assert (r.returncode, "Traceback" in r.stderr, r.stderr.startswith("rdarchive: ")) == (2, False, True)


def test_cli_injection_changes_nothing(cli_db):
    r = rd(cli_db, "search", "'; DROP TABLE articles; --")
    after = rd(cli_db, "search", "人大", "--json")
    assert (r.returncode, "Traceback" in r.stderr, len(json.loads(after.stdout))) == (0, False, 5)


def test_cli_bad_date_exits_2(cli_db):
    r = rd(cli_db, "search", "人大", "--from", "yesterday")
    assert (r.returncode, "bad date" in r.stderr) == (2, True)


def test_traditional_mirror_helper_is_ours():
    # The mirror article is our own text in traditional characters.
    assert opencc.OpenCC("t2s").convert(ARTICLES["mirror"][2][0]).startswith("执法检查组")


# ------------------------------------------------------------ the migration
def test_migration_indexes_articles_archived_before_it(db_url):
    """Articles stored under revision 0004 are searchable (and filterable) after the upgrade."""
    from models.db import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine, "0004")
    now = datetime(2024, 3, 12, 1, 30)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sites (slug, name, province, region_code, domains, official, created_at) "
                "VALUES ('hnrd', '湖南人大网', '湖南省', '430000', '[]', true, :t)"
            ),
            {"t": now},
        )
        conn.execute(
            text(
                "INSERT INTO articles (url, site_id, title, body, body_normalized, authors, editors, "
                "responsible_editors, reviewers, breadcrumb, published_at, province, province_code, region_code, "
                "content_hash, version, first_seen, last_seen, changed_at) VALUES ('http://www.hnrd.gov.cn/old.html', "
                "(SELECT id FROM sites), '舊文章', '省人大常委會召開會議。', '省人大常委会召开会议。', '[]', '[]', '[]', "
                "'[]', '[]', :t, '湖南省', '430000', '430000', :h, 1, :t, :t, :t)"
            ),
            {"t": now, "h": "0" * 64},
        )
    upgrade(engine)
    engine.dispose()
    sessions = sessions_for(db_url)
    found = search(sessions, "常委會", filters=Filters(province=["湖南"], site=["hnrd"]))
    assert [(h.url, h.title) for h in found] == [("http://www.hnrd.gov.cn/old.html", "舊文章")]

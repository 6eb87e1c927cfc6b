"""What `rdarchive search` shows: match marks that are not Chinese brackets, snippets quoting the text as
published, dates as export writes them, repeatable provinces, and the errors of unknown names and bad counts.

The article texts are our own writing, in the style of congress news.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.article import Byline, ParsedArticle, Region
from core.page import Page
from core.site import SiteRecord
from models.fulltext import Highlighter, parse_query, positive_terms
from models.store import ArchiveStore
from pipelines.stages import fingerprint_stage
from pipelines.textnorm import content_hash, normalize_text
from rdarchive import snippets
from tests.conftest import ROOT, sessions_for
from tests.terminal import on_terminal

BIN = Path(sys.executable).parent
SH = ZoneInfo("Asia/Shanghai")
HNRD = SiteRecord(slug="hnrd", name="湖南人大网", province="湖南省", region_code="430000", domains=["www.hnrd.gov.cn"])
BJRD = SiteRecord(slug="bjrd", name="北京人大网", province="北京市", region_code="110000", domains=["www.bjrd.gov.cn"])
# slug, title, body, region
ARTICLES = {
    "prize": (
        "hnrd",
        "【优秀研究成果】推进区域协同立法",
        "省人大常委会研究室的课题“区域协同立法机制研究”获评优秀成果。课题组认为，区域协同要从立法规划做起。",
        Region(province="湖南省", province_code="430000", basis="site"),
    ),
    "capital": (
        "bjrd",
        "市人大常委会调研区域协同发展",
        "调研组来到通州，了解京津冀区域协同发展情况（第三季度）。",
        Region(province="北京市", province_code="110000", basis="site"),
    ),
}


def url_of(key: str) -> str:
    return f"http://www.{ARTICLES[key][0]}.gov.cn/content/{key}.html"


def store(db: str) -> None:
    archive = ArchiveStore(sessions_for(db))
    sites = {rec.slug: archive.ensure_site(rec) for rec in (HNRD, BJRD)}
    run = archive.start_run(list(sites))
    for key, (slug, title, body, region) in ARTICLES.items():
        a = ParsedArticle(
            page=Page(url=url_of(key), html="", site=slug),
            title=title,
            body=body,
            body_normalized=normalize_text(body),
            byline=Byline(source="人大", authors=[]),
            published_at=datetime(2024, 7, 1, 9, 30, tzinfo=SH),
            date_basis="page",
            region=region,
        )
        a.content_hash = content_hash(a.body_normalized)
        archive.save(fingerprint_stage(a), sites[slug], run)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('output') / 'archive.db'}"
    store(url)
    return url


def rd(db: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": ""}
    return subprocess.run(
        [str(BIN / "rdarchive"), "--db", db, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )


def hits(db: str, *args: str) -> list[dict]:
    return json.loads(rd(db, "search", *args, "--json").stdout)


# ------------------------------------------------------------------ snippets
def highlighter(query: str) -> Highlighter:
    return Highlighter(positive_terms(parse_query(query)))


def test_snippet_marks_only_the_match_not_a_real_bracket():
    s = snippets.whole(highlighter("区域协同"), ARTICLES["prize"][1])
    assert s.marked(("<", ">")) == "【优秀研究成果】推进<区域协同>立法"


def test_snippet_keeps_the_published_punctuation():
    s = snippets.snippet(highlighter("第三季度"), ARTICLES["capital"][2])
    assert "（第三季度）。" in s.text


def test_snippet_spans_point_into_the_published_text_of_a_traditional_page():
    s = snippets.whole(highlighter("区域协同"), "推進區域協同立法")
    assert [s.text[a:b] for a, b in s.spans] == ["區域協同"]


# ---------------------------------------------------------------- the CLI
def test_plain_output_marks_without_brackets(db):
    out = rd(db, "search", "区域协同", "--site", "hnrd").stdout
    assert "【优秀研究成果】推进**区域协同**立法" in out


def test_terminal_output_is_coloured_and_leaves_real_brackets_alone(db):
    out = on_terminal(str(BIN / "rdarchive"), "--db", db, "search", "区域协同", "--site", "hnrd")
    assert "【优秀研究成果】推进\x1b[1;31m区域协同\x1b[0m立法" in out


def test_json_match_spans_select_the_matched_text(db):
    (hit,) = hits(db, "区域协同", "--site", "hnrd")
    assert {hit["snippet"][a:b] for a, b in hit["snippet_matches"]} == {"区域协同"}


def test_json_title_spans_select_the_matched_text(db):
    (hit,) = hits(db, "区域协同", "--site", "hnrd")
    assert [hit["title"][a:b] for a, b in hit["title_matches"]] == ["区域协同"]


def test_json_snippet_quotes_the_published_text(db):
    (hit,) = hits(db, "第三季度")
    assert "（第三季度）。" in hit["snippet"]


def test_search_and_export_write_the_same_date(db, tmp_path):
    out = tmp_path / "all.jsonl"
    rd(db, "export", "--out", str(out))
    exported = {r["url"]: r["published_at"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    (hit,) = hits(db, "第三季度")
    assert (hit["published_at"], exported[hit["url"]]) == ("2024-07-01T09:30:00+08:00", "2024-07-01T09:30:00+08:00")


def test_province_is_repeatable(db):
    found = hits(db, "区域协同", "--province", "湖南", "--province", "11")
    assert {h["url"] for h in found} == {url_of("prize"), url_of("capital")}


def test_province_narrows(db):
    assert [h["url"] for h in hits(db, "区域协同", "--province", "北京")] == [url_of("capital")]


@pytest.mark.parametrize("command", [["search", "区域协同"], ["export", "--out", "-"]])
def test_unknown_province_is_an_error(db, command):
    r = rd(db, *command, "--province", "火星")
    assert (r.returncode, "no province '火星'" in r.stderr, "Traceback" in r.stderr) == (2, True, False)


@pytest.mark.parametrize(
    "command", [["search", "区域协同"], ["export", "--out", "-"], ["reprocess"]], ids=["search", "export", "reprocess"]
)
def test_unknown_site_is_an_error(db, command):
    r = rd(db, *command, "--site", "nosuch")
    assert (r.returncode, "no site nosuch" in r.stderr) == (2, True)


@pytest.mark.parametrize(
    "command",
    [["search", "x", "--limit", "-1"], ["search", "x", "--offset", "-5"], ["runs", "--limit", "-1"]],
    ids=["search-limit", "search-offset", "runs-limit"],
)
def test_negative_counts_are_usage_errors(db, command):
    r = rd(db, *command)
    assert (r.returncode, "cannot be negative" in r.stderr) == (2, True)


def test_negative_crawl_depth_is_a_usage_error(db):
    r = rd(db, "crawl", "--site", "npc", "--incremental-depth", "-2")
    assert (r.returncode, "must be at least 1" in r.stderr) == (2, True)


@pytest.mark.parametrize("when", ["2024", "2024-07", "2024-07-01", "2024-07-01T08:00:00+08:00"])
def test_reprocess_accepts_the_date_forms_of_search(db, when):
    r = rd(db, "reprocess", "--since", when)
    assert "bad date" not in r.stderr and r.returncode in (0, 3)


def test_reprocess_bad_date_names_the_forms(db):
    r = rd(db, "reprocess", "--since", "last week")
    assert (r.returncode, "YYYY-MM-DD" in r.stderr) == (2, True)


# ------------------------------------------------------- options anywhere
def test_json_before_the_command(db):
    out = subprocess.run(
        [str(BIN / "rdarchive"), "--json", "--db", db, "search", "第三季度"], capture_output=True, text=True
    ).stdout
    assert [h["url"] for h in json.loads(out)] == [url_of("capital")]


def test_jsonl_before_the_command(db):
    out = subprocess.run(
        [str(BIN / "rdarchive"), "--jsonl", "search", "区域协同", "--db", db], capture_output=True, text=True
    ).stdout
    assert len([json.loads(line) for line in out.splitlines()]) == 2


def test_json_where_a_command_has_none_is_a_usage_error(db):
    r = rd(db, "db", "current", "--json")
    assert (r.returncode, "db has no --json output" in r.stderr) == (2, True)


def test_runs_as_json(db):
    (run,) = json.loads(rd(db, "--json", "runs").stdout)
    assert run["sites"] == ["hnrd", "bjrd"]


def test_quiet_and_verbose_together_is_a_usage_error(db):
    assert rd(db, "-q", "runs", "-v").returncode == 2


def test_quiet_after_the_command(db):
    assert rd(db, "runs", "-q").returncode == 0

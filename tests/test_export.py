"""`rdarchive export` on SQLite and PostgreSQL: every field, the schema, filters, gzip, stdout, --since-last."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select, update

from models.tables import Article, ExportCursor, Site
from models.types import utcnow
from rdarchive.export import OVERLAP, article_record, export
from rdarchive.search import Filters
from tests.conftest import ROOT
from tests.test_search import ARTICLES, Archive, rd, url_of

SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def lines(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(x) for x in fh]


@pytest.fixture
def archive(db_url) -> Archive:
    return Archive(db_url)


def run(archive: Archive, tmp_path: Path, name: str = "out.jsonl", **kw) -> list[dict]:
    out = tmp_path / name
    n = export(archive.sessions, str(out), force=True, **kw)
    rows = lines(out)
    assert n == len(rows)
    return rows


def by_url(rows: list[dict]) -> dict[str, dict]:
    return {r["url"]: r for r in rows}


# ------------------------------------------------------------- every field
def test_every_article_one_line(archive, tmp_path):
    assert sorted(r["url"] for r in run(archive, tmp_path)) == sorted(url_of(k) for k in ARTICLES)


def test_lines_validate_against_schema(archive, tmp_path):
    errors = [e.message for r in run(archive, tmp_path) for e in VALIDATOR.iter_errors(r)]
    assert errors == []


def test_schema_requires_every_exported_key(archive, tmp_path):
    assert set(run(archive, tmp_path)[0]) == set(SCHEMA["required"])


def test_fields_of_one_article(archive, tmp_path):
    r = by_url(run(archive, tmp_path))[url_of("latin")]
    assert (
        r["site"],
        r["title"],
        r["authors"],
        r["source"],
        r["channel"],
        r["published_at"],
        r["region"]["county"],
        r["region"]["code"],
        r["version"],
    ) == (
        "bjrd",
        ARTICLES["latin"][1],
        ["赵强"],
        "北京日报",
        "人大要闻",
        "2024-01-15T09:30:00+08:00",
        "朝阳区",
        "110105",
        1,
    )


def test_body_and_normalised_body(archive, tmp_path):
    r = by_url(run(archive, tmp_path))[url_of("mirror")]
    assert (r["body"].startswith("執法檢查組"), r["body_normalized"].startswith("执法检查组")) == (True, True)


def test_times_carry_their_offset(archive, tmp_path):
    r = run(archive, tmp_path)[0]
    assert all(r[k].endswith("+08:00") for k in ("published_at", "first_seen", "last_seen", "changed_at", "updated_at"))


def test_crawl_run_and_hash(archive, tmp_path):
    r = run(archive, tmp_path)[0]
    assert (r["crawl_run_id"], r["last_run_id"], len(r["content_hash"])) == (archive.run, archive.run, 64)


def test_streamed_record_equals_orm_record(archive, tmp_path):
    rows = by_url(run(archive, tmp_path))
    with archive.sessions() as s:
        a = s.scalar(select(Article).where(Article.url == url_of("session")))
        assert article_record(a, s.get(Site, a.site_id)) == rows[url_of("session")]


@pytest.mark.parametrize("text", ['引号"与反斜杠\\', "制表\t换行\n回车\r", "控制\x01\x1f字符", "普通正文。", ""])
def test_text_escaping_round_trips(text):
    from rdarchive.export import _json_text

    assert (json.loads(_json_text(text.encode("utf-8"))), json.loads(_json_text(text))) == (text, text)


@pytest.mark.parametrize(
    "stored",
    [
        "2024-03-12 01:30:00.000000",
        "2024-03-12 16:00:00.123456",
        "1988-07-01 00:30:00.000000",
        "1999-12-31 23:59:59.000001",
        "2024-03-12 01:30:00",
    ],
)
def test_fast_times_equal_the_column_type(stored):
    """The export's own conversion of SQLite time text agrees with AwareDateTime (DST years included)."""
    from datetime import datetime as dt

    from models.types import SHANGHAI
    from rdarchive.export import _iso

    expected = dt.fromisoformat(stored).replace(tzinfo=UTC).astimezone(SHANGHAI).isoformat()
    assert _iso(stored) == expected


def test_sqlite_lines_made_by_sqlite_equal_the_python_lines(tmp_path, monkeypatch):
    """On SQLite the lines come from SQLite's JSON functions; they must say what the Python path says."""
    import rdarchive.export as mod

    archive = Archive(f"sqlite:///{tmp_path / 'a.db'}")
    ARTICLES["odd"] = (
        "hnrd",
        '标题"引号"\\反斜杠',
        ["第一段\t制表\x0b垂直制表。", '第二段 "引用" \\ 结束。'],
        (1988, 7, 1),
        None,
        "频道",
        None,
        ["作者"],
    )
    try:
        archive.save("odd")
    finally:
        del ARTICLES["odd"]
    with archive.sessions.begin() as s:  # microseconds in a stored time, a second past midnight UTC
        s.execute(
            update(Article)
            .where(Article.url == url_of("session"))
            .values(last_seen=datetime(2024, 3, 12, 16, 0, 1, 123456, tzinfo=UTC))
        )
    by_sqlite = run(archive, tmp_path, "sqlite.jsonl")
    monkeypatch.setattr(mod, "_sqlite_has_json", lambda sessions: False)
    by_python = run(archive, tmp_path, "python.jsonl")
    assert (by_sqlite, by_sqlite[-1]["published_at"]) == (by_python, "1988-07-01T09:30:00+09:00")


# ------------------------------------------------------- filters and query
def test_filter_site(archive, tmp_path):
    assert {r["url"] for r in run(archive, tmp_path, site="bjrd")} == {url_of("latin"), url_of("budget")}


def test_filters_as_in_search(archive, tmp_path):
    rows = run(archive, tmp_path, filters=Filters(province=["湖南"], channel="要闻"))
    assert [r["url"] for r in rows] == [url_of("session")]


def test_query(archive, tmp_path):
    assert {r["url"] for r in run(archive, tmp_path, query="代表 OR 執法")} == {
        url_of("session"),
        url_of("visit"),
        url_of("mirror"),
    }


def test_bad_query_is_a_value_error(archive, tmp_path):
    with pytest.raises(ValueError, match="unclosed"):
        export(archive.sessions, str(tmp_path / "x.jsonl"), query='"人大')


# ---------------------------------------------------------- files, streams
def test_gzip_by_file_name(archive, tmp_path):
    out = tmp_path / "out.jsonl.gz"
    export(archive.sessions, str(out))
    assert (out.read_bytes()[:2], len(lines(out))) == (b"\x1f\x8b", len(ARTICLES))


def test_no_partial_file_left_on_error(archive, tmp_path, monkeypatch):
    import rdarchive.export as mod

    real, calls = mod._key, []

    def failing(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(*args)

    monkeypatch.setattr(mod, "_key", failing)
    (tmp_path / "out").mkdir()  # export writes into a folder that exists; it makes none
    with pytest.raises(RuntimeError):
        export(archive.sessions, str(tmp_path / "out" / "bad.jsonl"), since_last="nightly", batch=1)
    with archive.sessions() as s:
        assert (list((tmp_path / "out").iterdir()), s.get(ExportCursor, "nightly")) == ([], None)


def test_refuses_to_overwrite(archive, tmp_path):
    (tmp_path / "x.jsonl").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError):
        export(archive.sessions, str(tmp_path / "x.jsonl"))


# ---------------------------------------------------------------- since-last
def test_since_last_first_run_exports_everything(archive, tmp_path):
    assert len(run(archive, tmp_path, since_last="nightly")) == len(ARTICLES)


def test_since_last_nothing_new(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    assert run(archive, tmp_path, since_last="nightly") == []


def test_since_last_new_article(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    ARTICLES_EXTRA = (
        "hnrd",
        "新文章",
        ["省人大常委会召开党组会议，传达学习有关会议精神。"],
        (2025, 3, 1),
        None,
        None,
        None,
        [],
    )
    ARTICLES["extra"] = ARTICLES_EXTRA
    try:
        archive.save("extra")
    finally:
        del ARTICLES["extra"]
    assert [r["title"] for r in run(archive, tmp_path, since_last="nightly")] == ["新文章"]


def test_since_last_changed_article(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    archive.save("budget", ["市人大常委会就城市更新条例草案公开征求意见。"])
    rows = run(archive, tmp_path, since_last="nightly")
    assert [(r["url"], r["version"]) for r in rows] == [(url_of("budget"), 2)]


def test_since_last_ignores_a_recrawl_that_changed_nothing(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    assert (archive.save("session"), run(archive, tmp_path, since_last="nightly")) == ("unchanged", [])


def test_since_last_cursors_are_independent(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    assert len(run(archive, tmp_path, since_last="weekly")) == len(ARTICLES)


def test_since_last_cursor_only_moves_when_the_export_completes(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    archive.save("budget", ["市人大常委会就城市更新条例草案公开征求意见。"])
    (tmp_path / "taken.jsonl").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError):
        export(archive.sessions, str(tmp_path / "taken.jsonl"), since_last="nightly")
    assert [r["url"] for r in run(archive, tmp_path, since_last="nightly")] == [url_of("budget")]


def test_since_last_catches_a_late_commit(archive, tmp_path):
    """A row whose change time is before the cursor (its transaction began earlier) is still exported."""
    run(archive, tmp_path, since_last="nightly")
    with archive.sessions() as s:
        position = s.get(ExportCursor, "nightly").position
    archive.save("budget", ["市人大常委会就城市更新条例草案公开征求意见。"])
    with archive.sessions.begin() as s:
        s.execute(
            update(Article).where(Article.url == url_of("budget")).values(updated_at=position - timedelta(seconds=30))
        )
    assert [r["url"] for r in run(archive, tmp_path, since_last="nightly")] == [url_of("budget")]


def test_since_last_overlap_does_not_repeat_rows(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    archive.save("budget", ["市人大常委会就城市更新条例草案公开征求意见。"])
    run(archive, tmp_path, since_last="nightly")  # exports budget, which stays inside the overlap
    assert run(archive, tmp_path, since_last="nightly") == []


def test_since_last_forgets_the_overlap_later(archive, tmp_path):
    run(archive, tmp_path, since_last="nightly")
    with archive.sessions.begin() as s:
        s.execute(update(Article).values(updated_at=utcnow() - 3 * OVERLAP))
    run(archive, tmp_path, since_last="nightly")
    with archive.sessions() as s:
        assert s.get(ExportCursor, "nightly").recent == []


def test_since_last_sees_cluster_changes(archive, tmp_path):
    """A copy joining an article's cluster changes the article's line (cluster size, canonical)."""
    run(archive, tmp_path, since_last="nightly")
    save_copy_of_visit(archive)
    rows = by_url(run(archive, tmp_path, since_last="nightly"))
    assert (set(rows) >= {url_of("visit")}, rows[url_of("visit")]["cluster"]["size"]) == (True, 2)


def save_copy_of_visit(archive: Archive) -> str:
    """A repost of the NPC 视察 article on the mirror site; returns its URL."""
    ARTICLES["copy"] = ("mirror", "转载", ARTICLES["visit"][2], (2023, 6, 2), None, None, None, [])
    try:
        archive.save("copy")
        return url_of("copy")
    finally:
        del ARTICLES["copy"]


def test_one_per_story_leaves_out_copies(archive, tmp_path):
    copy_url = save_copy_of_visit(archive)
    rows = by_url(run(archive, tmp_path, filters=Filters(one_per_story=True)))
    assert set(rows) == {url_of(k) for k in ARTICLES} and copy_url not in rows


def test_cluster_filter_exports_every_copy(archive, tmp_path):
    copy_url = save_copy_of_visit(archive)
    cluster = by_url(run(archive, tmp_path, name="all.jsonl"))[copy_url]["cluster"]["id"]
    rows = by_url(run(archive, tmp_path, filters=Filters(cluster=cluster)))
    assert set(rows) == {url_of("visit"), copy_url}


def test_unknown_cluster_is_an_error(archive, tmp_path):
    with pytest.raises(ValueError, match="no cluster 987654"):
        run(archive, tmp_path, filters=Filters(cluster=987654))


# -------------------------------------------------------------------- CLI
@pytest.fixture(scope="module")
def cli_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'archive.db'}"
    Archive(url)
    return url


def test_cli_stdout(cli_db):
    out = rd(cli_db, "export", "--out", "-").stdout
    assert len(out.splitlines()) == len(ARTICLES)


def test_cli_query_and_filters(cli_db):
    out = rd(cli_db, "export", "人大", "--site", "hnrd", "--from", "2024", "--out", "-").stdout
    assert [json.loads(x)["url"] for x in out.splitlines()] == [url_of("session")]


def test_cli_since_last(cli_db, tmp_path):
    first = rd(cli_db, "export", "--since-last", "cli", "--out", str(tmp_path / "a.jsonl.gz"))
    second = rd(cli_db, "export", "--since-last", "cli", "--out", str(tmp_path / "b.jsonl.gz"))
    assert (
        first.returncode,
        len(lines(tmp_path / "a.jsonl.gz")),
        second.returncode,
        lines(tmp_path / "b.jsonl.gz"),
    ) == (0, len(ARTICLES), 0, [])


def test_cli_bad_query_exit_2(cli_db):
    r = rd(cli_db, "export", "(人大", "--out", "-")
    assert (r.returncode, "Traceback" in r.stderr, "unbalanced" in r.stderr) == (2, False, True)

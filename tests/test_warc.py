"""Raw capture: WARC records for every response, pointers from the database, offline reprocessing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from crawlers.cdxj import index_path, merge_indexes
from models.tables import Article, ArticleVersion, Capture
from rdarchive.captures import CaptureError, read_capture, read_record
from rdarchive.reprocess import reprocess
from rdarchive.spiders import spider_for
from tests.conftest import ROOT, site_root
from tests.site_checks import crawl_fixture_site, sessions_for

NpcSpider = spider_for("npc")

ARTICLE = "http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"
ARTICLE_FILE = site_root("npc") / "www.npc.gov.cn/npc/c2/c30834/202403/t20240311_435118.html"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    directory = tmp_path_factory.mktemp("warc")
    result = crawl_fixture_site(NpcSpider, directory)
    with sessions_for(result.db_url)() as s:
        captures = list(s.scalars(select(Capture).order_by(Capture.id)))
        articles = {a.url: a for a in s.scalars(select(Article))}
        s.expunge_all()
    return result, captures, articles, directory / "warc"


def records(path: Path) -> list:
    with open(path, "rb") as fh:
        return [(r.rec_type, dict(r.rec_headers.headers), r.content_stream().read()) for r in ArchiveIterator(fh)]


def test_every_response_is_captured(crawled):
    result, captures, _, _ = crawled
    assert sorted(c.url for c in captures) == sorted(result.requested)


def test_error_responses_are_captured(tmp_path, crawled):
    statuses = {c.url: c.http_status for c in crawled[1]}
    assert statuses["http://www.npc.gov.cn/robots.txt"] == 200


def test_warc_files_named_by_run(crawled):
    result, _, _, warc_dir = crawled
    names = [p.name for p in warc_dir.glob("*.warc.gz")]
    assert names and all(n.startswith(f"rdarchive-npc-run{result.run.id}-") for n in names)


def test_file_starts_with_warcinfo(crawled):
    path = next(crawled[3].glob("*.warc.gz"))
    assert records(path)[0][0] == "warcinfo"


def test_warcinfo_names_software_run_robots_and_agent(crawled):
    path = next(crawled[3].glob("*.warc.gz"))
    info = records(path)[0][2].decode("utf-8")
    assert all(
        k in info
        for k in (
            "software: rdarchive",
            f"crawl run {crawled[0].run.id}",
            "robots: obey",
            "http-header-user-agent: rdarchive/",
        )
    )


def test_requests_and_responses_are_paired(crawled):
    kinds = [k for path in crawled[3].glob("*.warc.gz") for k, _, _ in records(path)[1:]]
    assert kinds.count("request") == kinds.count("response") + kinds.count("revisit") > 0


def test_records_are_warc_1_1(crawled):
    path = next(crawled[3].glob("*.warc.gz"))
    with open(path, "rb") as fh:
        assert all(r.rec_headers.protocol == "WARC/1.1" for r in ArchiveIterator(fh))


def test_article_points_to_its_capture(crawled):
    assert crawled[2][ARTICLE].capture_id is not None


def test_bytes_through_the_pointer_are_the_bytes_served(crawled):
    capture = next(c for c in crawled[1] if c.id == crawled[2][ARTICLE].capture_id)
    assert read_capture(capture, crawled[3]).body == ARTICLE_FILE.read_bytes()


def test_pointer_names_record_id_and_payload_hash(crawled):
    import hashlib

    capture = next(c for c in crawled[1] if c.id == crawled[2][ARTICLE].capture_id)
    assert (read_capture(capture, crawled[3]).record_id, capture.payload_sha256) == (
        capture.record_id,
        hashlib.sha256(ARTICLE_FILE.read_bytes()).hexdigest(),
    )


def cdxj_entries(path: Path) -> list[dict]:
    return [json.loads(line.split(" ", 2)[2]) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_warc_file_has_its_own_index(crawled):
    warcs = list(crawled[3].glob("*.warc.gz"))
    assert warcs and all(index_path(p).exists() for p in warcs)


def test_file_index_names_only_its_own_file(crawled):
    assert all({d["filename"] for d in cdxj_entries(index_path(p))} == {p.name} for p in crawled[3].glob("*.warc.gz"))


def test_no_merged_index_is_rebuilt_at_the_end_of_a_crawl(crawled):
    assert not (crawled[3] / "index.cdxj").exists()


@pytest.fixture(scope="module")
def merged(crawled, tmp_path_factory):
    out = tmp_path_factory.mktemp("merged") / "index.cdxj"
    return merge_indexes(crawled[3], out)


def test_merged_index_lists_every_response_record(crawled, merged):
    indexed = {(d["filename"], int(d["offset"])) for d in cdxj_entries(merged[0])}
    assert indexed == {(Path(c.warc_file).name, c.offset) for c in crawled[1]}


def test_merged_index_is_sorted(merged):
    lines = merged[0].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and merged[1] == len(lines)


def test_cdxj_lengths_match_the_records(crawled, merged):
    by_offset = {(Path(c.warc_file).name, c.offset): c.length for c in crawled[1]}
    assert all(int(d["length"]) == by_offset[(d["filename"], int(d["offset"]))] for d in cdxj_entries(merged[0]))


def test_merge_indexes_a_warc_file_written_without_one(tmp_path, crawled):
    import shutil

    warc = next(crawled[3].glob("*.warc.gz"))
    shutil.copy(warc, tmp_path / warc.name)
    out, lines = merge_indexes(tmp_path)
    assert (index_path(tmp_path / warc.name).exists(), lines) == (True, len(cdxj_entries(index_path(warc))))


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """A second full crawl: identical payloads become revisit records."""
    directory = tmp_path_factory.mktemp("warc-twice")
    crawl_fixture_site(NpcSpider, directory)
    result = crawl_fixture_site(NpcSpider, directory, full=True)
    with sessions_for(result.db_url)() as s:
        second = list(s.scalars(select(Capture).where(Capture.run_id == result.run.id)))
        s.expunge_all()
    for c in second:  # stored relative to the WARC root
        c.warc_file = str(directory / "warc" / c.warc_file)
    return second


def test_identical_payloads_become_revisits(twice):
    assert twice and all(c.revisit_of_id is not None for c in twice)


def test_revisit_records_in_the_warc(twice):
    assert read_record(twice[0].warc_file, twice[0].offset, twice[0].length).record_type == "revisit"


@pytest.fixture(scope="module")
def small_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("warc-rotate")
    result = crawl_fixture_site(NpcSpider, directory, settings={"RDARCHIVE_WARC_MAX_BYTES": 4000})
    return result, sorted((directory / "warc").glob("*.warc.gz"))


def test_files_rotate_by_size(small_files):
    assert len(small_files[1]) > 3


def test_rotated_files_are_numbered_in_sequence(small_files):
    assert [p.name.rsplit("-", 1)[1] for p in small_files[1][:3]] == ["00001.warc.gz", "00002.warc.gz", "00003.warc.gz"]


def test_every_rotated_file_has_its_warcinfo(small_files):
    assert all(records(p)[0][0] == "warcinfo" for p in small_files[1])


def test_every_rotated_file_has_its_index(small_files):
    assert all(index_path(p).exists() for p in small_files[1])


@pytest.fixture
def archive_copy(tmp_path, crawled):
    """A private copy of the crawled archive and its WARCs (tests below modify them)."""
    import shutil

    result = crawled[0]
    src = Path(result.db_url[len("sqlite:///") :]).parent
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    db = f"sqlite:///{dst / 'archive.db'}"
    with sessions_for(db).begin() as s:
        for c in s.scalars(select(Capture)):
            c.warc_file = str(dst / "warc" / Path(c.warc_file).name)
    return db, dst


def test_reprocess_without_changes_keeps_everything(archive_copy):
    report = reprocess(sessions_for(archive_copy[0]))
    assert dict(report.outcomes) == {"unchanged": 7}


def test_reprocess_new_extraction_makes_new_versions(archive_copy, monkeypatch):
    # Extraction "improves": the pipeline now drops the body's last line.
    from pipelines import stages

    real = stages.clean_stage

    def improved(article):
        article = real(article)
        article.body = article.body.rsplit("\n", 1)[0]
        article.body_normalized = article.body_normalized.rsplit("\n", 1)[0]
        return article

    monkeypatch.setattr(
        stages, "STAGES", (stages.extract_stage, improved, stages.metadata_stage, stages.fingerprint_stage)
    )
    reprocess(sessions_for(archive_copy[0]))
    with sessions_for(archive_copy[0])() as s:
        assert len(list(s.scalars(select(ArticleVersion)))) == 7


def test_reprocess_one_site_since_a_date(archive_copy):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    report = reprocess(
        sessions_for(archive_copy[0]), sites=["npc"], since=datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    assert sum(report.outcomes.values()) == 4


def _corrupt(db: str, url: str) -> Capture:
    with sessions_for(db)() as s:
        capture = s.get(Capture, s.scalar(select(Article.capture_id).where(Article.url == url)))
        s.expunge_all()
    with open(capture.warc_file, "r+b") as fh:
        fh.seek(capture.offset + capture.length // 2)
        fh.write(b"\x00" * 64)
    return capture


def test_corrupt_record_reported_with_file_and_offset(archive_copy):
    capture = _corrupt(archive_copy[0], ARTICLE)
    report = reprocess(sessions_for(archive_copy[0]))
    assert any(capture.warc_file in p and f"offset {capture.offset}" in p for p in report.problems)


def test_corrupt_record_skipped_others_kept(archive_copy):
    _corrupt(archive_copy[0], ARTICLE)
    report = reprocess(sessions_for(archive_copy[0]))
    assert (report.outcomes["unreadable"], report.outcomes["unchanged"]) == (1, 6)


def test_truncated_file_reported(archive_copy):
    with sessions_for(archive_copy[0])() as s:
        capture = s.get(Capture, s.scalar(select(Article.capture_id).where(Article.url == ARTICLE)))
        s.expunge_all()
    with pytest.raises(CaptureError, match=f"offset {capture.offset}"):
        read_record(capture.warc_file, capture.offset, capture.length // 3)


def test_parse_from_archive_shows_capture(archive_copy):
    out = subprocess.run(
        [
            str(Path(sys.executable).parent / "rdarchive"),
            "--db",
            archive_copy[0],
            "parse",
            ARTICLE,
            "--from-archive",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert "payload sha256" in out.stdout and ".warc.gz offset" in out.stdout


def test_reprocess_refreshes_bylines_of_unchanged_texts(archive_copy, monkeypatch):
    # The byline reader "improves": every article now credits one more writer; the texts stay the same.
    from pipelines import stages

    real = stages.metadata_stage

    def improved(article):
        article = real(article)
        article.byline.authors = [*article.byline.authors, "新作者"]
        return article

    monkeypatch.setattr(
        stages, "STAGES", (stages.extract_stage, stages.clean_stage, improved, stages.fingerprint_stage)
    )
    report = reprocess(sessions_for(archive_copy[0]))
    with sessions_for(archive_copy[0])() as s:
        authors = [a.authors for a in s.scalars(select(Article))]
        versions = len(list(s.scalars(select(ArticleVersion))))
    assert (dict(report.outcomes), all("新作者" in a for a in authors), versions) == ({"refreshed": 7}, True, 0)


@pytest.fixture(scope="module")
def cdxj_command(crawled, tmp_path_factory):
    out = tmp_path_factory.mktemp("cdxj-cli") / "all.cdxj"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "rdarchive"), "cdxj", "--warc-dir", str(crawled[3]), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    return done, out


def test_cdxj_command_writes_the_merged_index(crawled, cdxj_command):
    assert len(cdxj_entries(cdxj_command[1])) == len(crawled[1])


def test_cdxj_command_says_how_many_records(crawled, cdxj_command):
    assert f"{len(crawled[1])} records from" in cdxj_command[0].stdout


def test_cdxj_command_on_a_missing_directory_is_one_line(tmp_path):
    done = subprocess.run(
        [str(Path(sys.executable).parent / "rdarchive"), "cdxj", "--warc-dir", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert (done.returncode, len(done.stderr.strip().splitlines())) == (2, 1)

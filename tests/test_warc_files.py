"""WARC files are written in a local spool and published, indexed, to the WARC root when closed.

Captures name their file relative to the root, so the root can be mounted
anywhere (another machine, another path) and still be read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers.cdxj import index_path
from crawlers.warc_files import publish, recover_orphans, resolve
from models.tables import Capture
from rdarchive.reprocess import reprocess
from rdarchive.spiders import spider_for
from tests.reliability_plugin import case
from tests.site_checks import crawl_fixture_site, sessions_for

NpcSpider = spider_for("npc")


@pytest.fixture(scope="module")
def spooled(tmp_path_factory):
    """A crawl with its spool apart from its root (as a local disk beside shared storage)."""
    directory = tmp_path_factory.mktemp("spooled")
    root, spool = directory / "shared", directory / "local"
    result = crawl_fixture_site(
        NpcSpider, directory, settings={"RDARCHIVE_WARC_DIR": str(root), "RDARCHIVE_WARC_SPOOL": str(spool)}
    )
    with sessions_for(result.db_url)() as s:
        captures = list(s.scalars(select(Capture)))
        s.expunge_all()
    return result, captures, root, spool


def test_captures_name_their_file_relative_to_the_root(spooled):
    assert {Path(c.warc_file).is_absolute() for c in spooled[1]} == {False}


def test_every_capture_file_is_in_the_root(spooled):
    assert all((spooled[2] / c.warc_file).exists() for c in spooled[1])


def test_every_file_in_the_root_has_its_index(spooled):
    warcs = list(spooled[2].glob("*.warc.gz"))
    assert warcs and all(index_path(p).exists() for p in warcs)


def test_nothing_is_left_in_the_spool(spooled):
    assert list(spooled[3].iterdir()) == []


@case(
    "scale",
    "The WARC root mounted at another path (another machine) after the crawl",
    "captures are read through their root-relative names: reprocessing finds every article unchanged",
)
def test_root_moved_elsewhere_is_still_read(spooled, tmp_path, monkeypatch):
    result = spooled[0]
    moved = tmp_path / "mounted-here"
    shutil.copytree(spooled[2], moved)
    db = tmp_path / "archive.db"
    shutil.copy(Path(result.db_url[len("sqlite:///") :]), db)
    monkeypatch.setenv("RDARCHIVE_WARC_DIR", str(moved))
    report = reprocess(sessions_for(f"sqlite:///{db}"))
    assert (report.problems, report.outcomes["unchanged"]) == ([], len(result.records))


@pytest.fixture
def orphan(spooled, tmp_path):
    """A WARC file left in a spool by a killed crawl (nobody holds its lock), and an empty root."""
    spool, root = tmp_path / "spool", tmp_path / "root"
    spool.mkdir()
    source = next(spooled[2].glob("*.warc.gz"))
    shutil.copy(source, spool / source.name)
    return spool, root, source.name


@case(
    "scale",
    "A WARC file left in the spool by a crawl killed before it could publish it",
    "the next crawl on that machine indexes it and moves it into the root",
)
def test_orphan_is_published(orphan):
    spool, root, name = orphan
    recover_orphans(spool, root)
    assert ((root / name).exists(), index_path(root / name).exists(), (spool / name).exists()) == (True, True, False)


def test_file_being_written_is_left_alone(orphan):
    import fcntl

    spool, root, name = orphan
    with open(spool / name, "ab") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)
        assert recover_orphans(spool, root) == []


def test_capture_of_an_unpublished_file_is_found_in_the_spool(orphan):
    spool, root, name = orphan
    assert resolve(name, root, spool) == spool / name


def test_publish_into_the_same_directory_only_indexes(tmp_path, spooled):
    source = next(spooled[2].glob("*.warc.gz"))
    shutil.copy(source, tmp_path / source.name)
    assert (publish(tmp_path / source.name, tmp_path), index_path(tmp_path / source.name).exists()) == (
        tmp_path / source.name,
        True,
    )

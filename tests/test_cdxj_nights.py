"""A night's crawl never reads the WARC files of earlier nights: each file is indexed when it closes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawlers.cdxj import index_path
from rdarchive.spiders import spider_for
from tests.reliability_plugin import case
from tests.site_checks import crawl_fixture_site

NpcSpider = spider_for("npc")

OLD = 1_000_000.0  # an access time long before any write: relatime updates it on the next read


def atime_works(directory: Path) -> bool:
    probe = directory / "probe"
    probe.write_bytes(b"x")
    os.utime(probe, (OLD, probe.stat().st_mtime))
    probe.read_bytes()
    return probe.stat().st_atime != OLD


@pytest.fixture(scope="module")
def second_night(tmp_path_factory):
    """Night 1 crawls; its WARC files are then replaced by garbage; night 2 crawls again.

    A read of an earlier file is seen by its access time (set far in the past,
    before its modification time, so even a relatime mount records the read).
    """
    directory = tmp_path_factory.mktemp("warc-nights")
    if not atime_works(directory):
        pytest.skip(f"{directory}: the file system does not record access times (noatime), so reads cannot be seen")
    crawl_fixture_site(NpcSpider, directory)
    first = {p: b"not a warc file" for p in (directory / "warc").glob("*.warc.gz")}
    for path, garbage in first.items():
        path.write_bytes(garbage)
        os.utime(path, (OLD, path.stat().st_mtime))
    result = crawl_fixture_site(NpcSpider, directory, full=True)
    read = [p for p in first if p.stat().st_atime != OLD]
    return result, first, read, directory / "warc"


@case(
    "scale",
    "A nightly crawl beside earlier nights' WARC files (replaced by garbage)",
    "the crawl succeeds and indexes only its own files; no earlier night's WARC file is opened",
)
def test_a_night_never_opens_earlier_nights_warc_files(second_night):
    _, first, read, _ = second_night
    assert first and read == []


def test_a_night_indexes_its_own_files(second_night):
    result, first, _, warc_dir = second_night
    tonight = [p for p in warc_dir.glob("*.warc.gz") if p not in first]
    assert (result.run.status, bool(tonight), all(index_path(p).exists() for p in tonight)) == (
        "succeeded",
        True,
        True,
    )


def test_earlier_nights_files_are_left_as_they_were(second_night):
    _, first, _, _ = second_night
    assert all(Path(p).read_bytes() == garbage for p, garbage in first.items())

"""`rdarchive sites --jurisdictions`: coverage of the gazetteer's prefecture and county units."""

from __future__ import annotations

import json

import pytest

from rdarchive.cli import main
from rdarchive.coverage import coverage, gazetteer_units

SITES = {"lzrd": "450200", "ycrd": "640100", "bsrd": "310113", "npc": None, "hnrd": "430000", "lzrd2": "450200"}


@pytest.fixture(scope="module")
def result():
    return coverage(SITES, crawled_sites={"lzrd"})


def test_prefecture_units_counted_without_groupings():
    units, _ = gazetteer_units()
    prefectures = [u for u in units if u.level == "prefecture"]
    assert 330 <= len(prefectures) <= 340 and not any(u.name == "市辖区" for u in prefectures)


def test_county_units_counted():
    units, _ = gazetteer_units()
    assert 2800 <= sum(u.level == "county" for u in units) <= 3000


def test_no_units_outside_the_mainland():
    units, _ = gazetteer_units()
    assert not any(u.code[:2] in ("71", "81", "82") for u in units)


def test_prefectures_with_a_site(result):
    assert result.with_site["prefecture"] == ["450200", "640100"]


def test_counties_with_a_site(result):
    assert result.with_site["county"] == ["310113"]


def test_crawled_prefectures(result):
    assert result.crawled["prefecture"] == ["450200"]


def test_no_crawled_county(result):
    assert result.crawled["county"] == []


def test_two_sites_of_one_unit_are_both_named(result):
    assert result.sites["450200"] == ["lzrd", "lzrd2"]


def test_provincial_site_is_no_local_coverage(result):
    assert "湖南省" in result.provinces_without


def test_provinces_with_local_sites_not_listed(result):
    assert not {"广西壮族自治区", "宁夏回族自治区", "上海市"} & set(result.provinces_without)


def test_thirty_one_provinces_less_the_covered(result):
    assert len(result.provinces_without) == 31 - 3


def test_cli_prints_levels_and_provinces(tmp_path, capsys):
    assert main(["sites", "--jurisdictions", "--db", f"sqlite:///{tmp_path / 'a.db'}"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["level", "units", "with", "a", "site", "crawled"] and "山西省" in out


def test_cli_json_counts_the_project_sites(tmp_path, capsys):
    assert main(["sites", "--jurisdictions", "--json", "--db", f"sqlite:///{tmp_path / 'a.db'}"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["levels"]["prefecture"]["with_site"], data["levels"]["county"]["crawled"]) == (2, 0)

"""Date forms of the 人大 sites, always in Asia/Shanghai."""
from __future__ import annotations

import pytest

from pipelines.dates import date_from_url, parse_date


@pytest.mark.parametrize("text,iso", [
    ("2024-03-11 10:30", "2024-03-11T10:30:00+08:00"),
    ("发布时间：2024-03-11 10:30:05", "2024-03-11T10:30:05+08:00"),
    ("2019年01月07日 10:40", "2019-01-07T10:40:00+08:00"),
    ("2024年3月1日", "2024-03-01T00:00:00+08:00"),
    ("2024/03/11", "2024-03-11T00:00:00+08:00"),
    ("2024.03.11", "2024-03-11T00:00:00+08:00"),
    ("二〇二四年三月十一日", "2024-03-11T00:00:00+08:00"),
    ("二〇一〇年十二月二十五日", "2010-12-25T00:00:00+08:00"),
])
def test_parse_date(text, iso):
    assert parse_date(text).isoformat() == iso


def test_impossible_date_is_none():
    assert parse_date("2024-02-30") is None


def test_no_date_is_none():
    assert parse_date("来源：中国人大网") is None


@pytest.mark.parametrize("url,day", [
    ("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_436000.html", "2024-03-11"),
    ("http://www.npc.gov.cn/npc/xinwen/2008-02/23/content_1.htm", "2008-02-23"),
    ("http://www.hnrd.gov.cn/content/2021/04/02/9.html", "2021-04-02"),
])
def test_date_from_url(url, day):
    assert date_from_url(url).date().isoformat() == day


def test_url_without_date():
    assert date_from_url("http://www.npc.gov.cn/npc/c2/c30834/index.html") is None

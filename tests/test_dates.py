"""Date forms of the 人大 sites, always in Asia/Shanghai."""

from __future__ import annotations

import pytest

from pipelines.dates import date_from_url, parse_date


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2024-03-11 10:30", "2024-03-11T10:30:00+08:00"),
        ("发布时间：2024-03-11 10:30:05", "2024-03-11T10:30:05+08:00"),
        ("2019年01月07日 10:40", "2019-01-07T10:40:00+08:00"),
        ("2024年3月1日", "2024-03-01T00:00:00+08:00"),
        ("2024/03/11", "2024-03-11T00:00:00+08:00"),
        ("2024.03.11", "2024-03-11T00:00:00+08:00"),
        ("二〇二四年三月十一日", "2024-03-11T00:00:00+08:00"),
        ("二〇一〇年十二月二十五日", "2010-12-25T00:00:00+08:00"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text).isoformat() == iso


def test_impossible_date_is_none():
    assert parse_date("2024-02-30") is None


def test_no_date_is_none():
    assert parse_date("来源：中国人大网") is None


@pytest.mark.parametrize(
    "url,day",
    [
        ("http://www.npc.gov.cn/npc/c2/c30834/202403/t20240311_436000.html", "2024-03-11"),
        ("http://www.npc.gov.cn/npc/xinwen/2008-02/23/content_1.htm", "2008-02-23"),
        ("http://www.hnrd.gov.cn/content/2021/04/02/9.html", "2021-04-02"),
    ],
)
def test_date_from_url(url, day):
    assert date_from_url(url).date().isoformat() == day


def test_url_without_date():
    assert date_from_url("http://www.npc.gov.cn/npc/c2/c30834/index.html") is None


@pytest.mark.parametrize(
    "text,iso",
    [
        # A 12-hour clock is the US order: month first.
        ("发布日期： 9/17/2004 5:54:13 AM", "2004-09-17T05:54:13+08:00"),
        ("7/5/2005 9:23:57 PM", "2005-07-05T21:23:57+08:00"),
        ("发表于2005年09月07日 11:57 AM", "2005-09-07T11:57:00+08:00"),
        ("12:30 AM", None),
        ("2005-04-27 14:32PM", "2005-04-27T14:32:00+08:00"),  # a 24-hour time with a stray suffix
        # Day first, where only that reading is a date.
        ("17/09/2004 - 13:48", "2004-09-17T13:48:00+08:00"),
        ("09/17/2004", "2004-09-17T00:00:00+08:00"),
    ],
)
def test_slashed_and_twelve_hour_dates(text, iso):
    value = parse_date(text)
    assert (value.isoformat() if value else None) == iso


def test_ambiguous_day_month_is_left_alone():
    # 06/02/2022: June 2 or February 6? Nothing on the line says.
    assert parse_date("发表时间： 06/02/2022 - 13:48") is None


def test_dates_found_in_order_of_appearance():
    from pipelines.dates import find_dates

    found = find_dates("更新 9/17/2004 5:54 AM，另见 2004-09-20")
    assert [d.date().isoformat() for d in found] == ["2004-09-17", "2004-09-20"]


def test_chinese_numeral_year_with_letter_o_for_zero():
    assert parse_date("二O二四年三月十一日").isoformat() == "2024-03-11T00:00:00+08:00"


def test_four_zeros_are_no_year():
    assert parse_date("OOOO年三月一日") is None

"""The facts that tell template news apart: session numbers, dates and names in the same frames."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pipelines.storyfacts import apart, conflict, facts, story
from pipelines.textnorm import normalize_text

SH = ZoneInfo("Asia/Shanghai")


def f(text: str):
    return facts(normalize_text(text))


def test_session_numbers_in_one_frame_conflict():
    assert conflict(f("省人大常委会第十次主任会议召开"), f("省人大常委会第十一次主任会议召开"))


def test_chinese_and_arabic_numerals_are_one_value():
    assert not conflict(f("省人大常委会第十一次主任会议召开"), f("省人大常委会第11次主任会议召开"))


def test_year_in_chinese_numerals_is_read():
    assert not conflict(f("二〇二四年三月五日湖南省"), f("2024年3月5日湖南省"))


def test_terms_conflict():
    assert conflict(f("十三届全国人大一次会议开幕"), f("十四届全国人大一次会议开幕"))


def test_dates_in_one_frame_conflict():
    assert conflict(f("3月5日，省人大常委会召开党组会议"), f("4月9日，省人大常委会召开党组会议"))


def test_names_after_one_role_conflict():
    assert conflict(f("常委会主任王明主持会议"), f("常委会主任李强主持会议"))


def test_facts_in_other_frames_do_not_conflict():
    assert not conflict(f("本报长沙3月5日讯　全省人大代表积极履职"), f("4月9日，省人大常委会召开党组会议"))


def test_traditional_title_has_the_simplified_facts():
    assert f("十四屆全國人大常委會第十次委員長會議") == f("十四届全国人大常委会第十次委员长会议")


def test_a_text_without_facts_conflicts_with_nothing():
    assert not conflict(f("代表们认真审议报告"), f("省人大常委会第十次主任会议"))


def test_title_conflict_keeps_stories_apart_whatever_the_dates():
    day = datetime(2024, 3, 5, tzinfo=SH)
    a = story(normalize_text("第十次主任会议召开"), "", day)
    b = story(normalize_text("第十一次主任会议召开"), "", day)
    assert apart(a, b)


def test_lead_conflict_within_repost_days_is_a_repost():
    lead_a, lead_b = (
        normalize_text("3月5日，省人大常委会召开党组会议。"),
        normalize_text("3月6日，省人大常委会召开党组会议。"),
    )
    a = story(None, lead_a, datetime(2024, 3, 5, tzinfo=SH))
    b = story(None, lead_b, datetime(2024, 3, 6, tzinfo=SH))
    assert not apart(a, b)


def test_lead_conflict_weeks_apart_is_another_story():
    lead_a, lead_b = (
        normalize_text("3月5日，省人大常委会召开党组会议。"),
        normalize_text("4月9日，省人大常委会召开党组会议。"),
    )
    a = story(None, lead_a, datetime(2024, 3, 5, tzinfo=SH))
    b = story(None, lead_b, datetime(2024, 4, 9, tzinfo=SH))
    assert apart(a, b)


def test_byline_line_in_the_body_is_no_lead():
    body = normalize_text("来源：湖南日报　发布时间：2024-03-05\n省人大常委会召开党组会议。")
    other = normalize_text("来源：湖南日报　发布时间：2024-04-09\n省人大常委会召开党组会议。")
    a, b = story(None, body, datetime(2024, 3, 5, tzinfo=SH)), story(None, other, datetime(2024, 4, 9, tzinfo=SH))
    assert not apart(a, b)

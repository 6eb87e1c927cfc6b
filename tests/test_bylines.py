"""Byline blocks in the forms the 人大 sites print them (registry, pages_texts.md)."""
from __future__ import annotations

import pytest

from pipelines.bylines import looks_like_byline, parse_byline

# NPC TRS: source and date above the body, padded editor labels below it.
NPC = parse_byline("来源： 中国人大网 浏览字号： 大 中 小 2019年01月07日 10:40 编       辑： 冯涛 责       编： 张绍敏")
# NPC ENP 2008: unlabelled site name, 日期：, an empty 责任编辑：.
ENP = parse_byline("中国人大网 www.npc.gov.cn 日期： 2008-02-23 浏览字号：大 中 小 来源： 中国人大网 责任编辑：")
# Provincial style: everything on one line, full-width spaces, several authors.
PROV = parse_byline("发布时间：2024-03-11 10:30　来源：湖南日报　作者：本报记者 周一、吴二　编辑：郑三　审核：王四")


def test_npc_source():
    assert NPC.source == "中国人大网"


def test_npc_editor_with_padded_label():
    assert NPC.editors == ["冯涛"]


def test_npc_responsible_editor_kept_apart():
    assert NPC.responsible_editors == ["张绍敏"]


def test_npc_unlabelled_date():
    assert NPC.published_at.isoformat() == "2019-01-07T10:40:00+08:00"


def test_enp_source():
    assert ENP.source == "中国人大网"


def test_enp_empty_responsible_editor():
    assert ENP.responsible_editors == []


def test_enp_date():
    assert ENP.published_at.isoformat() == "2008-02-23T00:00:00+08:00"


def test_provincial_authors_without_reporter_prefix():
    assert PROV.authors == ["周一", "吴二"]


def test_provincial_source():
    assert PROV.source == "湖南日报"


def test_provincial_editor():
    assert PROV.editors == ["郑三"]


def test_provincial_reviewer():
    assert PROV.reviewers == ["王四"]


def test_provincial_date_with_label():
    assert PROV.published_at.isoformat() == "2024-03-11T10:30:00+08:00"


@pytest.mark.parametrize("text,names", [
    ("编辑：张三/李四", ["张三", "李四"]),
    ("编辑:张三，李四", ["张三", "李四"]),
    ("编辑： 张三 李四", ["张三", "李四"]),
])
def test_name_separators(text, names):
    assert parse_byline(text).editors == names


def test_bracketed_source():
    assert parse_byline("【来源：新华社】").source == "新华社"


def test_source_stops_at_date():
    assert parse_byline("来源：人民网 2024-01-02 08:00").source == "人民网"


def test_empty_block():
    assert parse_byline("").source is None


def test_law_sentence_is_not_a_byline():
    assert not looks_like_byline("（三）证据和证据来源、证人姓名和住所。")


def test_editor_line_is_a_byline():
    assert looks_like_byline("责任编辑：张三")


def test_cms_account_is_not_an_editor():
    assert parse_byline("来源:湖南日报 编辑:redcloud 2024-03-11 10:30:00").editors == []


def test_video_credit_is_not_swallowed_by_author():
    assert parse_byline("作者:周一 视频:吴二").authors == ["周一", "吴二"]


def test_review_chain_labels():
    assert parse_byline("初审:郑三 二审:王四 主审:冯五").reviewers == ["郑三", "王四", "冯五"]


def test_publication_source_keeps_its_title_marks_and_issue():
    assert parse_byline("来源:《中国人大》杂志2025年第12期").source == "《中国人大》杂志2025年第12期"


def test_newspaper_in_title_marks_is_one_source():
    assert parse_byline("来源:《广西日报》2018年1月24日").source == "广西日报"

"""Byline blocks in the forms the 人大 sites print them (registry, pages_texts.md)."""

from __future__ import annotations

from datetime import datetime

import opencc
import pytest

from core.zone import SHANGHAI
from pipelines.bylines import looks_like_byline, parse_byline
from pipelines.textnorm import to_simplified

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


@pytest.mark.parametrize(
    "text,names",
    [
        ("编辑：张三/李四", ["张三", "李四"]),
        ("编辑:张三，李四", ["张三", "李四"]),
        ("编辑： 张三 李四", ["张三", "李四"]),
    ],
)
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


# ---- values cut at page furniture, names that are not names
@pytest.mark.parametrize(
    "text,authors",
    [
        ("作者:zboygirl 阅读(1660) 评论(5) 编辑 发表于:2005-07-31 12:30", ["zboygirl"]),
        ("发表时间： 06/02/2022 - 13:48 作者： 安东尼 7 分钟", ["安东尼"]),
        ("2015-11-05 阅读：8169 来源:转载 作者:孙仲旻 分享：", ["孙仲旻"]),
        ("- 作者： 流泉 访问统计： 2005年08月30日, 星期二 13:22", ["流泉"]),
        ('作者： size="20" 来源： size="20" 发布日期： 7/5/2005 9:23:57 PM', []),
        ("作者:\n赵  培：北京物资学院，北京", ["赵培"]),
        ("作者：放飞&心情", ["放飞&心情"]),
    ],
)
def test_author_value_stops_at_furniture(text, authors):
    assert parse_byline(text).authors == authors


def test_markup_is_not_a_source():
    assert parse_byline('作者： size="20" 来源： size="20"').source is None


def test_interview_question_is_not_a_reporter():
    line = "记者：据你了解农民通过什么渠道来获取这些信息，比如农业政策、农机之类的信息？"
    assert parse_byline(line).authors == []


def test_forum_handle_is_an_author_but_a_cms_account_is_no_editor():
    parsed = parse_byline("作者:ggjjzhzz 编辑:admin 审核:redcloud")
    assert parsed.authors == ["ggjjzhzz"]
    assert parsed.editors == [] and parsed.reviewers == []


def test_drafters_and_issuing_body_are_authors():
    assert parse_byline("执笔人：闵乐夫 赵兰波 刘韬").authors == ["闵乐夫", "赵兰波", "刘韬"]
    assert parse_byline("发文机关： 吉林省人民政府 成文日期： 2022年01月27日").authors == ["吉林省人民政府"]


def test_document_date_label():
    parsed = parse_byline("发文机关： 吉林省人民政府 成文日期： 2022年01月27日")
    assert parsed.published_at.isoformat() == "2022-01-27T00:00:00+08:00"


@pytest.mark.parametrize(
    "text,iso",
    [
        ("|发布: 2021-1-29 13:18|点击: 313|来自: 互联网", "2021-01-29T13:18:00+08:00"),
        ("发表于:2005-07-31 12:30", "2005-07-31T12:30:00+08:00"),
        ("录入时间：2024-03-11", "2024-03-11T00:00:00+08:00"),
    ],
)
def test_publish_labels(text, iso):
    assert parse_byline(text).published_at.isoformat() == iso


def test_other_kinds_of_dates_are_not_publish_labels():
    from pipelines.bylines import labelled_date

    # An infobox's release date, a visitor counter's clock: not when the page was published.
    assert labelled_date("发行日期：2001年12月14日") == (None, False)
    assert labelled_date("作者： 流泉 访问统计： 2005年08月30日 13:22") == (None, False)
    value, labelled = labelled_date("2004-12-10 11:55:08 来源: 网易商业报道")
    assert value.isoformat() == "2004-12-10T11:55:08+08:00" and not labelled


# City papers put their reporter inside 来源 (柳州, PG GX2): the outlet is the source, the reporter the author.
CITY = parse_byline("发布日期:2026-02-26 16:20  |  来源:柳州市融媒体中心记者 覃明川  |  将本文分享到:")


def test_reporter_inside_source_leaves_the_outlet():
    assert CITY.source == "柳州市融媒体中心"


def test_reporter_inside_source_is_the_author():
    assert CITY.authors == ["覃明川"]


def test_spaced_reporters_inside_source():
    assert parse_byline("来源：柳州日报 记者 张三 李四").authors == ["张三", "李四"]


def test_source_ending_in_reporter_station_is_not_split():
    assert parse_byline("来源：新华社记者站").source == "新华社记者站"


def test_labelled_author_kept_beside_reporter_in_source():
    assert parse_byline("来源：湖南日报记者 周一　作者：吴二").authors == ["周一", "吴二"]


# Traditional-script mirrors and reprints (the form of 红网 mirrors: one line, a CMS login as editor).
MIRROR = parse_byline("來源:湖南人大網 作者:鄭曉華 編輯:redcloud 2023-05-09 17:03:07")
# Hong Kong / Taiwan reprint: full-width colons, 責任編輯 and 發佈時間.
REPRINT = parse_byline("發佈時間：2021年2月3日 09:00　來源：廣東人大網　作者：本報記者 黃曉明、趙國強　責任編輯：陳立")
# Mixed scripts in one block: 發布 (traditional 發, simplified 布), 编辑 beside 責編.
MIXED = parse_byline("發布日期：2024-03-11 来源：南方日報 编辑：錢海 責編：孫麗")


def test_traditional_source():
    assert MIRROR.source == "湖南人大網"


def test_traditional_author():
    assert MIRROR.authors == ["鄭曉華"]


def test_traditional_login_editor_is_no_author():
    assert "編輯" not in MIRROR.authors and MIRROR.editors == []


def test_traditional_date():
    assert MIRROR.published_at.isoformat() == "2023-05-09T17:03:07+08:00"


def test_traditional_empty_author_label_is_no_author():
    assert parse_byline("來源:全國人大 作者: 編輯:redcloud 2023-05-09 17:03:07").authors == []


def test_traditional_editor_name():
    assert parse_byline("來源:湖南日報 編輯:劉曉燕 2023-05-09").editors == ["劉曉燕"]


def test_reprint_authors_without_reporter_prefix():
    assert REPRINT.authors == ["黃曉明", "趙國強"]


def test_reprint_responsible_editor():
    assert REPRINT.responsible_editors == ["陳立"]


def test_reprint_publish_time_label():
    assert REPRINT.published_at.isoformat() == "2021-02-03T09:00:00+08:00"


def test_reprint_source():
    assert REPRINT.source == "廣東人大網"


def test_short_responsible_editor_label():
    assert parse_byline("責編：劉曉 來源：新華社").responsible_editors == ["劉曉"]


def test_mixed_script_date_label():
    assert MIXED.published_at.isoformat() == "2024-03-11T00:00:00+08:00"


def test_mixed_script_source():
    assert MIXED.source == "南方日報"


def test_mixed_script_editors():
    assert (MIXED.editors, MIXED.responsible_editors) == (["錢海"], ["孫麗"])


def test_traditional_byline_line_recognised():
    assert looks_like_byline("來源:湖南人大網 作者:鄭曉華 編輯:redcloud 2023-05-09 17:03:07")


def test_traditional_reporter_in_source_value():
    byline = parse_byline("來源:柳州日報 記者 張曉 李明")
    assert (byline.source, byline.authors) == ("柳州日報", ["張曉", "李明"])


# The byline forms of the 人大 sites as ../shared/sites/pages_texts.md lists them (the forms; the
# values here are made up): (source, authors, published_at) of each.
SITE_FORMS = {
    "npc_trs": ("来源： 中国人大网  浏览字号： 大 中 小 2024年05月06日 09:30", "中国人大网", [], "2024-05-06T09:30"),
    "hnrd_hongwang": (
        "来源:湖南人大网 作者:邹某某 编辑:易某某 2022-05-11 16:38:47",
        "湖南人大网",
        ["邹某某"],
        "2022-05-11T16:38:47",
    ),
    "bjrd": ("日期:2023-01-16 来源:北京人大 【字号: 收藏 打印", "北京人大", [], "2023-01-16T00:00"),
    "jsrd": ("2021-02-03 10:20  来源:江苏人大网", "江苏人大网", [], "2021-02-03T10:20"),
    "henanrd": ("时间:2012-01-14  来源:河南人大网", "河南人大网", [], "2012-01-14T00:00"),
    "rd_gd": ("时间:2019-05-20 来源:广东人大网 分享到:", "广东人大网", [], "2019-05-20T00:00"),
    "cqrd": ("时间:2022-03-04", None, [], "2022-03-04T00:00"),
    "xmrd": ("发布时间:2020-06-01 10:11:12 字体大小:[大][中][小]", None, [], "2020-06-01T10:11:12"),
    "zjrd_rdh": ("作者: 来源: 发布时间:2018-01-30 09:08:07", None, [], "2018-01-30T09:08:07"),
    "hppc": ("来源:湖北人大网   时间:2023-07-08 09:10   [收藏] [打印] [关闭]", "湖北人大网", [], "2023-07-08T09:10"),
    "gsrdw": ("稿件来源:甘肃人大网 发布时间:2023-03-30 11:12:13", "甘肃人大网", [], "2023-03-30T11:12:13"),
    "gxrd": ("http://www.gxrd.gov.cn    2018年09月10日 10:20      来源:广西日报", "广西日报", [], "2018-09-10T10:20"),
    "ynrd": (
        "发布时间: 2023-08-08      来源:云南人大网      【字体:大 中 小】     分享到:",
        "云南人大网",
        [],
        "2023-08-08T00:00",
    ),
    "hhhtrd": ("来源:本站 上传日期:2020/3/4 阅读次数:1234", "本站", [], "2020-03-04T00:00"),
    "lyrenda": ("2021年05月06日", None, [], "2021-05-06T00:00"),
    "lzrd": ("发布日期:2026-02-27 10:11  |  来源:柳州日报", "柳州日报", [], "2026-02-27T10:11"),
    "yinchuan": ("发布日期:2020-01-08", None, [], "2020-01-08T00:00"),
    "bhxqrd": ("稿源:滨海新区人大        发稿日期:2020-12-02 10:11", "滨海新区人大", [], "2020-12-02T10:11"),
    "gyrd": ("发布时间:2023-04-05 10:11    阅读:321次", None, [], "2023-04-05T10:11"),
    "hnxxrd": ("作者: 发布时间:2023年11月22日 来源:", None, [], "2023-11-22T00:00"),
}


@pytest.mark.parametrize("form", SITE_FORMS, ids=list(SITE_FORMS))
def test_site_byline_form(form):
    text, source, authors, when = SITE_FORMS[form]
    byline = parse_byline(text)
    assert (byline.source, byline.authors, byline.published_at) == (source, authors, _at(when))


def _at(when: str) -> datetime:
    return datetime.fromisoformat(when).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("form", SITE_FORMS, ids=list(SITE_FORMS))
def test_site_byline_form_in_traditional_script(form):
    """The same forms converted to traditional script (OpenCC, labels too) read the same."""
    text, source, authors, _ = SITE_FORMS[form]
    traditional = parse_byline(_s2t(text))
    assert ([to_simplified(n) for n in traditional.authors], traditional.published_at) == (
        authors,
        parse_byline(text).published_at,
    )
    assert (to_simplified(traditional.source) if traditional.source else None) == source


def _s2t(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


def test_henanrd_editorial_office_editor():
    assert parse_byline("编辑:河南人大网编辑部").editors == ["河南人大网编辑部"]


def test_gxrd_review_chain():
    byline = parse_byline("初审:甲某某 二审:乙某某 主审:丙某某")
    assert byline.reviewers == ["甲某某", "乙某某", "丙某某"]

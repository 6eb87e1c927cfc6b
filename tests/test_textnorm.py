"""Text forms: furniture removed, traditional and pinyin-annotated mirrors normalise alike."""

from __future__ import annotations

from pipelines.textnorm import content_hash, normalize_text, strip_boilerplate_lines

BODY = "　　常委会听取了报告。\n浏览字号：大 中 小\n　　会议还审议了草案。\n打印本页 关闭窗口\n相关文章\n另一篇文章标题"


def test_furniture_lines_removed():
    assert strip_boilerplate_lines(BODY) == "常委会听取了报告。\n会议还审议了草案。"


def test_share_and_qr_lines_removed():
    assert strip_boilerplate_lines("第一段\n—分享—\n湖南人大微信\n公众号二维码\n第二段") == "第一段\n第二段"


def test_traditional_normalises_to_simplified():
    assert normalize_text("常務委員會會議") == "常务委员会会议"


def test_pinyin_annotations_dropped():
    assert normalize_text("人大動態(tài)網(wǎng)") == "人大动态网"


def test_numbers_in_brackets_kept():
    assert normalize_text("第十次会议(2024)") == "第十次会议(2024)"


def test_mirror_hashes_like_original():
    assert content_hash(normalize_text("常務委員會(huì)會議")) == content_hash(normalize_text("常务委员会会议"))


def test_layout_does_not_change_hash():
    assert content_hash("第一段\n第二段") == content_hash("第一段 第二段")

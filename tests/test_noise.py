"""Embedded pictures and their placeholders never reach the body or the fingerprint."""

from __future__ import annotations

import base64
import random

from core.article import ParsedArticle
from core.page import Page
from pipelines import neardup
from pipelines.noise import strip_noise
from pipelines.stages import clean_stage
from pipelines.textnorm import content_hash, normalize_text

# Bytes of our own making, as an editor's pasted picture would carry.
BLOB = base64.b64encode(random.Random(7).randbytes(258)).decode()
TEXT = (
    "5月20日，县人大常委会组织部分代表视察城区道路改造工程。\n"
    "代表们先后来到三个施工现场，听取了工程进度和安全管理情况的汇报。\n"
    "代表们要求，要合理安排工期，减少施工对群众出行的影响。"
)


def test_base64_paragraph_removed():
    assert strip_noise(f"第一段。\n{BLOB}\n第二段。") == "第一段。\n第二段。"


def test_data_uri_inside_a_line_removed():
    assert strip_noise(f"会议现场data:image/png;base64,{BLOB}照片。") == "会议现场照片。"


def test_data_uri_wrapped_over_lines_removed():
    wrapped = "\n".join(BLOB[i : i + 76] for i in range(0, len(BLOB), 76))
    assert strip_noise(f"开头。\ndata:image/jpeg;base64,{wrapped}\n结尾。") == "开头。\n结尾。"


def test_simplified_placeholder_removed():
    assert strip_noise("代表们察看了工程现场[图片]并听取汇报。") == "代表们察看了工程现场并听取汇报。"


def test_traditional_placeholder_line_removed():
    assert strip_noise("第一段。\n【圖片】\n第二段。") == "第一段。\n第二段。"


def test_latin_placeholder_removed():
    assert strip_noise("第一段。\n[IMG]\n第二段。") == "第一段。\n第二段。"


def test_picture_file_name_line_removed():
    assert strip_noise("第一段。\nW020240520123456789012.jpg\n第二段。") == "第一段。\n第二段。"


def test_escaped_img_tag_removed():
    assert strip_noise('第一段。<img src="/a.png" alt="">第二段。') == "第一段。第二段。"


def test_picture_caption_kept():
    assert strip_noise("图为视察现场。") == "图为视察现场。"


def test_hex_digest_kept():
    digest = "a28ede747c822c44a927d649abc3073302cb1f6da099050f151f95dece6d42ae"
    assert strip_noise(f"校验值 {digest}") == f"校验值 {digest}"


def test_url_with_short_token_kept():
    url = "https://mp.weixin.qq.com/s?__biz=MzAxMzgxNzUxOA==&mid=2650804290"
    assert strip_noise(f"原文链接：{url}") == f"原文链接：{url}"


def test_normalised_text_has_no_blob():
    assert content_hash(normalize_text(f"{TEXT}\n{BLOB}")) == content_hash(normalize_text(TEXT))


def test_fingerprint_ignores_the_blob():
    with_blob = neardup.signature(normalize_text(f"{TEXT}\n{BLOB}\n[图片]"))
    assert with_blob == neardup.signature(normalize_text(TEXT))


def test_clean_stage_drops_the_blob_from_the_body():
    page = Page(url="http://example.org/a.html", html="", site="test")
    article = clean_stage(ParsedArticle(page=page, body=f"{TEXT}\n{BLOB}\n【图片】"))
    assert article.body == TEXT

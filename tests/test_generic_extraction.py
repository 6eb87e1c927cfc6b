"""Generic body extraction (pipelines/generic/body.py) on small pages written for these tests."""

from __future__ import annotations

import time

from pipelines.generic.body import generic_extract
from pipelines.generic.clean import clean_lines

ARTICLE = [
    "市人大常委会第十二次会议今天上午在市人民大会堂开幕，会议听取了关于城市绿化条例草案的说明。",
    "草案共六章四十二条，对公园绿地的规划、建设、养护和监督管理作出了具体规定，回应了市民关切。",
    "常委会组成人员认为，草案结构合理、内容全面，建议进一步明确各区政府的养护责任和资金保障。",
    "会议还审议了市人民政府关于全市水环境治理情况的报告，并听取了有关专题询问的安排。",
]


def page(body: str, title: str = "城市绿化条例草案提请审议_某市人大网") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/a'>新闻中心</a> <a href='/b'>立法工作</a>"
        " <a href='/c'>监督工作</a> <a href='/d'>代表工作</a></div>"
        f"{body}"
        "<div class='footer'>版权所有：某市人大常委会办公厅 京ICP备12345678号 联系我们</div>"
        "</body></html>"
    )


def paragraphs(lines=ARTICLE) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def test_paragraphs_kept_one_per_line():
    html = page(f"<h1>城市绿化条例草案提请审议</h1><div class='content'>{paragraphs()}</div>")
    assert generic_extract(html) == "\n".join(ARTICLE)


def test_furniture_lines_removed():
    body = (
        "<h1>城市绿化条例草案提请审议</h1>"
        "<div class='info'>来源：某市人大网　发布时间：2024-05-20 10:30</div>"
        "<div class='tools'>【字体：大 中 小】 【打印本页】 【关闭窗口】</div>"
        f"<div id='zoom'><div class='TRS_Editor'>{paragraphs()}</div></div>"
        "<div class='share'>分享到：微信 微博 QQ空间</div>"
        "<div>扫一扫在手机打开当前页</div>"
        "<div class='page'><a href='/p'>上一篇：市人大常委会召开主任会议</a></div>"
        "<div class='page'><a href='/n'>下一篇：代表视察城市公园建设</a></div>"
    )
    text = generic_extract(page(body))
    assert text == "\n".join(ARTICLE)


def test_related_links_dropped():
    related = "".join(
        f"<li><a href='/r{i}'>市人大常委会调研第{i}个民生项目推进情况</a> 2024-05-{i + 10}</li>" for i in range(1, 8)
    )
    body = (
        f"<h1>城市绿化条例草案提请审议</h1><div class='content'>{paragraphs()}</div>"
        f"<div class='xgwz'><h3>相关阅读</h3><ul>{related}</ul></div>"
    )
    text = generic_extract(page(body))
    assert text is not None
    assert "民生项目" not in text and "相关阅读" not in text
    assert text.splitlines() == ARTICLE


def test_comments_not_body():
    comments = "".join(
        f"<div class='comment-item'><span>网友{i}</span><p>这篇报道写得很好，希望条例早日出台，让城市更加美丽宜居。</p></div>"
        for i in range(3)
    )
    body = (
        f"<h1>城市绿化条例草案提请审议</h1><div class='article'>{paragraphs()}</div>"
        f"<div class='comments'><h3>网友评论</h3>{comments}</div>"
    )
    text = generic_extract(page(body))
    assert text is not None
    assert "希望条例早日出台" not in text
    assert "草案共六章四十二条" in text


def test_table_layout_with_link_lists():
    # An old table layout: the article's paragraphs share one cell with link lists.
    links = "".join(f"<a href='/x{i}'>·热点新闻标题第{i}条内容</a><br>" for i in range(12))
    body = f"<table><tr><td>{links}</td><td>{paragraphs()}<br>{links}</td></tr></table>"
    text = generic_extract(page(body))
    assert text is not None
    assert text.splitlines() == ARTICLE


def test_empty_page_is_none():
    assert generic_extract("") is None
    assert generic_extract("   ") is None
    assert generic_extract(page("<div class='content'></div>")) is None


def test_lead_under_headline_kept():
    # A summary paragraph between the headline and the body block is part of the article.
    lead = "导读：城市绿化条例草案今天首次提请市人大常委会审议，草案对公园绿地管理作出全面规定。"
    body = (
        f"<h1>城市绿化条例草案提请审议</h1><div class='summary'><p>{lead}</p></div>"
        f"<div class='share'>分享到：</div><div class='content'>{paragraphs()}</div>"
    )
    text = generic_extract(page(body))
    assert text is not None
    assert text.splitlines()[0] == lead


def test_next_story_of_a_feed_not_taken():
    # The headline's own short story, then a longer unrelated story under another headline.
    other = paragraphs(
        [f"第{i}段：另一篇与本页标题无关的长篇报道内容，讲述了某地旅游市场的发展情况和游客的评价。" for i in range(8)]
    )
    body = (
        f"<div class='detail'><h1>城市绿化条例草案提请审议</h1><p>{ARTICLE[0]}</p></div>"
        f"<div class='feed'><h1>某地旅游市场持续升温</h1>{other}</div>"
    )
    text = generic_extract(page(body))
    assert text == ARTICLE[0]


def test_huge_page_finishes():
    junk = "<div><a href='/x'>链接</a><span>栏目</span></div>" * 60_000
    script = "<script>var data = '" + "x" * 2_000_000 + "';</script>"
    html = page(script + f"<h1>城市绿化条例草案提请审议</h1><div class='content'>{paragraphs()}</div>" + junk)
    assert len(html) > 4_000_000
    start = time.perf_counter()
    text = generic_extract(html)
    assert time.perf_counter() - start < 10
    assert text is not None and ARTICLE[1] in text


def test_deep_nesting_keeps_text():
    # Old pages leave <font> unclosed; the text past libxml2's default depth limit stays.
    body = "".join(f"<font color='black'>{ARTICLE[i % 4]}（第{i}段）<br>" for i in range(400))
    text = generic_extract(page(f"<div class='content'>{body}</div>"))
    assert text is not None and "（第399段）" in text


def test_clean_lines_edges_and_duplicates():
    lines = [
        "城市绿化条例草案提请审议",
        "2024-05-20 10:30",
        "责任编辑：张三",
        ARTICLE[0],
        ARTICLE[1],
        ARTICLE[1],
        "【打印】【关闭】",
        "（编辑：李四）",
    ]
    assert clean_lines(lines, titles=("城市绿化条例草案提请审议",)) == ARTICLE[:2]

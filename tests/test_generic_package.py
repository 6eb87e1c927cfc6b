"""The shared pieces of pipelines/generic/: the one renderer, the parsed page the
stages share, and the single trafilatura run per page, on small pages written
for these tests."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from core.page import Page, SiteHints
from pipelines import stages
from pipelines.generic import body, parsed, render
from pipelines.generic.parsed import ParsedPage

PARAS = [
    "市人大常委会第十二次会议今天上午在市人民大会堂开幕，会议听取了关于城市绿化条例草案的说明。",
    "草案共六章四十二条，对公园绿地的规划、建设、养护和监督管理作出了具体规定，回应了市民关切。",
    "常委会组成人员认为，草案结构合理、内容全面，建议进一步明确各区政府的养护责任和资金保障。",
]
ARTICLE_PAGE = (
    "<html><head><meta charset='utf-8'><title>城市绿化条例草案提请审议_某市人大网</title></head><body>"
    "<div class='nav'><a href='/'>首页</a> <a href='/a'>新闻中心</a> <a href='/b'>立法工作</a></div>"
    "<h1>城市绿化条例草案提请审议</h1><div class='info'>来源：某市人大网　发布时间：2024-05-20 10:30</div>"
    "<div class='content'>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    "<div class='footer'>版权所有：某市人大常委会办公厅</div></body></html>"
)
TABLE = (
    "<div id='t'><table><tr><td>姓名</td><td>职务</td></tr><tr><td>王某某</td><td>主任</td></tr></table>"
    "<p>附：<a href='/x'>名单全文</a><script>var x = 1;</script>（完）</p></div>"
)


@pytest.fixture(scope="module")
def table_node():
    return lxml_html.fromstring(TABLE)


# ------------------------------------------------------------------ renderer
def test_reading_text_keeps_a_table_row_on_one_line(table_node):
    assert render.text_of(table_node).split("\n")[:2] == ["姓名 职务", "王某某 主任"]


def test_analysis_lines_give_each_table_cell_a_line(table_node):
    assert [line.text for line in render.lines_of(table_node)][:4] == ["姓名", "职务", "王某某", "主任"]


def test_script_text_is_skipped_and_its_tail_kept(table_node):
    assert render.text_of(table_node).split("\n")[-1] == "附：名单全文（完）"


def test_link_characters_are_counted(table_node):
    assert render.lines_of(table_node)[-1].link_chars == len("名单全文")


def test_a_line_belongs_to_its_nearest_block(table_node):
    assert render.lines_of(table_node)[-1].owner.tag == "p"


# --------------------------------------------------------------- parsed page
def test_parsed_page_lines_are_the_reading_text():
    assert ParsedPage(ARTICLE_PAGE).lines[-2] == PARAS[-1]


def test_parsed_page_knows_its_title():
    assert ParsedPage(ARTICLE_PAGE).title_text == "城市绿化条例草案提请审议_某市人大网"


def test_working_copy_leaves_the_tree_as_parsed():
    page = ParsedPage(ARTICLE_PAGE)
    page.working_copy().find(".//h1").drop_tree()
    assert page.root.find(".//h1") is not None


def test_an_empty_page_has_no_tree():
    assert ParsedPage("  ").root is None


@pytest.fixture
def parses(monkeypatch):
    """Counts the pipeline's HTML parses (htmldate, the date finder's last resort, parses on its own)."""
    calls = []
    real = parsed.lxml_html.fromstring

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parsed.lxml_html, "fromstring", counting)
    return calls


def test_the_stages_parse_a_page_without_template_once(parses):
    stages.run_stages(Page(url="http://rd.example/a/1.html", html=ARTICLE_PAGE, site="test"))
    assert len(parses) == 1


def test_the_stages_parse_a_template_page_once(parses):
    hints = SiteHints(template="t", title="城市绿化条例草案提请审议", body_selectors=["div.content"])
    stages.run_stages(Page(url="http://rd.example/a/1.html", html=ARTICLE_PAGE, site="test", hints=hints))
    assert len(parses) == 1


def test_the_tree_is_let_go_after_the_stages():
    article = stages.run_stages(Page(url="http://rd.example/a/1.html", html=ARTICLE_PAGE, site="test"))
    assert article.parsed is None


# ---------------------------------------------------------------- trafilatura
def test_trafilatura_runs_once_per_page(monkeypatch):
    calls = []
    real = body.trafilatura.bare_extraction

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(body.trafilatura, "bare_extraction", counting)
    stages.run_stages(Page(url="http://rd.example/a/1.html", html=ARTICLE_PAGE, site="test"))
    assert len(calls) == 1


def test_density_view_stands_when_trafilatura_finds_under_half_of_it():
    dense = "\n".join(PARAS)
    assert body.cross_check(dense, [PARAS[1]]) == dense


def test_density_lines_trafilatura_does_not_have_are_dropped():
    furniture = "网友评论：这篇报道写得很好，希望常委会继续关注城市公园绿地的养护工作。"
    assert body.cross_check("\n".join([*PARAS, furniture]), ["\n".join(PARAS)]) == "\n".join(PARAS)

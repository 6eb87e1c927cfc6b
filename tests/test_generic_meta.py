"""Generic byline and date finding (pipelines/generic/meta.py) on small pages written for these tests.

Each page has the furniture real pages have around an article (navigation,
related links, footers); the forms are those of the cwced_zh benchmark pages
and of Chinese news, blog and forum pages in general.
"""

from __future__ import annotations

from core.page import Page, SiteHints
from pipelines.extract import decode_html
from pipelines.generic.meta import body_credits, find_page_meta
from pipelines.stages import clean_stage, extract_stage, metadata_stage

PARAS = [
    "市人大常委会第十二次会议今天上午在市人民大会堂开幕，会议听取了关于城市绿化条例草案的说明。",
    "草案共六章四十二条，对公园绿地的规划、建设、养护和监督管理作出了具体规定，回应了市民关切。",
    "常委会组成人员认为，草案结构合理、内容全面，建议进一步明确各区政府的养护责任和资金保障。",
]
TITLE = "城市绿化条例草案提请审议"
NAV = "".join(
    f"<li><a href='/c{i}'>{w}</a></li>"
    for i, w in enumerate(["首页", "新闻", "公告", "专题", "评论", "视频", "记者江湖", "图片", "论坛"])
)


def page(
    head: str = "", body_lines=PARAS, after: str = "", title: str = TITLE, meta: str = "", before_title: str = ""
) -> tuple[str, str]:
    """(html, body text) of an article page; `head` sits between the headline and the text."""
    paras = "".join(f"<p>{line}</p>" for line in body_lines)
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}_某某网</title>{meta}</head><body>"
        f"<ul class='nav'>{NAV}</ul>{before_title}<h1>{title}</h1>{head}"
        f"<div class='content'>{paras}</div>{after}"
        "<div class='related'><a href='/r1'>相关新闻：市人大常委会召开主任会议</a></div>"
        "<div class='footer'>版权所有：某某网 京ICP备12345678号</div></body></html>"
    )
    return html, "\n".join(body_lines)


def meta_of(head: str = "", **kw):
    html, body = page(head, **kw)
    return find_page_meta(html, body)


# ------------------------------------------------------------------ people
def test_reporter_credit_line_under_the_headline():
    found = meta_of("<div>2022-02-13 09:57</div><p>【新春走基层】</p><p>光明日报记者 王建宏 张文攀</p>")
    assert found.byline.authors == ["王建宏", "张文攀"]
    assert found.published_at.isoformat() == "2022-02-13T09:57:00+08:00"


def test_reporter_glued_to_dispatch_place():
    assert meta_of("<p>本报记者罗科苏盈发自北京</p>").byline.authors == ["罗科苏盈"]


def test_reporter_credit_with_slash_role():
    assert meta_of("<p>顶端新闻·河南商报记者马俊峰/文受访者供图</p>").byline.authors == ["马俊峰"]


def test_bracketed_reporter_in_the_first_paragraph():
    lines = ["据新华社拉萨电（记者 格桑边觉）记者近日从西藏自治区农业农村厅召开的全区农牧业工作会议上了解到。"] + PARAS
    assert meta_of(body_lines=lines).byline.authors == ["格桑边觉"]


def test_closing_credit_in_brackets():
    lines = PARAS + ["会议还审议了市人民政府关于全市水环境治理情况的报告。（常书香 马丹阳 ）"]
    assert meta_of(body_lines=lines).byline.authors == ["常书香", "马丹阳"]
    lines = PARAS + ["会议还审议了市人民政府关于全市水环境治理情况的报告。（姚峰 上海报道）"]
    assert meta_of(body_lines=lines).byline.authors == ["姚峰"]
    lines = PARAS + ["会议还审议了市人民政府关于全市水环境治理情况的报告。", "（总台记者 张倩）"]
    assert meta_of(body_lines=lines).byline.authors == ["张倩"]


def test_closing_brackets_that_are_not_names():
    for closing in ("（完）", "（新华社）", "（待续）", "（上）", "（图）"):
        lines = PARAS + [f"会议还审议了市人民政府关于全市水环境治理情况的报告。{closing}"]
        assert meta_of(body_lines=lines).byline.authors == [], closing


def test_credit_line_outranks_a_blog_author_footer():
    # A report reposted on a blog: the reporters, not the blogger who posted it.
    found = meta_of(
        "<p>本报实习生 刘国栋 周炜</p><p>本报记者 王燕平 方云凤</p><p>2003-7-24 钱江晚报</p>",
        after="<div>- 作者： 流泉 访问统计：　2005年08月30日, 星期二 13:22</div>",
    )
    assert found.byline.authors == ["刘国栋", "周炜", "王燕平", "方云凤"]
    assert found.published_at.date().isoformat() == "2003-07-24"


def test_labelled_poster_outranks_a_credit_inside_the_text():
    lines = ["本报讯 （实习记者 樊亮 记者惠禾）" + PARAS[0]] + PARAS[1:]
    found = meta_of(body_lines=lines, after="<div>作者:zboygirl 阅读(1660) 评论(5) 编辑 发表于:2005-07-31 12:30</div>")
    assert found.byline.authors == ["zboygirl"]
    assert found.published_at.isoformat() == "2005-07-31T12:30:00+08:00"


def test_interview_questions_are_not_reporters():
    lines = [
        "记者：首先欢迎你来到新华网接受我们的采访，请问你怎样看待农业税补贴问题？",
        "李金泽：农业税补贴让农民得到了实惠。",
        "记者：据你了解农民通过什么渠道来获取这些信息，比如农业政策、农机之类的信息？",
        "李金泽：主要是电视和报纸。",
    ] + PARAS
    found = meta_of(
        "<div>2005年08月16日　来源：新华网</div><div>新华网黑龙江频道  记者  伊琳  李清芬</div>", body_lines=lines
    )
    assert found.byline.authors == ["伊琳", "李清芬"]
    assert found.byline.source == "新华网"


def test_no_source_or_author_from_the_body():
    lines = PARAS[:2] + ["（三）证据和证据来源、证人姓名和住所；", "第五条 作者：应当依法享有著作权。"] + PARAS[2:] * 3
    found = meta_of(body_lines=lines)
    assert found.byline.source is None and found.byline.authors == []


def test_menu_entries_are_not_credits_or_names():
    found = meta_of()
    assert found.byline.authors == []  # 记者江湖, 公告 are menu entries


def test_name_alone_under_the_headline():
    assert meta_of("<p>胡平</p><p>——当代中国的精神危机</p>").byline.authors == ["胡平"]
    assert meta_of("<p>赵延东、风笑天</p>").byline.authors == ["赵延东", "风笑天"]
    assert meta_of("<p>楼主</p>").byline.authors == []


def test_name_in_brackets_before_the_source():
    found = meta_of("<div>BUSINESS.SOHU.COM　2004年7月16日08:19</div><div>[ 黄宇 ]\ue5c2  来源：[ 国际金融报 ]</div>")
    assert found.byline.authors == ["黄宇"]
    assert found.byline.source == "国际金融报"
    assert found.published_at.isoformat() == "2004-07-16T08:19:00+08:00"


def test_photo_credit():
    assert meta_of("<p>拿出10万元来做房产投资 蔡雪婧/摄</p>").byline.authors == ["蔡雪婧"]


def test_label_and_value_in_separate_cells():
    head = (
        "<table><tr><td>发文机关：</td></tr><tr><td>吉林省人民政府</td></tr>"
        "<tr><td>成文日期：</td></tr><tr><td>2022年01月27日</td></tr>"
        "<tr><td>发布日期：</td></tr><tr><td>2022年01月28日</td></tr></table>"
    )
    found = meta_of(head)
    assert found.byline.authors == ["吉林省人民政府"]
    assert found.published_at.date().isoformat() == "2022-01-27"


def test_names_listed_with_commas():
    assert meta_of("<div>作者：张三，李四，王五</div>").byline.authors == ["张三", "李四", "王五"]


def test_editor_stays_an_editor():
    found = meta_of("<div>来源：新闻晨报 编辑：山石</div>")
    assert found.byline.authors == [] and found.byline.editors == ["山石"]


def test_meta_author_names_but_not_site_names():
    assert meta_of(meta="<meta name='author' content='魑皇'>").byline.authors == ["魑皇"]
    assert meta_of(meta="<meta name='citation_authors' content='赵  培'>").byline.authors == ["赵培"]
    assert meta_of(meta="<meta name='author' content='www.yunnan.cn,云南日报报业集团,云南网'>").byline.authors == []
    assert meta_of(meta="<meta name='author' content='Discuz! Team and Comsenz UI Team'>").byline.authors == []


# --------------------------------------------------------------- forums
def test_forum_posting_lines():
    cases = [
        ("<p>ggjjzhzz 发表于 2005-9-15 11:46:00</p>", "ggjjzhzz", "2005-09-15T11:46:00"),
        ("<p>由海姑娘张贴 @ 2005-06-14 03:25:55 (370)</p>", "海姑娘", "2005-06-14T03:25:55"),
        ("<p>〓 网易娱乐 明星话题 发布时间 2005/03/15 22:36:13 by duscha 〓</p>", "duscha", "2005-03-15T22:36:13"),
    ]
    for after, name, iso in cases:
        found = meta_of(after=after)
        assert found.byline.authors == [name], after
        assert found.published_at.isoformat() == iso + "+08:00", after


def test_forum_post_credit_above_the_text():
    found = meta_of("<p>本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表.</p>")
    assert found.byline.authors == ["大卫"]
    assert found.published_at.isoformat() == "2005-08-12T16:12:21+08:00"


# ---------------------------------------------------------------- dates
def test_date_and_source_above_the_headline():
    found = meta_of(before_title="<div>2004-12-10 11:55:08</div><div>来源:</div><div>网易商业报道</div>")
    assert found.published_at.isoformat() == "2004-12-10T11:55:08+08:00"
    assert found.date_basis == "byline"


def test_updated_line_with_source():
    found = meta_of("<div>2005-04-27 14:32更新 来源：千龙新闻网</div>")
    assert found.published_at.isoformat() == "2005-04-27T14:32:00+08:00"
    assert found.byline.source == "千龙新闻网"


def test_twelve_hour_clock_under_the_headline():
    found = meta_of('<div>作者：<br>size="20"<br>来源：<br>size="20"<br>发布日期：<br>9/17/2004 5:54:13 AM</div>')
    assert found.byline.authors == [] and found.byline.source is None
    assert found.published_at.isoformat() == "2004-09-17T05:54:13+08:00"


def test_counter_and_archive_dates_are_not_the_publish_date():
    found = meta_of(
        "<div>建立于:2004年10月6日</div>", after="<div>- 作者： 流泉 访问统计：　2005年08月30日, 星期二 13:22</div>"
    )
    assert found.published_at is None


def test_day_span_is_not_a_publish_date():
    lines = ["（2004年12月11－12日，南开大学）"] + PARAS
    assert (
        meta_of("<div>2004-12-10      阅读10544次</div>", body_lines=lines).published_at.date().isoformat()
        == "2004-12-10"
    )


def test_headline_date_outranks_a_label_far_below():
    found = meta_of("<div>2004-12-10 阅读10544次</div>", after="<p>发表时间：2004-12-11 9:51:00</p>")
    assert found.published_at.date().isoformat() == "2004-12-10"


def test_month_only_dates_say_so():
    found = meta_of("<p>北京市妇女儿童工作委员会课题组</p><p>2003年5月</p>")
    assert found.published_at.isoformat() == "2003-05-01T00:00:00+08:00"
    assert found.notes and "month" in found.notes[0]
    found = meta_of(body_lines=PARAS + ["——《北京之春》1998年3月号"])
    assert found.published_at.isoformat() == "1998-03-01T00:00:00+08:00"
    assert found.date_basis == "page_text"


def test_metadata_date_as_last_resort():
    found = meta_of(
        meta="<meta property='article:published_time' content='2022-02-06T12:48:06+00:00'>",
        head="<div>发表时间： 06/02/2022 - 13:48</div>",
    )
    assert found.date_basis == "meta"
    assert found.published_at.date().isoformat() == "2022-02-06"
    assert found.published_at.tzinfo is not None


def test_no_date_anywhere():
    found = meta_of()
    assert found.published_at is None and found.date_basis is None


# ----------------------------------------------------------- the stages
def _article(html: str, url: str = "https://example.cn/news/2023/01/02/1.html", **hints):
    article = clean_stage(extract_stage(Page(url=url, html=html, site="test", hints=SiteHints(**hints))))
    return metadata_stage(article)


def test_stage_fills_byline_of_a_page_without_template():
    html, _ = page("<div>2022-02-13 07:00:00来源：央广网</div><p>光明日报记者 王建宏</p>")
    article = _article(html)
    assert article.byline.authors == ["王建宏"]
    assert article.byline.source == "央广网"
    assert article.published_at.isoformat() == "2022-02-13T07:00:00+08:00"
    assert article.date_basis == "byline"


def test_stage_keeps_the_template_byline():
    html, _ = page("<div class='info'>来源：央广网 2022-02-13 07:00:00</div><p>光明日报记者 王建宏</p>")
    article = _article(html, template="t", byline_text="来源：某某日报 作者：李四 2021-01-01 08:00")
    assert article.byline.authors == ["李四"] and article.byline.source == "某某日报"
    assert article.published_at.date().isoformat() == "2021-01-01" and article.date_basis == "byline"


def test_stage_page_text_date_before_the_url_date():
    html, _ = page(after="<p>ggjjzhzz 发表于 2005-9-15 11:46:00</p>")
    article = _article(html, template="t")  # a template that marks no byline or date
    assert article.published_at.date().isoformat() == "2005-09-15"
    assert article.date_basis == "page_text"


def test_stage_list_date_outranks_the_page_text_on_a_template_page():
    html, _ = page(after="<p>ggjjzhzz 发表于 2005-9-15 11:46:00</p>")
    p = Page(
        url="https://example.cn/a.html", html=html, site="test", list_date="2023-02-03", hints=SiteHints(template="t")
    )
    article = metadata_stage(clean_stage(extract_stage(p)))
    assert article.published_at.date().isoformat() == "2023-02-03" and article.date_basis == "list"


def test_stage_url_date_stays_last():
    html, _ = page()
    article = _article(html)
    assert article.published_at.date().isoformat() == "2023-01-02" and article.date_basis == "url"


# ------------------------------------------------------------- decoding
def test_gb_page_with_one_stray_byte_keeps_its_text():
    text = "<html><head><title>测试</title></head><body><p>" + "人大常委会审议条例草案。" * 20 + "</p></body></html>"
    body = text.encode("gb2312")
    cut = body.index("审议".encode("gb2312"))
    broken = body[:cut] + b"\xff" + body[cut:]  # a byte no GB codec or UTF-8 reads
    decoded = decode_html(broken)
    assert decoded.count("\ufffd") <= 2
    assert "人大常委会审议条例草案" in decoded


# -- writers credited inside a template page's text (body_credits) ----------------------------
def test_lead_credit_after_news_flag():
    assert body_credits("本网讯（记者 陆晓岚）省人大常委会24日举行会议。\n会议指出……") == ["陆晓岚"]


def test_lead_credit_with_correspondent():
    assert body_credits("本报讯（记者 周一 通讯员 吴二）今天上午，会议举行。") == ["周一", "吴二"]


def test_dateline_credit_with_two_reporters():
    assert body_credits("新华社北京3月5日电（记者 赵六、孙七）十四届全国人大三次会议5日开幕。") == ["赵六", "孙七"]


def test_closing_slash_credit():
    assert body_credits("会议指出，要加强监督。\n会议强调，要依法履职。\n（莫佳/文）") == ["莫佳"]


def test_closing_paren_credit():
    assert body_credits("会议指出，要加强监督。\n会议强调，要依法履职。（记者 王五）") == ["王五"]


def test_interview_question_is_not_a_credit():
    assert body_credits("记者：请问这部法律的意义是什么？\n答：它完善了监督制度。") == []


def test_reporter_mentioned_later_in_lead_is_not_a_credit():
    lead = "市人大常委会主任会议今天上午听取了市政府关于城市绿化工作的汇报。中央广播电视总台记者 张伟 报道了会议情况。"
    assert body_credits(lead + "\n会议结束。") == []


def test_credit_in_the_middle_of_the_text_is_not_read():
    body = "第一段。\n第二段。\n（记者 王五）\n第四段。\n第五段。"
    assert body_credits(body) == []


def test_closing_credit_after_an_office():
    assert body_credits("会议指出，要加强监督。\n会议强调，要依法履职。（区人大办 顾晨阳）") == ["顾晨阳"]


def test_closing_credit_after_an_office_two_writers():
    assert body_credits("会议指出，要加强监督。\n(区人大办 沈佳怡 陆明哲)") == ["沈佳怡", "陆明哲"]


def test_office_supplied_text_has_no_writer():
    assert body_credits("会议指出，要加强监督。\n会议强调，要依法履职。（区人大常委会 供稿）") == []


def test_reporter_in_the_last_paragraphs_prose_is_not_a_credit():
    body = "会议指出，要加强监督。\n会后举行了座谈。中央广播电视总台记者 张伟 报道了会议情况。"
    assert body_credits(body) == []

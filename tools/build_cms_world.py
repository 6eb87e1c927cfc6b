"""Build the CMS-family fixture world (tests/fixtures/cms/) from tests/fixtures/cms/texts.toml.

Six congress-style sites in CMS families no site module was written for (Hanweb JCMS, DedeCMS,
PHPCMS v9, WordPress, a JSON-listing front, a GBK table-layout ASP site). Each family's markup
follows what real sites of that CMS print (tests/fixtures/cms/README.md says which facts those are);
the texts are our own. The output is committed; tests/test_cms_world.py checks that it is up to date:

    .venv/bin/python tools/build_cms_world.py          # rewrite tests/fixtures/cms/<family>/
    .venv/bin/python tools/build_cms_world.py --check  # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
CMS = ROOT / "tests" / "fixtures" / "cms"
PAGE_SIZE = 2


@dataclass
class Article:
    site: str
    id: str
    channel: str
    title: str
    date: str  # YYYY-MM-DD HH:MM
    source: str
    authors: list[str]
    paras: list[str]
    url: str = ""

    @property
    def day(self) -> str:
        return self.date[:10]

    @property
    def y(self) -> str:
        return self.date[:4]

    @property
    def m(self) -> str:
        return self.date[5:7]

    @property
    def d(self) -> str:
        return self.date[8:10]


@dataclass
class Channel:
    key: str
    name: str
    url: str  # first list page
    pages: list[str] = field(default_factory=list)  # every list page an HTML reader reaches, in order
    pagination: str = ""
    articles: list[Article] = field(default_factory=list)
    # XHR/JSON answers that list rows of this channel (what its page's script would fetch).
    script_pages: list[str] = field(default_factory=list)


@dataclass
class Site:
    family: str
    slug: str
    name: str  # the congress's own name, as its header shows it
    short: str  # the site's name in <title>
    jurisdiction: str
    host: str
    encoding: str = "utf-8"
    channels: dict[str, Channel] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)  # path under the host -> content
    not_articles: list[str] = field(default_factory=list)  # served pages that are no article
    never_request: list[str] = field(default_factory=list)  # links a crawler must not follow
    # Article URLs with a tracking query (?from=, ?spm=): the same article, never stored under that URL.
    tracking: list[str] = field(default_factory=list)
    hidden: dict[str, str] = field(default_factory=dict)  # article url -> how it is listed (json, xhr)
    # Whether the page shows the time of day beside the date (else midnight is stored).
    shows_time: bool = True
    fields_from: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def put(self, path: str, content: str | bytes) -> None:
        self.files[path.lstrip("/")] = content

    def articles(self) -> list[Article]:
        return [a for c in self.channels.values() for a in c.articles]


def document_pdf(*lines: str) -> bytes:
    """A small real PDF holding `lines` (attachments are fetched and read: a stub would be a recorded failure).

    reportlab's built-in CID font needs no font file; `invariant` keeps the bytes
    the same from one build to the next.
    """
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=True)
    c.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        c.drawString(50, 780 - 20 * i, line)
    c.showPage()
    c.save()
    return out.getvalue()


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs(a: Article, indent: str = "") -> str:
    return "\n".join(f"<p>{indent}{esc(p)}</p>" for p in a.paras)


def pages_of(items: list[Article]) -> list[list[Article]]:
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)]


def load_articles() -> dict[str, list[Article]]:
    data = tomllib.loads((CMS / "texts.toml").read_text(encoding="utf-8"))
    out: dict[str, list[Article]] = {}
    for row in data["article"]:
        out.setdefault(row["site"], []).append(Article(**row))
    for rows in out.values():
        rows.sort(key=lambda a: a.date, reverse=True)
    return out


def by_channel(articles: list[Article], key: str) -> list[Article]:
    return [a for a in articles if a.channel == key]


# ---------------------------------------------------------------------------------------------- hanweb
def hanweb(articles: list[Article]) -> Site:
    """Hanweb JCMS: /col/col<id>/index.html columns whose rows sit in a <script type="text/xml">
    datastore, /art/Y/M/D/art_<col>_<id>.html articles with <!--<$[字段]>begin--> markers."""
    s = Site("hanweb", "cms-hanweb", "泰州市人大常委会", "泰州人大", "321200", "www.tzrd.example", shows_time=False)
    cols = {"a": ("3401", "人大要闻", "5101"), "b": ("3402", "代表工作", "5102")}
    for key, (col, name, _unit) in cols.items():
        s.channels[key] = Channel(key, name, f"{s.origin}/col/col{col}/index.html")
    for a in articles:
        col = cols[a.channel][0]
        a.url = f"{s.origin}/art/{int(a.y)}/{int(a.m)}/{int(a.d)}/art_{col}_{a.id}.html"
        s.channels[a.channel].articles.append(a)

    def head(title: str, column: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="SiteName" content="{s.name}">
<meta name="SiteDomain" content="{s.host}">
<meta name="ColumnName" content="{column}">
{extra}<title>{esc(title)}</title>
<link rel="stylesheet" href="/images/style.css"></head>"""

    nav = f"""<div class="top"><span class="date">今天是：<script>document.write(new Date().toLocaleDateString())</script></span>
<a href="javascript:void(0)" onclick="SetHome(this,window.location)">设为首页</a>
<a href="javascript:window.external.addFavorite(location.href,document.title)">加入收藏</a>
<a href="/module/jslib/login/login.jsp">用户登录</a></div>
<div class="header"><img src="/images/logo.png" alt="{s.name}"><h1 class="sitename">{s.name}</h1>
<form action="/jrobot/search.do" method="get" target="_blank"><input type="hidden" name="webid" value="12">
<input name="q" value="请输入关键字"><input type="submit" value="搜索"></form></div>
<div class="nav"><ul>
<li><a href="/index.html">首页</a></li>
<li><a href="/col/col3401/index.html">人大要闻</a></li>
<li><a href="/col/col3402/index.html">代表工作</a></li>
<li><a href="/col/col3405/index.html">机构概况</a></li>
<li><a href="/jrobot/search.do?webid=12&amp;q=%E4%BA%BA%E5%A4%A7">站内搜索</a></li>
</ul></div>"""
    footer = """<div class="footer"><p><a href="/col/col3409/index.html">网站地图</a> | <a href="/col/col3410/index.html">联系我们</a></p>
<p>主办：泰州市人大常委会办公室　<a href="https://beian.miit.gov.cn/" target="_blank">苏ICP备00000000号</a></p>
<p><a href="http://www.npc.gov.cn/" target="_blank">中国人大网</a> <a href="https://www.jsrd.gov.cn/" target="_blank">江苏人大网</a></p>
<script src="/module/visitcount/visit.jsp?type=1&amp;i_webid=12&amp;i_columnid=0"></script></div>"""

    def row(a: Article) -> str:
        return f'<li><a href="{a.url.removeprefix(s.origin)}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a><span class="bt-data-time">{a.day}</span></li>'

    # Home page: server-rendered blocks of each column's newest rows.
    blocks = []
    for key, (col, name, _unit) in cols.items():
        rows = "\n".join(row(a) for a in s.channels[key].articles[:2])
        blocks.append(
            f'<div class="news-block"><div class="block-title"><span>{name}</span>'
            f'<a class="more" href="/col/col{col}/index.html">更多&gt;&gt;</a></div><ul>\n{rows}\n</ul></div>'
        )
    lead = s.channels["a"].articles[0]
    home = f"""{head(s.short, "首页")}
<body>{nav}
<div class="headline"><a href="{lead.url.removeprefix(s.origin)}?from=timeline&amp;isappinstalled=0">{esc(lead.title)}</a></div>
{"".join(blocks)}
<div class="links"><a href="/art/2025/3/1/art_3409_4400001.html">2025年度立法计划</a> 附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2503011020.pdf">立法计划.pdf</a></div>
{footer}</body></html>"""
    s.put("index.html", home)
    s.not_articles.append(f"{s.origin}/")

    # Columns: every row of the first group in the datastore; jpage pages through them in the browser.
    for key, (col, name, unit) in cols.items():
        ch = s.channels[key]
        rows = ch.articles if key == "a" else ch.articles[:PAGE_SIZE]
        records = "\n".join(f"<record><![CDATA[\n{row(a)}\n]]></record>" for a in rows)
        nextgroup = (
            f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=12&path=/'
            f'&columnid={col}&unitid={unit}&webname={quote(s.short)}&permissiontype=0"></a>]]></nextgroup>'
        )
        page = f"""{head(f"{name} {s.short}", name)}
<body>{nav}
<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/col/col{col}/index.html">{name}</a></div>
<div class="main"><div class="lm-title">{name}</div>
<div id="{unit}"><script type="text/xml"><datastore>
{nextgroup}
<recordset>
{records}
</recordset></datastore></script>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>
var pageParams = {{ col:1, webid:12, path:'/', columnid:{col}, sourceContentType:1, unitid:'{unit}', webname:'{s.short}', permissiontype:0 }};
$('#{unit}').jpage({{ dataStore: '{unit}', perPage: {PAGE_SIZE}, totalRecord: {len(ch.articles)}, groupSize: 3,
  proxyUrl: '/module/web/jpage/dataproxy.jsp', barPosition: 'bottom' }});
</script></div></div>
{footer}</body></html>"""
        s.put(f"col/col{col}/index.html", page)
        ch.pages = [ch.url]
        ch.pagination = "jcms-datastore" if key == "a" else "jcms-datastore+dataproxy"
    # The next group of column b: only jpage's XHR answer lists it.
    rest = s.channels["b"].articles[PAGE_SIZE:]
    s.put(
        "module/web/jpage/dataproxy.jsp",
        '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>3</totalrecord><totalpage>2</totalpage>\n'
        "<recordset>\n"
        + "\n".join(f"<record><![CDATA[\n{row(a)}\n]]></record>" for a in rest)
        + "\n</recordset>\n</datastore>\n",
    )
    s.channels["b"].script_pages = [f"{s.origin}/module/web/jpage/dataproxy.jsp"]
    for a in rest:
        s.hidden[a.url] = "xhr: /module/web/jpage/dataproxy.jsp (the column's <nextgroup>)"

    # 机构概况: a column that shows one standing page, no rows.
    s.put(
        "col/col3405/index.html",
        f"""{head(f"机构概况 {s.short}", "机构概况")}
<body>{nav}
<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/col/col3405/index.html">机构概况</a></div>
<div class="main"><div class="lm-title">机构概况</div><div class="content">
<p>市人大常委会设办公室、研究室和法制、财经、教科文卫、城建环资、农业农村、社会建设、代表工作等工作委员会。</p>
<p>办公地址：泰州市行政中心。联系电话见“联系我们”栏目。</p></div></div>
{footer}</body></html>""",
    )
    s.not_articles.append(f"{s.origin}/col/col3405/index.html")
    s.put(
        "module/jslib/login/login.jsp",
        f"""{head(f"用户登录 {s.short}", "用户登录")}
<body><form action="/module/jslib/login/check.jsp" method="post"><p>用户名：<input name="loginname"></p>
<p>密码：<input type="password" name="password"></p><p><input type="submit" value="登录"></p></form></body></html>""",
    )
    s.not_articles.append(f"{s.origin}/module/jslib/login/login.jsp")
    s.put(
        "module/download/downfile.jsp@classid=0&filename=2503011020.pdf",
        document_pdf("2025年度立法计划", "一、继续审议的法规案", "二、新制定的法规案"),
    )
    s.tracking.append(f"{lead.url}?from=timeline&isappinstalled=0")
    s.never_request += [
        f"{s.origin}/jrobot/search.do?webid=12&q=%E4%BA%BA%E5%A4%A7",
        "http://www.npc.gov.cn/",
        "https://beian.miit.gov.cn/",
    ]

    for a in articles:
        col, name, _unit = cols[a.channel]
        meta = f"""<meta name="ArticleTitle" content="{esc(a.title)}">
<meta name="PubDate" content="{a.date}">
<meta name="ContentSource" content="{esc(a.source)}">
"""
        author = f"　作者：<!--<$[作者]>begin-->{'、'.join(a.authors)}<!--<$[作者]>end-->" if a.authors else ""
        attach = ""
        if a.id == "4417201":
            attach = '<div class="attach">附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2504281620.pdf">会议议程.pdf</a></div>'
            s.put(
                "module/download/downfile.jsp@classid=0&filename=2504281620.pdf",
                document_pdf("会议议程", "一、审议常务委员会工作报告", "二、审议财政预算执行情况的报告"),
            )
        page = f"""{head(f"{a.title} {s.short}", name, meta)}
<body>{nav}
<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/col/col{col}/index.html">{name}</a></div>
<div class="main"><table width="100%" class="article">
<tr><td class="title" align="center"><!--<$[标题名称]>begin-->{esc(a.title)}<!--<$[标题名称]>end--></td></tr>
<tr><td class="info" align="center">发布日期：<!--<$[发布日期]>begin-->{a.day}<!--<$[发布日期]>end-->　信息来源：<!--<$[信息来源]>begin-->{esc(a.source)}<!--<$[信息来源]>end-->{author}　浏览次数：<script src="/module/visitcount/articlehits.jsp?colid={col}&amp;artid={a.id}"></script>　字号：[<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>]</td></tr>
<tr><td><div id="zoom"><!--<$[信息内容]>begin-->
{paragraphs(a)}
<!--<$[信息内容]>end--></div></td></tr></table>
{attach}
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div></div>
{footer}</body></html>"""
        s.put(a.url.removeprefix(s.origin), page)
    s.put("robots.txt", "User-agent: *\nDisallow: /jrobot/\nDisallow: /module/jslib/\n")
    return s


# --------------------------------------------------------------------------------------------- dedecms
def dedecms(articles: list[Article]) -> Site:
    """DedeCMS: static /a/<typedir>/ channels paged list_<tid>_<n>.html, articles /a/<typedir>/Y/MD/<aid>.html;
    a channel switched to dynamic browsing uses /plus/list.php?tid=&PageNo= and /plus/view.php?aid=."""
    s = Site("dedecms", "cms-dedecms", "郏县人大常委会", "郏县人大网", "410425", "www.jiaxianrd.example")
    s.channels["a"] = Channel("a", "工作动态", f"{s.origin}/a/gongzuodongtai/", pagination="list_N + 下一页/末页")
    s.channels["b"] = Channel("b", "代表风采", f"{s.origin}/plus/list.php?tid=5", pagination="?PageNo=N (dynamic)")
    for a in articles:
        if a.channel == "a":
            a.url = f"{s.origin}/a/gongzuodongtai/{a.y}/{a.m}{a.d}/{a.id}.html"
        else:
            a.url = f"{s.origin}/plus/view.php?aid={a.id}"
        s.channels[a.channel].articles.append(a)

    def head(title: str) -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="keywords" content="郏县人大,人大常委会" />
<link href="/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
</head>"""

    header = f"""<div class="header"><div class="top w960 center"><div class="title"><h1><a href="/">{s.name}</a></h1></div>
<div class="banner"><a href="/member/login.php">会员登录</a> <a href="/member/index_do.php?fmdo=user&amp;dopost=regnew">注册</a></div></div>
<div class="module blue mT10 wrapper w963"><div id="navMenu"><ul>
<li><a href="/"><span>主页</span></a></li>
<li><a href="/a/gongzuodongtai/"><span>工作动态</span></a></li>
<li><a href="/plus/list.php?tid=5"><span>代表风采</span></a></li>
<li><a href="/a/guanyuwomen/"><span>关于我们</span></a></li>
<li><a href="javascript:;" onclick="return false"><span>专题专栏</span></a></li>
</ul></div>
<div class="search"><form name="formsearch" action="/plus/search.php"><input type="hidden" name="kwtype" value="0" />
<input name="q" type="text" class="search-keyword" /><button type="submit" class="search-submit">搜索</button></form>
<div class="tags"><a href="/tags.php">热门标签</a></div></div></div></div>"""
    footer = """<div class="footer w960 center mt1 clear"><div class="footer_left"></div><div class="footer_body">
<p class="powered">Powered by <a href="http://www.dedecms.com" title="织梦内容管理系统" target="_blank"><strong>DedeCMS</strong></a></p>
<div class="copyright">Copyright &copy; 郏县人大常委会 版权所有 <a href="https://beian.miit.gov.cn/">豫ICP备00000000号</a> <a href="/data/rssmap.html">RSS</a></div>
</div></div>"""

    def rel(a: Article) -> str:
        return a.url.removeprefix(s.origin)

    def li(a: Article) -> str:
        return f'<li><a href="{rel(a)}" class="title">{esc(a.title)}</a><span class="info"><small>日期：</small>{a.day}</span></li>'

    home_rows = "".join(
        f'<div class="listbox"><div class="tit"><strong>{c.name}</strong><a href="{c.url.removeprefix(s.origin)}" class="more">更多</a></div><ul class="d1 ico3">'
        + "".join(f'<li><span>{a.m}-{a.d}</span><a href="{rel(a)}">{esc(a.title)}</a></li>' for a in c.articles[:2])
        + "</ul></div>"
        for c in s.channels.values()
    )
    s.put(
        "index.html",
        f"""{head(s.short)}
<body class="index">{header}
<div class="w960 center clear mt1"><div class="pleft">{home_rows}</div>
<div class="pright"><div class="commend"><dl><dt><strong>推荐内容</strong></dt><dd><ul class="c1 ico2">
<li><a href="{rel(s.channels["a"].articles[0])}?spm=home.tuijian">{esc(s.channels["a"].articles[0].title)}</a></li></ul></dd></dl></div>
<div class="flink"><strong>友情链接</strong><a href="http://www.npc.gov.cn/" target="_blank">中国人大网</a> <a href="http://www.hnrd.gov.cn/" target="_blank">河南人大网</a></div></div></div>
{footer}</body></html>""",
    )
    s.not_articles.append(f"{s.origin}/")

    def place(c: Channel) -> str:
        return f'<div class="place"><strong>当前位置:</strong> <a href="/">主页</a> &gt; <a href="{c.url.removeprefix(s.origin)}">{c.name}</a> &gt; </div>'

    # Static channel a: index.html and list_3_1.html are the same page one; list_3_2.html the second.
    ca = s.channels["a"]
    chunks = pages_of(ca.articles)
    for n, chunk in enumerate(chunks, 1):

        def link(k: int) -> str:
            return f"list_3_{k}.html"

        items = []
        items.append(f"<li><a href='{link(1)}'>首页</a></li>" if n > 1 else "<li><a>首页</a></li>")
        items.append(f"<li><a href='{link(n - 1)}'>上一页</a></li>" if n > 1 else "")
        items += [
            f'<li class="thisclass">{k}</li>' if k == n else f"<li><a href='{link(k)}'>{k}</a></li>"
            for k in range(1, len(chunks) + 1)
        ]
        if n < len(chunks):
            items.append(f"<li><a href='{link(n + 1)}'>下一页</a></li>")
        items.append(f"<li><a href='{link(len(chunks))}'>末页</a></li>")
        items.append(
            f'<li><span class="pageinfo">共 <strong>{len(chunks)}</strong>页<strong>{len(ca.articles)}</strong>条</span></li>'
        )
        page = f"""{head(f"{ca.name}_{s.short}")}
<body class="articlelist">{header}
<div class="w960 center clear mt1"><div class="pleft">{place(ca)}
<div class="listbox"><ul class="e2">{"".join(li(a) for a in chunk)}</ul></div>
<div class="dede_pages"><ul class="pagelist">{"".join(items)}</ul></div></div></div>
{footer}</body></html>"""
        s.put(f"a/gongzuodongtai/list_3_{n}.html", page)
        if n == 1:
            s.put("a/gongzuodongtai/index.html", page)
    ca.pages = [ca.url] + [f"{s.origin}/a/gongzuodongtai/list_3_{n}.html" for n in range(2, len(chunks) + 1)]

    # Dynamic channel b.
    cb = s.channels["b"]
    chunks = pages_of(cb.articles)
    total = len(cb.articles)
    cb.pages = [cb.url]
    for n, chunk in enumerate(chunks, 1):

        def dlink(k: int) -> str:
            return f"/plus/list.php?tid=5&amp;TotalResult={total}&amp;PageNo={k}"

        items = [f"<li><a href='{dlink(1)}'>首页</a></li>" if n > 1 else "<li><a>首页</a></li>"]
        items += [
            f'<li class="thisclass">{k}</li>' if k == n else f"<li><a href='{dlink(k)}'>{k}</a></li>"
            for k in range(1, len(chunks) + 1)
        ]
        if n < len(chunks):
            items.append(f"<li><a href='{dlink(n + 1)}'>下一页</a></li>")
        items.append(f"<li><a href='{dlink(len(chunks))}'>末页</a></li>")
        page = f"""{head(f"{cb.name}_{s.short}")}
<body class="articlelist">{header}
<div class="w960 center clear mt1"><div class="pleft">{place(cb)}
<div class="listbox"><ul class="e2">{"".join(li(a) for a in chunk)}</ul></div>
<div class="dede_pages"><ul class="pagelist">{"".join(items)}</ul></div></div></div>
{footer}</body></html>"""
        s.put(f"plus/list.php@tid=5&TotalResult={total}&PageNo={n}", page)
        if n == 1:
            # The pager's 首页 link spells page one with its parameters: the same list under a second URL.
            s.put("plus/list.php@tid=5", page)
        if n > 1:
            cb.pages.append(f"{s.origin}/plus/list.php?tid=5&TotalResult={total}&PageNo={n}")

    s.put(
        "a/guanyuwomen/index.html",
        f"""{head(f"关于我们_{s.short}")}
<body>{header}<div class="w960 center clear mt1"><div class="place"><strong>当前位置:</strong> <a href="/">主页</a> &gt; <a href="/a/guanyuwomen/">关于我们</a></div>
<div class="viewbox"><div class="title"><h2>关于我们</h2></div><div class="content">
<p>郏县人大常委会是县人民代表大会的常设机关，对县人民代表大会负责并报告工作。</p>
<p>本网站由郏县人大常委会办公室主办，欢迎社会各界提出意见和建议。</p></div></div></div>
{footer}</body></html>""",
    )
    s.not_articles.append(f"{s.origin}/a/guanyuwomen/")
    s.put(
        "member/login.php",
        f"""{head(f"会员登录_{s.short}")}<body><div class="login"><form action="/member/index_do.php" method="post">
<input type="hidden" name="fmdo" value="login"><p>用户名：<input name="userid"></p><p>密　码：<input type="password" name="pwd"></p>
<p><button type="submit">登录</button></p></form></div></body></html>""",
    )
    s.not_articles.append(f"{s.origin}/member/login.php")
    s.put(
        "tags.php",
        f"{head(f'标签_{s.short}')}<body>{header}<div class='tags'><a href='/tags.php?/人大/'>人大</a></div></body></html>",
    )
    s.not_articles.append(f"{s.origin}/tags.php")

    for a in articles:
        c = s.channels[a.channel]
        siblings = c.articles
        i = siblings.index(a)
        prev = (
            f"<a href='{rel(siblings[i + 1])}'>{esc(siblings[i + 1].title)}</a>" if i + 1 < len(siblings) else "没有了"
        )
        nxt = f"<a href='{rel(siblings[i - 1])}'>{esc(siblings[i - 1].title)}</a>" if i > 0 else "没有了"
        author = f"<small>作者:</small>{'、'.join(a.authors)}" if a.authors else "<small>作者:</small>admin"
        page = f"""{head(f"{a.title}_{s.short}")}
<body class="articleview">{header}
<div class="w960 center clear mt1"><div class="pleft">{place(c)}
<div class="viewbox">
<div class="title"><h2>{esc(a.title)}</h2></div>
<div class="info"><small>时间:</small>{a.date}<small>来源:</small>{esc(a.source)}{author}<small>点击:</small><script src="/plus/count.php?view=yes&amp;aid={a.id}&amp;mid=1" type='text/javascript' language="javascript"></script>次</div>
<div class="content"><table width='100%'><tr><td>
{paragraphs(a, "　　")}
</td></tr></table></div>
<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
<div class="handle"><div class="context"><ul><li>上一篇：{prev} </li><li>下一篇：{nxt} </li></ul></div>
<div class="actbox"><ul>
<li id="act-fav"><a href="/plus/stow.php?aid={a.id}" target="_blank">收藏</a></li>
<li id="act-err"><a href="/plus/erraddsave.php?aid={a.id}&amp;title={quote(a.title)}" target="_blank">挑错</a></li>
<li id="act-pus"><a href="/plus/recommend.php?aid={a.id}" target="_blank">推荐</a></li>
<li id="act-pnt"><a href="#" onclick="window.print();">打印</a></li>
</ul></div></div></div></div></div>
{footer}</body></html>"""
        name = rel(a).lstrip("/")
        s.put(name.replace("?", "@"), page)
    s.tracking.append(f"{s.channels['a'].articles[0].url}?spm=home.tuijian")
    s.never_request += [
        f"{s.origin}/plus/search.php",
        f"{s.origin}/plus/stow.php?aid=318",
        f"{s.origin}/plus/recommend.php?aid=318",
        "http://www.npc.gov.cn/",
    ]
    # DedeCMS's shipped robots.txt keeps crawlers off its scripts and templates.
    s.put(
        "robots.txt",
        "User-agent: *\nDisallow: /plus/feedback_js.php\nDisallow: /plus/mytag_js.php\nDisallow: /plus/rss.php\n"
        "Disallow: /plus/search.php\nDisallow: /plus/recommend.php\nDisallow: /plus/stow.php\n"
        "Disallow: /plus/count.php\nDisallow: /plus/erraddsave.php\nDisallow: /include\nDisallow: /templets\n",
    )
    return s


# ---------------------------------------------------------------------------------------------- phpcms
def phpcms(articles: list[Article]) -> Site:
    """PHPCMS v9: dynamic index.php?m=content&c=index&a=lists&catid=&page= and a=show&catid=&id= URLs,
    or static /html/<catdir>/index.html, <n>.html and /html/Y/<catdir>_MD/<id>.html."""
    s = Site("phpcms", "cms-phpcms", "大理白族自治州人大常委会", "大理州人大", "532900", "www.dlzrd.example")
    s.channels["a"] = Channel(
        "a", "人大新闻", f"{s.origin}/index.php?m=content&c=index&a=lists&catid=9", pagination="?page=N (dynamic)"
    )
    s.channels["b"] = Channel("b", "立法工作", f"{s.origin}/html/lifa/index.html", pagination="<n>.html (static)")
    for a in articles:
        if a.channel == "a":
            a.url = f"{s.origin}/index.php?m=content&c=index&a=show&catid=9&id={a.id}"
        else:
            a.url = f"{s.origin}/html/{a.y}/lifa_{a.m}{a.d}/{a.id}.html"
        s.channels[a.channel].articles.append(a)

    def rel(url: str) -> str:
        return esc(url.removeprefix(s.origin))

    def head(title: str, desc: str = "") -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=7" />
<title>{esc(title)}</title>
<meta name="keywords" content="大理州人大">
<meta name="description" content="{esc(desc)}">
<link href="/statics/css/reset.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/statics/js/jquery.min.js"></script>
</head>"""

    header = f"""<div class="header"><div class="logo"><a href="/"><img src="/statics/images/logo.png" alt="{s.name}" /></a></div>
<div class="login lh24 blue"><a href="/index.php?m=member&amp;c=index&amp;a=login">登录</a><span> | </span><a href="/index.php?m=member&amp;c=index&amp;a=register&amp;siteid=1">注册</a></div>
<div class="nav-bar"><map><ul class="nav-site">
<li><a href="/"><span>首页</span></a></li><li class="line">|</li>
<li><a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=9"><span>人大新闻</span></a></li><li class="line">|</li>
<li><a href="/html/lifa/index.html"><span>立法工作</span></a></li><li class="line">|</li>
<li><a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=15"><span>机构设置</span></a></li>
</ul></map></div>
<div class="search"><form action="/index.php" method="get" target="_blank"><input type="hidden" name="m" value="search"/><input type="hidden" name="c" value="index"/><input type="hidden" name="a" value="init"/><input type="hidden" name="typeid" value="1" id="typeid"/><input type="text" name="q" id="q"/><input type="submit" value="搜索" /></form></div></div>"""
    footer = """<div class="footer"><p class="info"><a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=15">关于我们</a> | <a href="/index.php?m=link">友情链接</a> | <a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=16">联系我们</a></p>
<p>Powered by <strong><a href="http://www.phpcms.cn" target="_blank">PHPCMS</a></strong> &copy; 大理白族自治州人大常委会 <a href="https://beian.miit.gov.cn/">滇ICP备00000000号</a></p></div>"""

    def row(a: Article) -> str:
        return f'<li><span class="rt">{a.day}</span>·<a href="{rel(a.url)}" target="_blank">{esc(a.title)}</a></li>'

    blocks = "".join(
        f'<div class="box cat-area"><h5 class="title-2">{c.name}<a href="{rel(c.url)}" class="more">更多&gt;&gt;</a></h5>'
        f'<div class="content"><ul class="list lh24 f14">{"".join(row(a) for a in c.articles[:2])}</ul></div></div>'
        for c in s.channels.values()
    )
    lead = s.channels["a"].articles[0]
    s.put(
        "index.html",
        f"""{head(s.short)}<body>{header}
<div class="main"><div class="col-left"><div class="news-hot"><h4 class="blue"><a href="{rel(lead.url)}&amp;from=singlemessage">{esc(lead.title)}</a></h4></div>
{blocks}</div>
<div class="col-auto"><div class="box"><h5 class="title-2">投票</h5><a href="/index.php?m=vote&amp;c=index&amp;a=show&amp;show_type=1&amp;subjectid=1&amp;siteid=1">代表工作满意度调查</a></div></div></div>
{footer}</body></html>""",
    )
    s.not_articles.append(f"{s.origin}/")

    def crumbs(c: Channel, tail: str = "") -> str:
        return f'<div class="crumbs"><a href="/">首页</a><span> &gt; </span><a href="{rel(c.url)}">{c.name}</a> &gt; {tail}</div>'

    def pages_bar(c: Channel, n: int, count: int, link: Callable[[int], str]) -> str:
        parts = [f'<a class="a1">{len(c.articles)}条</a>', f'<a href="{link(max(n - 1, 1))}" class="a1">上一页</a>']
        parts += [f"<span>{k}</span>" if k == n else f'<a href="{link(k)}">{k}</a>' for k in range(1, count + 1)]
        parts.append(f'<a href="{link(min(n + 1, count))}" class="a1">下一页</a>')
        return f'<div id="pages" class="text-c">{" ".join(parts)}</div>'

    def list_page(c: Channel, chunk: list[Article], bar: str) -> str:
        return f"""{head(f"{c.name} - {s.short}")}<body>{header}
<div class="main">{crumbs(c)}
<div class="col-left"><div class="box"><ul class="list lh24 f14">{"".join(row(a) for a in chunk)}</ul></div>
{bar}</div></div>
{footer}</body></html>"""

    ca = s.channels["a"]
    chunks = pages_of(ca.articles)
    ca.pages = [ca.url]
    for n, chunk in enumerate(chunks, 1):

        def dyn(k: int) -> str:
            return "/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=9" + (f"&amp;page={k}" if k > 1 else "")

        name = "index.php@m=content&c=index&a=lists&catid=9" + (f"&page={n}" if n > 1 else "")
        s.put(name, list_page(ca, chunk, pages_bar(ca, n, len(chunks), dyn)))
        if n > 1:
            ca.pages.append(f"{ca.url}&page={n}")
    cb = s.channels["b"]
    chunks = pages_of(cb.articles)
    cb.pages = [cb.url]
    for n, chunk in enumerate(chunks, 1):

        def static(k: int) -> str:
            return "/html/lifa/index.html" if k == 1 else f"/html/lifa/{k}.html"

        s.put(static(n), list_page(cb, chunk, pages_bar(cb, n, len(chunks), static)))
        if n > 1:
            cb.pages.append(f"{s.origin}/html/lifa/{n}.html")

    about = "index.php@m=content&c=index&a=lists&catid=15"
    s.put(
        about,
        f"""{head(f"机构设置 - {s.short}")}<body>{header}<div class="main"><div class="crumbs"><a href="/">首页</a><span> &gt; </span>机构设置</div>
<div class="col-left"><div class="content"><p>州人大常委会机关设办公室、研究室、法制工作委员会、民族宗教外事委员会等工作机构。</p></div></div></div>
{footer}</body></html>""",
    )
    s.not_articles.append(f"{s.origin}/index.php?m=content&c=index&a=lists&catid=15")
    s.put(
        "index.php@m=member&c=index&a=login",
        f"""{head(f"会员登录 - {s.short}")}<body><form action="/index.php?m=member&amp;c=index&amp;a=login" method="post">
<p>用户名：<input name="username"></p><p>密码：<input type="password" name="password"></p><p><input type="submit" name="dosubmit" value="登录"></p></form></body></html>""",
    )
    s.not_articles.append(f"{s.origin}/index.php?m=member&c=index&a=login")

    for a in articles:
        c = s.channels[a.channel]
        author = f"&nbsp;&nbsp;&nbsp;作者：{'、'.join(a.authors)}" if a.authors else ""
        catid = "9" if a.channel == "a" else "12"
        attach = ""
        if a.id == "2225":
            attach = '<div class="attach">附件下载：<a href="/uploadfile/2025/0610/20250610031502123.doc">条例草案全文.doc</a></div>'
            s.put("uploadfile/2025/0610/20250610031502123.doc", b"\xd0\xcf\x11\xe0fixture attachment")
        page = f"""{head(f"{a.title} - {c.name} - {s.short}", a.paras[0][:60])}<body>{header}
<div class="main">{crumbs(c, "正文")}
<div class="col-left"><div id="Article"><h1>{esc(a.title)}<br />
<span>{a.date}:00&nbsp;&nbsp;&nbsp;来源：{esc(a.source)}{author}&nbsp;&nbsp;&nbsp;评论：<a href="#comment_iframe" id="comment">0</a> 点击：<span id="hits"></span></span></h1>
<div class="content">
{paragraphs(a, "　　")}
</div>
{attach}
<div id="pages" class="text-c"></div>
<p style="margin-bottom:10px"><strong>相关热词搜索：</strong><a href="/index.php?m=content&amp;c=tag&amp;a=lists&amp;tag=%E4%BA%BA%E5%A4%A7">人大</a></p>
<div class="bk15"></div>
<iframe src="/index.php?m=comment&amp;c=index&amp;a=init&amp;commentid=content_{catid}-{a.id}-1&amp;iframe=1" width="100%" height="100%" id="comment_iframe" frameborder="0" scrolling="no"></iframe>
</div></div></div>
<script language="JavaScript" src="/api.php?op=count&amp;id={a.id}&amp;modelid=1"></script>
{footer}</body></html>"""
        s.put(a.url.removeprefix(s.origin).lstrip("/").replace("?", "@"), page)
    s.tracking.append(f"{lead.url}&from=singlemessage")
    s.never_request += [
        f"{s.origin}/index.php?m=vote&c=index&a=show&show_type=1&subjectid=1&siteid=1",
        "https://beian.miit.gov.cn/",
    ]
    s.put("robots.txt", "User-agent: *\nDisallow: /caches\nDisallow: /phpcms\nDisallow: /api.php\n")
    return s


# ------------------------------------------------------------------------------------------- wordpress
def wordpress(articles: list[Article]) -> Site:
    """WordPress with /archives/%post_id% permalinks: /category/<slug>/ and /page/N/ archives, date and
    author archives, a calendar widget, feeds, wp-login.php and ?s= search."""
    s = Site("wordpress", "cms-wordpress", "安吉县人大常委会", "安吉人大", "330523", "www.anjird.example")
    s.channels["a"] = Channel("a", "工作动态", f"{s.origin}/category/gzdt/", pagination="/page/N/ number strip")
    s.channels["b"] = Channel("b", "代表之家", f"{s.origin}/category/dbzj/", pagination="较早文章 (older posts) link")
    for a in articles:
        a.url = f"{s.origin}/archives/{a.id}/"
        s.channels[a.channel].articles.append(a)
    everything = sorted(articles, key=lambda a: a.date, reverse=True)

    def head(title: str, extra: str = "") -> str:
        return f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{title}</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="{s.short} &raquo; Feed" href="{s.origin}/feed" />
<link rel="alternate" type="application/rss+xml" title="{s.short} &raquo; 评论 Feed" href="{s.origin}/comments/feed" />
<link rel="https://api.w.org/" href="{s.origin}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{s.origin}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.5.3" />
{extra}<link rel='stylesheet' id='twentyseventeen-style-css' href='{s.origin}/wp-content/themes/twentyseventeen/style.css?ver=20240402' media='all' />
</head>"""

    by_month: dict[str, list[Article]] = {}
    for a in everything:
        by_month.setdefault(a.date[:7], []).append(a)

    def calendar(month: str) -> str:
        days = sorted({int(a.d) for a in by_month[month]})
        cells = " ".join(
            f'<td><a href="/archives/date/{month[:4]}/{month[5:]}/{d:02d}/" aria-label="文章发布于 {month[:4]}年{int(month[5:])}月{d}日">{d}</a></td>'
            for d in days
        )
        return f'<table id="wp-calendar" class="wp-calendar-table"><caption>{month[:4]}年{int(month[5:])}月</caption><tbody><tr>{cells}</tr></tbody></table>'

    def sidebar() -> str:
        recent = "".join(f'<li><a href="/archives/{a.id}/">{esc(a.title)}</a></li>' for a in everything[:3])
        months = "".join(
            f'<li><a href="/archives/date/{m[:4]}/{m[5:]}/">{m[:4]}年{int(m[5:])}月</a></li>' for m in by_month
        )
        return f"""<aside id="secondary" class="widget-area" role="complementary">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{s.origin}/"><input type="search" class="search-field" placeholder="搜索…" value="" name="s" /><button type="submit" class="search-submit">搜索</button></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">近期文章</h2><ul>{recent}</ul></section>
<section id="calendar-2" class="widget widget_calendar"><div id="calendar_wrap" class="calendar_wrap">{calendar(everything[0].date[:7])}</div></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">文章归档</h2><ul>{months}</ul></section>
<section id="tag_cloud-2" class="widget widget_tag_cloud"><div class="tagcloud"><a href="/archives/tag/jiandu/" class="tag-cloud-link">监督</a> <a href="/archives/tag/daibiao/" class="tag-cloud-link">代表</a></div></section>
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">其他操作</h2><ul><li><a href="{s.origin}/wp-login.php">登录</a></li><li><a href="{s.origin}/feed">条目 feed</a></li><li><a href="https://cn.wordpress.org/">WordPress.org</a></li></ul></section>
</aside>"""

    header = f"""<body class="home blog"><div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">跳至内容</a>
<header id="masthead" class="site-header" role="banner"><div class="site-branding"><h1 class="site-title"><a href="/" rel="home">{s.name}</a></h1>
<p class="site-description">依法履职 服务人民</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="顶部菜单"><div class="menu-main-container"><ul id="top-menu" class="menu">
<li class="menu-item"><a href="/">首页</a></li>
<li class="menu-item"><a href="/category/gzdt/">工作动态</a></li>
<li class="menu-item"><a href="/category/dbzj/">代表之家</a></li>
<li class="menu-item"><a href="/about/">关于我们</a></li>
</ul></div></nav></header>
<div class="site-content-contain"><div id="content" class="site-content">"""
    footer = f"""</div><footer id="colophon" class="site-footer" role="contentinfo"><div class="site-info">
<a class="privacy-policy-link" href="/privacy-policy/">隐私政策</a><span role="separator" aria-hidden="true"></span>
<a href="https://cn.wordpress.org/" class="imprint">自豪地采用WordPress</a> <a href="https://beian.miit.gov.cn/">浙ICP备00000000号</a></div></footer></div></div>
<script src='{s.origin}/wp-includes/js/wp-embed.min.js?ver=6.5.3' id='wp-embed-js'></script></body></html>"""

    def summary(a: Article) -> str:
        return f"""<article id="post-{a.id}" class="post-{a.id} post type-post status-publish format-standard hentry category-{"gzdt" if a.channel == "a" else "dbzj"}">
<header class="entry-header"><div class="entry-meta"><span class="screen-reader-text">发布于</span> <a href="/archives/{a.id}/" rel="bookmark"><time class="entry-date published" datetime="{a.day}T{a.date[11:]}:00+08:00">{int(a.y)}年{int(a.m)}月{int(a.d)}日</time></a></div>
<h2 class="entry-title"><a href="/archives/{a.id}/" rel="bookmark">{esc(a.title)}</a></h2></header>
<div class="entry-summary"><p>{esc(a.paras[0][:40])}&hellip; <a href="/archives/{a.id}/" class="more-link">继续阅读<span class="screen-reader-text">“{esc(a.title)}”</span></a></p></div></article>"""

    def archive_page(title: str, items: list[Article], nav: str) -> str:
        return f"""{head(f"{esc(title)} &#8211; {s.short}")}
{header}<div class="wrap"><header class="page-header"><h1 class="page-title">分类：<span>{esc(title)}</span></h1></header>
<div id="primary" class="content-area"><main id="main" class="site-main">{"".join(summary(a) for a in items)}{nav}</main></div>{sidebar()}</div>
{footer}"""

    s.put(
        "index.html",
        archive_page(
            "首页",
            everything[:4],
            '<nav class="navigation pagination"><div class="nav-links"><a class="next page-numbers" href="/page/2/">下一页</a></div></nav>',
        ),
    )
    s.not_articles.append(f"{s.origin}/")
    # The blog's own paging (every post, newest first) duplicates the categories' lists.
    s.put("page/2/index.html", archive_page("首页", everything[4:8], ""))
    s.not_articles.append(f"{s.origin}/page/2/")

    ca = s.channels["a"]
    chunks = pages_of(ca.articles)
    ca.pages = [ca.url] + [f"{s.origin}/category/gzdt/page/{n}/" for n in range(2, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):
        links = []
        if n > 1:
            links.append(
                f'<a class="prev page-numbers" href="/category/gzdt/{"" if n == 2 else f"page/{n - 1}/"}">上一页</a>'
            )
        for k in range(1, len(chunks) + 1):
            href = "/category/gzdt/" if k == 1 else f"/category/gzdt/page/{k}/"
            links.append(
                f'<span aria-current="page" class="page-numbers current">{k}</span>'
                if k == n
                else f'<a class="page-numbers" href="{href}">{k}</a>'
            )
        if n < len(chunks):
            links.append(f'<a class="next page-numbers" href="/category/gzdt/page/{n + 1}/">下一页</a>')
        nav = f'<nav class="navigation pagination" aria-label="文章"><h2 class="screen-reader-text">文章导航</h2><div class="nav-links">{"".join(links)}</div></nav>'
        s.put(
            "category/gzdt/index.html" if n == 1 else f"category/gzdt/page/{n}/index.html",
            archive_page(ca.name, chunk, nav),
        )
    cb = s.channels["b"]
    chunks = pages_of(cb.articles)
    cb.pages = [cb.url] + [f"{s.origin}/category/dbzj/page/{n}/" for n in range(2, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):
        older = (
            f'<div class="nav-previous"><a href="/category/dbzj/page/{n + 1}/">&larr; 较早文章</a></div>'
            if n < len(chunks)
            else ""
        )
        newer = (
            f'<div class="nav-next"><a href="/category/dbzj/{"" if n == 2 else f"page/{n - 1}/"}">较新文章 &rarr;</a></div>'
            if n > 1
            else ""
        )
        nav = f'<nav class="navigation posts-navigation" aria-label="文章"><div class="nav-links">{older}{newer}</div></nav>'
        s.put(
            "category/dbzj/index.html" if n == 1 else f"category/dbzj/page/{n}/index.html",
            archive_page(cb.name, chunk, nav),
        )

    # Date archives behind the calendar: the same posts again.
    for month, items in by_month.items():
        for day in sorted({a.d for a in items}):
            s.put(
                f"archives/date/{month[:4]}/{month[5:]}/{day}/index.html",
                archive_page(f"{month}-{day}", [a for a in items if a.d == day], ""),
            )
        s.put(f"archives/date/{month[:4]}/{month[5:]}/index.html", archive_page(month, items, ""))
        s.not_articles.append(f"{s.origin}/archives/date/{month[:4]}/{month[5:]}/")
    s.put(
        "about/index.html",
        f"""{head(f"关于我们 &#8211; {s.short}")}{header}<div class="wrap"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-2" class="post-2 page type-page status-publish hentry"><header class="entry-header"><h1 class="entry-title">关于我们</h1></header>
<div class="entry-content"><p>安吉县人大常委会是安吉县人民代表大会的常设机关。</p><p>本站发布县人大常委会工作动态和代表履职信息。</p></div></article></main></div></div>{footer}""",
    )
    s.not_articles.append(f"{s.origin}/about/")
    s.put(
        "wp-login.php",
        f"""<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="UTF-8"><title>登录 &lsaquo; {s.short} &#8212; WordPress</title></head>
<body class="login"><div id="login"><form name="loginform" id="loginform" action="{s.origin}/wp-login.php" method="post">
<p><label for="user_login">用户名或电子邮箱地址</label><input type="text" name="log" id="user_login"></p>
<p><label for="user_pass">密码</label><input type="password" name="pwd" id="user_pass"></p>
<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" value="登录"></p></form>
<p id="nav"><a href="{s.origin}/wp-login.php?action=lostpassword">忘记密码？</a></p></div></body></html>""",
    )
    s.not_articles.append(f"{s.origin}/wp-login.php")

    for a in everything:
        i = everything.index(a)
        cat = "gzdt" if a.channel == "a" else "dbzj"
        extra = f"""<link rel="canonical" href="{a.url}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(a.title)}" />
<meta property="og:url" content="{a.url}" />
<meta property="article:published_time" content="{a.day}T{a.date[11:]}:00+08:00" />
"""
        author = (
            f'<span class="byline"> 作者：<span class="author vcard"><a class="url fn n" href="/archives/author/{a.id}u/">{"、".join(a.authors)}</a></span></span>'
            if a.authors
            else ""
        )
        attach = ""
        if a.id == "1579":
            attach = '<p class="attachment">附件：<a href="/wp-content/uploads/2025/07/jiancha-fangan.pdf">执法检查方案.pdf</a></p>'
            s.put(
                "wp-content/uploads/2025/07/jiancha-fangan.pdf",
                document_pdf("执法检查方案", "一、检查目的", "二、检查内容和重点", "三、时间安排"),
            )
        prev_link = (
            f'<div class="nav-previous"><a href="/archives/{everything[i + 1].id}/" rel="prev">上一篇 {esc(everything[i + 1].title)}</a></div>'
            if i + 1 < len(everything)
            else ""
        )
        page = f"""{head(f"{esc(a.title)} &#8211; {s.short}", extra)}
{header}<div class="wrap"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{a.id}" class="post-{a.id} post type-post status-publish format-standard hentry category-{cat}">
<header class="entry-header"><div class="entry-meta"><span class="posted-on"><span class="screen-reader-text">发布于</span> <a href="/archives/{a.id}/" rel="bookmark"><time class="entry-date published" datetime="{a.day}T{a.date[11:]}:00+08:00">{int(a.y)}年{int(a.m)}月{int(a.d)}日</time></a></span>{author}<span class="source"> 来源：{esc(a.source)}</span></div>
<h1 class="entry-title">{esc(a.title)}</h1></header>
<div class="entry-content">
{paragraphs(a)}
</div>
{attach}
<footer class="entry-footer"><span class="cat-tags-links"><span class="cat-links">分类：<a href="/category/{cat}/" rel="category tag">{s.channels[a.channel].name}</a></span></span></footer></article>
<nav class="navigation post-navigation" aria-label="文章"><div class="nav-links">{prev_link}</div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">发表回复</h3>
<p class="must-log-in">要发表评论，您必须先<a href="{s.origin}/wp-login.php?redirect_to={quote(a.url, safe="")}">登录</a>。</p></div></div>
</main></div>{sidebar()}</div>
{footer}"""
        s.put(f"archives/{a.id}/index.html", page)
    s.never_request += [
        f"{s.origin}/wp-login.php?action=lostpassword",
        f"{s.origin}/feed",
        f"{s.origin}/comments/feed",
        f"{s.origin}/wp-json/",
        f"{s.origin}/xmlrpc.php?rsd",
        "https://cn.wordpress.org/",
    ]
    s.put("robots.txt", "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n")
    return s


# -------------------------------------------------------------------------------------------- jsonlist
def jsonlist(articles: list[Article]) -> Site:
    """A script front: channel pages are shells filled from a JSON API (?pageIndex=N), article pages are
    server-rendered; one older channel still renders its list on the server (?pageIndex=N, 下一页/尾页)."""
    s = Site("jsonlist", "cms-jsonlist", "绵阳市人大常委会", "绵阳人大网", "510700", "www.myrd.example")
    s.channels["a"] = Channel("a", "人大要闻", f"{s.origin}/channel/101.html", pagination="JSON API ?pageIndex=N")
    s.channels["b"] = Channel("b", "监督工作", f"{s.origin}/channel/102.html", pagination="?pageIndex=N + 下一页/尾页")
    for a in articles:
        a.url = f"{s.origin}/content/{a.y}-{a.m}/{a.d}/{a.id}.html"
        s.channels[a.channel].articles.append(a)

    def rel(a: Article) -> str:
        return a.url.removeprefix(s.origin)

    def head(title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{esc(title)}</title>{extra}
<link rel="stylesheet" href="/static/css/app.3f9a2c.css"></head>"""

    header = f"""<header class="site-header"><div class="wrap"><a class="logo" href="/"><img src="/static/img/logo.png" alt="{s.name}"></a>
<div class="header-tools"><a href="/user/login">登录</a><a href="/search?keyword=">搜索</a><a href="javascript:void(0)" class="old-mode">关怀版</a></div></div>
<nav class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/channel/101.html">人大要闻</a></li><li><a href="/channel/102.html">监督工作</a></li><li><a href="/channel/103.html">代表风采</a></li><li><a href="https://www.scspc.gov.cn/" target="_blank">四川人大网</a></li></ul></nav></header>"""
    footer = """<footer class="site-footer"><p><a href="/about.html">关于本站</a> | <a href="/sitemap.html">网站地图</a></p>
<p>绵阳市人大常委会办公室主办 <a href="https://beian.miit.gov.cn/">蜀ICP备00000000号</a></p>
<p><a href="https://bszs.conac.cn/sitename?method=show&amp;id=000" target="_blank"><img src="/static/img/red.png" alt="党政机关"></a></p></footer>"""

    def li(a: Article) -> str:
        return f'<li><a href="{rel(a)}" target="_blank">{esc(a.title)}</a><span class="time">{a.day}</span></li>'

    ca, cb = s.channels["a"], s.channels["b"]
    s.put(
        "index.html",
        f"""{head(s.short)}<body>{header}
<main class="home wrap">
<section class="focus"><div class="swiper"><a href="{rel(ca.articles[0])}?source=banner"><img src="/upload/banner/2025/0821.jpg" alt="{esc(ca.articles[0].title)}"></a></div></section>
<section class="block"><h2><span>人大要闻</span><a class="more" href="/channel/101.html">更多</a></h2><ul class="news-list">{"".join(li(a) for a in ca.articles[:2])}</ul></section>
<section class="block"><h2><span>监督工作</span><a class="more" href="/channel/102.html">更多</a></h2><ul class="news-list">{"".join(li(a) for a in cb.articles[:2])}</ul></section>
<section class="block"><h2><span>代表风采</span><a class="more" href="/channel/103.html">更多</a></h2><ul class="news-list" id="dbfc"></ul></section>
</main>{footer}
<script src="/static/js/chunk-vendors.a81c.js"></script><script src="/static/js/app.77b0.js"></script></body></html>""",
    )
    s.not_articles.append(f"{s.origin}/")
    # Channel a: a shell; the list comes from the API.
    s.put(
        "channel/101.html",
        f"""{head(f"人大要闻-{s.short}")}<body>{header}
<main class="wrap"><div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/channel/101.html">人大要闻</a></div>
<div id="app" data-channel-id="101"><ul class="news-list" id="newsList"></ul><div class="pager" id="pager"></div></div></main>
{footer}
<script>
var channelId = 101, pageSize = {PAGE_SIZE};
function loadPage(pageIndex) {{
  $.getJSON('/api/content/list', {{ channelId: channelId, pageIndex: pageIndex, pageSize: pageSize }}, function (res) {{
    render(res.data.list); renderPager(res.data.total, pageIndex);
  }});
}}
loadPage(1);
</script></body></html>""",
    )
    chunks = pages_of(ca.articles)
    for n, chunk in enumerate(chunks, 1):
        payload = {
            "code": 200,
            "msg": "success",
            "data": {
                "total": len(ca.articles),
                "pageIndex": n,
                "pageSize": PAGE_SIZE,
                "list": [
                    {"id": int(a.id), "title": a.title, "publishDate": a.day, "source": a.source, "url": rel(a)}
                    for a in chunk
                ],
            },
        }
        s.put(
            f"api/content/list@channelId=101&pageIndex={n}&pageSize={PAGE_SIZE}",
            json.dumps(payload, ensure_ascii=False, indent=1) + "\n",
        )
    ca.script_pages = [
        f"{s.origin}/api/content/list?channelId=101&pageIndex={n}&pageSize={PAGE_SIZE}"
        for n in range(1, len(chunks) + 1)
    ]
    for a in ca.articles[2:]:
        s.hidden[a.url] = "json: /api/content/list?channelId=101&pageIndex=2&pageSize=2"
    ca.pages = [ca.url]
    # Channel b: rendered on the server.
    chunks = pages_of(cb.articles)
    cb.pages = [cb.url] + [f"{cb.url}?pageIndex={n}" for n in range(2, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):

        def link(k: int) -> str:
            return "/channel/102.html" if k == 1 else f"/channel/102.html?pageIndex={k}"

        bar = [f'<a href="{link(1)}">首页</a>', f'<a href="{link(max(1, n - 1))}">上一页</a>']
        bar += [f'<a class="{"active" if k == n else ""}" href="{link(k)}">{k}</a>' for k in range(1, len(chunks) + 1)]
        bar += [f'<a href="{link(min(len(chunks), n + 1))}">下一页</a>', f'<a href="{link(len(chunks))}">尾页</a>']
        s.put(
            "channel/102.html" if n == 1 else f"channel/102.html@pageIndex={n}",
            f"""{head(f"监督工作-{s.short}")}<body>{header}
<main class="wrap"><div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/channel/102.html">监督工作</a></div>
<ul class="news-list">{"".join(li(a) for a in chunk)}</ul>
<div class="pager">{"".join(bar)}<span>共{len(cb.articles)}条 {n}/{len(chunks)}页</span></div></main>
{footer}</body></html>""",
        )
    s.put(
        "channel/103.html",
        f"""{head(f"代表风采-{s.short}")}<body>{header}<main class="wrap"><div class="location">当前位置：<a href="/">首页</a> &gt; 代表风采</div>
<div id="app" data-channel-id="103"><ul class="news-list" id="newsList"></ul></div></main>{footer}
<script>$.getJSON('/api/content/list', {{ channelId: 103, pageIndex: 1, pageSize: {PAGE_SIZE} }}, render);</script></body></html>""",
    )
    s.put(
        f"api/content/list@channelId=103&pageIndex=1&pageSize={PAGE_SIZE}",
        json.dumps(
            {"code": 200, "msg": "success", "data": {"total": 0, "pageIndex": 1, "pageSize": PAGE_SIZE, "list": []}}
        )
        + "\n",
    )
    s.not_articles.append(f"{s.origin}/channel/103.html")
    s.put(
        "about.html",
        f"""{head(f"关于本站-{s.short}")}<body>{header}<main class="wrap"><h1>关于本站</h1><div class="text"><p>本站是绵阳市人大常委会的门户网站，由市人大常委会办公室主办。</p></div></main>{footer}</body></html>""",
    )
    s.not_articles.append(f"{s.origin}/about.html")
    s.put(
        "user/login",
        f"""{head(f"登录-{s.short}")}<body><div id="app"><form class="login-form"><input name="account" placeholder="账号"><input type="password" name="password" placeholder="密码"><button type="submit">登录</button></form></div></body></html>""",
    )
    s.not_articles.append(f"{s.origin}/user/login")
    s.put(
        "search@keyword=",
        f"{head(f'搜索-{s.short}')}<body>{header}<main class='wrap'><div id='app'>搜索结果</div></main>{footer}</body></html>",
    )
    s.not_articles.append(f"{s.origin}/search?keyword=")

    for a in articles:
        c = s.channels[a.channel]
        author = f"<span>作者：{'、'.join(a.authors)}</span>" if a.authors else ""
        s.put(
            rel(a),
            f"""{head(f"{a.title}-{s.short}", f'<meta name="description" content="{esc(a.paras[0][:60])}">')}<body>{header}
<main class="wrap"><div class="location">当前位置：<a href="/">首页</a> &gt; <a href="{c.url.removeprefix(s.origin)}">{c.name}</a> &gt; 正文</div>
<article class="detail"><h1 class="detail-title">{esc(a.title)}</h1>
<div class="detail-info"><span>发布时间：{a.date}</span><span>来源：{esc(a.source)}</span>{author}<span>浏览量：<em id="views">--</em></span>
<span class="font-size">字号：<a href="javascript:setFont(18)">大</a> <a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a></span></div>
<div class="detail-content" id="content">
{paragraphs(a)}
</div>
<div class="detail-share">分享到：<a href="javascript:shareWeixin()">微信</a> <a href="javascript:shareWeibo()">微博</a></div>
<div class="detail-tools"><a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div></article></main>
{footer}
<script>$.post('/api/content/hit', {{ id: {a.id} }}, function (r) {{ $('#views').text(r.data); }});</script></body></html>""",
        )
    s.tracking.append(f"{ca.articles[0].url}?source=banner")
    s.never_request += [
        "https://www.scspc.gov.cn/",
        "https://beian.miit.gov.cn/",
    ]
    s.put("robots.txt", "User-agent: *\nDisallow: /user/\nDisallow: /search\n")
    return s


# ---------------------------------------------------------------------------------------------- legacy
def legacy(articles: list[Article]) -> Site:
    """A table-layout ASP site in GB2312 (PowerEasy-style ShowClass.asp / ShowArticle.asp), pagers with
    下一页/尾页 plus a jump <select>, and one pager whose 下一页 is a javascript: call beside a [n] strip."""
    s = Site("legacy", "cms-legacy", "平遥县人大常委会", "平遥人大", "140728", "www.pyrd.example", encoding="gbk")
    s.channels["a"] = Channel(
        "a", "人大动态", f"{s.origin}/Article/ShowClass.asp?ClassID=1", pagination="&page=N 下一页/尾页"
    )
    s.channels["b"] = Channel(
        "b", "建议办理", f"{s.origin}/Article/ShowClass.asp?ClassID=2", pagination="[n] strip, javascript: 下一页"
    )
    for a in articles:
        a.url = f"{s.origin}/Article/ShowArticle.asp?ArticleID={a.id}"
        s.channels[a.channel].articles.append(a)

    def rel(a: Article) -> str:
        return a.url.removeprefix(s.origin)

    def head(title: str) -> str:
        return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title)}</title>
<link href="/Skin/DefaultSkin.css" rel="stylesheet" type="text/css">
<script language="JavaScript" src="/js/menu.js"></script></head>"""

    top = f"""<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/Images/top.jpg" width="778" height="120" alt="{s.name}"></td></tr></table>
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0" class="menu"><tr>
<td align="center"><a href="/index.asp">网站首页</a></td><td align="center"><a href="/Article/ShowClass.asp?ClassID=1">人大动态</a></td>
<td align="center"><a href="/Article/ShowClass.asp?ClassID=2">建议办理</a></td><td align="center"><a href="/Announce.asp">网站公告</a></td>
<td align="center"><a href="/User/User_Login.asp">用户登录</a></td>
<td align="center"><a href="#" onclick="this.style.behavior='url(#default#homepage)';this.setHomePage('http://{s.host}');return false;">设为首页</a></td></tr></table>"""
    bottom = f"""<table width="778" border="0" align="center" cellpadding="0" cellspacing="0" class="bottom"><tr><td align="center">
<a href="/Article/Search.asp?Field=Title&amp;Keyword=">站内搜索</a> | <a href="mailto:rdb@{s.host}">联系我们</a><br>
版权所有：平遥县人大常委会办公室　<a href="https://beian.miit.gov.cn/" target="_blank">晋ICP备00000000号</a><br>
友情链接：<select name="link" onchange="javascript:window.open(this.options[this.selectedIndex].value)"><option>--请选择--</option><option value="http://www.npc.gov.cn/">中国人大网</option><option value="http://www.sxpc.gov.cn/">山西人大网</option></select>
</td></tr></table></body></html>"""

    def row(a: Article) -> str:
        return f'<tr><td width="10"><img src="/Images/arrow.gif"></td><td class="listtitle"><a href="{rel(a)}" title="文章标题：{esc(a.title)}" target="_blank">{esc(a.title)}</a></td><td width="80" align="right" class="listdate">{int(a.m)}-{int(a.d)}</td></tr>'

    ca, cb = s.channels["a"], s.channels["b"]
    home_blocks = "".join(
        f"""<table width="380" border="0" cellpadding="0" cellspacing="0" class="box"><tr><td class="boxtitle">{c.name}</td><td align="right"><a href="{c.url.removeprefix(s.origin)}">更多&gt;&gt;</a></td></tr>
<tr><td colspan="2"><table width="100%">{"".join(row(a) for a in c.articles[:2])}</table></td></tr></table>"""
        for c in (ca, cb)
    )
    s.put(
        "index.asp",
        f"""{head(s.short)}{top}
<table width="778" border="0" align="center"><tr><td valign="top">{home_blocks}</td>
<td valign="top" width="200"><table class="box"><tr><td class="boxtitle">网站公告</td></tr><tr><td><marquee direction="up" scrollamount="2"><a href="/Announce.asp?ID=3" onclick="window.open(this.href,'','width=400,height=300');return false;">关于网站改版的公告</a></marquee></td></tr></table>
<table class="box"><tr><td class="boxtitle">文件下载</td></tr><tr><td><a href="/UploadFiles/2025/9/20250912163012345.doc">县人大常委会2025年工作要点</a></td></tr></table></td></tr></table>
{bottom}""",
    )
    s.put("index.html", '<html><head><meta http-equiv="refresh" content="0;url=/index.asp"></head><body></body></html>')
    s.put("UploadFiles/2025/9/20250912163012345.doc", b"\xd0\xcf\x11\xe0fixture attachment")
    s.not_articles += [f"{s.origin}/", f"{s.origin}/index.asp"]

    def class_page(c: Channel, chunk: list[Article], pager: str, cid: str) -> str:
        return f"""{head(f"{s.short}--{c.name}")}{top}
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="position">您现在的位置：&nbsp;<a href="/index.asp">{s.short}</a>&nbsp;&gt;&gt;&nbsp;<a href="/Article/ShowClass.asp?ClassID={cid}">{c.name}</a></td></tr>
<tr><td><table width="100%" border="0" cellpadding="0" cellspacing="0">{"".join(row(a) for a in chunk)}</table></td></tr>
<tr><td align="center" class="pager">{pager}</td></tr></table>
{bottom}"""

    chunks = pages_of(ca.articles)
    ca.pages = [ca.url] + [f"{ca.url}&page={n}" for n in range(2, len(chunks) + 1)]
    total_pages = len(chunks)
    for n, chunk in enumerate(chunks, 1):

        def link(k: int) -> str:
            return f"ShowClass.asp?ClassID=1&amp;page={k}"

        first = f"<a href='{link(1)}'>首页</a> <a href='{link(n - 1)}'>上一页</a>" if n > 1 else "首页 上一页"
        last = (
            f"<a href='{link(n + 1)}'>下一页</a> <a href='{link(total_pages)}'>尾页</a>"
            if n < total_pages
            else "下一页 尾页"
        )
        options = "".join(
            f"<option value='{k}'{' selected' if k == n else ''}>第{k}页</option>" for k in range(1, total_pages + 1)
        )
        pager = (
            f"共 <b>{len(ca.articles)}</b> 篇文章&nbsp;&nbsp;{first}&nbsp;{last}&nbsp;页次：<strong><font color=red>{n}</font>/{total_pages}</strong>页 "
            f"&nbsp;<b>{PAGE_SIZE}</b>篇文章/页&nbsp;转到：<select name='page' size='1' onchange=\"javascript:window.location='ShowClass.asp?ClassID=1&page='+this.options[this.selectedIndex].value;\">{options}</select>"
        )
        s.put(f"Article/ShowClass.asp@ClassID=1&page={n}", class_page(ca, chunk, pager, "1"))
        if n == 1:
            s.put("Article/ShowClass.asp@ClassID=1", class_page(ca, chunk, pager, "1"))
    chunks = pages_of(cb.articles)
    cb.pages = [cb.url] + [f"{cb.url}&page={n}" for n in range(2, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):
        strip = " ".join(
            f"<font color=red>[{k}]</font>" if k == n else f"<a href='ShowClass.asp?ClassID=2&amp;page={k}'>[{k}]</a>"
            for k in range(1, len(chunks) + 1)
        )
        nxt = f'<a href="javascript:goPage({n + 1})">下一页</a>' if n < len(chunks) else "下一页"
        pager = f"""{strip} {nxt}
<script language="javascript">function goPage(p){{window.location.href='ShowClass.asp?ClassID=2&page='+p;}}</script>"""
        s.put(f"Article/ShowClass.asp@ClassID=2&page={n}", class_page(cb, chunk, pager, "2"))
        if n == 1:
            s.put("Article/ShowClass.asp@ClassID=2", class_page(cb, chunk, pager, "2"))

    s.put(
        "Announce.asp",
        f"""{head(f"{s.short}--网站公告")}{top}<table width="778" align="center"><tr><td>
<p>关于网站改版的公告　2025-6-1</p><p>本网站将于近期改版，改版期间部分栏目可能无法访问。</p></td></tr></table>{bottom}""",
    )
    s.put(
        "Announce.asp@ID=3",
        f"{head('网站公告')}<body><p>关于网站改版的公告</p><p>本网站将于近期改版。</p></body></html>",
    )
    s.not_articles += [f"{s.origin}/Announce.asp", f"{s.origin}/Announce.asp?ID=3"]
    s.put(
        "User/User_Login.asp",
        f"""{head(f"{s.short}--用户登录")}{top}<form action="/User/User_ChkLogin.asp" method="post"><table align="center">
<tr><td>用户名：</td><td><input name="UserName"></td></tr><tr><td>密　码：</td><td><input type="password" name="UserPassword"></td></tr>
<tr><td colspan="2"><input type="submit" value=" 登录 "></td></tr></table></form>{bottom}""",
    )
    s.not_articles.append(f"{s.origin}/User/User_Login.asp")

    for a in articles:
        c = s.channels[a.channel]
        cid = "1" if a.channel == "a" else "2"
        author = "、".join(a.authors) if a.authors else "佚名"
        stamp = f"{int(a.y)}-{int(a.m)}-{int(a.d)} {a.date[11:]}:00"
        s.put(
            f"Article/ShowArticle.asp@ArticleID={a.id}",
            f"""{head(f"{s.short}--{a.title}")}{top}
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="position">您现在的位置：&nbsp;<a href="/index.asp">{s.short}</a>&nbsp;&gt;&gt;&nbsp;<a href="/Article/ShowClass.asp?ClassID={cid}">{c.name}</a>&nbsp;&gt;&gt;&nbsp;正文</td></tr></table>
<table width="778" border="0" align="center" cellpadding="0" cellspacing="5" class="article">
<tr><td height="40" align="center" class="articletitle"><font size="4"><b>{esc(a.title)}</b></font></td></tr>
<tr><td align="center" class="articleinfo">作者：{esc(author)}&nbsp;&nbsp;&nbsp;&nbsp;文章来源：{esc(a.source)}&nbsp;&nbsp;&nbsp;&nbsp;点击数：<script language="javascript" src="/Article/GetHits.asp?ArticleID={a.id}"></script>&nbsp;&nbsp;&nbsp;&nbsp;更新时间：{stamp}</td></tr>
<tr><td><hr size="1" noshade></td></tr>
<tr><td id="fontzoom" class="articlecontent">
{paragraphs(a, "　　")}
</td></tr>
<tr><td align="right">【<a href="/Article/Comment.asp?ArticleID={a.id}" target="_blank">发表评论</a>】【<a href="javascript:window.print()">打印此文</a>】【<a href="javascript:window.close();">关闭窗口</a>】</td></tr>
</table>
{bottom}""",
        )
    s.never_request += [
        f"{s.origin}/Article/Search.asp?Field=Title&Keyword=",
        "http://www.npc.gov.cn/",
        "https://beian.miit.gov.cn/",
    ]
    s.put(
        "robots.txt", "User-agent: *\nDisallow: /User/\nDisallow: /Article/Search.asp\nDisallow: /Article/Comment.asp\n"
    )
    return s


FAMILIES: dict[str, Callable[[list[Article]], Site]] = {
    "hanweb": hanweb,
    "dedecms": dedecms,
    "phpcms": phpcms,
    "wordpress": wordpress,
    "jsonlist": jsonlist,
    "legacy": legacy,
}


# ---------------------------------------------------------------------------------------------- output
def expected_article(site: Site, a: Article) -> dict[str, object]:
    time = a.date[11:] if site.shows_time else "00:00"
    return {
        "url": a.url,
        "title": a.title,
        "published_at": f"{a.day}T{time}:00+08:00",
        "source": a.source,
        "authors": a.authors,
        "body_start": a.paras[0][:12],
        "body_end": a.paras[-1][-12:],
        "region_code": site.jurisdiction,
    }


def site_summary(site: Site) -> dict[str, object]:
    return {
        "slug": site.slug,
        "family": site.family,
        "name": site.name,
        "jurisdiction": site.jurisdiction,
        "host": site.host,
        "start_url": f"{site.origin}/",
        "encoding": site.encoding,
        "channels": [
            {
                "name": c.name,
                "url": c.url,
                "list_pages": c.pages,
                "pagination": c.pagination,
                "articles": [a.url for a in c.articles],
                "script_pages": c.script_pages,
            }
            for c in site.channels.values()
        ],
        "articles": sorted(a.url for a in site.articles()),
        "listed_only_by_script": dict(sorted(site.hidden.items())),
        "not_articles": sorted(set(site.not_articles)),
        "tracking_duplicates": sorted(site.tracking),
        "never_request": sorted(set(site.never_request)),
    }


def render(site: Site) -> dict[Path, bytes]:
    base = CMS / site.family
    out: dict[Path, bytes] = {}
    for path, content in site.files.items():
        data = content.encode(site.encoding) if isinstance(content, str) else content
        out[base / "site" / site.host / path] = data
    for a in site.articles():
        text = json.dumps(expected_article(site, a), ensure_ascii=False, indent=2) + "\n"
        out[base / "expected" / f"{a.id}.json"] = text.encode("utf-8")
    out[base / "expected" / "site.json"] = (json.dumps(site_summary(site), ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )
    return out


def build() -> dict[Path, bytes]:
    texts = load_articles()
    out: dict[Path, bytes] = {}
    for family, make in FAMILIES.items():
        out.update(render(make(texts[family])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")
    args = parser.parse_args(argv)
    files = build()
    generated_dirs = [CMS / family / sub for family in FAMILIES for sub in ("site", "expected")]
    present = {p for d in generated_dirs if d.exists() for p in d.rglob("*") if p.is_file()}
    stale = sorted(p for p, data in files.items() if not p.exists() or p.read_bytes() != data)
    extra = sorted(present - set(files))
    if args.check:
        for p in stale + extra:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale or extra else 0
    for p in extra:
        p.unlink()
    for p, data in files.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    print(f"wrote {len(files)} files under {CMS.relative_to(ROOT)} ({len(stale)} changed, {len(extra)} removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

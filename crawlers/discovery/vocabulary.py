"""Words and URL marks discovery recognises, apart from the logic that uses them (as trafilatura keeps
its vocabularies): pager labels, link traps, tracking parameters, attachment types."""

from __future__ import annotations

import re

# Pager labels: the next page, the last page, the first/previous (same channel, already known or earlier).
NEXT_WORDS = frozenset(
    {"下一页", "下页", "后页", "下一頁", "较早文章", "更早文章", "较早的文章", "next", ">", "›", "»", ">>"}
)
LAST_WORDS = frozenset({"尾页", "末页", "最后一页", "尾頁", "last", ">|", "»|"})
BACK_WORDS = frozenset(
    {"上一页", "上页", "前页", "首页", "第一页", "较新文章", "更新文章", "prev", "previous", "<", "‹", "«", "<<"}
)

# Query keys that number a list's pages (?page=2, ?pageIndex=2, DedeCMS's PageNo with TotalResult).
PAGE_KEYS = frozenset(
    {"page", "pageindex", "pageno", "pagenum", "pn", "p", "curpage", "currentpage", "start", "totalresult"}
)

# Query parameters that only say where a visitor came from: the same page without them.
TRACKING_KEYS = frozenset(
    {"spm", "from", "source", "isappinstalled", "share", "share_from", "scene", "wxfrom", "clicktime", "fbclid"}
)
TRACKING_PREFIXES = ("utm_",)

# Links that are never a list or an article: files, search, accounts, counters, feeds, CMS actions.
ATTACHMENT_RE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|zip|rar|7z|gz|tar|jpe?g|png|gif|bmp|webp|svg|ico|mp[34]|avi|flv|wmv|swf|"
    r"css|js|xml|rss|txt|exe|apk)$",
    re.I,
)
TRAP_PATH_RE = re.compile(
    r"(?:^|[/_.-])(?:search|jrobot|login|logout|register|signup|member|user|wp-login|wp-admin|wp-json|xmlrpc|"
    r"feed|comments?|print|vote|stow|recommend|erraddsave|feedback|mytag_js|digg|guestbook|"
    r"dataproxy|api|download|downfile|attachment)(?:[/_.?-]|$)",
    re.I,
)
# Counters are files (count.php, visit.jsp), while "count" as a folder names lists on some CMSs
# (Tianjin's /xwzx/system/count/...).
TRAP_FILE_RE = re.compile(r"/(?:count|counter|visit|visitcount|hits)\.\w+$", re.I)
# Query keys of searches, and CMS actions named in the query (PHPCMS m=member, m=vote ...).
SEARCH_KEYS = frozenset({"q", "s", "kw", "wd", "keyword", "keywords", "searchword", "query"})
TRAP_QUERY_VALUES = frozenset({"member", "vote", "comment", "search", "login", "logout", "register"})

# Dates beside a list row: 2025-05-09, 2025/5/9, 2025.05.09, 2025年5月9日; a bare 05-09 still marks a row.
FULL_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
SHORT_DATE_RE = re.compile(r"(?<![\d-])(\d{1,2})[-/.月](\d{1,2})日?(?![\d-])")

# Navigation and page furniture: containers whose links are no list rows.
FURNITURE_TOKENS = frozenset(
    {
        "nav",
        "navbar",
        "navmenu",
        "menu",
        "topmenu",
        "mainnav",
        "main-navigation",
        "header",
        "site-header",
        "top",
        "footer",
        "site-footer",
        "foot",
        "copyright",
        "flink",
        "friendlink",
        "bottom",
        "position",
        "crumbs",
        "crumb",
        "breadcrumb",
        "location",
        "place",
        "dqwz",
        "tagcloud",
        "wp-calendar",
        "widget_archive",
        "widget_meta",
    }
)
# <header> and <footer> inside an <article> are the post's own (its title link), not the page's.
FURNITURE_TAGS = frozenset({"nav", "header", "footer"})

# An article's title: long enough to say something (navigation labels are two to six characters).
MIN_TITLE_CHARS = 8
MIN_CJK_TITLE_CHARS = 6
# A channel's name: a short label.
MAX_CHANNEL_CHARS = 12

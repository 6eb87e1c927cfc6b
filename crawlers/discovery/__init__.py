"""Discovery: what a site's own pages say about where its lists, articles and further pages are.

Pure functions over a parsed page (no Scrapy, no network), used by the generic spider
(crawlers/generic.py) and by `rdarchive probe`:

    page = parse_page(url, html)
    channel_links(page)      -> [ChannelLink(url, name)]
    article_links(page)      -> [ArticleLink(url, title, date)]   learned from repeated URL shapes
    pagination_links(page)   -> [PageLink(url, rel, number)]
"""

from crawlers.discovery.articles import ArticleLink, article_links, article_shapes, title_like
from crawlers.discovery.channels import ChannelLink, channel_links
from crawlers.discovery.page import Link, ParsedPage, parse_page
from crawlers.discovery.pagination import PageLink, next_pages, pagination_links, pagination_style
from crawlers.discovery.urls import absolute, list_key, on_site, page_number, shape, trap

__all__ = [
    "ArticleLink",
    "ChannelLink",
    "Link",
    "PageLink",
    "ParsedPage",
    "absolute",
    "article_links",
    "article_shapes",
    "channel_links",
    "list_key",
    "next_pages",
    "on_site",
    "page_number",
    "pagination_links",
    "pagination_style",
    "parse_page",
    "shape",
    "title_like",
    "trap",
]

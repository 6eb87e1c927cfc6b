"""Downloader middlewares."""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

# Markers of anti-bot pages seen on these sites (WZWS JS challenge on
# npc.gov.cn, WAF block pages) and of the common Chinese WAF products.
CHALLENGE_MARKERS = re.compile(
    r"WZWS|wzws_cid|/WZWSRE|__jsl_clearance|_waf_|yunsuo_session|安全验证|访问验证|人机验证"
    r"|滑动验证|请开启JavaScript|请启用JavaScript|您的访问被拦截|访问被拒绝|网站防火墙|非法访问|Access Denied",
    re.I,
)
# A real article page is much larger than a challenge page: only a small page
# carrying a marker is taken for a challenge, so an article that merely
# mentions 安全验证 is still archived.
CHALLENGE_MAX_BYTES = 12_000


class BlockedByChallenge(IgnoreRequest):
    """The site answered with an anti-bot challenge or WAF page, not content."""


def looks_like_challenge(response: Response) -> bool:
    if "/WZWSRE" in response.url:
        return True
    if not isinstance(response, TextResponse) or len(response.body) > CHALLENGE_MAX_BYTES:
        return False
    return bool(CHALLENGE_MARKERS.search(response.text))


class ChallengeDetector:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeDetector:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if looks_like_challenge(response):
            raise BlockedByChallenge(
                f"{self.crawler.spidercls.name}: {request.url} answered with an anti-bot challenge page "
                f"(HTTP {response.status}), expected an article or list page"
            )
        return response

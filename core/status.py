"""The closed vocabularies of a crawl: run status, site health, article outcome, failure kind.

They are `StrEnum`s: the database keeps their plain string values (the columns
stay VARCHAR and older rows stay valid), and a value read back compares equal
to its member.
"""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    # Articles archived, some pages failed.
    PARTIAL = "partial"
    # An empty scrape, a failing site, or a crawl process that died.
    FAILED = "failed"
    # Stopped before its end (a signal, a shutdown, an abandoned run).
    INTERRUPTED = "interrupted"
    # A crawl that never started: the scheduler was stopping, another crawl of the site (or of a
    # site on the same server) was running, or its scheduled slot had been crawled already.
    SKIPPED = "skipped"


# Runs that reached their end, whatever they found: after one of these an
# incremental crawl may trust the archive to have no holes.
FINISHED_STATUSES = frozenset({RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED})


class Health(StrEnum):
    OK = "ok"
    # Articles archived, but some list or article pages no longer fit the site's declared
    # URL patterns or template: the generic path handled them (template drift).
    DEGRADED = "degraded"
    # The site yields no article, or its article pages mostly fail extraction.
    FAILING = "failing"


class DriftKind(StrEnum):
    """Where a site's declarations stopped fitting its pages (template_drift.kind)."""

    # A list page that plainly lists articles, none of whose links the article patterns match.
    LIST = "list"
    # An article page no template recognises, or whose template's body selectors find nothing.
    ARTICLE = "article"


class Outcome(StrEnum):
    """What storing one article did."""

    NEW = "new"
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    DUPLICATE = "duplicate"
    # Reprocessing only: the same text, what is read around it (bylines, region) improved.
    REFRESHED = "refreshed"


class FailureKind(StrEnum):
    """Why a page was not archived (crawl_failures.kind)."""

    # Fetching
    HTTP_ERROR = "http_error"
    NETWORK = "network"
    BLOCKED = "blocked"  # an anti-bot challenge or WAF page
    IGNORED = "ignored"
    OFFSITE = "offsite"
    OFFSITE_REDIRECT = "offsite_redirect"
    REDIRECT_LOOP = "redirect_loop"
    REDIRECTED = "redirected"  # a redirect a site module refuses to follow
    FORBIDDEN_ADDRESS = "forbidden_address"
    ROBOTS_DISALLOWED = "robots_disallowed"
    EMPTY_RESPONSE = "empty_response"
    # What came back
    NOT_HTML = "not_html"
    NOT_JSON = "not_json"
    NOT_RECORDSET = "not_recordset"
    NO_BODY = "no_body"
    # A document an article links to could not be archived or read (the article is kept).
    ATTACHMENT = "attachment"
    # The site or the archiver
    UNSUPPORTED = "unsupported"
    WARC_ERROR = "warc_error"
    STORE_FAILED = "store_failed"
    PIPELINE_ERROR = "pipeline_error"
    SPIDER_ERROR = "spider_error"
    DROPPED = "dropped"


# Kinds that mean an article page was fetched but yielded no article (they count against a site's health).
EXTRACTION_FAILURES = frozenset({FailureKind.NO_BODY})


class ArticleEventKind(StrEnum):
    """What a revisit found of an archived page (article_events.kind)."""

    # 404/410, a redirect to the home page or a list, a "not found / deleted" page.
    WITHDRAWN = "withdrawn"
    # A withdrawn page answering with its article again.
    RESTORED = "restored"

"""Custom Scrapy signals."""

# Sent with url=, kind=, reason=, http_status= when a page cannot be archived.
page_failed = object()

"""Custom Scrapy signals."""

# Sent with url=, kind=, reason=, http_status= when a page cannot be archived.
page_failed = object()

# Sent with url=, kind= (core.status.DriftKind), reason= when a page no longer fits the site's
# declared URL patterns or template and the generic path handles it (template drift).
template_drift = object()

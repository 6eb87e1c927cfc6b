"""A capture row waiting to be written: the pointer to one WARC record, before it has an id.

The WARC middleware writes the record at once (its bytes are safe in the
file) but not its database row: that row is written in the same transaction
as the article read from the response, or with the next batch of progress for
pages that yield no article (lists, robots.txt, errors). One commit per article
instead of two, and an article is never stored without its capture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False)
class PendingCapture:
    """The captures row of one response; `id` is set once the row is committed."""

    run_id: int | None
    url: str
    captured_at: datetime
    http_status: int | None
    content_type: str | None
    warc_file: str
    offset: int
    length: int
    record_id: str
    payload_sha256: str
    payload_digest: str | None
    revisit_of_id: int | None = None
    id: int | None = None

    def columns(self) -> dict[str, object]:
        """The row's columns (everything but the id the database gives it)."""
        return {k: v for k, v in vars(self).items() if k != "id"}

"""Where a list request stands in the walk of its channel."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListWalk:
    """Carried by every list request (Scrapy `cb_kwargs`) to the callback that parses it.

    CMS families with list pages of their own kind (an XHR recordset, a portal's
    fragments) subclass it with what those pages need.
    """

    # Consecutive list pages of this channel that held nothing new (incremental crawls stop at
    # RDARCHIVE_INCREMENTAL_DEPTH).
    stale: int = 0
    # The channel name of the page that led here: later pages of several CMSs are bare
    # fragments that name no channel themselves.
    channel: str | None = None
    # What the request expects, for failure reasons: "list", "recordset" ...
    kind: str = "list"

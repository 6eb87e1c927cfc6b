"""What a list page tells about one article link."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListRow:
    """A list page's facts about one article: they travel with the article's request
    (Scrapy `cb_kwargs`) and end up in its `Page`. Offline reprocessing rebuilds one
    from the stored article, since the capture of the article alone does not hold them."""

    url: str
    # The channel (column) of the list page that linked the article.
    channel: str | None = None
    # The title and the date the row showed beside the link, as written there.
    title: str | None = None
    date: str | None = None

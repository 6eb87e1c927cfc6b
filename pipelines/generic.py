"""Generic body extraction for pages no site template recognises.

Used as the fallback of pipelines/extract.py and measured by
benchmarks/extraction.py. Rules here must hold for any Chinese page: nothing
keyed to particular sites or domains.
"""
from __future__ import annotations

import trafilatura

from pipelines import textnorm


def generic_extract(html: str, url: str = "") -> str | None:
    """The main text of a page, one paragraph per line, or None."""
    text = trafilatura.extract(html, url=url or None, include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=False)
    if not text:
        text = trafilatura.extract(html, url=url or None, include_comments=False,
                                   include_tables=True, favor_recall=True)
    return textnorm.tidy_lines(text) if text else None

"""A progress line for long passes over articles (reprocess, export), on a terminal only.

Redrawn once per EVERY articles, with the count and the rate (and the total
with what is left when it is known); nothing at all in a pipe, a file or with -q.
"""

from __future__ import annotations

import sys
from types import TracebackType

from tqdm import tqdm

EVERY = 1000


class ArticleProgress:
    def __init__(self, what: str, enabled: bool, total: int | None = None, every: int = EVERY):
        self.bar = tqdm(
            desc=what,
            total=total,
            unit=" articles",
            unit_scale=False,
            disable=not enabled,
            miniters=every,
            mininterval=0,
            file=sys.stderr,
            dynamic_ncols=True,
        )

    def add(self, n: int = 1) -> None:
        self.bar.update(n)

    def __enter__(self) -> ArticleProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.bar.close()


def on_terminal(quiet: bool) -> bool:
    """Progress lines are for a person watching: stderr a terminal, and no -q."""
    return sys.stderr.isatty() and not quiet

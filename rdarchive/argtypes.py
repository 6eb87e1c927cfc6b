"""argparse types for counts: a negative limit or depth is a usage error (exit status 2), not an empty answer."""

from __future__ import annotations

import argparse


def _whole(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None


def non_negative(value: str) -> int:
    n = _whole(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative: {n}")
    return n


def positive(value: str) -> int:
    n = _whole(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return n

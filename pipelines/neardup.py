"""Near-duplicate fingerprints: MinHash over character shingles, banded for LSH.

Computed in the pipeline (fingerprint stage) from the normalised text, so a
traditional-character mirror with pinyin annotations, a repost with another
byline block, and a shortened repost all fingerprint close to their original.
The LSH keys are stored in the archive database (models/neardup_index.py),
so clusters persist and grow across runs without rebuilding anything.
"""

from __future__ import annotations

import hashlib
import re
import struct

import numpy as np
from datasketch import MinHash

# 120 permutations in 30 bands of 4 rows: a pair at 0.5 Jaccard becomes a
# candidate with probability ~0.86, at 0.6 ~0.98 (20 bands of 6 missed a third
# of reposts with a new byline and first paragraph, measured by
# benchmarks/dedupe_pairs.py). Candidates are then verified against THRESHOLD.
NUM_PERM = 120
BANDS = 30
ROWS = NUM_PERM // BANDS
SHINGLE = 5
# Verified similarity (estimated Jaccard of shingle sets) to join a cluster.
THRESHOLD = 0.5
# A very short text says too little to call anything its copy.
MIN_CHARS = 40

# Only letters, digits and CJK count: punctuation and layout differ between copies.
_NOISE = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")


def shingles(normalized: str) -> list[bytes]:
    text = _NOISE.sub("", normalized)
    if len(text) < SHINGLE:
        return [text.encode("utf-8")] if text else []
    return [text[i : i + SHINGLE].encode("utf-8") for i in range(len(text) - SHINGLE + 1)]


# Signatures are stored and compared across nightly runs and upgrades, so nothing about them
# may follow a library default: a fixed seed and scheme (datasketch 2.0 changed its default
# scheme), and the permutations drawn from them once rather than for every article.
SCHEME = "affine32"
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(normalized: str) -> bytes | None:
    """The MinHash signature as bytes, or None for texts too short to compare."""
    if len(_NOISE.sub("", normalized)) < MIN_CHARS:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS, scheme=SCHEME)
    m.update_batch(shingles(normalized))
    return m.hashvalues.astype("<u4").tobytes()


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM


def lsh_keys(sig: bytes) -> list[int]:
    """One signed 63-bit key per band (fits SQLite INTEGER and PostgreSQL BIGINT)."""
    keys = []
    for band in range(BANDS):
        chunk = struct.pack("<B", band) + sig[band * ROWS * 4 : (band + 1) * ROWS * 4]
        (key,) = struct.unpack("<q", hashlib.blake2b(chunk, digest_size=8).digest())
        keys.append(key)
    return keys

"""Exact, fast draws from many categorical policies at once (inverse CDF with a guide table).

Every policy row ``π_c`` over ``M`` tokens has the CDF ``F_c``; a uniform ``u`` gives the token
``#{k < M − 1 : F_c(k) ≤ u}``.  Drawing ``u = (b + v)/L`` with ``b`` one random byte
(``L = 256`` buckets) and ``v ∼ U[0, 1)``, the byte alone fixes the token whenever no CDF step
lies inside bucket ``b`` (``bucket_tokens``); only the rare draws in a bucket that holds a step
need ``v`` and a binary search (``resolve``).  The draws are exact: the same tokens as inverse
CDF sampling of ``u``.  Bucket edges ``b/L`` are exact in floating point since L = 2⁸.
"""

from __future__ import annotations

import numpy as np

BUCKET_BITS = 8
BUCKETS = 1 << BUCKET_BITS


def cdf_rows(probs: np.ndarray) -> np.ndarray:
    """Row-wise CDFs that end at exactly 1."""
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    return cdf


def bucket_range(cdf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(first, last)[c, b]``: the smallest and largest token of ``u ∈ [b/L, (b+1)/L)`` under
    ``F_c``: ``#{F ≤ b/L} = #{⌈L F⌉ ≤ b}`` and ``#{F < (b+1)/L} = #{⌊L F⌋ ≤ b}``."""
    rows = cdf.shape[0]
    steps = cdf[:, :-1] * BUCKETS
    offset = (np.arange(rows) * (BUCKETS + 1))[:, None]

    def count(cells: np.ndarray) -> np.ndarray:
        flat = (cells.astype(np.intp) + offset).ravel()
        hist = np.bincount(flat, minlength=rows * (BUCKETS + 1)).reshape(rows, BUCKETS + 1)
        return np.cumsum(hist, axis=1)[:, :BUCKETS]

    return count(np.ceil(steps)), count(np.floor(steps))


def bucket_tokens(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """``table[c, b]``: the token of the whole bucket, or −1 if the bucket holds a CDF step."""
    return np.where(first == last, first, -1)


def resolve(
    cdf: np.ndarray,
    first: np.ndarray,
    rows: np.ndarray,
    buckets: np.ndarray,
    rng: np.random.Generator,
    last: np.ndarray | None = None,
) -> np.ndarray:
    """Exact tokens for draws in a bucket with a CDF step: ``u = (b + v)/L``, ``v ∼ U[0, 1)``.

    A token is ``#{k < M − 1 : F_c(k) ≤ u}``.  Most such buckets hold one step, so one
    comparison with ``F_c(first)`` settles the draw; the draws in buckets with several steps
    are found by one binary search over all rows at once (complex keys ``row + i·u`` against
    ``c + i·F_c(k)``, which numpy orders by real, then imaginary part: exact).
    """
    u = (buckets + rng.random(buckets.size)) / BUCKETS
    count, size = cdf.shape[0], cdf.shape[1] - 1
    if last is None:
        last = bucket_range(cdf)[1]
    cell = rows * BUCKETS + buckets
    start, stop = first.ravel()[cell], last.ravel()[cell]
    steps = cdf[:, :-1].ravel()
    below = steps[rows * size + np.minimum(start, size - 1)] <= u
    tokens = start + ((start < size) & below)
    several = np.flatnonzero(stop - start > 1)
    if several.size:
        keys = rows[several] + 1j * u[several]
        flat = (np.arange(count)[:, None] + 1j * cdf[:, :-1]).ravel()
        tokens[several] = np.searchsorted(flat, keys, side="right") - rows[several] * size
    return tokens


def random_buckets(rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` independent uniform bytes (bucket numbers), from the generator's raw bits."""
    words = rng.bit_generator.random_raw(-(-size // 8))
    return words.view(np.uint8)[:size]


def draw(probs: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One token from ``probs[rows[n]]`` for every n (any shape of ``rows``)."""
    shape = np.shape(rows)
    cdf = cdf_rows(probs)
    first, last = bucket_range(cdf)
    table = bucket_tokens(first, last)
    rows = np.ascontiguousarray(rows).ravel()
    buckets = random_buckets(rng, rows.size)
    tokens = table[rows, buckets]
    pending = np.flatnonzero(tokens < 0)
    if pending.size:
        tokens[pending] = resolve(cdf, first, rows[pending], buckets[pending], rng, last)
    return tokens.reshape(shape)

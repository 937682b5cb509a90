"""Exact, fast draws from many categorical policies at once (inverse CDF with a guide table).

Every policy row ``π_c`` over ``M`` tokens has the CDF ``F_c``; a uniform ``u`` gives the token
``#{k < M − 1 : F_c(k) ≤ u}``.  Drawing ``u = (b + v)/L`` with ``b`` one random byte
(``L = 256`` buckets) and ``v ∼ U[0, 1)``, the byte alone fixes the token whenever no CDF step
lies inside bucket ``b`` (``bucket_tokens``); only the draws in a bucket that holds a step
need ``v`` (``resolve``).  The draws are exact: the same tokens as inverse CDF sampling of
``u``.  Bucket edges ``b/L`` are exact in floating point since L = 2⁸.  A draw is addressed by
its *cell* ``c·L + b`` (policy row, bucket).
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


def guide_table(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(cdf, first, last, table)`` of the policy rows: their CDFs, ``bucket_range`` and
    ``bucket_tokens`` (``table[c, b]``: the token of the whole bucket, or −1)."""
    cdf = cdf_rows(probs)
    first, last = bucket_range(cdf)
    return cdf, first, last, bucket_tokens(first, last)


def resolve(
    cdf: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    cells: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Exact tokens for draws in cells ``c·L + b`` whose bucket holds a CDF step:
    ``u = (b + v)/L``, ``v ∼ U[0, 1)`` (one ``rng.random`` per draw, in order).

    The token ``#{k : F_c(k) ≤ u}`` lies in ``[first, last]`` of the cell (``F_c(k) ≤ b/L``
    below ``first``, ``F_c(k) ≥ (b+1)/L`` from ``last`` on).  Most such buckets hold one step,
    so one comparison with ``F_c(first)`` settles the draw; the draws in buckets with several
    steps are found by one binary search over all rows at once.
    """
    cells = np.asarray(cells, dtype=np.intp)
    u = rng.random(cells.size)
    u += cells & (BUCKETS - 1)
    u /= BUCKETS
    size = cdf.shape[1] - 1
    # Per cell: F_c(first), the one step a single-step bucket holds (∞ past the last token).
    steps = cdf[:, :-1]
    threshold = np.take_along_axis(steps, np.minimum(first, size - 1), axis=1)
    threshold[first >= size] = np.inf
    tokens = first.ravel()[cells] + (threshold.ravel()[cells] <= u)
    several = np.flatnonzero((last - first).ravel()[cells] > 1)
    if several.size:
        # complex keys ``c + i·u`` against ``c + i·F_c(k)``: numpy orders complex numbers by
        # real, then imaginary part, so one search over all rows is exact.
        rows = cells[several] >> BUCKET_BITS
        keys = rows + 1j * u[several]
        flat = (np.arange(cdf.shape[0])[:, None] + 1j * steps).ravel()
        tokens[several] = np.searchsorted(flat, keys, side="right") - rows * size
    return tokens


def random_buckets(rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` independent uniform bytes (bucket numbers), from the generator's raw bits."""
    words = rng.bit_generator.random_raw(-(-size // 8))
    return words.view(np.uint8)[:size]


def draw(probs: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One token from ``probs[rows[n]]`` for every n (any shape of ``rows``)."""
    cdf, first, last, table = guide_table(probs)
    table = table.ravel()
    cells = np.left_shift(rows, BUCKET_BITS, dtype=np.intp)
    cells += random_buckets(rng, cells.size).reshape(cells.shape)
    tokens = table[cells]
    pending = np.flatnonzero(tokens < 0)
    if pending.size:
        tokens.reshape(-1)[pending] = resolve(cdf, first, last, cells.reshape(-1)[pending], rng)
    return tokens


def draw_mean(
    probs: np.ndarray, rows: np.ndarray, values: np.ndarray, samples: int, rng: np.random.Generator
) -> np.ndarray:
    """``(1/S) Σ_s values[j_s]`` for every entry of ``rows`` (1-d), ``j_1..j_S`` drawn from
    ``probs[row]``: exactly ``values[draw(probs, rows broadcast to (S, N), rng)].mean(axis=0)``
    (the same draws, summed in the same order), a block of samples at a time."""
    cdf, first, last, table = guide_table(probs)
    table = table.ravel()
    cell_values = np.where(table >= 0, values[np.maximum(table, 0)], np.nan)
    bits = random_buckets(rng, samples * rows.size).reshape(samples, rows.size)
    base = np.left_shift(rows, BUCKET_BITS, dtype=np.intp)
    block = max(1, (1 << 17) // max(rows.size, 1))
    total = np.zeros(rows.size)
    for start in range(0, samples, block):
        cells = base + bits[start : start + block]
        got = cell_values[cells]
        pending = np.flatnonzero(np.isnan(got))
        if pending.size:
            exact = resolve(cdf, first, last, cells.reshape(-1)[pending], rng)
            got.reshape(-1)[pending] = values[exact]
        for row in got:  # one sample after another, as numpy sums down an axis
            total += row
    return total / samples

"""Calibration and discrimination of probability predictions against 0/1 outcomes.

Every metric takes optional row ``weights`` (a row counted ``w`` times): the group bootstrap
of ``predictions`` weights each row by the number of times its prompt was drawn, which is
the same as concatenating the drawn groups.

Bins: ``bins`` equal-width bins on [0, 1] in one of two conventions.

* ``left``  — ``[k/n, (k+1)/n)``, index ``⌊p̂ · n⌋`` (p̂ = 1 in the last bin): numpy's
  ``floor``, so that a decimal prediction such as 0.3 opens its bin.
* ``right`` — ``(k/n, (k+1)/n]``, exactly ``pandas.cut(p̂, numpy.linspace(0, 1, n + 1),
  include_lowest=True)`` (the edges are numpy's floats, the search pandas' own
  ``searchsorted(side="left")``): 0.1 falls in the first bin.  Bereket & Leskovec's notebook.
"""

from __future__ import annotations

import numpy as np

CONVENTIONS: tuple[str, ...] = ("right", "left")


def bin_index(predictions: np.ndarray, bins: int, closed: str = "left") -> np.ndarray:
    """The bin of each prediction in the convention ``closed`` (see the module)."""
    predictions = np.asarray(predictions, dtype=float)
    if closed == "right":
        edges = np.linspace(0.0, 1.0, bins + 1)
        return np.clip(np.searchsorted(edges, predictions, side="left") - 1, 0, bins - 1)
    if closed != "left":
        raise ValueError(f"unknown bin convention {closed!r}")
    return np.minimum((predictions * bins).astype(np.intp), bins - 1)


def _weights(predictions: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    return np.ones(np.shape(predictions)) if weights is None else np.asarray(weights, float)


def reliability(
    predictions: np.ndarray,
    outcomes: np.ndarray,
    bins: int = 10,
    closed: str = "left",
    weights: np.ndarray | None = None,
) -> dict:
    """Per bin: the (weighted) count, the mean prediction and the frequency of the outcome
    (NaN if empty)."""
    index = bin_index(predictions, bins, closed)
    w = _weights(predictions, weights)
    count = np.bincount(index, weights=w, minlength=bins)
    if weights is None:
        count = count.astype(np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(index, weights=w * predictions, minlength=bins) / count
        frequency = np.bincount(index, weights=w * outcomes, minlength=bins) / count
    return {"count": count, "confidence": confidence, "frequency": frequency}


def ece(
    predictions: np.ndarray,
    outcomes: np.ndarray,
    bins: int = 10,
    closed: str = "left",
    weights: np.ndarray | None = None,
    index: np.ndarray | None = None,
) -> float:
    """Expected calibration error ``Σ_b (n_b/N) |mean p̂ − mean a|`` over equal-width bins
    (``index``: the bins of the predictions, if already known)."""
    index = bin_index(predictions, bins, closed) if index is None else index
    w = _weights(predictions, weights)
    gap = np.bincount(index, weights=w * (np.asarray(predictions) - outcomes), minlength=bins)
    return float(np.abs(gap).sum() / w.sum())


def auroc(
    predictions: np.ndarray,
    outcomes: np.ndarray,
    weights: np.ndarray | None = None,
    inverse: np.ndarray | None = None,
) -> float:
    """Area under the ROC curve: ``P(p̂ of a positive > p̂ of a negative)``, ties counting ½
    (the Mann–Whitney statistic, as scikit-learn's ``roc_auc_score``); NaN if one class is
    absent.  Per distinct value u: ``Σ_u P_u (N_{<u} + N_u/2) / (P N)`` (``inverse``: the
    rank of each prediction among the distinct values, ``np.unique``'s, if already known)."""
    outcomes = np.asarray(outcomes).astype(bool)
    w = _weights(predictions, weights)
    if inverse is None:
        inverse = np.unique(predictions, return_inverse=True)[1]
    values = inverse.max() + 1 if inverse.size else 0
    positive = np.bincount(inverse, weights=w * outcomes, minlength=values)
    negative = np.bincount(inverse, weights=w * ~outcomes, minlength=values)
    total_positive, total_negative = positive.sum(), negative.sum()
    if total_positive == 0 or total_negative == 0:
        return float("nan")
    below = np.cumsum(negative) - negative
    statistic = float(positive @ (below + negative / 2.0))
    return statistic / float(total_positive * total_negative)


def accuracy(
    predictions: np.ndarray,
    outcomes: np.ndarray,
    weights: np.ndarray | None = None,
    half_credit: bool = False,
) -> float:
    """Share of questions where ``p̂ ≥ ½`` agrees with ``a = 1``; with ``half_credit``, a
    prediction of exactly ½ scores ½ whatever the outcome (Bereket & Leskovec's
    ``accuracy_mle`` on real outputs)."""
    p = np.asarray(predictions)
    hit = ((p >= 0.5) == np.asarray(outcomes).astype(bool)).astype(float)
    if half_credit:
        hit[p == 0.5] = 0.5
    return float(np.average(hit, weights=weights))


def brier(
    predictions: np.ndarray, outcomes: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """Brier score ``mean (p̂ − a)²`` (lower is better)."""
    return float(np.average((np.asarray(predictions) - outcomes) ** 2, weights=weights))


def log_loss(
    predictions: np.ndarray, outcomes: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """Log loss ``−mean [a log p̂ + (1 − a) log(1 − p̂)]`` for predictions in (0, 1)."""
    p = np.asarray(predictions, dtype=float)
    a = np.asarray(outcomes).astype(bool)
    return float(-np.average(np.where(a, np.log(p), np.log1p(-p)), weights=weights))


def extreme_share(predictions: np.ndarray, low: float = 0.05, high: float = 0.95) -> float:
    """Share of predictions at ``≤ low`` or ``≥ high``."""
    predictions = np.asarray(predictions)
    return float(np.mean((predictions <= low) | (predictions >= high)))

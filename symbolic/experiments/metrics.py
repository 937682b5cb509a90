"""Calibration and discrimination of probability predictions against 0/1 outcomes."""

from __future__ import annotations

import numpy as np


def bin_index(predictions: np.ndarray, bins: int) -> np.ndarray:
    """Equal-width bins on [0, 1]: ``⌊p̂ · bins⌋``, with p̂ = 1 in the last bin."""
    return np.minimum((np.asarray(predictions) * bins).astype(np.intp), bins - 1)


def reliability(predictions: np.ndarray, outcomes: np.ndarray, bins: int = 10) -> dict:
    """Per bin: the count, the mean prediction and the frequency of the outcome (NaN if empty)."""
    index = bin_index(predictions, bins)
    count = np.bincount(index, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(index, weights=predictions, minlength=bins) / count
        frequency = np.bincount(index, weights=outcomes, minlength=bins) / count
    return {"count": count, "confidence": confidence, "frequency": frequency}


def ece(predictions: np.ndarray, outcomes: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error ``Σ_b (n_b/N) |mean p̂ − mean a|`` over equal-width bins."""
    index = bin_index(predictions, bins)
    gap = np.bincount(index, weights=np.asarray(predictions) - outcomes, minlength=bins)
    return float(np.abs(gap).sum() / len(predictions))


def auroc(predictions: np.ndarray, outcomes: np.ndarray) -> float:
    """Area under the ROC curve: ``P(p̂ of a positive > p̂ of a negative)``, ties counting ½
    (the Mann–Whitney statistic from average ranks); NaN if one class is absent."""
    outcomes = np.asarray(outcomes).astype(bool)
    positives, negatives = int(outcomes.sum()), int((~outcomes).sum())
    if positives == 0 or negatives == 0:
        return float("nan")
    _, inverse, counts = np.unique(predictions, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)
    ranks = (upper - (counts - 1) / 2.0)[inverse]  # average 1-based rank of each value
    statistic = ranks[outcomes].sum() - positives * (positives + 1) / 2.0
    return float(statistic / (positives * negatives))


def accuracy(predictions: np.ndarray, outcomes: np.ndarray) -> float:
    """Share of questions where ``p̂ ≥ ½`` agrees with ``a = 1``."""
    return float(np.mean((np.asarray(predictions) >= 0.5) == np.asarray(outcomes).astype(bool)))


def extreme_share(predictions: np.ndarray, low: float = 0.05, high: float = 0.95) -> float:
    """Share of predictions at ``≤ low`` or ``≥ high``."""
    predictions = np.asarray(predictions)
    return float(np.mean((predictions <= low) | (predictions >= high)))

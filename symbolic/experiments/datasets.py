"""A dataset of questions in categories, each with a fixed Bernoulli answer.

Question ``q`` belongs to category ``c(q)``; every category has a true probability
``p_c ∼ U(0, 1)`` and each answer is drawn once, ``a_q ∼ Bernoulli(p_{c(q)})``, and then kept
fixed for the whole training run.  ``draw`` makes the draws with one numpy generator, in the
order categories, then ``p_c``, then answers (Bereket & Leskovec's synthetic setup).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..numeric import validate as v

MAX_QUESTIONS = 1_000_000
MAX_CATEGORIES = 10_000


@dataclass(frozen=True)
class Dataset:
    """``category[q]``, ``answer[q]`` (0/1) and ``p[c]``, with questions sorted by category
    (stable, so the draw order is kept within a category)."""

    category: np.ndarray
    answer: np.ndarray
    p: np.ndarray

    @property
    def questions(self) -> int:
        return int(self.category.size)

    @property
    def categories(self) -> int:
        return int(self.p.size)

    @property
    def target(self) -> np.ndarray:
        """``p_{c(q)}`` for every question."""
        return self.p[self.category]


def draw(questions: int, categories: int, seed: int) -> Dataset:
    """``c(q) = rng.integers(0, C, Q)``, then ``p = rng.uniform(0, 1, C)``, then
    ``a = rng.binomial(1, p[c])``, with ``rng = numpy.random.default_rng(seed)``."""
    v.check_integer("questions", questions, 1, MAX_QUESTIONS)
    v.check_integer("categories", categories, 1, MAX_CATEGORIES)
    v.check_integer("data seed", seed, 0)
    rng = np.random.default_rng(seed)
    category = rng.integers(0, categories, size=questions)
    p = rng.uniform(0.0, 1.0, size=categories)
    answer = rng.binomial(1, p[category])
    order = np.argsort(category, kind="stable")
    return Dataset(category=category[order], answer=answer[order].astype(np.int8), p=p)

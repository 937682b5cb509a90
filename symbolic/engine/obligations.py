"""The proof engine: obligations that a claim reduces to, proven symbolically and cross-checked.

Every obligation is both *proven* (a SymPy computation whose result would differ for a wrong
statement: a difference reduced to zero, a sign established, a limit computed) and
*cross-checked* in mpmath at 50+ digits over its ``Domain``.  A numeric disagreement,
confirmed again at twice the precision, refutes the obligation and yields the point as a
counterexample; numeric agreement alone is never called proven.  Symbolic work runs under a
time budget and reports ``"unknown"`` rather than hang.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Literal

import mpmath
import sympy as sp

from ..errors import GrpoSigmaError
from .domain import Atom, Domain, Interval, Simplex, SizeRange, every_point

Status = Literal["proven", "refuted", "unknown"]
DEFAULT_DPS = 50
DEFAULT_BUDGET = 5.0
SEED = 20250811


class ProofTimeout(Exception):
    """A symbolic step ran past its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``ProofTimeout`` inside the block after ``seconds`` (main thread, POSIX only)."""
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ProofTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one obligation (or one claim).

    ``status`` is ``"proven"``, ``"refuted"`` or ``"unknown"``; ``counterexample`` maps each
    symbol to a value where a refuted statement fails, and is None otherwise.
    """

    status: Status
    counterexample: dict[Atom, object] | None
    method: str
    digits: int
    points: int
    worst_residual: mpmath.mpf
    seconds: float
    detail: str = ""


# ------------------------------------------------------------------------ canonical form
def _split_sum(total: sp.Sum) -> sp.Expr:
    """Split ``Σ Σ_t c_t f_t`` into ``Σ_t c_t Σ f_t`` over the indices each ``f_t`` uses.

    A factor free of every index is pulled out, an index the term does not use becomes its
    count ``hi − lo + 1``, and a product of factors over disjoint indices becomes a product
    of sums, so that equal combinations of (multiple) indexed sums become the same
    expression.  Bounds must not depend on indices, as in every sum of the model.
    """
    indices = [limit[0] for limit in total.limits]
    if any(set(limit[1:]) & set(indices) for limit in total.limits):
        return total
    pieces = []
    for term in sp.Add.make_args(sp.expand(total.function)):
        coeff, rest = term.as_independent(*indices, as_Add=False)
        used = rest.free_symbols
        count = sp.Mul(*(hi - lo + 1 for index, lo, hi in total.limits if index not in used))
        kept = [lim for lim in total.limits if lim[0] in used]
        pieces.append(coeff * count * _sum_of_product(rest, kept))
    return sp.Add(*pieces)


def _sum_of_product(rest: sp.Expr, limits: list[tuple]) -> sp.Expr:
    """``Σ_{g,h} a(g) b(h) = (Σ_g a)(Σ_h b)``: factor a sum over disjoint index groups."""
    if not limits:
        return rest
    groups: list[tuple[set, list]] = []
    for factor in sp.Mul.make_args(rest):
        mine = {lim[0] for lim in limits} & factor.free_symbols
        joined = [grp for grp in groups if grp[0] & mine]
        merged = (
            set(mine).union(*(grp[0] for grp in joined)),
            [factor, *(f for grp in joined for f in grp[1])],
        )
        groups = [grp for grp in groups if grp not in joined] + [merged]
    if len(groups) == 1:
        return sp.Sum(rest, *sorted(limits, key=lambda lim: str(lim[0])))
    product = sp.Integer(1)
    for mine, factors in groups:
        own = sorted((lim for lim in limits if lim[0] in mine), key=lambda lim: str(lim[0]))
        product *= sp.Sum(sp.Mul(*factors), *own) if own else sp.Mul(*factors)
    return product


def _sum_height(expr: sp.Expr) -> int:
    return max(
        (1 + _sum_height(s.function) for s in expr.atoms(sp.Sum) if s is not expr), default=0
    )


def _rename_indices(total: sp.Sum) -> sp.Expr:
    """Name bound indices by nesting height and position, so ``Σ_h x_h`` equals ``Σ_g x_g``."""
    height = 1 + max((_sum_height(s) for s in total.function.atoms(sp.Sum)), default=0)
    names = {
        index: sp.Symbol(f"_k{height}_{n}", integer=True, positive=True)
        for n, (index, *_) in enumerate(total.limits)
    }
    limits = [(names[index], lo, hi) for index, lo, hi in total.limits]
    return sp.Sum(total.function.xreplace(names), *limits)


def canonical(expr: sp.Expr, facts: Mapping[sp.Expr, sp.Expr] | None = None) -> sp.Expr:
    """Expand products, logarithms of positive quantities and sums to a fixed point.

    Sums are split term by term and factors free of the index are pulled out, so that two
    equal linear combinations of indexed sums become the same expression.  ``facts`` are
    replacements applied at every round (for instance ``Σ_i p_i → 1``).
    """
    facts = dict(facts or {})
    previous = None
    expr = sp.expand(expr)
    if not expr.has(sp.Sum):
        return sp.expand(expr.xreplace(facts)) if facts else expr
    while expr != previous:
        previous = expr
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), _split_sum)
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), _rename_indices)
        if facts:
            expr = expr.xreplace(facts)
        expr = sp.expand(expr)
    return expr


def simplex_facts(domain: Domain) -> tuple[dict[Atom, sp.Expr], dict[sp.Expr, sp.Expr]]:
    """Constraints of the simplices: eliminate the last explicit entry; ``Σ_i p_i = 1``."""
    eliminate: dict[Atom, sp.Expr] = {}
    sums: dict[sp.Expr, sp.Expr] = {}
    for simplex in domain.simplices:
        if isinstance(simplex.base, tuple):
            *rest, last = simplex.base
            eliminate[last] = 1 - sp.Add(*rest)
        elif not isinstance(simplex.length, int) and simplex.rows is None:
            k = sp.Symbol("_k", integer=True, positive=True)
            sums[sp.Sum(simplex.base[k], (k, 1, simplex.length))] = sp.Integer(1)
    return eliminate, sums


def _rename_sum_indices(expr: sp.Expr, facts: Mapping[sp.Expr, sp.Expr]) -> sp.Expr:
    """Match ``Σ_i p_i`` whatever the index is called, so ``facts`` apply."""
    targets = {(f.function.base, f.limits[0][1:]): v for f, v in facts.items()}

    def swap(total: sp.Sum) -> sp.Expr:
        if len(total.limits) == 1 and isinstance(total.function, sp.Indexed):
            index, lo, hi = total.limits[0]
            if total.function.indices == (index,):
                return targets.get((total.function.base, (lo, hi)), total)
        return total

    return expr.replace(lambda e: isinstance(e, sp.Sum), swap) if targets else expr


def prove_equal(
    lhs: sp.Expr, rhs: sp.Expr, domain: Domain, budget: float = DEFAULT_BUDGET
) -> tuple[bool, str]:
    """Try to reduce ``lhs − rhs`` to 0 on the domain; return (proven, how).

    First the difference is brought to canonical form; failing that, the cross-multiplied
    numerators ``n_l d_r − n_r d_l``; failing that, SymPy's ``simplify``.  Every step is an
    equivalence, so a wrong statement can never reduce to 0.
    """
    eliminate, sums = simplex_facts(domain)
    # Every entry of an explicit simplex, and every scalar with lo >= 0, is positive.
    scalars = [
        iv.target
        for iv in domain.intervals
        if iv.length is None and isinstance(iv.target, sp.Symbol)
    ]
    entries = [
        e for simplex in domain.simplices if isinstance(simplex.base, tuple) for e in simplex.base
    ]
    positive = {a: sp.Dummy(str(a), positive=True) for a in entries}
    positive.update(
        {
            iv.target: sp.Dummy(str(iv.target), positive=True)
            for iv in domain.intervals
            if iv.target in scalars and iv.lo.is_nonnegative
        }
    )
    # hi − x > 0 on (lo, hi): named, so logarithms of it expand, then substituted back;
    # likewise the last entry of an explicit simplex, then eliminated as 1 − Σ others.
    gaps = {
        iv.hi - positive.get(iv.target, iv.target): sp.Dummy(positive=True)
        for iv in domain.intervals
        if iv.target in scalars and iv.hi.is_finite
    }
    afterwards = {d: gap for gap, d in gaps.items()}
    afterwards.update(
        {positive[last]: value.xreplace(positive) for last, value in eliminate.items()}
    )

    def reduce(expr: sp.Expr) -> sp.Expr:
        expr = canonical(_rename_sum_indices(canonical(expr.xreplace(gaps)), sums), sums)
        return canonical(expr.xreplace(afterwards), sums) if afterwards else expr

    left, right = (sp.sympify(s).xreplace(positive) for s in (lhs, rhs))
    try:
        with time_budget(budget):
            raw = left - right
            if raw == 0:
                return True, "the two sides are the same expression"
            if not raw.has(sp.Sum) and raw.is_rational_function() and sp.cancel(raw) == 0:
                return True, "difference cancelled to 0 as a rational function"
            (n_l, d_l), (n_r, d_r) = sp.fraction(left), sp.fraction(right)
            if (d_l, d_r) != (1, 1) and reduce(n_l * d_r - n_r * d_l) == 0:
                return True, "cross-multiplied numerators expanded to 0"
            difference = reduce(raw)
            if difference == 0:
                return True, "difference expanded to 0"
            if not difference.has(sp.Sum) and sp.cancel(difference) == 0:
                return True, "difference cancelled to 0 as a rational function"
            if reduce(sp.fraction(sp.together(difference))[0]) == 0:
                return True, "numerator over a common denominator expanded to 0"
            if sp.simplify(difference) == 0:
                return True, "difference simplified to 0"
    except ProofTimeout:
        return False, f"symbolic reduction exceeded its {budget:g} s budget"
    return False, "did not reduce to 0"


# ----------------------------------------------------------------------- numeric checks
def atoms_of(expr: sp.Expr) -> set[Atom]:
    """The scalars an expression depends on: plain symbols and indexed entries."""
    indexed = expr.atoms(sp.Indexed)
    labels = {ind.base.label for ind in indexed}
    return indexed | {s for s in expr.free_symbols if s not in labels and not s.is_Indexed}


@dataclass(frozen=True)
class Compiled:
    """Expressions compiled once to an mpmath function of scalars and index tables."""

    function: Callable
    symbols: tuple[sp.Symbol, ...]
    bases: tuple[sp.IndexedBase, ...]

    def __call__(self, values: Mapping[Atom, object]) -> list:
        """Evaluate at a point: sizes and scalars by symbol, indexed entries by table."""
        missing = [s for s in self.symbols if s not in values]
        if missing:
            raise GrpoSigmaError(f"no domain given for {', '.join(map(str, missing))}")
        tables: dict[sp.Symbol, dict] = {b.label: {} for b in self.bases}
        for atom, value in values.items():
            if isinstance(atom, sp.Indexed) and atom.base.label in tables:
                key = tuple(int(k) for k in atom.indices)
                tables[atom.base.label][key[0] if len(key) == 1 else key] = value
        args = [values[s] for s in self.symbols] + [tables[b.label] for b in self.bases]
        return self.function(*args)


def compile_mpmath(exprs: Sequence[sp.Expr]) -> Compiled:
    """Compile with ``lambdify``: sums stay loops, indexed entries are looked up in tables."""
    exprs = [sp.sympify(e) for e in exprs]
    bases = {ind.base for e in exprs for ind in e.atoms(sp.Indexed)}
    labels = {b.label for b in bases}
    symbols = {s for e in exprs for s in e.free_symbols if not s.is_Indexed and s not in labels}
    ordered_symbols = tuple(sorted(symbols, key=str))
    ordered_bases = tuple(sorted(bases, key=str))
    function = sp.lambdify([*ordered_symbols, *ordered_bases], exprs, modules="mpmath")
    return Compiled(function, ordered_symbols, ordered_bases)


def _residual(values: Sequence[mpmath.mpf]) -> mpmath.mpf:
    left, right = values
    return abs(left - right) / max(1, abs(left), abs(right))


@dataclass(frozen=True)
class Obligation:
    """One statement to prove and cross-check; subclasses say how."""

    domain: Domain = field(default_factory=Domain)
    label: str = ""
    method: str = ""
    via: tuple[str, ...] = ()
    """Labels of sibling obligations whose proofs, with the step stated in ``method``,
    prove this one when its own symbolic attempt does not (see ``resolve_chains``)."""

    def expressions(self) -> tuple[sp.Expr, ...]:
        """The expressions evaluated at every point of the cross-check."""
        raise NotImplementedError

    def prove(self, budget: float) -> tuple[bool, str]:
        """The symbolic proof: (proven, how)."""
        raise NotImplementedError

    def residual(self, values: Sequence[mpmath.mpf]) -> tuple[mpmath.mpf, bool]:
        """(residual, violated?) at one point, from the values of ``expressions()``."""
        raise NotImplementedError

    def attempt(self, budget: float) -> tuple[bool, str]:
        """The symbolic proof, unless the obligation rests on others (``via``); a failure
        inside SymPy counts as "not proven", never as proven."""
        if self.via:
            return False, "rests on: " + "; ".join(self.via)
        try:
            return self.prove(budget)
        except ProofTimeout:
            return False, f"symbolic work exceeded its {budget:g} s budget"
        except Exception as error:  # noqa: BLE001 - a SymPy failure is an unfinished proof
            return False, f"SymPy failed: {type(error).__name__}"

    def evaluate(self, compiled: Compiled, point: Mapping[Atom, object]) -> list:
        """The values of ``expressions()`` at one point."""
        return compiled(point)

    def check(self, dps: int = DEFAULT_DPS, budget: float = DEFAULT_BUDGET) -> Verdict:
        """Cross-check at ``dps`` digits; if no point refutes, attempt the proof."""
        start = time.perf_counter()
        worst, count = mpmath.mpf(0), 0
        compiled = compile_mpmath(self.expressions())
        with mpmath.workdps(dps):
            for sizes, point in every_point(self.domain, SEED):
                values = {**sizes, **point}
                residual, violated = self._settled(compiled, values, dps)
                count += 1
                worst = max(worst, residual)
                if violated:
                    return Verdict(
                        "refuted",
                        values,
                        "counterexample",
                        dps,
                        count,
                        worst,
                        time.perf_counter() - start,
                        f"{self.label or 'statement'} fails at this point",
                    )
        proven, how = self.attempt(budget)
        return Verdict(
            "proven" if proven else "unknown",
            None,
            self.method if proven else "numeric only",
            dps,
            count,
            worst,
            time.perf_counter() - start,
            how,
        )

    def _settled(
        self, compiled: Compiled, values: Mapping[Atom, object], dps: int
    ) -> tuple[mpmath.mpf, bool]:
        """Residual at ``dps`` digits; where it is not tiny, evaluate again at 2× and 4× the
        working precision, so that an ill-conditioned point (a nearly degenerate group) is
        reported with the accuracy it really has and a true failure persists at every
        precision before it counts as a counterexample."""
        residual, violated = self.residual(self.evaluate(compiled, values))
        for factor in (2, 4):
            if residual <= mpmath.mpf(10) ** (5 - dps):
                break
            with mpmath.workdps(factor * dps):
                residual, violated = self.residual(self.evaluate(compiled, values))
        return residual, violated


@dataclass(frozen=True)
class Identity(Obligation):
    """``lhs = rhs`` everywhere on the domain."""

    lhs: sp.Expr = sp.Integer(0)
    rhs: sp.Expr = sp.Integer(0)
    method: str = "difference reduced to 0"

    def expressions(self) -> tuple[sp.Expr, ...]:
        return (self.lhs, self.rhs)

    def prove(self, budget: float) -> tuple[bool, str]:
        return prove_equal(self.lhs, self.rhs, self.domain, budget)

    def residual(self, values: Sequence[mpmath.mpf]) -> tuple[mpmath.mpf, bool]:
        res = _residual(values)
        return res, res > mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))


def _to_positive_variable(domain: Domain) -> dict[sp.Symbol, sp.Expr]:
    """Map each interval onto ``u > 0`` and each size onto ``minimum + n``, ``n ≥ 0``."""
    subs: dict[sp.Symbol, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is not None or not isinstance(iv.target, sp.Symbol):
            continue
        u = sp.Dummy(f"u_{iv.target.name}", positive=True)
        lo, hi = sp.sympify(iv.lo), sp.sympify(iv.hi)
        if lo.is_finite and hi.is_finite:
            subs[iv.target] = lo + (hi - lo) * u / (1 + u)
        elif lo.is_finite:
            subs[iv.target] = lo + u
        elif hi.is_finite:
            subs[iv.target] = hi - u
    for size in domain.sizes:
        subs[size.symbol] = size.minimum + sp.Dummy(
            f"n_{size.symbol}", integer=True, nonnegative=True
        )
    return subs


@dataclass(frozen=True)
class Positive(Obligation):
    """``expr > 0`` everywhere on the domain (a sign established)."""

    expr: sp.Expr = sp.Integer(0)
    method: str = "sign established"

    def expressions(self) -> tuple[sp.Expr, ...]:
        return (self.expr,)

    def prove(self, budget: float) -> tuple[bool, str]:
        work = sp.sympify(self.expr).xreplace(_to_positive_variable(self.domain))
        try:
            with time_budget(budget):
                factored = sp.factor(sp.together(work))
                if all(f.is_positive for f in sp.Mul.make_args(factored)):
                    return True, "each factor positive in positive variables"
                if work.is_positive or sp.simplify(work).is_positive:
                    return True, "positive as a function of positive variables"
        except ProofTimeout:
            return False, f"sign not settled within {budget:g} s"
        return False, "sign not settled"

    def residual(self, values: Sequence[mpmath.mpf]) -> tuple[mpmath.mpf, bool]:
        (value,) = values
        return (max(mpmath.mpf(0), -value), not value > 0)


@dataclass(frozen=True)
class Limit(Obligation):
    """``lim_{variable → point} expr = value``; cross-checked far along the approach."""

    expr: sp.Expr = sp.Integer(0)
    variable: sp.Symbol = sp.Symbol("n")
    point: sp.Expr = sp.oo
    value: sp.Expr = sp.Integer(0)
    method: str = "limit computed"

    def expressions(self) -> tuple[sp.Expr, ...]:
        return (self.expr, self.value)

    def evaluate(self, compiled: Compiled, point: Mapping[Atom, object]) -> list:
        """``expr`` far along the approach (``10^(2·dps)`` from the point, at triple
        precision), and ``value``: exact to the working precision for limits approached at
        a polynomial rate, as every limit of the ledger is."""
        dps = mpmath.mp.dps
        with mpmath.workdps(3 * dps):
            step = mpmath.mpf(10) ** (2 * dps)
            if self.point == sp.oo:
                far = step
            elif self.point == -sp.oo:
                far = -step
            else:
                far = mpmath.mpf(sp.Float(self.point, 3 * dps)) + 1 / step
            near, value = compiled({**point, self.variable: far})
        return [+near, +value]

    def prove(self, budget: float) -> tuple[bool, str]:
        """SymPy's ``limit``, with each bounded parameter's distance to its upper bound
        renamed as a positive symbol (so ``ψ1((1 − x)κ)`` is seen to grow with κ)."""
        renamed: dict[sp.Expr, sp.Expr] = {}
        for iv in self.domain.intervals:
            if iv.length is None and isinstance(iv.target, sp.Symbol) and iv.hi.is_finite:
                renamed[iv.hi - iv.target] = sp.Dummy(f"gap_{iv.target}", positive=True)
        back = {d: gap for gap, d in renamed.items()}
        with time_budget(budget):
            found = sp.limit(self.expr.xreplace(renamed), self.variable, self.point)
            found = found.xreplace(back)
            gap = found - self.value
            if not found.has(sp.Limit) and (sp.cancel(gap) == 0 or sp.simplify(gap) == 0):
                return True, f"limit is {sp.factor(found)}"
        return False, "limit differs or was not computed"

    def residual(self, values: Sequence[mpmath.mpf]) -> tuple[mpmath.mpf, bool]:
        res = _residual(values)
        return res, res > mpmath.mpf(10) ** (-(mpmath.mp.dps // 3))


@dataclass(frozen=True)
class MonteCarlo(Obligation):
    """``E[...] = claimed`` tested by a seeded Monte Carlo estimate with its standard error.

    Such a check can refute (the estimate is more than ``z`` standard errors from the
    claimed value, in double precision) but never prove: otherwise it is ``"unknown"``.
    """

    estimate: Callable[[], tuple[float, float, int]] = lambda: (0.0, 0.0, 0)
    claimed: float = 0.0
    setting: tuple[tuple[str, object], ...] = ()
    z: float = 6.0
    method: str = "seeded Monte Carlo"

    def check(self, dps: int = DEFAULT_DPS, budget: float = DEFAULT_BUDGET) -> Verdict:
        start = time.perf_counter()
        mean, error, samples = self.estimate()
        deviation = mpmath.mpf(abs(mean - self.claimed))
        seconds = time.perf_counter() - start
        shown = {
            **dict(self.setting),
            "estimate": mean,
            "standard error": error,
            "claimed": self.claimed,
        }
        if deviation > self.z * error:
            return Verdict(
                "refuted",
                shown,
                self.method,
                16,
                samples,
                deviation,
                seconds,
                f"estimate {mean:.4f} ± {error:.4f} is {float(deviation) / error:.0f} "
                f"standard errors from the claimed {self.claimed}",
            )
        return Verdict(
            "unknown",
            None,
            "numeric only",
            16,
            samples,
            deviation,
            seconds,
            "consistent within the Monte Carlo error; not a proof",
        )


def resolve_chains(verdicts: Sequence[tuple[Obligation, Verdict]]) -> list[Verdict]:
    """An obligation checked only numerically is proven when every obligation named in its
    ``via`` is proven (the remaining step, stated in its ``method``, is elementary logic
    such as "a sum of positive terms is positive"); chains resolve to a fixed point."""
    known = {ob.label for ob, _ in verdicts}
    for ob, _ in verdicts:
        missing = [label for label in ob.via if label not in known]
        if missing:
            raise GrpoSigmaError(f"{ob.label!r} rests on unknown obligations {missing}")
    resolved = [v for _, v in verdicts]
    changed = True
    while changed:
        status = {ob.label: v.status for (ob, _), v in zip(verdicts, resolved, strict=True)}
        changed = False
        for k, (ob, _) in enumerate(verdicts):
            verdict = resolved[k]
            if (
                verdict.status == "unknown"
                and ob.via
                and all(status[v] == "proven" for v in ob.via)
            ):
                resolved[k] = replace(
                    verdict,
                    status="proven",
                    method=ob.method,
                    detail="proven through " + "; ".join(ob.via),
                )
                changed = True
    return resolved


__all__ = [
    "Domain",
    "Identity",
    "Interval",
    "Limit",
    "Obligation",
    "Positive",
    "Simplex",
    "SizeRange",
    "Verdict",
    "canonical",
]

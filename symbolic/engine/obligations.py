"""Obligations a claim reduces to, and their verdicts.

An obligation is checked in parts under one wall-clock budget: the statement is rebuilt on
fresh symbols from its domain; it is cross-checked in mpmath at a probe (a random point of every
instance of its sizes, three points at least), a disagreement refuting it only when certified
(``certify``); the kernel (``kernel``, ``rules``) tries to prove it; and when the proof
fails, it is cross-checked at every sample point, in search of a counterexample.  The
verdict is ``"proven"`` (the kernel's trace), ``"refuted"`` (a certified counterexample),
``"human step"`` (the numbers pass but the statement rests on a step the machine does not
check, never counted as proven), ``"definition"`` (an identity marked as a definition whose
two sides are the same expression once rebuilt: nothing to prove, never counted as proven)
or ``"unknown"`` (with the reason: not proven, out of time, no point could be evaluated, or
the statement reads outside its domain).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

import mpmath
import sympy as sp

from . import kernel, seal
from .approach import Approach, along
from .budget import ProofTimeout, deadline, validate
from .certify import (
    Compiled,
    Uncertain,
    Unreadable,
    certified,
    compile_mpmath,
    exact_value,
    exactly_nonzero,
    excludes_zero,
    persistent_difference,
    upper,
)
from .digest import digest
from .divergences import divergence_sign
from .domain import (
    Domain,
    Interval,
    Point,
    Simplex,
    SizeRange,
    box_corners,
    every_point,
    probe_points,
)
from .fresh import Fresh, rebuild
from .limit_refutation import refutation
from .residuals import (
    SEED,
    Refuted,
    agreeing_point,
    coordinates,
    evaluated,
    package_error,
    relative,
    sharper,
    tolerance,
)
from .roots import critical_violation, exact_violation, rootless_sign
from .rules import DerivativeSign, LimitAlgebra, Monotone, TermwiseSum, derivative_sign
from .scales import far_violation
from .verdict import PAST_BUDGET, Status, Verdict

DEFAULT_DPS = 50
DEFAULT_BUDGET = 30.0


@dataclass(frozen=True, kw_only=True)
class Obligation:
    """One statement on a domain; ``human_step`` marks one the machine does not prove;
    ``definition`` (what is defined) one that holds by definition: its two sides must be the
    same expression, and it is reported as a definition, not proven."""

    domain: Domain
    label: str = ""
    method: str = ""
    human_step: str = ""
    definition: str = ""
    probe_first: ClassVar[bool] = True
    """Cross-check at a few points of every size instance (``probe_points``), then prove;
    scan every point only when the proof fails.  False for checks that never prove."""

    def expressions(self) -> tuple[sp.Expr, ...]:
        raise NotImplementedError

    def fresh(self) -> Fresh:
        return rebuild(self.expressions(), self.domain)

    def scan(
        self, fresh: Fresh, compiled: Compiled, dps: int, points: Iterable[Point]
    ) -> tuple[int, mpmath.mpf]:
        """Cross-check at ``points``; raise ``Refuted`` at a certified counterexample."""
        raise NotImplementedError

    def prove(self, fresh: Fresh) -> kernel.Proof:
        """The kernel's proof (``fresh`` is the statement rebuilt on its domain)."""
        raise NotImplementedError

    def refute_symbolically(self, fresh: Fresh, compiled: Compiled) -> None:
        """A last, exact attempt to refute once the proof failed (default: none);
        ``compiled`` is the statement as the scan evaluated it."""

    def same_sides(self, fresh: Fresh) -> bool:
        """Whether the statement is one expression on both sides (default: no sides)."""
        return False

    def check(self, dps: int = DEFAULT_DPS, budget: float = DEFAULT_BUDGET) -> Verdict:
        """Cross-check at ``dps`` digits, then prove, all within ``budget`` seconds (a
        verdict reached after the budget ran out is "unknown")."""
        validate(dps, budget)
        found = self._check(dps, budget)
        if found.status == "unknown" or found.seconds <= budget:
            return found
        late = f"the check exceeded its {budget:g} s budget"
        return dataclasses.replace(found, **PAST_BUDGET, detail=late)

    def _proof(self, fresh: Fresh) -> kernel.Proof:
        """The class's own ``prove`` (an attribute set on the instance is not consulted); a
        proof of an obligation whose class is not one of the engine's is not accepted."""
        proof = type(self).prove(self, fresh)
        if proof.proven and type(self) not in SEALED:
            return kernel.failed(f"{type(self).__name__} is not one of the engine's statements")
        return proof

    def _theorem(self, proof: kernel.Proof) -> dict:
        return {"trace": proof.trace, "theorem": seal._issue(statement_of(self), proof)}

    def _check(self, dps: int, budget: float) -> Verdict:
        start = time.perf_counter()
        count, worst = 0, mpmath.mpf(0)

        def verdict(status: Status, detail: str, **extra: object) -> Verdict:
            method = extra.pop("method", self.method if status == "proven" else "numeric only")
            return Verdict(
                status=status,
                counterexample=extra.pop("counterexample", None),
                method=str(method),
                digits=dps,
                points=count,
                worst_residual=worst,
                seconds=time.perf_counter() - start,
                detail=detail,
                **extra,
            )

        try:
            with deadline(budget):  # rebuilding the statement counts against the budget too
                fresh = self.fresh()
                compiled = compile_mpmath(fresh.exprs)
                if self.probe_first and not (self.human_step or self.definition):
                    with mpmath.workdps(dps):
                        count, worst = self.scan(
                            fresh, compiled, dps, probe_points(fresh.domain, SEED)
                        )
                    proof = self._proof(fresh)
                    if proof.proven:
                        return verdict("proven", proof.trace[0], **self._theorem(proof))
                with mpmath.workdps(dps):
                    count, worst = self.scan(fresh, compiled, dps, every_point(fresh.domain, SEED))
                if count == 0:
                    return verdict("unknown", "no sample point of the domain could be evaluated")
                if self.human_step:
                    return verdict("human step", "rests on a human step: " + self.human_step)
                if self.definition:
                    if self.same_sides(fresh):
                        return verdict(
                            "definition", self.definition, method="definition (not proven)"
                        )
                    return verdict("unknown", "marked a definition, but the sides differ")
                if not self.probe_first:
                    proof = self._proof(fresh)
                    if proof.proven:
                        return verdict("proven", proof.trace[0], **self._theorem(proof))
                with mpmath.workdps(dps):
                    self.refute_symbolically(fresh, compiled)
                return verdict("unknown", proof.how, trace=proof.trace)
        except Refuted as found:
            shown = {fresh.original(k): v for k, v in found.point.items()}
            return verdict(
                "refuted", found.why, counterexample=shown, method="certified counterexample"
            )
        except Unreadable as error:
            return verdict("unknown", f"the statement reads {error} outside its domain")
        except ProofTimeout:
            return verdict("unknown", f"the check exceeded its {budget:g} s budget")
        except (Uncertain, ArithmeticError, ValueError, TypeError, NotImplementedError) as error:
            if isinstance(error, package_error()):
                raise
            return verdict("unknown", f"SymPy or mpmath failed: {type(error).__name__}")


@dataclass(frozen=True, kw_only=True)
class Identity(Obligation):
    """``lhs = rhs`` everywhere on the domain."""

    lhs: sp.Expr
    rhs: sp.Expr
    method: str = "difference reduced to 0"

    def expressions(self) -> tuple[sp.Expr, ...]:
        return (sp.sympify(self.lhs), sp.sympify(self.rhs))

    def scan(
        self, fresh: Fresh, compiled: Compiled, dps: int, points: Iterable[Point]
    ) -> tuple[int, mpmath.mpf]:
        count, worst = 0, mpmath.mpf(0)
        for point, values in evaluated(compiled, points):
            count += 1
            residual = relative(values)
            if tolerance(1) * 10**5 < residual <= tolerance():
                residual = sharper(compiled, point, relative, residual)
            if residual > tolerance():
                if certified(
                    compiled,
                    point,
                    lambda v: relative(v) > tolerance(),
                    lambda b: excludes_zero(b[0] - b[1]),
                    dps,
                ):
                    raise Refuted(coordinates(point), f"{self.label or 'the identity'} fails here")
                continue
            worst = max(worst, residual)
        return count, worst

    def prove(self, fresh: Fresh) -> kernel.Proof:
        return kernel.identity_of(fresh)

    def same_sides(self, fresh: Fresh) -> bool:
        return sp.sympify(fresh.exprs[0] - fresh.exprs[1]) == 0

    def refute_symbolically(self, fresh: Fresh, compiled: Compiled) -> None:
        """Once the proof failed: a difference too small for the scan (``x + 10⁻⁶⁰ = x``) is
        refuted where it is certainly nonzero (``persistent_difference``); a reduced
        difference that is a number or a rational function is evaluated exactly."""
        left, right = fresh.exprs
        difference = kernel.reduced_difference(left, right, fresh.domain)
        if not difference.free_symbols:  # a constant: its closed form, if SymPy finds one,
            closed = sp.sympify(difference).doit()  # nonzero and as the numbers say
            if not closed.has(sp.Integral, sp.Sum, sp.Product) and exactly_nonzero(closed):
                where = agreeing_point(closed, compiled, fresh.domain)
                if where is not None:
                    raise Refuted(where, f"the difference reduces to {closed}, not 0")
        dps = mpmath.mp.dps
        for k, point in enumerate(every_point(fresh.domain, SEED)):
            if k >= 2:
                break
            if persistent_difference(compiled, point, dps):
                raise Refuted(coordinates(point), f"{self.label or 'the identity'} fails here")
        if difference.has(sp.Sum, sp.Product) or not difference.is_rational_function():
            return
        for k, point in enumerate(every_point(fresh.domain, SEED)):
            exact = point.exact()
            value = sp.sympify(difference).xreplace({**exact, **point.sizes})
            if value.is_number and value.is_comparable and value != 0:
                raise Refuted(coordinates(point), f"the difference reduces to {difference}, not 0")
            if k > 20:
                return


@dataclass(frozen=True, kw_only=True)
class Inequality(Obligation):
    """``expr > 0`` (``strict``) or ``expr ≥ 0`` on the domain.

    ``equality``, for a non-strict inequality, states where ``expr = 0`` exactly: a
    substitution (``{p̂: p}``, or ``{y: t}`` for "every entry of y equal to t") after which
    ``expr`` vanishes, ``expr`` being positive everywhere else.  ``rule`` names the
    kernel's inference rule when the sign step alone does not settle it.
    """

    expr: sp.Expr
    strict: bool = True
    equality: Mapping | None = None
    rule: DerivativeSign | Monotone | TermwiseSum | None = None
    method: str = "sign established"

    def expressions(self) -> tuple[sp.Expr, ...]:
        on_set = self._on_set()
        return (sp.sympify(self.expr),) if on_set is None else (sp.sympify(self.expr), on_set)

    def _on_set(self) -> sp.Expr | None:
        if self.equality is None:
            return None
        from .rules import _substitute

        return _substitute(sp.sympify(self.expr), self.equality)

    def scan(
        self, fresh: Fresh, compiled: Compiled, dps: int, points: Iterable[Point]
    ) -> tuple[int, mpmath.mpf]:
        count, worst = 0, mpmath.mpf(0)
        for point, values in evaluated(compiled, points):
            count += 1
            value = values[0]
            if value < 0 or (self.strict and value <= tolerance()):
                if self._certified_violation(fresh, compiled, point, dps):
                    word = "> 0" if self.strict else "≥ 0"
                    raise Refuted(coordinates(point), f"{self.label or 'expr'} {word} fails here")
                continue
            if len(values) == 2 and abs(values[1]) > tolerance():
                if certified(
                    compiled,
                    point,
                    lambda v: abs(v[1]) > tolerance(),
                    lambda b: excludes_zero(b[1]),
                    dps,
                ):
                    raise Refuted(coordinates(point), "not 0 on the stated equality set")
            worst = max(worst, -value if value < 0 else mpmath.mpf(0))
        return count, worst

    def _certified_violation(
        self, fresh: Fresh, compiled: Compiled, point: Point, dps: int
    ) -> bool:
        below = certified(compiled, point, lambda v: v[0] < 0, lambda b: upper(b[0]) < 0, dps)
        if below or not self.strict:
            return below
        return exact_value(fresh.exprs[0], point, {}) == 0

    def refute_symbolically(self, fresh: Fresh, compiled: Compiled) -> None:
        """Once the proof failed: a rational function of one scalar at an exact rational point
        (``exact_violation``); a few scalars at every corner of their box (``box_corners``)."""
        word = "> 0" if self.strict else "≥ 0"
        where = exact_violation(fresh.exprs[0], fresh.domain, self.strict) or critical_violation(
            fresh.exprs[0], fresh.domain, self.strict
        )
        if where is not None:
            raise Refuted(where, f"{self.label or 'expr'} {word} fails here")
        for point, values in evaluated(compiled, box_corners(fresh.domain)):
            if values[0] < 0 or (self.strict and values[0] <= tolerance()):
                if self._certified_violation(fresh, compiled, point, mpmath.mp.dps):
                    raise Refuted(coordinates(point), f"{self.label or 'expr'} {word} fails here")
        far = far_violation(compiled, fresh.domain, mpmath.mp.dps)
        if far is not None:
            raise Refuted(far, f"{self.label or 'expr'} {word} fails here (far along)")

    def prove(self, fresh: Fresh) -> kernel.Proof:
        if self.rule is not None:
            if type(self.rule) not in (DerivativeSign, Monotone, TermwiseSum):
                return kernel.failed(f"{type(self.rule).__name__} is not one of the kernel's rules")
            expr = sp.sympify(self.expr)
            return type(self.rule).prove(self.rule, expr, self.domain, self.strict, self.equality)
        proof = kernel.failed("an equality set needs a rule that establishes it")
        if self.equality is None:  # the sign step, then the rules found by machine
            proof = kernel.sign_of(fresh, self.strict)
            for rule in (rootless_sign, derivative_sign):
                proof = proof if proof.proven else rule(fresh.exprs[0], fresh.domain, self.strict)
        if not proof.proven:
            found = divergence_sign(sp.sympify(self.expr), self.domain, self.strict, self.equality)
            proof = found if found.proven else proof
        return proof


Positive = Inequality
"""``Positive(expr=...)`` is ``Inequality(expr=..., strict=True)``."""


@dataclass(frozen=True, kw_only=True)
class Limit(Obligation):
    """``lim_{variable → point} expr = value``: two-sided at an interior point of the
    variable's range unless ``direction`` (``"+"``, ``"-"``) names a side, one-sided from
    inside at an end of it (``kernel.limit_sides``)."""

    expr: sp.Expr
    variable: sp.Symbol
    value: sp.Expr
    point: sp.Expr = sp.oo
    direction: str | None = None
    rule: LimitAlgebra | None = None
    method: str = "limit computed"

    def expressions(self) -> tuple[sp.Expr, ...]:
        return (sp.sympify(self.expr), sp.sympify(self.value), self.variable)

    def fresh(self) -> Fresh:
        return kernel.limit_fresh(
            self.expr, self.variable, self.point, self.value, self.domain, self.direction
        )

    def _sides(self) -> tuple[str, ...]:
        return kernel.limit_sides(
            self.variable, self.point, self.domain, self.direction, sp.sympify(self.expr)
        )

    def scan(
        self, fresh: Fresh, compiled: Compiled, dps: int, points: Iterable[Point]
    ) -> tuple[int, mpmath.mpf]:
        """Count the parameter points where the expression is evaluated along the approach,
        with the largest relative gap to the stated value at the farthest one (numbers
        along an approach never refute: a late transient would fool them)."""
        variable = fresh.exprs[2]
        count, worst = 0, mpmath.mpf(0)
        if any(
            variable in s.limits[0][1:] or variable in s.free_symbols
            for s in fresh.exprs[0].atoms(sp.Sum)
        ):
            return 0, worst  # a sum up to the variable cannot be evaluated far along
        for point in points:
            values = along(compiled, point, variable, self.point, self._sides()[0], dps)
            if values is None:
                continue
            count += 1
            near, value, *_ = values
            gap = abs(near - value) / max(1, abs(value))
            if gap <= tolerance(3):
                worst = max(worst, gap)
        return count, worst

    def refute_symbolically(self, fresh: Fresh, compiled: Compiled) -> None:
        """A certificate that the stated value is not the limit (``limit_refutation.refutation``): a
        limit found that differs from it, a subsequence, or a monotone tail."""
        expr, value, variable = fresh.exprs
        approaches = tuple(Approach(variable, self.point, side) for side in self._sides())
        found = refutation(expr, value, approaches, fresh.domain, mpmath.mp.dps)
        if found is not None:
            point, why = found
            for atom, original in sorted(fresh.back.items(), key=lambda kv: -len(str(kv[0]))):
                why = why.replace(str(atom), str(original))
            raise Refuted(coordinates(point), why)

    def prove(self, fresh: Fresh) -> kernel.Proof:
        if self.rule is not None:
            if type(self.rule) is not LimitAlgebra:
                return kernel.failed(f"{type(self.rule).__name__} is not one of the kernel's rules")
            parts = (self.expr, self.variable, self.point, self.value, self.domain)
            return LimitAlgebra.prove(self.rule, *parts)
        return kernel.limit_of(fresh, self.point, self._sides())


SEALED = (Identity, Inequality, Limit)
"""The engine's statements: a proof is accepted only for an obligation of exactly one of
these classes (a subclass could override how it is proven)."""


def statement_of(obligation: Obligation) -> str:
    """The digest of an obligation's statement: its class and every field (``digest``)."""
    return digest(obligation)


__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_DPS",
    "Domain",
    "Identity",
    "Inequality",
    "Interval",
    "Limit",
    "Obligation",
    "Positive",
    "Simplex",
    "SizeRange",
    "Verdict",
]

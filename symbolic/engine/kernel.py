"""The trusted kernel: the only code that says "proven".

Every statement is first rebuilt on fresh symbols whose assumptions come from its domain
only (``fresh.rebuild``).  Then one of a closed set of sound steps applies:

* ``identity``: the difference reduced to 0 by capture-avoiding canonical forms, rational
  cancellation or SymPy's ``simplify`` (sums excluded); or a combination ``Σ c_k log u_k``
  with integer ``c_k`` whose ``u_k`` are proven positive and whose ``Π u_k^{c_k}`` cancels
  to 1 (rule *log of a product of positives*);
* ``sign``: positivity (or non-negativity) factor by factor after mapping every interval onto
  a positive variable; or, on a bounded box of scalars, ball arithmetic with bisection
  (``intervals``): every piece's enclosure of the right sign;
* ``limit``: a limit found by the limit algebra (premises proven) or by agreeing evidence
  (``limits``), from each side of the approach, and equal to the stated value;
* named inference rules (``rules.py``) whose premises the kernel builds from the conclusion
  and proves by these same steps.

Premise of every identity and sign step (*defined*): each denominator (the base of a
negative power, ``cos`` under ``tan``/``sec``, ``sin`` under ``cot``/``csc``) is proven
nonzero on the whole domain (the sign step, either sign, or ball arithmetic) before
anything is multiplied out.  One that is not must be exactly nonzero at a sample point (not
0 everywhere) and then, for an identity, shared by the other side (it vanishes exactly where
one of the other side's does: both sides are undefined at the same points); for a sign, the
sign is proven on the domain split where it vanishes, and the trace says so.  Otherwise the
result is unknown, naming the premise.

A ``Proof`` carries the trace of the steps and rules used.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import itertools
import multiprocessing.context
import os
import secrets
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import mpmath
import sympy as sp

from ..errors import GrpoSigmaError
from .budget import MAX_EXACT_EXPONENT, exact_size_bounded
from .canonical import canonical
from .certify import exact_value, exactly_nonzero
from .domain import Domain, every_point
from .fresh import Fresh, rebuild
from .intervals import sign_on
from .summation import closed_forms
from .text import expression_text

_KEY = secrets.token_bytes(32)
"""This process's key: a proof or theorem is genuine only if sealed with it (``_seal``).  The
kernel's worker pool hands it to its workers (``worker_pool``), nothing else reads it."""


def _seal(*parts: str) -> bytes:
    return hmac.new(_KEY, _joined(*parts), hashlib.sha256).digest()


class Proof:
    """Proven or not, and the steps taken (or the reason it stopped).

    Anyone may make a failed proof (``failed``); a proven one is made only by the kernel's
    steps and rules (``_proved``), which seal its trace with the process key: a proof whose
    seal does not match its trace (hand-made, altered, or from another process) is not
    proven.  Proofs cannot be subclassed or changed.
    """

    __slots__ = ("trace", "_mac")

    def __init__(self, proven: bool, trace: tuple[str, ...], key: bytes | None = None) -> None:
        trace = tuple(str(step) for step in trace)
        if proven and key is not _KEY:
            raise GrpoSigmaError("only the kernel's steps and rules make a proven Proof")
        object.__setattr__(self, "trace", trace)
        object.__setattr__(self, "_mac", _seal("proof", *trace) if proven else b"")

    def __init_subclass__(cls, **kwargs: object) -> None:
        raise TypeError("the kernel's Proof cannot be subclassed")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Proof cannot be changed")

    def __reduce__(self) -> tuple:
        return (failed, ("a proof does not leave the process that made it",))

    @property
    def proven(self) -> bool:
        return bool(self._mac) and hmac.compare_digest(self._mac, _seal("proof", *self.trace))

    @property
    def how(self) -> str:
        return "; ".join(self.trace)

    def then(self, step: str) -> Proof:
        return Proof(self.proven, (*self.trace, step), _KEY)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Proof) and (self.proven, self.trace) == (other.proven, other.trace)

    def __hash__(self) -> int:
        return hash((self.proven, self.trace))

    def __repr__(self) -> str:
        return f"Proof(proven={self.proven}, trace={self.trace!r})"


def _proved(trace: tuple[str, ...]) -> Proof:
    """A proven proof: called only by the kernel's own steps and rules (the trusted base)."""
    return Proof(True, trace, _KEY)


class Theorem:
    """A statement the kernel proved: the statement's digest (``statement``, the canonical
    form of the obligation) and the proof's trace, sealed with the process key.

    Only the kernel issues one (``_issue``, from a proven proof); there is no public
    constructor, no subclass, no change.  ``genuine`` checks the seal and the statement;
    a theorem pickled to another process is genuine there only if that process shares the
    key (the kernel's ``worker_pool``).
    """

    __slots__ = ("statement", "trace", "_mac")

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise GrpoSigmaError("a Theorem is issued only by the kernel")

    def __init_subclass__(cls, **kwargs: object) -> None:
        raise TypeError("the kernel's Theorem cannot be subclassed")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Theorem cannot be changed")

    def __reduce__(self) -> tuple:
        return (_restored, (self.statement, self.trace, self._mac))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Theorem) and (self.statement, self.trace, self._mac) == (
            other.statement,
            other.trace,
            other._mac,
        )

    def __hash__(self) -> int:
        return hash((self.statement, self.trace))

    def __repr__(self) -> str:
        return f"Theorem({self.statement[:12]}…, {len(self.trace)} steps)"


def _restored(statement: str, trace: tuple[str, ...], mac: bytes) -> Theorem:
    theorem = object.__new__(Theorem)
    for name, value in (("statement", statement), ("trace", tuple(trace)), ("_mac", mac)):
        object.__setattr__(theorem, name, value)
    return theorem


def _issue(statement: str, proof: Proof) -> Theorem | None:
    """The theorem ``statement`` (a digest) proven by ``proof``; None if it is not proven."""
    if type(proof) is not Proof or not proof.proven:
        return None
    return _restored(statement, proof.trace, _seal("theorem", statement, *proof.trace))


def genuine(theorem: object, statement: str | None = None) -> bool:
    """Whether ``theorem`` was issued by this process's kernel (for ``statement``, if given)."""
    if type(theorem) is not Theorem:
        return False
    sealed = _seal("theorem", theorem.statement, *theorem.trace)
    if not hmac.compare_digest(theorem._mac, sealed):
        return False
    return statement is None or theorem.statement == statement


_STORE_KEY: list[bytes | None] = []


def _store_key() -> bytes | None:
    """The kernel's key for theorems kept between runs (the verdict cache): made once per
    user, readable by the user only, in the user's configuration directory (never in the
    cache, whose place a caller chooses); None if it cannot be made there."""
    if not _STORE_KEY:
        import platformdirs

        path = Path(platformdirs.user_config_dir("grpo-sigma", appauthor=False)) / "kernel.key"
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
                try:
                    os.write(handle, secrets.token_hex(32).encode())
                    os.fsync(handle)
                    os.close(handle)
                    os.link(temporary, path)  # fails if another run made it first
                except FileExistsError:
                    pass
                finally:
                    os.unlink(temporary)
            _STORE_KEY.append(bytes.fromhex(path.read_text()))
        except (OSError, ValueError):
            _STORE_KEY.append(None)
    return _STORE_KEY[0]


def _stored(theorem: Theorem) -> dict[str, object] | None:
    """A genuine theorem as data to keep between runs, sealed with the kernel's store key
    instead of the process key; None if it is not genuine or there is no store key."""
    key = _store_key()
    if key is None or not genuine(theorem):
        return None
    mac = hmac.new(key, _joined("stored", theorem.statement, *theorem.trace), hashlib.sha256)
    return {"statement": theorem.statement, "trace": list(theorem.trace), "seal": mac.hexdigest()}


def _from_store(record: object) -> Theorem | None:
    """A kept theorem issued again in this process if its seal is the kernel's (None
    otherwise: a record written by hand, altered, or sealed under another key)."""
    key = _store_key()
    try:
        statement, trace, seal = record["statement"], tuple(record["trace"]), record["seal"]
        mac = hmac.new(key, _joined("stored", statement, *trace), hashlib.sha256).hexdigest()
    except (TypeError, KeyError, AttributeError):
        return None
    if not isinstance(seal, str) or not hmac.compare_digest(mac, seal):
        return None
    return _restored(statement, trace, _seal("theorem", statement, *trace))


def _joined(*parts: str) -> bytes:
    return b"".join(part.encode() + b"\0" for part in parts)


def _adopt(key: bytes) -> None:
    global _KEY
    _KEY = key


def worker_pool(jobs: int, context: multiprocessing.context.BaseContext) -> ProcessPoolExecutor:
    """A pool of worker processes that share this process's key, so that the theorems they
    issue are genuine here."""
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_adopt, initargs=(_KEY,))


SAME_EXPRESSION = "the two sides are the same expression"
"""The trace of an identity whose sides coincide as written: nothing was computed, so the
ledger reports such an obligation as a definition, never as a proof."""


def failed(reason: str) -> Proof:
    return Proof(False, (reason,))


# ----------------------------------------------------------------------- identities
def _reducer(domain: Domain):
    """Reduction with the domain's constraints: every finite upper gap ``hi − x`` named as a
    positive symbol, each explicit simplex's last entry eliminated, ``Σ_i p_i = 1``."""
    gaps: dict[sp.Expr, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is None and iv.hi != sp.oo:
            gaps[iv.hi - iv.target] = sp.Dummy(f"gap_{iv.target}", positive=True)
    afterwards: dict[sp.Expr, sp.Expr] = {d: gap for gap, d in gaps.items()}
    facts: dict[tuple, sp.Expr] = {}
    for simplex in domain.simplices:
        if isinstance(simplex.base, tuple):
            *rest, last = simplex.base
            afterwards[last] = 1 - sp.Add(*rest)
        elif simplex.rows is None:
            length = sp.sympify(simplex.length)
            facts[(simplex.base, sp.Integer(1), length)] = sp.Integer(1)
            if length.is_Integer:  # a written-out vector: its last entry eliminated
                others = (simplex.base[k] for k in range(1, int(length)))
                afterwards[simplex.base[int(length)]] = 1 - sp.Add(*others)

    def reduce(expr: sp.Expr) -> sp.Expr:
        expr = canonical(expr.xreplace(gaps), facts)
        return canonical(expr.xreplace(afterwards), facts) if afterwards else expr

    return reduce


def identity(lhs: sp.Expr, rhs: sp.Expr, domain: Domain) -> Proof:
    """Prove ``lhs = rhs`` on the domain (see the module's list of steps)."""
    return identity_of(rebuild((lhs, rhs), domain))


def identity_of(fresh: Fresh) -> Proof:
    """``lhs = rhs`` for a statement already rebuilt by ``fresh.rebuild``, once both sides
    are proven defined on the domain, or undefined at the same points (``defined_alike``)."""
    left, right = fresh.exprs[:2]
    premise = defined_alike(left, right, fresh.domain)
    if not premise.proven:
        return premise
    proof = _identity(left, right, fresh.domain)
    return _proved((*proof.trace, *premise.trace)) if proof.proven else proof


# -------------------------------------------------------------------- denominators
POLES = {sp.tan: sp.cos, sp.sec: sp.cos, sp.cot: sp.sin, sp.csc: sp.sin}
"""Functions with a pole where another function of their argument vanishes."""


def denominators(expr: sp.Expr) -> list[sp.Expr]:
    """Every expression that must be nonzero for ``expr`` to be defined: the base of each
    negative power and the vanishing function of each pole (``cos x`` for ``tan x``); a
    summation index in one is written ``lo + n``, ``n ≥ 0`` an integer (its range's start).
    An integral is a number: its integrand is the quadrature's concern, not a denominator."""
    found: dict[sp.Expr, None] = {}

    def visit(node: sp.Basic, indices: dict) -> None:
        if isinstance(node, sp.Integral):  # a value, not a function of its variable
            return
        if isinstance(node, sp.Sum | sp.Product):
            inner = dict(indices)
            for index, lo, _ in node.limits:
                inner[index] = lo + sp.Dummy(f"n_{index}", integer=True, nonnegative=True)
            visit(node.function, inner)
            return
        if isinstance(node, sp.Pow) and node.exp.is_negative:
            found[node.base.xreplace(indices)] = None
        elif type(node) in POLES:
            found[POLES[type(node)](node.args[0]).xreplace(indices)] = None
        for arg in node.args:
            visit(arg, indices)

    visit(sp.sympify(expr), {})
    return list(found)


def nonzero(expr: sp.Expr, domain: Domain) -> Proof:
    """``expr ≠ 0`` on the domain: a constant certainly nonzero, each factor of either sign
    by the sign step, or one sign on the whole box by ball arithmetic."""
    for base in _vanishing(expr, domain, whole=True):
        return failed(f"premise not proven: {base} ≠ 0 on the domain")
    return _proved((f"{expr} ≠ 0 on the domain",))


@functools.lru_cache(maxsize=4096)
def _nonzero_factor(factor: sp.Expr, domain: Domain) -> bool:
    if factor.is_number:
        return exactly_nonzero(factor)
    if any(_sign(s * factor, domain, strict=True).proven for s in (1, -1)):
        return True
    return any(sign_on(s * factor, domain).sign == "positive" for s in (1, -1))


def defined(exprs: tuple[sp.Expr, ...], domain: Domain) -> Proof:
    """Premise *defined on the domain*: every denominator of ``exprs`` proven nonzero."""
    for expr in exprs:
        for denominator in denominators(expr):
            proof = nonzero(denominator, domain)
            if not proof.proven:
                return proof
    return _proved(("every denominator proven nonzero on the domain",))


def _vanishing(expr: sp.Expr, domain: Domain, whole: bool = False) -> list[sp.Expr]:
    """The factors of the denominators of ``expr`` (of ``expr`` itself if ``whole``) not
    proven nonzero on the domain."""
    found = {}
    for d in [expr] if whole else denominators(expr):
        for factor in sp.Mul.make_args(sp.factor_terms(d)):
            base = factor.base if isinstance(factor, sp.Pow) and factor.exp.is_positive else factor
            if not _nonzero_factor(base, domain):
                found[base] = None
    return list(found)


SAMPLES = 3
"""Points of the domain at which a denominator is evaluated exactly."""


def _sample_values(expr: sp.Expr, domain: Domain) -> list[sp.Expr]:
    """``expr`` evaluated exactly at the first ``SAMPLES`` points of the domain."""
    with mpmath.workdps(30):
        points = list(itertools.islice(every_point(domain, 0), SAMPLES))
    return [exact_value(expr, point, {}) for point in points]


def _somewhere_nonzero(expr: sp.Expr, domain: Domain) -> bool:
    """``expr`` is exactly nonzero at one sample point: it does not vanish everywhere."""
    return any(exactly_nonzero(v) for v in _sample_values(expr, domain))


def _same_zeros(d: sp.Expr, e: sp.Expr, domain: Domain) -> bool:
    """``e = c·d`` identically for some ``c`` proven nonzero on the domain, so that ``d`` and
    ``e`` vanish at the same points.  ``c`` is guessed from exact values at the sample
    points (a rational times a power −1, 0 or 1 of each size) and then the identity
    ``e = c·d`` is proven by the identity step: the guess is never trusted."""
    if d == e or sp.cancel(e - d) == 0:
        return True
    with mpmath.workdps(30):
        points = list(itertools.islice(every_point(domain, 0), SAMPLES))
    ratios = []
    for point in points:
        dv, ev = exact_value(d, point, {}), exact_value(e, point, {})
        if not (exactly_nonzero(dv) and exactly_nonzero(ev) and (ev / dv).is_Rational):
            return False
        ratios.append((point.sizes, ev / dv))
    sizes = sorted(domain.size_symbols(), key=sp.default_sort_key)
    for powers in itertools.product((0, -1, 1), repeat=len(sizes)):
        shape = sp.Mul(*(s**k for s, k in zip(sizes, powers, strict=True)))
        guesses = {r / shape.xreplace(at) for at, r in ratios}
        if len(guesses) == 1:
            c = guesses.pop() * shape
            return nonzero(c, domain).proven and _identity(e, c * d, domain, depth=1).proven
    return False


def defined_alike(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Premise of an identity: every denominator proven nonzero on the domain, or shared by
    both sides (one side's vanishes exactly where one of the other side's does) and
    nonzero somewhere: both sides are then undefined at the same points, and the identity
    is that of the two partial functions."""
    open_left, open_right = _vanishing(left, domain), _vanishing(right, domain)
    notes = []
    for mine, theirs in ((open_left, open_right), (open_right, open_left)):
        for d in mine:
            if not any(_same_zeros(d, e, domain) for e in theirs):
                return failed(f"premise not proven: {d} ≠ 0 on the domain")
            if not _somewhere_nonzero(d, domain):
                return failed(f"premise not proven: {d} is not 0 everywhere")
            notes.append(f"both sides undefined exactly where {d} = 0")
    return _proved(tuple(dict.fromkeys(notes)))


def defined_apart(expr: sp.Expr, domain: Domain) -> Proof:
    """Premise of a sign: every denominator proven nonzero on the domain, or nonzero
    somewhere: the sign is then proven on the domain split where it vanishes (the trace
    names it; the expression is undefined there)."""
    notes = []
    for d in _vanishing(expr, domain):
        if not _somewhere_nonzero(d, domain):
            return failed(f"premise not proven: {d} is not 0 everywhere")
        notes.append(f"on the domain where {d} ≠ 0 (the expression is undefined where it is 0)")
    return _proved(tuple(notes))


def _identity(left: sp.Expr, right: sp.Expr, domain: Domain, depth: int = 0) -> Proof:
    reduce = _reducer(domain)
    raw = left - right
    if raw == 0:
        return _proved((SAME_EXPRESSION,))
    if raw.has(sp.Derivative):
        return _differentiated(left, right, domain, depth)
    if not exact_size_bounded(raw):
        return failed(f"a power above {MAX_EXACT_EXPONENT} is not expanded exactly")
    if not raw.has(sp.Sum) and raw.is_rational_function() and sp.cancel(raw) == 0:
        return _proved(("difference cancelled to 0 as a rational function",))
    (n_l, d_l), (n_r, d_r) = sp.fraction(left), sp.fraction(right)
    if (d_l, d_r) != (1, 1) and reduce(n_l * d_r - n_r * d_l) == 0:
        return _proved(("cross-multiplied numerators expanded to 0",))
    difference = reduce(raw)
    if difference == 0:
        return _proved(("difference expanded to 0",))
    if not difference.has(sp.Sum) and sp.cancel(difference) == 0:
        return _proved(("difference cancelled to 0 as a rational function",))
    if reduce(sp.fraction(sp.together(difference))[0]) == 0:
        return _proved(("numerator over a common denominator expanded to 0",))
    logs = _log_combination(raw, domain)
    if logs.proven:
        return logs
    if depth == 0 and any(
        isinstance(e, sp.Pow) and e.exp == sp.Rational(1, 2) for e in raw.atoms(sp.Pow)
    ):
        squares = _equal_squares(left, right, domain)
        if squares.proven:
            return squares
    if not difference.free_symbols and exactly_nonzero(difference):
        return failed("the difference is a nonzero constant")  # simplify could run for ever
    if not difference.has(sp.Sum, sp.Product) and sp.simplify(difference) == 0:
        return _proved(("difference simplified to 0",))
    if depth == 0 and raw.has(sp.Sum, sp.Product):
        summed = _summed(left, right, domain)
        if summed.proven:
            return summed
    if depth == 0 and raw.has(*SPECIAL):
        return _written_out(left, right, domain)
    return failed("did not reduce to 0")


SPECIAL = (sp.Li, sp.jn, sp.yn, sp.expint, sp.Ei, sp.li, sp.hyper)
"""Functions SymPy writes in other terms (``Li(x) = li(x) − li(2)``, ``j₀(x) = sin x/x``)."""


def _written_out(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Rule *special functions written out*: ``expand_func`` and the rewrite of ``Li`` in
    terms of ``li`` (equalities of functions), then the identity, on sides again proven
    defined (a rewrite may bring a denominator: ``sin x/x``)."""
    sides = [sp.expand_func(side.rewrite(sp.li)) for side in (left, right)]
    if sides == [left, right]:
        return failed("did not reduce to 0")
    premise = defined_alike(*sides, domain)
    if not premise.proven:
        return premise
    rest = _identity(*sides, domain, depth=1)
    if not rest.proven:
        return failed("did not reduce to 0")
    return _proved(("special functions written out by SymPy", *rest.trace))


def _summed(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Rule *closed forms*: sums and products of no indexed entry over ranges proven
    non-empty, carried out by SymPy (as written, then after the reduction), then the identity."""
    sizes = {
        size.symbol: size.minimum + sp.Dummy(f"n_{size.symbol}", integer=True, nonnegative=True)
        for size in domain.sizes
    }
    reduce = _reducer(domain)
    for sides in ((left, right), (reduce(left), reduce(right))):
        closed = [closed_forms(side, sizes) for side in sides]
        if closed == list(sides):
            continue
        rest = _identity(*closed, domain, depth=1)
        if rest.proven:
            step = "sums and products over non-empty ranges put in closed form by SymPy"
            return _proved((step, *rest.trace))
    return failed("did not reduce to 0")


def _differentiated(left: sp.Expr, right: sp.Expr, domain: Domain, depth: int) -> Proof:
    """Rule *differentiate*: every derivative carried out by SymPy, then the identity."""
    done = [
        side.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
        for side in (left, right)
    ]
    if any(side.has(sp.Derivative) for side in done):
        return failed("SymPy did not carry out a derivative")
    rest = _identity(*done, domain, depth)
    if not rest.proven:
        return rest
    after = "the two sides coincide" if rest.trace == (SAME_EXPRESSION,) else rest.trace[0]
    return _proved((f"derivatives carried out, then {after}", *rest.trace[1:]))


def _equal_squares(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Rule *equal squares of positives*: ``a, b > 0`` and ``a² = b²`` give ``a = b``."""
    for side in (left, right):
        if not _sign(side, domain, strict=True).proven:
            return failed(f"{side} not proven positive")
    squared = _identity(
        sp.powsimp(sp.expand_power_base(left**2)),
        sp.powsimp(sp.expand_power_base(right**2)),
        domain,
        depth=1,
    )
    if not squared.proven:
        return failed("squares not proven equal")
    return _proved(("rule: equal squares of positives", *squared.trace))


def reduced_difference(left: sp.Expr, right: sp.Expr, domain: Domain) -> sp.Expr:
    """``left − right`` (already on fresh symbols) reduced by the domain's constraints."""
    difference = _reducer(domain)(left - right)
    return difference if difference.has(sp.Sum, sp.Product) else sp.cancel(difference)


def _log_combination(raw: sp.Expr, domain: Domain) -> Proof:
    """Rule *log of a product of positives*: ``Σ c_k log u_k = log Π u_k^{c_k}`` for integer
    ``c_k`` and ``u_k > 0``; it is 0 when the product cancels to 1."""
    terms = []
    for term in sp.Add.make_args(raw):
        coeff, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sp.log) and coeff.is_Integer):
            return failed("not a combination of logarithms")
        terms.append((int(coeff), rest.args[0]))
    for _, argument in terms:
        if not _sign(argument, domain, strict=True).proven:
            return failed(f"log argument {argument} not proven positive")
    product = sp.Mul(*(u**c for c, u in terms))
    if product.has(sp.Sum) or sp.cancel(sp.together(product) - 1) != 0:
        return failed("product of the log arguments is not 1")
    return _proved(("rule: log of a product of positives (arguments positive, product 1)",))


# ---------------------------------------------------------------------------- signs
def _to_positive_variables(domain: Domain) -> dict[sp.Symbol, sp.Expr]:
    """Map each bounded interval onto ``u > 0`` and each size onto ``minimum + n``, n ≥ 0."""
    subs: dict[sp.Symbol, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is not None:
            continue
        u = sp.Dummy(f"u_{iv.target}", positive=True)
        if iv.lo != -sp.oo and iv.hi != sp.oo:
            subs[iv.target] = iv.lo + (iv.hi - iv.lo) * u / (1 + u)
        elif iv.lo != -sp.oo:
            subs[iv.target] = iv.lo + u
        elif iv.hi != sp.oo:
            subs[iv.target] = iv.hi - u
    for size in domain.sizes:
        subs[size.symbol] = size.minimum + sp.Dummy(
            f"n_{size.symbol}", integer=True, nonnegative=True
        )
    return subs


def sign(expr: sp.Expr, domain: Domain, strict: bool = True, extra: Mapping | None = None) -> Proof:
    """Prove ``expr > 0`` (``strict``) or ``expr ≥ 0`` on the domain."""
    return sign_of(rebuild((expr,), domain, dict(extra or {})), strict)


def sign_of(fresh: Fresh, strict: bool = True) -> Proof:
    """The sign of the first expression of a rebuilt statement, where it is defined
    (``defined_apart``: the trace names any point set split off)."""
    premise = defined_apart(fresh.exprs[0], fresh.domain)
    if not premise.proven:
        return premise
    proof = _sign(fresh.exprs[0], fresh.domain, strict)
    return _proved((*proof.trace, *premise.trace)) if proof.proven else proof


def _sign(expr: sp.Expr, domain: Domain, strict: bool) -> Proof:
    work = sp.sympify(expr).xreplace(_to_positive_variables(domain))
    test = "is_positive" if strict else "is_nonnegative"
    word = "positive" if strict else "non-negative"
    if not exact_size_bounded(work):  # factor, simplify: one C call past any deadline
        if getattr(work, test):
            return _proved((f"{word} as a function of positive variables",))
        return _ball_sign(expr, domain, strict, failed("sign not settled"))
    if _factorwise(work, test):
        return _proved((f"each factor {word} in positive variables",))
    if getattr(work, test) or (work.free_symbols and getattr(_simplified(work), test)):
        return _proved((f"{word} as a function of positive variables",))
    rooted = _without_roots(work)
    if rooted is not work and _factorwise(rooted, test):
        return _proved((f"each factor {word} once every root of a variable is a variable",))
    logs = _log_sign(work, domain, strict)
    return logs if logs.proven else _ball_sign(expr, domain, strict, logs)


def _ball_sign(expr: sp.Expr, domain: Domain, strict: bool, otherwise: Proof) -> Proof:
    """The sign by ball arithmetic with bisection on a bounded box (``intervals``)."""
    balls = sign_on(expr, domain, strict)
    if balls.sign != "positive":
        return otherwise
    word = "positive" if strict else "non-negative"
    return _proved((f"{word} on every piece of the box by ball arithmetic ({balls.boxes})",))


def _simplified(work: sp.Expr) -> sp.Expr:
    """SymPy's ``simplify``, or ``work`` itself where simplify fails (on some sums SymPy
    1.14 raises ``StopIteration``)."""
    try:
        return sp.simplify(work)
    except (StopIteration, RuntimeError, TypeError, ValueError, NotImplementedError):
        return work


def _factorwise(work: sp.Expr, test: str) -> bool:
    coeff, factors = sp.factor(sp.together(work)).as_coeff_mul()
    return bool(coeff > 0 and all(getattr(f, test) for f in factors))


def _without_roots(work: sp.Expr) -> sp.Expr:
    """Each positive variable ``s`` under fractional powers renamed ``s = w^L`` (``w > 0``,
    ``L`` the least common multiple of the powers' denominators): a bijection of (0, ∞),
    so the sign is unchanged; ``√(xy)`` becomes ``w_x w_y``."""
    renamed = {}
    for symbol in work.free_symbols:
        if symbol.is_positive is not True:
            continue
        denominators = [
            power.exp.q
            for power in work.atoms(sp.Pow)
            if power.exp.is_Rational and not power.exp.is_Integer
            if symbol in power.base.free_symbols
        ]
        if denominators:
            renamed[symbol] = sp.Dummy(f"w_{symbol}", positive=True) ** sp.ilcm(*denominators, 1)
    return work.xreplace(renamed) if renamed else work


def _log_sign(work: sp.Expr, domain: Domain, strict: bool) -> Proof:
    """Rule *log of a ratio*: ``Σ c_k log u_k`` (rational ``c_k``, every ``u_k > 0``) has
    the sign of ``Π_{c_k>0} u_k^{c_k} − Π_{c_k<0} u_k^{−c_k}`` (log increases)."""
    terms = []
    for term in sp.Add.make_args(work):
        coeff, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sp.log) and coeff.is_Rational):
            return failed("sign not settled")
        terms.append((coeff, rest.args[0]))
    if len(terms) < 2 or any(not _sign(u, domain, strict=True).proven for _, u in terms):
        return failed("sign not settled")
    upper = sp.Mul(*(u**c for c, u in terms if c > 0))
    lower = sp.Mul(*(u ** (-c) for c, u in terms if c < 0))
    rest = _sign(upper - lower, domain, strict)
    if not rest.proven:
        return failed("sign not settled")
    return _proved(("rule: log of a ratio (arguments positive, the ratio compared to 1)",))


# --------------------------------------------------------------------------- limits
def limit(
    expr: sp.Expr,
    variable: sp.Symbol,
    point: sp.Expr,
    value: sp.Expr,
    domain: Domain,
    direction: str | None = None,
) -> Proof:
    """``lim_{variable → point} expr = value`` (from ``direction``, else as ``limit_sides``
    says)."""
    fresh = limit_fresh(expr, variable, point, value, domain, direction)
    return limit_of(fresh, point, limit_sides(variable, point, domain, direction, expr))


def limit_sides(
    variable: sp.Symbol,
    point: sp.Expr,
    domain: Domain,
    direction: str | None = None,
    expr: sp.Expr | None = None,
) -> tuple[str, ...]:
    """The sides of the approach: the variable ranges over its interval in ``domain``, else
    ``(0, ∞)`` if declared positive (``[0, ∞)`` non-negative), ``(−∞, 0)`` if negative, else
    the real line; an end of that range is approached from inside, an interior point from
    both sides unless ``direction`` (``"+"``, ``"-"``) names one.  With no interval given,
    a side where ``expr`` is not real (``x log x`` left of 0) is outside its domain: the
    limit is taken from the other side."""
    from .limits import real_sides, sides

    box = next((iv for iv in domain.intervals if iv.target == variable), None)
    if box is not None:
        lo, hi = box.lo, box.hi
    elif variable.is_nonnegative:
        lo, hi = sp.Integer(0), sp.oo
    elif variable.is_negative:
        lo, hi = -sp.oo, sp.Integer(0)
    else:
        lo, hi = -sp.oo, sp.oo
    found = sides(point, lo, hi, direction)
    if box is None and expr is not None and len(found) == 2:
        return real_sides(expr, variable, point, found)
    return found


def limit_of(fresh: Fresh, point: sp.Expr, sides: tuple[str, ...] = ("+",)) -> Proof:
    """The limit of a statement rebuilt by ``limit_fresh``, from each of ``sides``: found by
    the limit algebra (premises proven) or by agreeing evidence (``limits.find``), and
    equal to the stated value."""
    from .limits import INFINITIES, LIMIT_DPS, Approach, find

    expr, value, variable = fresh.exprs
    steps = []
    for side in sides:
        approach = Approach(variable, point, side)
        found = find(expr, approach, fresh.domain, LIMIT_DPS)
        where = approach.describe()
        if isinstance(found, str):
            return failed(f"as {where}: {found}")
        if found.value in INFINITIES or value in INFINITIES:
            same = found.value == value
        else:
            same = _identity(found.value, value, fresh.domain).proven
        if not same:
            shown = expression_text(found.value.xreplace(fresh.back))
            return failed(f"as {where} the limit is {shown}, not the stated value")
        steps.append(f"as {where}: {found.how}")
    both = " (both sides)" if len(sides) == 2 else ""
    shown = expression_text(sp.factor(value).xreplace(fresh.back))
    return _proved((f"limit found{both}: {shown}", *steps))


def limit_fresh(
    expr, variable, point, value, domain: Domain, direction: str | None = None
) -> Fresh:
    """The limit's expressions on fresh symbols (the variable is the third, signed as its
    approach allows, its own interval and size dropped from the domain)."""
    sides = limit_sides(variable, point, domain, direction, expr)
    sizes = tuple(s for s in domain.sizes if s.symbol != variable)
    intervals = tuple(iv for iv in domain.intervals if iv.target != variable)
    if (sizes, intervals) != (domain.sizes, domain.intervals):
        domain = dataclasses.replace(domain, intervals=intervals, sizes=sizes)
    if point in (sp.oo, -sp.oo):
        sign_of = "positive" if point == sp.oo else "negative"
    elif bool(sp.sympify(point) > 0) or (point == 0 and sides == ("+",)):
        sign_of = "positive"
    elif bool(sp.sympify(point) < 0) or (point == 0 and sides == ("-",)):
        sign_of = "negative"
    else:
        sign_of = "real"
    return rebuild((expr, value, variable), domain, {variable: sign_of})

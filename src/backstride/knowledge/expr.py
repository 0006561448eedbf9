"""Three-valued evaluation of the condition language (``True``, ``False`` or ``None`` = unknown).

An unanswered finding stays unknown: ``present: fever`` is ``None`` when fever was not answered,
``all`` is false as soon as one part is false and unknown while any part is unknown, ``any`` is true
as soon as one part is true, ``not`` keeps unknown unknown. Expressions are compiled once into
closures so the engine stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from backstride.knowledge.models import Expr

Tri = bool | None
Findings = Mapping[str, object]
Compiled = Callable[[Findings], Tri]


def compile_expr(expr: Expr) -> Compiled:
    """Turn an :class:`Expr` into a fast function of a findings mapping."""
    if expr.all_ is not None:
        parts = tuple(compile_expr(e) for e in expr.all_)

        def _all(f: Findings) -> Tri:
            result: Tri = True
            for part in parts:
                value = part(f)
                if value is False:
                    return False
                if value is None:
                    result = None
            return result

        return _all
    if expr.any_ is not None:
        parts = tuple(compile_expr(e) for e in expr.any_)

        def _any(f: Findings) -> Tri:
            result: Tri = False
            for part in parts:
                value = part(f)
                if value is True:
                    return True
                if value is None:
                    result = None
            return result

        return _any
    if expr.not_ is not None:
        inner = compile_expr(expr.not_)

        def _not(f: Findings) -> Tri:
            value = inner(f)
            return None if value is None else not value

        return _not
    if expr.present is not None:
        code = expr.present
        return lambda f: None if f.get(code) is None else f.get(code) is True
    if expr.absent is not None:
        code = expr.absent
        return lambda f: None if f.get(code) is None else f.get(code) is False
    if expr.unknown is not None:
        code = expr.unknown
        return lambda f: f.get(code) is None
    if expr.eq is not None:
        code, want = expr.eq
        return lambda f: None if f.get(code) is None else f.get(code) == want
    if expr.in_ is not None:
        code, wanted = expr.in_
        allowed = frozenset(wanted)
        return lambda f: None if f.get(code) is None else f.get(code) in allowed
    if expr.gte is not None:
        code, bound = expr.gte
        return lambda f: None if f.get(code) is None else float(f[code]) >= bound  # type: ignore[arg-type]
    if expr.lte is not None:
        code, bound = expr.lte
        return lambda f: None if f.get(code) is None else float(f[code]) <= bound  # type: ignore[arg-type]
    raise ValueError("empty expression")  # unreachable: the model enforces one operator


def witnesses(expr: Expr, findings: Findings) -> list[str]:
    """The answered findings that make a true expression true (for the because-trail)."""
    out: list[str] = []
    _collect(expr, findings, out)
    return list(dict.fromkeys(out))


def _collect(expr: Expr, findings: Findings, out: list[str]) -> None:
    if compile_expr(expr)(findings) is not True:
        return
    if expr.all_ is not None:
        for child in expr.all_:
            _collect(child, findings, out)
    elif expr.any_ is not None:
        for child in expr.any_:
            _collect(child, findings, out)
    elif expr.not_ is not None:
        out.extend(sorted(c for c in expr.not_.codes() if findings.get(c) is not None))
    elif expr.unknown is None:
        out.extend(sorted(c for c in expr.codes() if findings.get(c) is not None))


__all__ = ["Compiled", "Tri", "compile_expr", "witnesses"]

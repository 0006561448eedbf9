"""A chance in words, one rule for every interface: the result page, the terminal, the report and
the FHIR export (which lies below the services; ``services.wording`` re-exports it)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NEAR_CERTAIN = 0.995  # at or above: ">99%", never a false 100%
NEAR_NONE = 0.005  # below: "<1%", never a false 0%


def percent(probability: float) -> str:
    """A probability as a whole percentage, never a false 100% or 0% (">99%", "<1%")."""
    if probability >= NEAR_CERTAIN:
        return ">99%"
    if probability < NEAR_NONE:
        return "<1%"
    # between the two: 1% to 99% (0.005 rounded half to even read "0%"); a half rounds away from
    # zero on the stored decimal (0.045 -> "5%", 0.145 -> "15%"), as every number is said
    # (``gait.factors.shown``: the shortest decimal text, a half away from zero)
    whole = int(Decimal(repr(float(probability))).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{min(99, max(1, whole))}%"


__all__ = ["NEAR_CERTAIN", "NEAR_NONE", "percent"]

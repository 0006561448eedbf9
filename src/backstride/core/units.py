"""Physical constants and unit conversions used across backstride (one place, cited)."""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any

from backstride.core.errors import FieldError
from backstride.core.typed import as_written

STANDARD_GRAVITY_MPS2 = 9.80665  # CGPM 1901 conventional value of g
RAD_TO_DEG = 57.29577951308232


# A length of time asked in weeks (the pain's length, ``duration_weeks``) may be given in months or
# years (people count long pain in months): kept in weeks, as 52 weeks a year and 52/12 a month. The
# web page and the terminal both convert with ``in_weeks``, so one answer is kept the same everywhere.
WEEKS_IN = {"weeks": Fraction(1), "months": Fraction(52, 12), "years": Fraction(52)}  # exact


def in_weeks(value: float | Decimal, unit: str) -> float:
    """``value`` weeks, months or years (a key of ``WEEKS_IN``) in weeks, never rounded up: a length
    just under 2, 6, 12, 26 or 52 weeks stays under it, as the rules compare these weeks with them
    (red_flags.yaml: 12 weeks or more can lower a warning). Months and years are cut down to a tenth
    (2.76 months is 11.9, not 12, weeks); weeks are kept as typed (11.95), unless the nearest float
    would reach a whole week the length is under ("11.99999999999999999" is 11.9, not 12); a length
    just over a whole week stays over it (``core.typed.as_written``: 4.00000000000000001 is not "4
    weeks or less").

    ``value``: the number as typed (``core.typed.typed_decimal``), exact to its last digit; a float
    stands for the digits of its ``repr``. A float keeps about 16 digits, so the float of
    "0.230769230769230769" years (under 12 weeks) is a hair over 3/13 of a year: 12 weeks. A length
    past any limit (1e400 months) is infinite, for the caller to refuse."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    if exact.is_nan():
        return math.nan
    # by its exponent: no arithmetic, which a Decimal of 1e999999999 overflows
    if not exact.is_finite() or (exact and exact.adjusted() >= _PAST_ANY_LIMIT):
        return -math.inf if exact < 0 else math.inf
    nearest, typed = float(exact), as_written(exact)  # 4.00000000000000001 weeks: not "4 or less"
    if exact and exact.adjusted() < _BELOW_ANY_TENTH:  # its exact fraction would need 10**(exponent)
        exact = Decimal(f"1e{_BELOW_ANY_TENTH}").copy_sign(exact)
    weeks = Fraction(exact) * WEEKS_IN[unit]
    tenths = math.floor(weeks * 10) / 10
    if unit != "weeks":
        return tenths
    return typed if typed >= nearest else tenths


def from_weeks(weeks: float, unit: str) -> float:
    """``weeks`` in ``unit`` (a key of ``WEEKS_IN``), the other way from ``in_weeks``, to say a limit in
    the unit a person chose: 5200 weeks is 1200 months, 100 years."""
    return float(Fraction(weeks) / WEEKS_IN[unit])


_PAST_ANY_LIMIT = 300  # 1e300 and more: past any question's largest (and past a float, in years)
_BELOW_ANY_TENTH = -300  # under 1e-300: cut down to a tenth, 0 (or -0.1 below 0)


# A body height a person may have, in cm: the people's records, the walk page, the API, ``gait analyze
# --height-cm`` and the Python API's ``analyze_gait(height_cm=...)`` all hold a height to it.
HEIGHT_MIN_CM, HEIGHT_MAX_CM = 50, 250


def checked_height(height_cm: Any) -> float | None:
    """A height in cm a person may have (or None), else a ``FieldError`` naming ``{height_cm}``. A height
    in metres (1.68) is refused saying the centimetres it means."""
    if height_cm is None:
        return None
    said = FieldError.literal(repr(height_cm))
    if isinstance(height_cm, bool) or not isinstance(height_cm, numbers.Real):
        raise FieldError(f"{{height_cm}} must be a number of centimetres, got {said}")
    cm = float(height_cm)
    if not HEIGHT_MIN_CM <= cm <= HEIGHT_MAX_CM:
        metres = f" ({cm:g} m is {cm * 100:g} cm)" if 0.5 <= cm <= 2.5 else ""
        bounds = f"from {HEIGHT_MIN_CM} to {HEIGHT_MAX_CM} cm"
        raise FieldError(f"{{height_cm}} must be {bounds}, got {said}{metres}")
    return cm


__all__ = [
    "HEIGHT_MAX_CM",
    "HEIGHT_MIN_CM",
    "RAD_TO_DEG",
    "STANDARD_GRAVITY_MPS2",
    "WEEKS_IN",
    "checked_height",
    "from_weeks",
    "in_weeks",
]

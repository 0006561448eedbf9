"""Physical constants and unit conversions used across backstride (one place, cited)."""

from __future__ import annotations

import math
from fractions import Fraction

STANDARD_GRAVITY_MPS2 = 9.80665  # CGPM 1901 conventional value of g
RAD_TO_DEG = 57.29577951308232


# A length of time asked in weeks (the pain's length, ``duration_weeks``) may be given in months or
# years (people count long pain in months): kept in weeks, as 52 weeks a year and 52/12 a month. The
# web page and the terminal both convert with ``in_weeks``, so one answer is kept the same everywhere.
WEEKS_IN = {"weeks": Fraction(1), "months": Fraction(52, 12), "years": Fraction(52)}  # exact


def in_weeks(value: float, unit: str) -> float:
    """``value`` weeks, months or years (a key of ``WEEKS_IN``) in weeks, cut down to a tenth (never
    rounded up): a length just under 2, 6, 12, 26 or 52 weeks stays under it (2.76 months is 11.9,
    not 12, weeks), as the rules compare these weeks with them (red_flags.yaml: 12 weeks or more can
    lower a warning). A length past any limit (1e308 years) is infinite, for the caller to refuse."""
    weeks = Fraction(repr(value)) * WEEKS_IN[unit]
    return math.floor(weeks * 10) / 10 if abs(weeks) < 1e300 else (math.inf if weeks > 0 else -math.inf)


__all__ = ["RAD_TO_DEG", "STANDARD_GRAVITY_MPS2", "WEEKS_IN", "in_weeks"]

"""Numbers as a person types them, read one way by every interface (page, API form field, command).

ASCII digits; a decimal may have one '.' or ',' and an exponent, as a browser's number field sends it
(HTML's "valid floating-point number", with a comma allowed before the decimals). Python's ``int``,
``float`` and pydantic also read ``1_0`` as 10, ``nan``, ``inf`` and digits of other scripts (``٣`` as
3), so a typo would be kept as some other number.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

TYPED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
TYPED_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")  # int() of thousands of digits is refused anyway
TYPED_CLOCK_MINUTES = re.compile(r"([0-9]{1,4}):([0-5][0-9])")  # a stopwatch's 6:20, minutes:seconds
# a time as the app says it back ("6 min 20 s", "6 min", "45 s"): 'min' written out, as a lone 'm' may be
# metres; the seconds after minutes under 60, as on a stopwatch
TYPED_SAID_MINUTES = re.compile(
    r"(?:([0-9]{1,4})\s*min(?:ute)?s?\.?\s*)?(?:([0-9]{1,4})\s*s(?:ec(?:ond)?s?)?\.?)?", re.IGNORECASE
)


def typed_number(text: str) -> float:
    """A number typed by a person (spaces around it ignored, ``4,5`` is 4.5); ``ValueError`` for
    anything else."""
    return float(_typed_digits(text))


def _typed_digits(text: str) -> str:
    """The digits of a typed number, as Python reads them (``4,5`` as ``4.5``); else ``ValueError``."""
    stripped = text.strip()
    if not TYPED_NUMBER.fullmatch(stripped):
        raise ValueError(f"expected a number like 172 or 4.5, got {text!r}")
    return stripped.replace(",", ".")


# a number and the unit written after it, as a person types a height: "170cm", "170 cm", "1.7 m"
_NUMBER_AND_UNIT = re.compile(rf"({TYPED_NUMBER.pattern})\s*([^\W\d_]+\.?)", re.UNICODE)
_CENTIMETRES = {"cm", "cm.", "cms", "centimetre", "centimetres", "centimeter", "centimeters"}
_METRES = {"m", "m.", "metre", "metres", "meter", "meters"}
# other units a height is written in: named as not centimetres; any other letters read as a typo
_OTHER_LENGTHS = {"mm", "mm.", "in", "in.", "inch", "inches", "ft", "ft.", "foot", "feet"}


class NotCentimetres(ValueError):
    """A height typed with another unit; ``metres_in_cm``: the height it means when typed in metres."""

    def __init__(self, message: str, metres_in_cm: float | None) -> None:
        super().__init__(message)
        self.metres_in_cm = metres_in_cm


def typed_centimetres(text: str) -> float:
    """A body height typed in centimetres, its unit written or not (``170``, ``170cm``, ``170 cm``);
    ``ValueError`` naming the unit expected for another unit (``1.7m``: '1.7 m is 170 cm') or text."""
    stripped = text.strip()
    with_unit = _NUMBER_AND_UNIT.fullmatch(stripped)
    if with_unit is None:
        return typed_number(stripped)
    value = typed_number(with_unit.group(1))
    unit = with_unit.group(2).lower()
    if unit in _CENTIMETRES:
        return value
    if unit not in _METRES | _OTHER_LENGTHS:  # '17O' (a letter O): a mistyped number, not a unit
        return typed_number(stripped)
    metres_in_cm = value * 100 if unit in _METRES and math.isfinite(value * 100) else None
    hint = f" ({value:g} m is {metres_in_cm:g} cm)" if metres_in_cm is not None else ""
    raise NotCentimetres(f"expected a height in centimetres (cm), like 170{hint}, got {text!r}", metres_in_cm)


# how a length of time is written after its number: "6 wk", "3 months", "2 yrs" (``units.WEEKS_IN``)
TIME_UNIT_WORDS = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "mth", "mths", "month", "months"), "months"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "years"),
}


class NotATimeUnit(ValueError):
    """A length of time typed with a word that is not weeks, months or years ("3 days", "7 fortnights");
    ``word``: that word."""

    def __init__(self, message: str, word: str) -> None:
        super().__init__(message)
        self.word = word


def typed_duration(text: str) -> tuple[Decimal, str]:
    """A length of time typed by a person, exactly as typed (``typed_decimal``), and its unit:
    ``(Decimal(3), "months")`` for "3 months" or "3mo", ``(Decimal(6), "weeks")`` for "6 wk" or a
    number alone. ``NotATimeUnit`` for another word after a number ("3 days"), ``ValueError`` for
    anything else. Not converted: ``units.in_weeks`` does that."""
    stripped = text.strip()
    with_unit = _NUMBER_AND_UNIT.fullmatch(stripped)
    if with_unit is None:
        return typed_decimal(stripped), "weeks"
    word = with_unit.group(2).lower().rstrip(".")
    if word not in TIME_UNIT_WORDS:
        raise NotATimeUnit(f"expected weeks, months or years after the number, got {word!r}", word)
    return typed_decimal(with_unit.group(1)), TIME_UNIT_WORDS[word]


def typed_decimal(text: str) -> Decimal:
    """``typed_number`` to its last digit, for a value compared with a boundary it must not reach by
    rounding (``units.in_weeks``): "11.99999999999999999" is under 12, though its float is 12.0."""
    digits = _typed_digits(text)
    try:
        return Decimal(digits)
    except InvalidOperation:  # an exponent past any Decimal's (1e99999999999999999999)
        mantissa, _, exponent = digits.lower().partition("e")
        if not Decimal(mantissa) or not exponent.startswith("-"):
            return Decimal(float(digits))  # infinity, or 0 (0e99999999999999999999)
        # as far below any tenth, with its sign: -1e-99999999999999999999 is below 0 as -1e-400 is
        return Decimal("1e-999999999").copy_sign(Decimal(mantissa))


def as_written(exact: Decimal) -> float:
    """The float of a number's digits (``typed_decimal``; a JSON number's text), never a whole number
    the digits are not: a float keeps about 16 digits, so the float nearest "49.99999999999999999" is
    50.0, and "40.00000000000000001" is 40.0, each on the other side of a rule's whole-number line from
    the digits (age 50 or over, 40 or under: conditions.yaml). Such digits get the float next to that
    whole number on their side (49.99999999999999, 40.00000000000001), so every comparison with a whole
    number is the digits' own. Any other number is its nearest float; past any float, infinite (for the
    caller to refuse); above 0 and below any float, 0 (no rule draws its line at 0; a number below 0 is
    kept below it, for the caller to refuse)."""
    near = float(exact)
    if not math.isfinite(near) or not near.is_integer() or Decimal(near) == exact or (not near and exact > 0):
        return near
    return math.nextafter(near, math.inf if exact > Decimal(near) else -math.inf)


def typed_whole(text: str) -> int:
    """A whole number typed by a person (spaces around it ignored); ``ValueError`` for anything else."""
    stripped = text.strip()
    if not TYPED_WHOLE.fullmatch(stripped):
        raise ValueError(f"expected a whole number like 12, got {text!r}")
    return int(stripped)


def typed_minutes(text: str) -> float:
    """Minutes typed by a person: a number (``6.5``, ``6,5``), as a stopwatch shows them (``6:20``,
    6 minutes 20 seconds) or as the app says them back (``6 min 20 s``, ``6 min``, ``45 s``);
    ``ValueError`` for anything else."""
    stripped = text.strip()
    clock = TYPED_CLOCK_MINUTES.fullmatch(stripped)
    if clock:
        return int(clock.group(1)) + int(clock.group(2)) / 60.0
    said = TYPED_SAID_MINUTES.fullmatch(stripped)
    if said and any(said.groups()):
        minutes, seconds = (int(g) if g else 0 for g in said.groups())
        if said.group(1) and seconds >= 60:
            raise ValueError(f"expected seconds under 60 after the minutes, like 6 min 20 s, got {text!r}")
        return minutes + seconds / 60.0
    return typed_number(stripped)


def typed_minutes_kept(text: str) -> float:
    """Minutes typed by a person (``typed_minutes``) as they are kept: "6:20" or "6 min 20 s" to a
    hundredth of a minute (6.33), as the walking test keeps them; a plain number exactly as typed."""
    if TYPED_NUMBER.fullmatch(text.strip()):
        return typed_number(text)
    return round(typed_minutes(text), 2)


def minutes_as_typed(minutes: float) -> str:
    """Minutes kept (``typed_minutes_kept``) as a form shows them to be changed, so that saving them
    unchanged keeps them: as a stopwatch shows them (``6:20`` for 6.33, ``0:45``, ``12:30``) when that
    is read back to the same value, as every page says them ("6 min 20 s"); else the number with every
    digit (``12`` for 12.0, ``6.333333`` sent through the API)."""
    value = float(minutes)
    text = repr(value).removesuffix(".0")
    if not math.isfinite(value) or value < 0 or value.is_integer():
        return text
    whole, seconds = divmod(round(value * 60), 60)
    clock = f"{whole}:{seconds:02d}"
    if TYPED_CLOCK_MINUTES.fullmatch(clock) and typed_minutes_kept(clock) == value:
        return clock
    return text


__all__ = [
    "as_written",
    "TYPED_NUMBER",
    "TYPED_WHOLE",
    "TIME_UNIT_WORDS",
    "NotATimeUnit",
    "NotCentimetres",
    "typed_duration",
    "typed_centimetres",
    "typed_decimal",
    "typed_minutes",
    "typed_minutes_kept",
    "minutes_as_typed",
    "typed_number",
    "typed_whole",
]

"""Numbers as a person types them, read one way by every interface (page, API form field, command).

ASCII digits; a decimal may have one '.' or ',' and an exponent, as a browser's number field sends it
(HTML's "valid floating-point number", with a comma allowed before the decimals). Python's ``int``,
``float`` and pydantic also read ``1_0`` as 10, ``nan``, ``inf`` and digits of other scripts (``٣`` as
3), so a typo would be kept as some other number.
"""

from __future__ import annotations

import re

TYPED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
TYPED_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")  # int() of thousands of digits is refused anyway
TYPED_CLOCK_MINUTES = re.compile(r"([0-9]{1,4}):([0-5][0-9])")  # a stopwatch's 6:20, minutes:seconds


def typed_number(text: str) -> float:
    """A number typed by a person (spaces around it ignored, ``4,5`` is 4.5); ``ValueError`` for
    anything else."""
    stripped = text.strip()
    if not TYPED_NUMBER.fullmatch(stripped):
        raise ValueError(f"expected a number like 172 or 4.5, got {text!r}")
    return float(stripped.replace(",", "."))


def typed_whole(text: str) -> int:
    """A whole number typed by a person (spaces around it ignored); ``ValueError`` for anything else."""
    stripped = text.strip()
    if not TYPED_WHOLE.fullmatch(stripped):
        raise ValueError(f"expected a whole number like 12, got {text!r}")
    return int(stripped)


def typed_minutes(text: str) -> float:
    """Minutes typed by a person: a number (``6.5``, ``6,5``) or as a stopwatch shows them (``6:20``,
    6 minutes 20 seconds); ``ValueError`` for anything else."""
    stripped = text.strip()
    clock = TYPED_CLOCK_MINUTES.fullmatch(stripped)
    if clock:
        return int(clock.group(1)) + int(clock.group(2)) / 60.0
    return typed_number(stripped)


__all__ = ["TYPED_NUMBER", "TYPED_WHOLE", "typed_minutes", "typed_number", "typed_whole"]

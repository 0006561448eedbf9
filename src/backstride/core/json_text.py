"""JSON read one way by every interface (a file on the command line, a restore, an API body).

Python's ``json`` keeps the last of two equal keys in an object without a word, so an answers file
with ``{"fever": true, "fever": false}`` lost a warning sign. Every reader here refuses such an object
instead and names the key; the interface words the refusal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class RepeatedKeyError(ValueError):
    """An object of the JSON text gives ``key`` twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{key!r} is given twice in one object (which one is meant?)")
        self.key = key


def each_key_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict (``object_pairs_hook``), refusing a key given twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise RepeatedKeyError(key)
        out[key] = value
    return out


class Written(float):
    """A JSON number with a '.' or an exponent (``parse_float=Written``): the float nearest it, which
    keeps the digits as written in ``text``. A float holds about 16 digits, so "11.99999999999999999"
    weeks is the float 12.0; a length of time is read from its digits (``units.in_weeks``), every
    other number as the float it is."""

    text: str

    def __new__(cls, text: str) -> Written:
        number = super().__new__(cls, text)
        number.text = text
        return number


def loads(text: str | bytes, parse_float: Callable[[str], Any] | None = None) -> Any:
    """``json.loads`` that raises ``RepeatedKeyError`` for a key given twice in an object (and, as
    ``json.loads``, ``json.JSONDecodeError`` for text that is not JSON). ``parse_float``: as
    ``json.loads`` takes it (a number with a '.' or an exponent, as written, to the value kept)."""
    return json.loads(text, object_pairs_hook=each_key_once, parse_float=parse_float)

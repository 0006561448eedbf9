"""Numbers in words for people, shared by the terminal and the web pages (one rule, one place)."""

from __future__ import annotations

from typing import Any

NEAR_CERTAIN = 0.995  # at or above: ">99%", never a false 100%
NEAR_NONE = 0.005  # below: "<1%", never a false 0%


def percent(probability: float) -> str:
    """A probability as a whole percentage, never a false 100% or 0% (">99%", "<1%")."""
    if probability >= NEAR_CERTAIN:
        return ">99%"
    if probability < NEAR_NONE:
        return "<1%"
    return f"{probability * 100:.0f}%"


def plain_number(value: float, digits: int) -> str:
    """A number rounded by the gait result's one rule (``factors.shown``), without trailing zeros."""
    from backstride.gait.factors import shown

    text = shown(float(value), digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def duration_words(seconds: Any, *, unknown: str = "—") -> str:
    """``45 s``, ``3 min 20 s``, ``1 h 5 min``; ``unknown`` when there is no time."""
    if seconds is None or isinstance(seconds, bool):
        return unknown
    s = int(round(float(seconds)))
    if s < 60:
        return f"{plain_number(seconds, 0 if float(seconds) >= 10 else 1)} s"
    if s < 3600:
        return f"{s // 60} min" + (f" {s % 60} s" if s % 60 else "")
    return f"{s // 3600} h" + (f" {s % 3600 // 60} min" if s % 3600 // 60 else "")


def distance_words(metres: Any) -> str:
    """``about 350 m``, ``about 1.2 km``; empty when there is no distance."""
    if metres is None or isinstance(metres, bool):
        return ""
    m = float(metres)
    return f"about {plain_number(m / 1000.0, 1)} km" if m >= 1000 else f"about {plain_number(m, 0)} m"


__all__ = ["distance_words", "duration_words", "percent", "plain_number"]

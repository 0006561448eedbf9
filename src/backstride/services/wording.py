"""Numbers in words for people, shared by the terminal and the web pages (one rule, one place)."""

from __future__ import annotations

NEAR_CERTAIN = 0.995  # at or above: ">99%", never a false 100%
NEAR_NONE = 0.005  # below: "<1%", never a false 0%


def percent(probability: float) -> str:
    """A probability as a whole percentage, never a false 100% or 0% (">99%", "<1%")."""
    if probability >= NEAR_CERTAIN:
        return ">99%"
    if probability < NEAR_NONE:
        return "<1%"
    return f"{probability * 100:.0f}%"


__all__ = ["percent"]

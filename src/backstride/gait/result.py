"""The value :func:`backstride.gait.pipeline.analyze_gait` returns (contract section 2, plus extras)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALGORITHM_VERSION = "backstride-gait 4"  # 2: turning strides shortened; 3: contacts (yaw veto, first step);
# 4: contacts (steps taken from the pelvic yaw where the rhythm says one is missing)
ALGORITHM_NAME = "backstride-gait"  # a result says ``parameters.algorithm_version``: this and a number


@dataclass(frozen=True)
class GaitResult:
    """A gait analysis. ``to_dict()`` is the contract's gait JSON (CONTRACT.md section 2) plus extras:
    ``quality`` flags, ``alignment``, ``walking_tolerance``, ``summary``, ``parameters``, ``notes``.
    Times are seconds from the start of the recording."""

    sampling_rate_hz: float
    duration_s: float
    walking_bouts: list[dict[str, Any]]
    initial_contacts_s: list[float]
    gait_factors: list[dict[str, Any]]
    walking_tolerance: dict[str, Any]
    summary: dict[str, Any]
    alignment: dict[str, Any]
    parameters: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    disclaimer: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "sampling_rate_hz": self.sampling_rate_hz,
            "duration_s": self.duration_s,
            "walking_bouts": self.walking_bouts,
            "initial_contacts_s": self.initial_contacts_s,
            "gait_factors": self.gait_factors,
            "walking_tolerance": self.walking_tolerance,
            "summary": self.summary,
            "alignment": self.alignment,
            "parameters": self.parameters,
            "notes": self.notes,
            "disclaimer": self.disclaimer,
        }


def longest_bouts(bouts: list[dict[str, Any]], most: int) -> list[dict[str, Any]]:
    """All ``bouts``, or the ``most`` longest of them in time order (a week holds thousands: a table or
    a picture shows the longest ones)."""
    if len(bouts) <= most:
        return bouts
    longest = sorted(range(len(bouts)), key=lambda i: bouts[i]["end_s"] - bouts[i]["start_s"], reverse=True)
    return [bouts[i] for i in sorted(longest[:most])]


__all__ = ["ALGORITHM_NAME", "ALGORITHM_VERSION", "GaitResult", "longest_bouts"]

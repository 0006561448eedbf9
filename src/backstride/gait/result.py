"""The value :func:`backstride.gait.pipeline.analyze_gait` returns (contract section 2, plus extras)."""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ALGORITHM_VERSION = "backstride-gait 5"  # 2: turning strides shortened; 3: contacts (yaw veto, first step);
# 4: contacts (steps taken from the pelvic yaw where the rhythm says one is missing); 5: trunk lean
# (still seconds each their own mean, a bent or reclined standing reference not judged), the tilt check
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


# a time this far past the recording's end (or before its start) cannot be on its axis: a result's times
# are rounded to 0.01 s and the recording's length to 0.01 s
OFF_AXIS_S = 0.5


def _times(result: Mapping[str, Any]) -> list[float]:
    """Every time on the recording's axis a stored result holds: its bouts' starts and ends, its contacts."""
    times = [float(t) for t in result.get("initial_contacts_s") or ()]
    for b in result.get("walking_bouts") or ():
        times += [float(b["start_s"]), float(b["end_s"])]
    return times


def _simplest_between(lo: float, hi: float) -> float:
    """The number in [lo, hi] with the fewest digits (1000 in [998.42, 1004.33]): a logger's clock that
    starts at a round time is found exactly; any other start lies in the same range."""
    for exponent in range(12, -3, -1):
        unit = 10.0**exponent
        candidate = math.ceil((lo - 1e-6) / unit) * unit
        if candidate <= hi + 1e-9:
            return round(candidate, 2)
    return round(lo, 2)


def counted_from_start(result: Mapping[str, Any]) -> dict[str, Any]:
    """``result`` (a stored gait JSON) with its times from the start of the recording.

    Walks stored before b95a050 from a generic CSV whose ``time_s`` did not start at 0 kept that clock:
    bouts at '1004.3 s' in a 2 min 18 s recording, drawn as a sliver at the walk page's right edge. They
    are told by a long recording's windows (``alignment.windows``), which span it from that first time,
    or by a time outside the recording (past its length, or before 0). Their bouts, strides, contacts and
    windows are moved back by the file's first time: the first window's start, else the simplest number
    that puts every time inside the recording (the first time was not stored; a note says how exact that
    is). Any other result
    comes back as it is (a shallow copy)."""
    times = _times(result)
    duration = result.get("duration_s")
    if not times or not isinstance(duration, int | float) or isinstance(duration, bool):
        return dict(result)
    lo, hi = max(times) - float(duration), min(times)  # the moves that put every time inside [0, duration]
    windows = (result.get("alignment") or {}).get("windows") or []
    first = float(windows[0].get("start_s") or 0.0) if windows else 0.0
    # a long recording's windows span it from its first time: the file's first time, kept
    kept = bool(windows) and abs(float(windows[-1].get("end_s") or 0.0) - first - float(duration)) < 1.0
    if kept and first > OFF_AXIS_S and lo - 0.01 <= first <= hi + 0.01:
        shift, within = first, 0.0
    elif lo > OFF_AXIS_S or hi < -OFF_AXIS_S:
        shift, within = _simplest_between(lo, hi), max(hi - lo, 0.0)
    else:
        return dict(result)  # on the recording's axis (a day's result holds MBs: copied only to be moved)
    out = copy.deepcopy(dict(result))
    out["initial_contacts_s"] = [round(float(t) - shift, 2) for t in out.get("initial_contacts_s") or ()]
    alignment = out.get("alignment") or {}
    bouts = list(out.get("walking_bouts") or ())
    spans = bouts + [s for b in bouts for s in b.get("strides") or ()]
    spans += list(alignment.get("windows") or ()) + list(alignment.get("mountings") or ())
    for span in spans:
        for key in ("start_s", "end_s"):
            if isinstance(span.get(key), int | float):
                span[key] = round(float(span[key]) - shift, 3)
    exact = "" if within < 0.01 else f" (the file's first time was not kept: to within {within:.0f} s)"
    out["notes"] = list(out.get("notes") or ()) + [
        f"Stored before times were counted from the file's first row: its times are shown from the "
        f"start of the recording, {shift:g} s earlier than stored{exact}.",
    ]
    return out


def with_recording_start(result: dict[str, Any], start: datetime | None) -> dict[str, Any]:
    """``result`` with when its recording started, as its file says (``recording.start_datetime``, ISO
    8601 with its offset, as ``gait analyze --json`` gives it; ``None`` when the file does not say), and
    the name of the time zone the file states it in (``recording.time_zone``, like ``Europe/Paris`` from
    Sensor Logger's 'recording timezone'; ``None`` when it states an offset only, or none): the offset
    alone gives the walk's day where it was recorded, the name the clock's rules (summer time)."""
    recording = dict(result.get("recording") or {})
    recording["start_datetime"] = None if start is None else start.isoformat()
    zone = None if start is None else start.tzinfo
    recording["time_zone"] = zone.key if isinstance(zone, ZoneInfo) else None
    return {**result, "recording": recording}


def recording_start(result: Mapping[str, Any]) -> datetime | None:
    """When a stored result's recording started (``with_recording_start``), or ``None``: the file did not
    say, or the result was stored before the start was kept with it (27 Nov 2026). In the zone named with
    it (``recording.time_zone``) when that zone has the stored offset at that moment; else on the stored
    offset (a result stored before the name was kept, 28 Nov 2026, or a file that states an offset only):
    the same moment, on the same clock face, either way."""
    recording = result.get("recording") or {}
    said = recording.get("start_datetime")
    try:
        start = datetime.fromisoformat(said) if isinstance(said, str) else None
    except ValueError:
        return None
    zone = _zone_named(recording.get("time_zone"))
    if start is None or zone is None or start.tzinfo is None:
        return start
    there = start.astimezone(zone)
    return there if there.utcoffset() == start.utcoffset() else start


def _zone_named(name: object) -> ZoneInfo | None:
    """The time zone of that name, or ``None`` (no name, or one this computer does not know)."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


__all__ = [
    "ALGORITHM_NAME",
    "ALGORITHM_VERSION",
    "GaitResult",
    "counted_from_start",
    "longest_bouts",
    "recording_start",
    "with_recording_start",
]

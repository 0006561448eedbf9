"""The value every reader returns and every gait algorithm consumes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np


@dataclass(frozen=True)
class Recording:
    """An IMU recording on a uniform time grid, in SI-ish units, in the sensor's own frame.

    ``acc_mps2`` is specific force (gravity included, ~+9.81 along "up" when still) in m/s^2,
    shape (n, 3). ``gyr_dps`` is angular rate in deg/s, shape (n, 3), or ``None`` when the source
    has no gyroscope. Sample ``i`` is at ``start_s + i / sampling_rate_hz`` seconds from the start
    of the file. ``notes`` records what the reader did (resampling, unit conversion, sign fixes) so
    results can say it; ``axes_hint`` names a known axis convention (e.g. "mobilised: x up, y right,
    z forward") or is ``None`` when the orientation is unknown and must be estimated.

    ``gaps_s`` lists ``(start_s, end_s)`` stretches (same time axis as ``time_s``) where the source had
    no samples and the reader filled the grid by linear interpolation (added by the readers, engineer C):
    no step can be found there, so a walking bout should not run across a gap.

    ``body_location`` is where the device says it was worn, in its own words ("right wrist", from Axivity
    metadata or ActiGraph info.txt ``Side``/``Limb``), or ``None`` when the file does not say (phone
    exports never do); or the place the person said (``body_location_said``, ``--worn-at``).
    :func:`worn_at_lower_back` tells whether the gait numbers are made for it.
    """

    acc_mps2: np.ndarray
    gyr_dps: np.ndarray | None
    sampling_rate_hz: float
    source_format: str
    start_s: float = 0.0
    start_datetime: datetime | None = None
    axes_hint: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    gaps_s: tuple[tuple[float, float], ...] = field(default_factory=tuple)
    body_location: str | None = None
    # the person said where it was worn (``stated_body_location``), not the file: "You said it was worn ..."
    body_location_said: bool = False

    @property
    def n_samples(self) -> int:
        return int(self.acc_mps2.shape[0])

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.sampling_rate_hz

    @property
    def time_s(self) -> np.ndarray:
        return self.start_s + np.arange(self.n_samples) / self.sampling_rate_hz


# every reader's note on a recording without a gyroscope; once walking is found the pipeline says it
# better (pipeline.TURNS_NOT_CORRECTED_NOTE: what it changes) and leaves this one out
NO_GYROSCOPE_NOTE = "no gyroscope in this recording: angles that need one will be flagged"

# where the gait numbers are made for: a sensor at the lower back or the pelvis (belt, waist, hip)
_LOWER_BACK_RE = re.compile(
    r"\b(lower back|low back|lumbar|sacrum|sacral|pelvis|pelvic|waist|hip|hips|belt|l[1-5]|s1)\b"
)


def worn_at_lower_back(body_location: str | None) -> bool | None:
    """``True`` when ``body_location`` is the lower back or the pelvis (``back`` alone counts), ``False``
    for any other place the device names (wrist, ankle, thigh, chest ...), ``None`` when not known."""
    if body_location is None or not body_location.strip():
        return None
    words = " ".join(re.split(r"[\s_+\-/,]+", body_location.strip().lower()))
    return words == "back" or _LOWER_BACK_RE.search(words) is not None


# where a person can say the phone or sensor was worn (`gait analyze --worn-at`, the walk page's "Where was
# it worn?", the API's worn_at): the value -> the recording's ``body_location`` words (None: not said, so
# the file's own statement or its signal decides). lower-back and belt skip the "tipped more than a pelvis"
# check exactly as a file saying so does (``worn_at_lower_back``); the others give the placement warning.
WORN_AT_CHOICES: dict[str, str | None] = {
    "lower-back": "lower back",
    "belt": "belt",
    "pocket": "thigh (in a trouser pocket)",
    "hand": "hand",
    "wrist": "wrist",
    "unknown": None,
}


def stated_body_location(worn_at: str | None) -> tuple[str | None, str | None]:
    """The ``WORN_AT_CHOICES`` value a person gave (blank or None: not given) as ``(value, body_location)``;
    ``ValueError`` naming the allowed values for anything else ("Lower back" and "lower_back" are read
    as lower-back)."""
    if worn_at is None or not worn_at.strip():
        return None, None
    value = re.sub(r"[\s_]+", "-", worn_at.strip().lower())
    if value not in WORN_AT_CHOICES:
        raise ValueError(f"expected one of {', '.join(WORN_AT_CHOICES)}")
    return value, WORN_AT_CHOICES[value]


__all__ = ["NO_GYROSCOPE_NOTE", "WORN_AT_CHOICES", "Recording", "stated_body_location", "worn_at_lower_back"]

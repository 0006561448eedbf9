"""The value every reader returns and every gait algorithm consumes."""

from __future__ import annotations

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

    @property
    def n_samples(self) -> int:
        return int(self.acc_mps2.shape[0])

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.sampling_rate_hz

    @property
    def time_s(self) -> np.ndarray:
        return self.start_s + np.arange(self.n_samples) / self.sampling_rate_hz


__all__ = ["Recording"]

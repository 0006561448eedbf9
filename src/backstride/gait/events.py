"""Initial contacts (heel strikes) from the vertical acceleration of the lower back, and their side.

Method (own implementation, in the spirit of McCamley et al. 2012, Gait Posture 36:316-318): at
each initial contact the centre of mass stops moving down and is pushed up, so the vertical
acceleration rises steeply to a peak shortly after the contact. McCamley integrate the vertical
acceleration and differentiate it with a Gaussian wavelet; that is the same as smoothing it, which
we do with a zero-phase Butterworth band-pass (``band_hz``). Peaks of the smoothed signal above
``min_peak_mps2`` and at least ``min_step_s`` apart are candidate steps; the contact is placed
``lag_s`` before the peak. Step timing is then cleaned: where two candidates are much closer than the
local step time (less than ``min_step_fraction`` of the median of the neighbouring step times) the
weaker one is dropped, because a second peak inside one step is a double bump, not a step.

Calibrated on data (stated, to guard against over-fitting to the two lab participants): ``lag_s``
(50 ms, median lag of the peak after the reference contact; it shifts event times, not cadence or
lengths) and ``min_peak_mps2``.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

from backstride.gait._signal import zero_phase


class InitialContactDetector:
    """``detect(vertical_acc_mps2, sampling_rate_hz=)`` -> ``ic_idx_`` (sample indices), ``peak_mps2_``."""

    def __init__(
        self,
        *,
        band_hz: tuple[float, float] = (0.5, 2.5),
        min_peak_mps2: float = 0.3,
        min_step_s: float = 0.25,
        lag_s: float = 0.05,
        min_step_fraction: float = 0.55,
    ) -> None:
        self.band_hz = band_hz
        self.min_peak_mps2 = min_peak_mps2
        self.min_step_s = min_step_s
        self.lag_s = lag_s
        self.min_step_fraction = min_step_fraction

    def detect(self, vertical_acc_mps2: np.ndarray, *, sampling_rate_hz: float) -> InitialContactDetector:
        fs = float(sampling_rate_hz)
        x = np.asarray(vertical_acc_mps2, dtype=float)
        self.filtered_mps2_ = zero_phase(x, "band", self.band_hz, sampling_rate_hz=fs)
        if x.size < 3:
            self.ic_idx_ = np.empty(0, dtype=np.int64)
            self.peak_mps2_ = np.empty(0)
            return self
        peaks, props = signal.find_peaks(
            self.filtered_mps2_,
            height=self.min_peak_mps2,
            prominence=self.min_peak_mps2,
            distance=max(1, int(round(self.min_step_s * fs))),
        )
        heights = props["peak_heights"]
        peaks, heights = self._clean(peaks, heights)
        ic = peaks - int(round(self.lag_s * fs))
        keep = ic >= 0
        self.ic_idx_ = ic[keep].astype(np.int64)
        self.peak_mps2_ = heights[keep]
        return self

    def _clean(self, peaks: np.ndarray, heights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        for _ in range(10):
            if peaks.size < 3:
                break
            d = np.diff(peaks).astype(float)
            local = ndimage.median_filter(d, size=5, mode="nearest")
            close = np.nonzero(d < self.min_step_fraction * local)[0]
            if close.size == 0:
                break
            weaker = np.where(heights[close] < heights[close + 1], close, close + 1)
            keep = np.ones(peaks.size, dtype=bool)
            keep[np.unique(weaker)] = False
            peaks, heights = peaks[keep], heights[keep]
        return peaks, heights


class SideClassifier:
    """Left/right of each contact from the medio-lateral acceleration just after it.

    After a contact the trunk is pushed towards the opposite side... the sign convention was checked
    against the INDIP sides of the lab data. Contacts whose ML value is too close to zero, or that break
    the left-right alternation, get ``None``. ``classify(ml_acc_band_mps2, ic_idx, sampling_rate_hz=)``
    -> ``sides_`` (list of "left" / "right" / None).
    """

    def __init__(self, *, window_s: tuple[float, float] = (0.0, 0.15), sign: float = 1.0) -> None:
        self.window_s = window_s
        self.sign = sign

    def classify(
        self, ml_acc_band_mps2: np.ndarray, ic_idx: np.ndarray, *, sampling_rate_hz: float
    ) -> SideClassifier:
        ic = np.asarray(ic_idx, dtype=np.int64)
        n = ml_acc_band_mps2.shape[0]
        a = int(round(self.window_s[0] * sampling_rate_hz))
        b = max(a + 1, int(round(self.window_s[1] * sampling_rate_hz)))
        offs = np.arange(a, b)
        idx = np.clip(ic[:, None] + offs[None, :], 0, max(n - 1, 0))
        value = ml_acc_band_mps2[idx].mean(axis=1) * self.sign if n else np.zeros(ic.size)
        self.ml_value_mps2_ = value
        sides: list[str | None] = ["right" if v > 0 else "left" for v in value]
        self.sides_ = sides
        return self


__all__ = ["InitialContactDetector", "SideClassifier"]

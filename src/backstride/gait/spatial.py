"""Step and stride length from the vertical excursion of the lower back: the inverted pendulum.

Zijlstra & Hof 2003 (Gait Posture 18:1-10): during a step the body vaults over the stance leg like an
inverted pendulum of length ``l``; a vertical excursion ``h`` of the centre of mass then means a
forward travel of ``2 * sqrt(2 * l * h - h^2)``, scaled by a correction factor ``K`` (1.25 in that
paper). ``h`` comes from integrating the vertical acceleration twice, with a 0.1 Hz zero-phase
high-pass after each integration to remove drift (as in that paper), and is the range of the
vertical position between two contacts. ``l`` is the sensor height above the floor when known, else
the leg length estimated from body height (Winter 2009: 0.53 x height).
"""

from __future__ import annotations

import numpy as np

from backstride.gait import constants as C
from backstride.gait._signal import step_max_min, zero_phase


def _segment_cumsum(x: np.ndarray, seg: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Cumulative sum of ``x`` restarting at the first sample of every segment."""
    cs = np.cumsum(x)
    base = np.concatenate([[0.0], cs])[first]  # sum before each segment
    return cs - base[seg]


def _periodic_excursion(a: np.ndarray, bounds: np.ndarray, fs: float) -> np.ndarray:
    """Vertical excursion per step, integrating each step on its own.

    Walking is periodic, so within a step the mean acceleration and the mean velocity are ~0 and the
    position returns to its start: both integrations remove the step's mean, and the position's linear
    trend is removed. This keeps drift from one step out of the next (vectorised over all steps).
    """
    n = int(bounds[-1] - bounds[0])
    seg = np.repeat(np.arange(bounds.size - 1), np.diff(bounds))
    first = bounds[:-1] - bounds[0]
    count = np.diff(bounds).astype(float)
    x = a[:n]
    x = x - (np.bincount(seg, weights=x, minlength=count.size) / count)[seg]
    v = _segment_cumsum(x, seg, first) / fs
    v = v - (np.bincount(seg, weights=v, minlength=count.size) / count)[seg]
    p = _segment_cumsum(v, seg, first) / fs
    pos = np.arange(n) - first[seg]
    last = np.maximum(count - 1, 1)
    p0 = p[first]
    p1 = p[first + (count - 1).astype(np.int64)]
    p = p - (p0[seg] + (p1 - p0)[seg] * pos / last[seg])
    mx, mn = step_max_min(np.concatenate([p, [0.0]]), np.concatenate([first, [n]]))
    return np.clip(mx - mn, 0.0, None)


class StepLengthEstimator:
    """``estimate(vertical_acc_mps2, ic_idx, sampling_rate_hz=, pendulum_length_m=)``.

    The signal is band-passed to ``band_hz`` first (the pipeline passes the contact detector's signal,
    which is already in that band; filtering twice with the same zero-phase band changes it little).

    Results: ``step_length_m_`` and ``excursion_m_`` for the steps between consecutive contacts
    (``len(ic_idx) - 1`` values).
    """

    def __init__(
        self,
        *,
        correction_k: float = C.PENDULUM_CORRECTION_K,
        band_hz: tuple[float, float] | None = (0.5, 2.5),
    ) -> None:
        self.correction_k = correction_k
        self.band_hz = band_hz

    def estimate(
        self,
        vertical_acc_mps2: np.ndarray,
        ic_idx: np.ndarray,
        *,
        sampling_rate_hz: float,
        pendulum_length_m: float,
    ) -> StepLengthEstimator:
        ic = np.asarray(ic_idx, dtype=np.int64)
        if ic.size < 2:
            self.excursion_m_ = np.empty(0)
            self.step_length_m_ = np.empty(0)
            return self
        fs = float(sampling_rate_hz)
        lo, hi = int(ic[0]), int(ic[-1])
        if self.band_hz is None:  # already band-passed by the caller
            a = np.asarray(vertical_acc_mps2[lo:hi], dtype=float)
        else:
            a = zero_phase(
                vertical_acc_mps2[max(0, lo - int(2 * fs)) : hi + int(2 * fs) + 1],
                "band",
                self.band_hz,
                sampling_rate_hz=fs,
            )[lo - max(0, lo - int(2 * fs)) :][: hi - lo]
        h = _periodic_excursion(a, ic - lo, fs)
        l_m = float(pendulum_length_m)
        self.excursion_m_ = h
        self.step_length_m_ = self.correction_k * 2.0 * np.sqrt(np.clip(2 * l_m * h - h * h, 0.0, None))
        return self


def turning_factor(turn_deg: np.ndarray) -> np.ndarray:
    """Share of the pendulum's step length that is progression along the path when a stride turns.

    The inverted pendulum converts the vertical excursion of a step into forward travel along the
    pelvis's heading. In a turn the body pivots over the stance leg and the vault is spent partly on
    changing direction: turning steps are shorter than straight ones (Hase & Stein 1999, J Neurophysiol
    81:2914-2922: spin and step turns), and turns are common in daily life (Glaister et al. 2007, Gait
    Posture 25:289-294). No published correction for the lower-back pendulum was found; the model here
    (a *design* choice, not from a paper) projects the vault onto the mean direction of the stride: a
    stride that changes heading by ``turn_deg`` keeps ``cos(turn_deg / 2)`` of its length (each of its
    two steps turns by about half of it); straight strides (a few degrees) are unchanged, a stride
    turning 180 degrees or more makes no progress.
    """
    half = np.radians(np.minimum(np.abs(np.asarray(turn_deg, dtype=float)), 180.0)) / 2.0
    return np.cos(half)


def heading_change_deg(
    gyr_dps: np.ndarray, starts: np.ndarray, ends: np.ndarray, up: np.ndarray, *, sampling_rate_hz: float
) -> np.ndarray:
    """Net change of heading (deg) over each segment ``[start, end)``: the gyroscope (n, 3) projected on
    the vertical ``up`` (segments, 3; the gravity direction at each segment, which follows the trunk's
    posture) and integrated. Only the segments' samples are touched."""
    lens = np.asarray(ends, dtype=np.int64) - np.asarray(starts, dtype=np.int64)
    if lens.size == 0:
        return np.empty(0)
    seg = np.repeat(np.arange(lens.size), lens)
    first = np.concatenate([[0], np.cumsum(lens)[:-1]])
    idx = np.asarray(starts, dtype=np.int64)[seg] + (np.arange(seg.size) - first[seg])
    g = gyr_dps[idx]
    u = up[seg]
    yaw = g[:, 0] * u[:, 0] + g[:, 1] * u[:, 1] + g[:, 2] * u[:, 2]
    return np.bincount(seg, weights=yaw, minlength=lens.size) / float(sampling_rate_hz)


__all__ = ["StepLengthEstimator", "heading_change_deg", "turning_factor"]

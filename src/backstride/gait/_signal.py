"""Small vectorised signal helpers shared by the gait algorithms (numpy/scipy only)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import signal


@lru_cache(maxsize=64)
def _sos(kind: str, cutoff: tuple[float, ...], sampling_rate_hz: float, order: int) -> np.ndarray:
    nyq = sampling_rate_hz / 2.0
    wn = tuple(min(c, 0.95 * nyq) for c in cutoff)
    btype = {"low": "lowpass", "high": "highpass", "band": "bandpass"}[kind]
    arg = wn[0] if len(wn) == 1 else list(wn)
    return signal.butter(order, arg, btype=btype, fs=sampling_rate_hz, output="sos")


def zero_phase(
    x: np.ndarray, kind: str, cutoff: tuple[float, ...], *, sampling_rate_hz: float, order: int = 4
) -> np.ndarray:
    """Zero-phase Butterworth filter along axis 0; short signals are returned detrended, not filtered."""
    sos = _sos(kind, tuple(float(c) for c in cutoff), float(sampling_rate_hz), order)
    padlen = 3 * (2 * sos.shape[0] + 1)
    if x.shape[0] <= padlen:
        return x - x.mean(axis=0)
    return signal.sosfiltfilt(sos, x, axis=0)


def step_max_min(x: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Max and min of ``x`` (along axis 0) over consecutive half-open segments ``[b[i], b[i+1])``.

    ``bounds`` must be strictly increasing sample indices inside ``x``; returns ``len(bounds) - 1`` rows.
    """
    b = np.asarray(bounds, dtype=np.int64)
    if b.size < 2:
        shape = (0,) + x.shape[1:]
        return np.empty(shape), np.empty(shape)
    return np.maximum.reduceat(x, b, axis=0)[:-1], np.minimum.reduceat(x, b, axis=0)[:-1]

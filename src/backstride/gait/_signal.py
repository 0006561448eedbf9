"""Small vectorised signal helpers shared by the gait algorithms (numpy only, for a fast import).

``scipy.signal`` alone takes about a second to import on the project machine, more than the whole
analysis of an hour of data, so the few pieces needed are written here with numpy:

* ``zero_phase``: Butterworth filtering without phase shift, done in the frequency domain with the
  squared magnitude response ``|H(f)|^2`` (what a forward-backward ``filtfilt`` applies), after odd
  reflection padding of the ends (as ``filtfilt`` does) to keep edge transients out.
* ``moving_average``: centred moving average (edges use the nearest value).
* ``find_peaks``: local maxima above a height with an approximate prominence and a minimum distance.
* ``step_max_min``: max/min over consecutive half-open segments (``reduceat``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np


def _good_size(n: int) -> int:
    """Smallest 5-smooth integer >= n (fast FFT length)."""
    best = 1 << max(0, (n - 1).bit_length())
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            m = p35
            while m < n:
                m *= 2
            best = min(best, m)
            p35 *= 3
        p5 *= 5
    return best


def butterworth_gain2(
    freq_hz: np.ndarray, kind: str, cutoff: tuple[float, ...], order: int = 4
) -> np.ndarray:
    """Squared magnitude of an analogue Butterworth response (= forward-backward filtering)."""
    f = np.abs(freq_hz)
    with np.errstate(divide="ignore", over="ignore"):
        if kind == "low":
            return 1.0 / (1.0 + (f / cutoff[0]) ** (2 * order))
        if kind == "high":
            g = 1.0 / (1.0 + (cutoff[0] / np.where(f > 0, f, 1e-300)) ** (2 * order))
            return np.where(f > 0, g, 0.0)
        if kind == "band":
            return butterworth_gain2(f, "high", (cutoff[0],), order) * butterworth_gain2(
                f, "low", (cutoff[1],), order
            )
    raise ValueError(f"unknown filter kind {kind!r}")


@lru_cache(maxsize=32)
def _gain_cached(m: int, fs: float, kind: str, cut: tuple[float, ...], order: int) -> np.ndarray:
    g = butterworth_gain2(np.fft.rfftfreq(m, d=1.0 / fs), kind, cut, order)
    g.setflags(write=False)
    return g


def zero_phase(
    x: np.ndarray, kind: str, cutoff: tuple[float, ...], *, sampling_rate_hz: float, order: int = 4
) -> np.ndarray:
    """Zero-phase Butterworth filter along axis 0 (``kind``: "low", "high" or "band")."""
    return zero_phase_passes(x, kind, cutoff, sampling_rate_hz=sampling_rate_hz, order=order, passes=(1,))[0]


def zero_phase_passes(
    x: np.ndarray,
    kind: str,
    cutoff: tuple[float, ...],
    *,
    sampling_rate_hz: float,
    order: int = 4,
    passes: tuple[int, ...] = (1,),
) -> list[np.ndarray]:
    """The signal filtered 1, 2, ... times (``passes``) with the same zero-phase filter, from one FFT."""
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[0]
    if n == 0:
        return [x.copy() for _ in passes]
    if n < 4:
        return [x - x.mean(axis=0) for _ in passes]
    fs = float(sampling_rate_hz)
    nyq = fs / 2.0
    cut = tuple(min(float(c), 0.95 * nyq) for c in cutoff)
    lowest = min(cut) if kind != "low" else cut[0]
    pad = min(n - 1, int(np.ceil(3.0 * fs / max(lowest, 1e-3))))
    if pad > 0:
        head = 2 * x[:1] - x[pad:0:-1]
        tail = 2 * x[-1:] - x[-2 : -pad - 2 : -1]
        xp = np.concatenate([head, x, tail], axis=0)
    else:
        xp = x
    m = _good_size(xp.shape[0])
    spec = np.fft.rfft(xp, n=m, axis=0)
    gain = _gain_cached(m, fs, kind, cut, order)
    if spec.ndim > 1:
        gain = gain.reshape((-1,) + (1,) * (spec.ndim - 1))
    return [np.fft.irfft(spec * gain**p, n=m, axis=0)[pad : pad + n] for p in passes]


def moving_average(x: np.ndarray, size: int) -> np.ndarray:
    """Centred moving average over ``size`` samples along axis 0; edges repeat the end values."""
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[0]
    if n == 0 or size <= 1:
        return x.copy()
    left = size // 2
    right = size - 1 - left
    xp = np.concatenate([np.repeat(x[:1], left, axis=0), x, np.repeat(x[-1:], right, axis=0)], axis=0)
    cs = np.cumsum(xp, axis=0)
    cs = np.concatenate([np.zeros_like(cs[:1]), cs], axis=0)
    return (cs[size:] - cs[:-size]) / size


def running_median(x: np.ndarray, size: int) -> np.ndarray:
    """Centred running median of a 1-D array (edges repeat the end values)."""
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0 or size <= 1:
        return x.copy()
    half = size // 2
    xp = np.concatenate([np.repeat(x[:1], half), x, np.repeat(x[-1:], half)])
    return np.median(np.lib.stride_tricks.sliding_window_view(xp, 2 * half + 1), axis=1)


def find_peaks(
    x: np.ndarray, *, height: float, prominence: float, distance: int
) -> tuple[np.ndarray, np.ndarray]:
    """Local maxima of ``x`` with value >= ``height``, approximate prominence >= ``prominence``, and at
    least ``distance`` samples apart (of two closer peaks the lower goes). Returns (indices, heights).

    The prominence is approximated by the peak's height above the higher of the two minima that separate
    it from the neighbouring local maxima (exact for the regular oscillations of walking).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.size < 3:
        return np.empty(0, dtype=np.int64), np.empty(0)
    # x[i-1] < x[i] >= x[i+1]; a plateau that keeps rising gets prominence 0 and is dropped below
    cand = np.nonzero((x[1:-1] > x[:-2]) & (x[1:-1] >= x[2:]))[0] + 1
    if cand.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    bounds = np.concatenate([[0], cand, [x.size]])
    mins = np.minimum.reduceat(x, bounds[:-1])  # min between consecutive maxima (and the ends)
    left_min, right_min = mins[:-1], mins[1:]
    prom = x[cand] - np.maximum(left_min, right_min)
    keep = (x[cand] >= height) & (prom >= prominence)
    peaks, heights = drop_close_peaks(cand[keep], x[cand[keep]], lambda p: np.diff(p) < distance)
    return peaks.astype(np.int64), heights


def drop_close_peaks(
    peaks: np.ndarray,
    heights: np.ndarray,
    too_close: Callable[[np.ndarray], np.ndarray],
    *,
    min_peaks: int = 2,
    rounds: int = 50,
) -> tuple[np.ndarray, np.ndarray]:
    """Of every pair of neighbouring peaks that ``too_close(peaks)`` marks (one bool per gap), drop the
    lower one; repeat until no pair is marked (vectorised per round)."""
    for _ in range(rounds):
        if peaks.size < min_peaks:
            break
        close = np.nonzero(too_close(peaks))[0]
        if close.size == 0:
            break
        lower = np.where(heights[close] < heights[close + 1], close, close + 1)
        keep = np.ones(peaks.size, dtype=bool)
        keep[np.unique(lower)] = False
        peaks, heights = peaks[keep], heights[keep]
    return peaks, heights


def step_max_min(x: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Max and min of ``x`` (along axis 0) over consecutive half-open segments ``[b[i], b[i+1])``.

    ``bounds`` must be strictly increasing sample indices inside ``x``; returns ``len(bounds) - 1`` rows.
    """
    b = np.asarray(bounds, dtype=np.int64)
    if b.size < 2:
        shape = (0,) + x.shape[1:]
        return np.empty(shape), np.empty(shape)
    return np.maximum.reduceat(x, b, axis=0)[:-1], np.minimum.reduceat(x, b, axis=0)[:-1]

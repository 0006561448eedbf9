"""Pelvis ranges per stride, trunk lean and impact at initial contact.

* **Pelvis ranges** (tilt = rotation about the medio-lateral axis, obliquity = about the
  antero-posterior axis, rotation = about the vertical axis). The gyroscope is turned into the body
  frame found by :mod:`backstride.gait.orientation` and integrated over each stride on its own, with
  the linear drift removed (the angle returns to its start after a stride); the range is max - min
  within each stride. Over one stride (about a second) gyroscope drift is negligible, so this needs no
  fusion filter; ranges are relative, never absolute angles (EVIDENCE.md D.2: absolute tilt from one
  sensor is unreliable).
* **Trunk lean**: forward angle of the body's long axis from vertical, from the mean gravity direction
  during a bout. Needs the body's long axis in the sensor frame: taken from quiet upright standing in
  the same recording (lean *relative to standing*; the still seconds are kept binned by direction in
  :class:`StandingPostures`, so the windows of a long recording can share them), else from a known
  axis convention, else not reported (:func:`lean_axes`).
* **Impact**: the largest acceleration magnitude within ``impact_window_s`` after each contact, in g.
"""

from __future__ import annotations

import numpy as np

from backstride.gait import constants as C


def _segment_ranges(
    omega: np.ndarray, starts: np.ndarray, ends: np.ndarray, fs: float, basis: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Range (max - min) of the drift-corrected integral of ``omega`` over segments ``[start, end)``.

    Each segment is integrated on its own (cumulative sum restarting at its first sample) and the
    straight line from its first to its last value is removed: over a periodic stride the angle returns
    to where it started, so that line is the gyroscope bias (or a turn). Segments must not be empty.
    Returns the ranges and the net change over each segment, both (segments, k). With ``basis``
    (3, k), ``omega`` is raw (n, 3) and only the gathered samples are projected on its columns.
    """
    lens = (ends - starts).astype(np.int64)
    k = omega.shape[1] if basis is None else basis.shape[1]
    if lens.size == 0:
        return np.empty((0, k)), np.empty((0, k))
    seg = np.repeat(np.arange(lens.size), lens)
    first = np.concatenate([[0], np.cumsum(lens)[:-1]])
    pos = np.arange(seg.size) - first[seg]
    idx = starts[seg] + pos
    gathered = omega[idx] if basis is not None else None
    last = first + lens - 1
    out = np.empty((lens.size, k))
    net = np.empty((lens.size, k))
    for col in range(k):  # contiguous 1-D work per axis is several times faster than (n, 3)
        if gathered is not None and basis is not None:
            b = basis[:, col]
            column = gathered[:, 0] * b[0] + gathered[:, 1] * b[1] + gathered[:, 2] * b[2]
        else:
            column = omega[idx, col]
        cs = np.cumsum(column) / fs
        start_val = np.concatenate([[0.0], cs])[first]  # integral before each segment
        ang = cs - start_val[seg]
        net[:, col] = ang[last] - ang[first]
        slope = net[:, col] / np.maximum(lens - 1, 1)
        ang -= ang[first][seg] + slope[seg] * pos
        out[:, col] = np.maximum.reduceat(ang, first) - np.minimum.reduceat(ang, first)
    return out, net


class PelvisRangeEstimator:
    """``estimate(gyr_body_dps, ic_idx, sampling_rate_hz=)``.

    ``gyr_body_dps`` columns: about up (rotation), about forward (obliquity), about right (tilt).
    ``ic_idx``: increasing contact indices of one bout; strides are contact ``i`` to ``i + 2``.
    Results: ``rotation_rom_deg_``, ``obliquity_rom_deg_``, ``tilt_rom_deg_`` per stride.
    """

    def estimate(
        self, gyr_body_dps: np.ndarray, ic_idx: np.ndarray, *, sampling_rate_hz: float
    ) -> PelvisRangeEstimator:
        ic = np.asarray(ic_idx, dtype=np.int64)
        self.rotation_rom_deg_ = self.obliquity_rom_deg_ = self.tilt_rom_deg_ = np.empty(0)
        if ic.size < 3:
            return self
        fs = float(sampling_rate_hz)
        rom, _ = _segment_ranges(gyr_body_dps, ic[:-2], ic[2:], fs)
        self.rotation_rom_deg_ = rom[:, 0]
        self.obliquity_rom_deg_ = rom[:, 1]
        self.tilt_rom_deg_ = rom[:, 2]
        return self

    def estimate_bouts(
        self,
        gyr_body_dps: np.ndarray,
        bout_ic_idx: list[np.ndarray],
        *,
        sampling_rate_hz: float,
        basis: np.ndarray | None = None,
    ) -> PelvisRangeEstimator:
        """All bouts at once. Results: ``rom_deg_by_bout_``, a list of (strides, 3) arrays with columns
        rotation, obliquity, tilt (same as ``estimate`` per bout), and ``turn_deg_by_bout_``, the net
        change of heading over each stride (turning strides are not pelvis rotation). With ``basis``
        (3, 3; columns up, forward, right in the sensor frame) the gyroscope may be given raw."""
        fs = float(sampling_rate_hz)
        chains = [np.asarray(b, dtype=np.int64) for b in bout_ic_idx]
        starts = [c[:-2] for c in chains if c.size >= 3]
        ends = [c[2:] for c in chains if c.size >= 3]
        if starts:
            ranges, net = _segment_ranges(
                gyr_body_dps, np.concatenate(starts), np.concatenate(ends), fs, basis=basis
            )
        else:
            ranges = net = np.empty((0, 3))
        counts = [max(0, c.size - 2) for c in chains]
        split_at = np.cumsum(counts)[:-1]
        out = np.split(ranges, split_at) if chains else []
        self.turn_deg_by_bout_ = [n[:, 0] for n in np.split(net, split_at)] if chains else []
        self.rom_deg_by_bout_ = out
        return self


def impact_peaks_g(
    acc_mps2: np.ndarray, ic_idx: np.ndarray, *, sampling_rate_hz: float, window_s: float = 0.15
) -> np.ndarray:
    """Largest |acceleration| (g) in ``[ic, ic + window_s)`` for each contact."""
    ic = np.asarray(ic_idx, dtype=np.int64)
    if ic.size == 0:
        return np.empty(0)
    k = max(1, int(round(window_s * sampling_rate_hz)))
    idx = np.clip(ic[:, None] + np.arange(k)[None, :], 0, acc_mps2.shape[0] - 1)
    seg = acc_mps2[idx]  # (m, k, 3)
    mag = np.sqrt(np.einsum("mkj,mkj->mk", seg, seg))
    return mag.max(axis=1) / C.G_MPS2


class StandingPostures:
    """Still seconds binned by the direction of gravity in the sensor frame: the candidates for the
    body's long axis while standing (the reference of the trunk lean).

    ``add(up)`` takes unit vectors (one per still second); ``merge(other)`` adds another's bins;
    ``upright(walk_up, within_deg=)`` -> (mean direction of the seconds within ``within_deg`` of the
    walking "up", or None when fewer than ``min_seconds``; number of seconds). Bins hold sums and
    counts, so the mean is that of the seconds themselves; only the within-the-cone test uses the
    bin's mean direction (bins of 1/256 per axis, about 0.2 degrees). A week takes no more room than
    the directions it visited (at most ~820,000 bins = 33 MB; 889 for the 9,425 still seconds of 4
    hours of tiled lab trials). Results: ``keys_``, ``sums_`` (bins, 3), ``counts_``.
    """

    BINS_PER_UNIT = 256

    def __init__(self, *, min_seconds: int = 2) -> None:
        self.min_seconds = min_seconds
        self.keys_: np.ndarray = np.empty(0, dtype=np.int64)
        self.sums_: np.ndarray = np.empty((0, 3))
        self.counts_: np.ndarray = np.empty(0)

    def add(self, up: np.ndarray) -> StandingPostures:
        u = np.asarray(up, dtype=float).reshape(-1, 3)
        q = self.BINS_PER_UNIT
        ijk = np.rint(u * q).astype(np.int64) + q
        keys = (ijk[:, 0] * (2 * q + 1) + ijk[:, 1]) * (2 * q + 1) + ijk[:, 2]
        return self._add(keys, u, np.ones(keys.size))

    def merge(self, other: StandingPostures) -> StandingPostures:
        return self._add(other.keys_, other.sums_, other.counts_)

    def _add(self, keys: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> StandingPostures:
        if keys.size == 0:
            return self
        all_keys = np.concatenate([self.keys_, keys])
        all_sums = np.concatenate([self.sums_, sums])
        k, inv = np.unique(all_keys, return_inverse=True)
        self.sums_ = np.stack(
            [np.bincount(inv, weights=all_sums[:, j], minlength=k.size) for j in range(3)], 1
        )
        self.counts_ = np.bincount(inv, weights=np.concatenate([self.counts_, counts]), minlength=k.size)
        self.keys_ = k
        return self

    def upright(self, walk_up: np.ndarray, *, within_deg: float) -> tuple[np.ndarray | None, int]:
        if self.keys_.size == 0:
            return None, 0
        mean = self.sums_ / np.linalg.norm(self.sums_, axis=1, keepdims=True)
        sel = mean @ np.asarray(walk_up, dtype=float) > np.cos(np.radians(within_deg))
        n = int(self.counts_[sel].sum())
        if n < self.min_seconds:
            return None, n
        u = self.sums_[sel].sum(axis=0)
        return u / np.linalg.norm(u), n

    def tipped_back(
        self, walk_up: np.ndarray, forward: np.ndarray, *, within_deg: float, beyond_deg: float
    ) -> tuple[int, int]:
        """Of the still seconds ``upright`` takes (within ``within_deg`` of ``walk_up``), how many are
        tipped back of the walking posture (toward the body's back, in the plane of ``walk_up`` and
        ``forward``) by at most ``beyond_deg``, and how many by more."""
        if self.keys_.size == 0:
            return 0, 0
        up = np.asarray(walk_up, dtype=float)
        f = np.asarray(forward, dtype=float) - np.dot(forward, up) * up
        f /= np.linalg.norm(f)
        mean = self.sums_ / np.linalg.norm(self.sums_, axis=1, keepdims=True)
        sel = mean @ up > np.cos(np.radians(within_deg))
        # a reference tipped back (its "up" toward the walk's forward) makes the walk read leaned forward
        back = np.degrees(np.arctan2(mean @ f, mean @ up)) > beyond_deg
        return int(self.counts_[sel & ~back].sum()), int(self.counts_[sel & back].sum())


def lean_axes(
    standing_up: np.ndarray | None, forward: np.ndarray | None, hint: dict[str, np.ndarray] | None
) -> tuple[np.ndarray | None, np.ndarray | None, list[str]]:
    """The body's long axis and forward direction (sensor frame) the trunk lean is measured with, and
    the lean's quality flag: quiet upright standing with the walking direction made perpendicular to it
    (``relative_to_standing``), else the axis convention ``hint`` (``includes_sensor_mounting_tilt``),
    else none (``orientation_unknown``): no signal can tell a tilted sensor from a leaning trunk."""
    if standing_up is not None and forward is not None:
        f = forward - np.dot(forward, standing_up) * standing_up
        return standing_up, f / np.linalg.norm(f), ["relative_to_standing"]
    if hint is not None:
        return hint["up"], hint["forward"], ["includes_sensor_mounting_tilt"]
    return None, None, ["orientation_unknown"]


def forward_lean_deg(gravity_dir: np.ndarray, body_up: np.ndarray, body_forward: np.ndarray) -> float:
    """Forward lean (deg, + = forward) of the body's long axis, from the gravity direction (sensor frame).

    When the trunk leans forward, "up" in the world has a component along the body's backward axis.
    """
    g = np.asarray(gravity_dir, float)
    g = g / np.linalg.norm(g)
    return float(np.degrees(np.arctan2(-np.dot(g, body_forward), np.dot(g, body_up))))


def bent_forward_of_walk(walk_up: np.ndarray, body_up: np.ndarray, body_forward: np.ndarray) -> bool:
    """Whether the still seconds taken as standing (``body_up``, with ``body_forward`` from
    :func:`lean_axes`) sit bent forward of the walking posture ``walk_up`` by more than the MDC of the
    angle [C13]: the walk would read as leaned back that far. People seldom walk leaned back from how
    they stand; the 20 deg cone also lets in sitting or bending over a table (Mobilise-D HA/002 Test11:
    60 still seconds 14 deg forward of its walk, its straight walks 2 deg forward of its standing)."""
    return forward_lean_deg(walk_up, body_up, body_forward) < -C.TRUNK_ANGLE_MDC_DEG


def reclined_in_standing(
    postures: StandingPostures, walk_up: np.ndarray, forward: np.ndarray, *, within_deg: float
) -> bool:
    """Whether the still seconds taken as standing hold two postures: at least ``min_seconds`` within
    the forward-lean bar (``FORWARD_TRUNK_LEAN_DEG``) of the walking posture ``walk_up`` and at least as
    many tipped back of it past the bar (``StandingPostures.tipped_back``). A seat reclined back tilts a
    lower-back sensor back as a forward-leaning walk does, so the seconds past the bar may be sitting,
    not standing; a bout whose lean reads past the bar against them is not judged (a real walk with a
    minute 15 deg back of its standing before it: Mobilise-D HA/002 Test5, 2 deg forward alone, read 16
    deg forward). One posture alone cannot be told apart: standing upright and walking bent forward look
    the same to the sensor (docs/gait.md)."""
    near, back = postures.tipped_back(
        walk_up, forward, within_deg=within_deg, beyond_deg=C.FORWARD_TRUNK_LEAN_DEG
    )
    return near >= postures.min_seconds and back >= postures.min_seconds


__all__ = [
    "PelvisRangeEstimator",
    "StandingPostures",
    "bent_forward_of_walk",
    "forward_lean_deg",
    "impact_peaks_g",
    "lean_axes",
    "reclined_in_standing",
]

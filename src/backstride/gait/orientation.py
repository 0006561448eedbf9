"""Any orientation: find "up" from gravity and "forward" from the walking signal itself.

How (written down, as the issue asks):

1. **Vertical.** Gravity is the slow part of the accelerometer signal. A moving average over
   ``window_s`` (2 s, about four steps, so the gait oscillation averages out; computed on 0.1 s block
   means) gives the gravity vector in the sensor frame for every sample; its direction is "up" and
   the projection of the acceleration on it minus its length is the vertical acceleration. This
   follows changes of posture (sitting, lying) and needs no mounting convention.
2. **Forward.** Walking is nearly symmetric: the antero-posterior (AP) acceleration repeats every
   *step*, the medio-lateral (ML) acceleration changes sign from one step to the next. Averaging the
   horizontal acceleration over windows centred on every detected initial contact therefore keeps the
   AP pattern and cancels the ML one; the principal direction of that averaged horizontal pattern
   (largest singular vector) is the walking direction. The ratio of the two singular values is the
   confidence of the direction.
3. **Sign of forward.** Walking is an inverted pendulum: the body is slowest when it is highest
   (mid-stance) and fastest when lowest, so with height ~ cos(wt) the forward acceleration goes like
   +sin(wt) and so does the rate of change of the vertical acceleration. The sign is chosen so the
   forward acceleration correlates positively with d(vertical acceleration)/dt around the contacts
   (positive in all six lab trials, r = 0.2-0.85); the mean per-contact correlation against its
   spread is a second confidence figure. This needs no event timing.
4. **Medio-lateral** is ``forward x up`` (right-handed: up, forward, right).

When the recording carries a known axis convention (``axes_hint``), the estimated directions are
compared with it (``agreement_deg``); angles that need the body's own long axis (trunk lean) use the
hint, because no signal can tell a tilted sensor from a leaning trunk.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from backstride.gait._signal import moving_average

KNOWN_AXES: dict[str, dict[str, np.ndarray]] = {
    "mobilised: x up, y right, z forward": {
        "up": np.array([1.0, 0.0, 0.0]),
        "right": np.array([0.0, 1.0, 0.0]),
        "forward": np.array([0.0, 0.0, 1.0]),
    },
}


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


def angle_deg(a: np.ndarray, b: np.ndarray) -> float:
    a, b = _unit(np.asarray(a, float)), _unit(np.asarray(b, float))
    return float(np.degrees(np.arccos(np.clip(np.dot(a, b), -1.0, 1.0))))


class GravityEstimator:
    """Gravity (moving average, held per 0.1 s block) and vertical acceleration.

    Results: ``block_`` (samples per block), ``gravity_blocks_mps2_`` and ``up_blocks_`` (blocks, 3),
    ``vertical_acc_mps2_`` (n,) (upward acceleration without gravity); ``gravity_at(idx)`` and
    ``up_at(idx)`` give the values for any sample indices. Nothing of size (n, 3) is kept, so long
    recordings stay small in memory.
    """

    def __init__(self, *, window_s: float = 2.0) -> None:
        self.window_s = window_s

    def estimate(
        self, acc_mps2: np.ndarray, *, sampling_rate_hz: float, keep_vertical: bool = True
    ) -> GravityEstimator:
        n = acc_mps2.shape[0]
        block = max(1, int(round(0.1 * sampling_rate_hz)))
        m = -(-n // block)
        self.block_ = block
        if n == 0:
            self.gravity_blocks_mps2_ = np.zeros((0, 3))
            self.up_blocks_ = np.zeros((0, 3))
            self.norm_blocks_mps2_ = np.zeros(0)
            self.vertical_acc_mps2_: np.ndarray | None = np.zeros(0)
            return self
        full = (n // block) * block
        sums = acc_mps2[:full].reshape(-1, block, 3).sum(axis=1)
        if full < n:
            sums = np.concatenate([sums, acc_mps2[full:].sum(axis=0, keepdims=True)])
        counts = np.full(m, float(block))
        counts[-1] = n - (m - 1) * block
        size = max(1, int(round(self.window_s * sampling_rate_hz / block)))
        g = moving_average(sums / counts[:, None], size)
        norm = np.sqrt(np.einsum("ij,ij->i", g, g))
        up = g / np.where(norm > 1e-9, norm, 1.0)[:, None]
        self.gravity_blocks_mps2_ = g
        self.up_blocks_ = up
        self.norm_blocks_mps2_ = norm
        # long recordings ask for the vertical acceleration chunk by chunk instead
        self.vertical_acc_mps2_ = self.vertical_between(acc_mps2, 0, n) if keep_vertical else None
        return self

    def vertical_between(self, acc_mps2: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Vertical acceleration of samples ``[lo, hi)`` (for chunked processing of long recordings)."""
        b = self.block_
        out = np.empty(hi - lo)
        first_full = min(hi, -(-lo // b) * b)  # samples before the first whole block
        last_full = max(first_full, (hi // b) * b)
        for a, z in ((lo, first_full), (last_full, hi)):  # partial blocks at both ends
            if z > a:
                k = a // b
                out[a - lo : z - lo] = acc_mps2[a:z] @ self.up_blocks_[k] - self.norm_blocks_mps2_[k]
        if last_full > first_full:
            head = acc_mps2[first_full:last_full].reshape(-1, b, 3)
            k0 = first_full // b
            k1 = k0 + head.shape[0]
            up, norm = self.up_blocks_[k0:k1], self.norm_blocks_mps2_[k0:k1]
            out[first_full - lo : last_full - lo] = (
                np.einsum("mbj,mj->mb", head, up) - norm[:, None]
            ).ravel()
        return out

    def gravity_at(self, idx: np.ndarray) -> np.ndarray:
        return self.gravity_blocks_mps2_[np.asarray(idx) // self.block_]

    def up_at(self, idx: np.ndarray) -> np.ndarray:
        return self.up_blocks_[np.asarray(idx) // self.block_]


class DynamicAcceleration:
    """Acceleration without gravity, computed only for the samples asked for (``obj[idx]``).

    Stands in for an (n, 3) array where only windows around contacts are needed.
    """

    def __init__(self, acc_mps2: np.ndarray, gravity: GravityEstimator, direction: np.ndarray | None = None):
        self.acc_mps2 = acc_mps2
        self.gravity = gravity
        self.direction = direction
        self.shape = acc_mps2.shape if direction is None else acc_mps2.shape[:1]

    def __getitem__(self, idx: np.ndarray) -> np.ndarray:
        dyn = self.acc_mps2[idx] - self.gravity.gravity_at(idx)
        if self.direction is None:
            return dyn
        d = self.direction
        return dyn[..., 0] * d[0] + dyn[..., 1] * d[1] + dyn[..., 2] * d[2]

    def along(self, direction: np.ndarray) -> DynamicAcceleration:
        """The same, projected on a unit vector (sensor frame)."""
        return DynamicAcceleration(self.acc_mps2, self.gravity, np.asarray(direction, dtype=float))


class ForwardEstimator:
    """Walking direction from the step-averaged horizontal acceleration around initial contacts.

    ``estimate(acc_dyn_mps2, ic_idx, up=, vertical_band_mps2=, sampling_rate_hz=)`` with the
    acceleration without gravity in the sensor frame, initial-contact sample indices, the mean "up" unit
    vector during walking and the band-passed vertical acceleration.
    Results: ``forward_`` and ``right_`` (unit vectors, sensor frame, or ``None`` when fewer than
    ``min_contacts``), ``axis_ratio_`` (first/second singular value), ``sign_score_`` (t-like),
    ``confident_`` (bool).
    """

    def __init__(
        self,
        *,
        half_window_s: float = 0.35,
        min_contacts: int = 4,
        min_axis_ratio: float = 1.5,
        min_sign_score: float = 2.0,
    ) -> None:
        self.half_window_s = half_window_s
        self.min_contacts = min_contacts
        self.min_axis_ratio = min_axis_ratio
        self.min_sign_score = min_sign_score

    def estimate(
        self,
        acc_band_mps2: Any,
        ic_idx: np.ndarray,
        *,
        up: np.ndarray,
        vertical_band_mps2: Any,
        sampling_rate_hz: float,
    ) -> ForwardEstimator:
        self.forward_: np.ndarray | None = None
        self.right_: np.ndarray | None = None
        self.axis_ratio_ = 0.0
        self.sign_score_ = 0.0
        self.confident_ = False
        half = max(1, int(round(self.half_window_s * sampling_rate_hz)))
        n = acc_band_mps2.shape[0]
        ic = np.asarray(ic_idx, dtype=np.int64)
        ic = ic[(ic - half >= 0) & (ic + half < n)]
        if ic.size < self.min_contacts:
            return self
        up = _unit(np.asarray(up, dtype=float))
        offsets = np.arange(-half, half + 1)
        windows = acc_band_mps2[ic[:, None] + offsets[None, :]]  # (m, k, 3)
        windows = windows - np.einsum("mkj,j->mk", windows, up)[..., None] * up  # horizontal part
        profile = windows.mean(axis=0)  # (k, 3): AP survives, ML cancels over left/right steps
        _, sv, vt = np.linalg.svd(profile - profile.mean(axis=0), full_matrices=False)
        axis = _unit(vt[0] - np.dot(vt[0], up) * up)
        self.axis_ratio_ = float(sv[0] / sv[1]) if sv[1] > 0 else float("inf")
        # Sign from the inverted pendulum: forward speed is lowest when the body is highest, so the
        # forward acceleration moves with the rate of change of the vertical acceleration
        # (a_AP ~ +sin, d a_V / dt ~ +sin); correlation over the same windows, per contact for a score.
        v = vertical_band_mps2[ic[:, None] + offsets[None, :]]  # (m, k)
        dv = np.gradient(v, axis=1) * sampling_rate_hz
        ap = np.einsum("mkj,j->mk", windows, axis)
        ap = ap - ap.mean(axis=1, keepdims=True)
        dv = dv - dv.mean(axis=1, keepdims=True)
        per_ic = (ap * dv).sum(axis=1) / np.maximum(
            np.sqrt((ap * ap).sum(axis=1) * (dv * dv).sum(axis=1)), 1e-12
        )
        spread = per_ic.std(ddof=1) / np.sqrt(per_ic.size) if per_ic.size > 1 else np.inf
        score = float(per_ic.mean() / spread) if spread > 0 else 0.0
        if score < 0:
            axis = -axis
        self.sign_score_ = abs(score)
        self.forward_ = axis
        self.right_ = _unit(np.cross(axis, up))
        self.confident_ = bool(
            self.axis_ratio_ >= self.min_axis_ratio and self.sign_score_ >= self.min_sign_score
        )
        return self

    def describe(self) -> dict[str, Any]:
        return {
            "axis_ratio": round(self.axis_ratio_, 2),
            "sign_score": round(self.sign_score_, 2),
            "confident": self.confident_,
        }


__all__ = ["KNOWN_AXES", "DynamicAcceleration", "ForwardEstimator", "GravityEstimator", "angle_deg"]

"""Walking bouts from initial contacts, after the Mobilise-D walking-bout convention.

Kluge et al. 2021 (PLoS One 16:e0250326), as used by mobgap: a stride runs from one contact to
the next contact of the same foot (here: contact ``i`` to contact ``i + 2``); a stride is kept when
its duration is within 0.2-3.0 s and its length at least 0.15 m (when known); a walking bout is a run
of kept strides without a break longer than 3 s and with at least two strides. Contacts inside a
stretch the reader filled by interpolation (``gaps``) never form strides.
"""

from __future__ import annotations

import numpy as np

from backstride.gait import constants as C


class WalkingBoutAssembler:
    """``assemble(ic_idx, sampling_rate_hz=, stride_length_m=None, invalid_mask=None)``.

    Results: ``stride_start_`` / ``stride_end_`` (contact indices into ``ic_idx`` of kept strides),
    ``bouts_`` (list of ``(first_stride, last_stride_exclusive)`` into the kept strides).
    """

    def __init__(
        self,
        *,
        max_break_s: float = C.WB_MAX_BREAK_S,
        min_strides: int = C.WB_MIN_STRIDES,
        stride_duration_range_s: tuple[float, float] = C.STRIDE_DURATION_RANGE_S,
        min_stride_length_m: float = C.STRIDE_LENGTH_MIN_M,
        max_step_ratio: float = 2.5,
    ) -> None:
        self.max_break_s = max_break_s
        self.min_strides = min_strides
        self.stride_duration_range_s = stride_duration_range_s
        self.min_stride_length_m = min_stride_length_m
        self.max_step_ratio = max_step_ratio

    def assemble(
        self,
        ic_idx: np.ndarray,
        *,
        sampling_rate_hz: float,
        stride_length_m: np.ndarray | None = None,
        invalid_mask: np.ndarray | None = None,
    ) -> WalkingBoutAssembler:
        ic = np.asarray(ic_idx, dtype=np.int64)
        fs = float(sampling_rate_hz)
        self.stride_start_ = np.empty(0, dtype=np.int64)
        self.stride_end_ = np.empty(0, dtype=np.int64)
        self.bouts_: list[tuple[int, int]] = []
        if ic.size < 3:
            return self
        start = np.arange(ic.size - 2)
        end = start + 2
        dur = (ic[end] - ic[start]) / fs
        step1 = (ic[start + 1] - ic[start]).astype(float)
        step2 = (ic[end] - ic[start + 1]).astype(float)
        ratio = np.maximum(step1, step2) / np.maximum(np.minimum(step1, step2), 1.0)
        ok = (dur >= self.stride_duration_range_s[0]) & (dur <= self.stride_duration_range_s[1])
        ok &= ratio <= self.max_step_ratio
        if stride_length_m is not None:
            ok &= np.asarray(stride_length_m) >= self.min_stride_length_m
        if invalid_mask is not None and invalid_mask.any():
            bad = np.cumsum(invalid_mask.astype(np.int64))
            ok &= bad[ic[end]] == bad[ic[start]]  # no gap sample inside the stride
            ok &= ~invalid_mask[ic[start]]
        s, e = start[ok], end[ok]
        self.stride_start_, self.stride_end_ = s, e
        if s.size == 0:
            return self
        # break between strides: from the end of the previous kept strides to the next start
        prev_end = np.maximum.accumulate(ic[e])
        gap_s = (ic[s[1:]] - prev_end[:-1]) / fs
        split = np.nonzero(gap_s > self.max_break_s)[0] + 1
        if invalid_mask is not None and invalid_mask.any():
            bad = np.cumsum(invalid_mask.astype(np.int64))
            crosses = bad[ic[s[1:]]] != bad[prev_end[:-1]]
            split = np.union1d(split, np.nonzero(crosses)[0] + 1)
        edges = np.concatenate([[0], split, [s.size]]).astype(int)
        self.bouts_ = [
            (int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True) if b - a >= self.min_strides
        ]
        return self


__all__ = ["WalkingBoutAssembler"]

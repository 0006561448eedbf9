"""Left or right foot for each initial contact, per stretch of steady alternation, in any orientation.

Evidence per contact, in the walking frame (up, forward, right) that :mod:`backstride.gait.orientation`
finds from the signal, so the sensor may sit any way round:

* **Medio-lateral acceleration** (always; the only evidence without a gyroscope). Before a contact
  the trunk falls sideways towards the landing foot; the landing leg then pushes it back. So the
  mean acceleration along "right" over ``ml_after_s`` minus that over ``ml_before_s`` is positive at
  a *left* contact and negative at a right one.
* **Roll rate** (gyroscope about "forward") and **yaw rate** (about "up"), averaged over
  ``gyro_window_s`` around the contact: negative at left contacts, positive at right ones. Yaw needs
  only the gravity direction, so it does not depend on the sign found for "forward"; ML acceleration
  and roll flip together when that sign is wrong.

Signs checked on the Mobilise-D lab data (sensor x up, y right, z forward; INDIP sides); windows and
costs set on participant HA/001 only, HA/002 reported separately (docs/gait.md).

**Per contact.** Turning and posture changes add an offset shared by neighbouring contacts, while the
side signal changes sign every step, so each feature is taken relative to the mean of the contact's two
neighbours (a high-pass at the step level: the turning component goes), divided by its typical size in
the recording (median absolute value) and clipped to ``+-clip``. The features are averaged with
``weights`` times how strongly each alternates from step to step in this recording (minus its lag-1
autocorrelation within bouts, floored at 0), so a feature without side signal here gets no say.

**Per bout: is there a side signal at all?** Steps alternate, so consecutive contacts should have
evidence of opposite sign. For each feature the statistic is minus the lag-1 autocorrelation of its
bout-median-centred values; its p-value comes from ``n_permutations`` random orders of the same
values (an exact test; the neighbour high-pass is not used here, because it makes noise look
alternating). The bout's p-value is the smallest times the number of features (Bonferroni); above
``gate_alpha`` the bout gets no sides (flag ``no_side_signal``).

**Per stretch.** ``(-1)^k x evidence_k`` keeps one sign while the contact list alternates; a missed or
an extra contact flips it. A two-state Viterbi path (parity "even contacts are left" or "odd contacts
are left") splits the bout into stretches; a switch costs ``switch_cost`` where the step rhythm is
regular, ``irregular_switch_cost`` next to a step ``irregular_step_ratio`` longer or shorter than the
bout's typical step (a contact probably missed or added) and nothing across a pause longer than
``gap_step_ratio`` steps. A stretch gets sides when it has at least ``min_contacts`` contacts and the
sign test of its contacts (votes weaker than ``min_vote`` abstain) reaches ``min_confidence``.

``confidence`` = min(1 - bout p-value, stretch sign-test confidence): a measure of how far the data
are from chance, not a calibrated probability of being right.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from math import comb, erfc, sqrt
from typing import Any

import numpy as np

LEFT, RIGHT = "left", "right"


def _project(data: np.ndarray, ic: np.ndarray, a: int, b: int, direction: np.ndarray) -> np.ndarray:
    """Mean over ``[ic + a, ic + b)`` of the (n, 3) ``data`` projected on ``direction``.

    Only the windows' samples are read (no (n,) projection of a long recording)."""
    idx = np.clip(ic[:, None] + np.arange(a, b)[None, :], 0, data.shape[0] - 1)
    w = data[idx]  # (m, k, 3)
    proj = w[..., 0] * direction[0] + w[..., 1] * direction[1] + w[..., 2] * direction[2]
    out: np.ndarray = proj.mean(axis=1)
    return out


def _relative_to_neighbours(v: np.ndarray, bout: np.ndarray) -> np.ndarray:
    """``v_k`` minus the mean of its neighbours in the same bout (``bout``: bout number per contact;
    one neighbour at the ends of a bout, NaN for a bout of one contact)."""
    same_prev = np.concatenate([[False], bout[1:] == bout[:-1]])
    same_next = np.concatenate([bout[:-1] == bout[1:], [False]])
    prev = np.where(same_prev, np.concatenate([[0.0], v[:-1]]), 0.0)
    nxt = np.where(same_next, np.concatenate([v[1:], [0.0]]), 0.0)
    count = same_prev.astype(float) + same_next
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, v - (prev + nxt) / count, np.nan)


def _bout_medians(v: np.ndarray, bout: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Median of ``v`` within each bout (bouts are consecutive runs; sizes > 0), without a Python loop."""
    ordered = v[np.lexsort((v, bout))]
    lo = starts + (sizes - 1) // 2
    hi = starts + sizes // 2
    out: np.ndarray = (ordered[lo] + ordered[hi]) / 2.0
    return out


SIGN_TEST_EXACT_UP_TO = 1000  # contacts; beyond, the normal approximation (the exact sum grows as n^2)


def sign_test_confidence(n_agree: int, n: int) -> float:
    """``1 - P(X >= n_agree)`` for ``X ~ Binomial(n, 1/2)``: how unlikely that much agreement is by chance."""
    if n <= 0:
        return 0.0
    if n <= SIGN_TEST_EXACT_UP_TO:
        # integer / integer: exact and correctly rounded (2.0**n overflows a float from n = 1024)
        tail = sum(comb(n, k) for k in range(n_agree, n + 1)) / (1 << n)
    else:  # continuity-corrected normal approximation: mean n/2, SD sqrt(n)/2
        tail = 0.5 * erfc((n_agree - 0.5 - n / 2.0) / (sqrt(n) / 2.0) / sqrt(2.0))
    return float(1.0 - tail)


EXACT_UP_TO = 64  # contacts; longer bouts use the normal approximation of the permutation test


@lru_cache(maxsize=128)
def _permutations(n: int, n_permutations: int, seed: int) -> np.ndarray:
    """Random orders of ``n`` items (fixed for given arguments, so results never depend on other bouts)."""
    rng = np.random.default_rng((seed, n))
    out = np.argsort(rng.random((n_permutations, n)), axis=1).astype(np.int32)
    out.setflags(write=False)
    return out


def _minus_lag1(v: np.ndarray) -> np.ndarray:
    """Minus the lag-1 autocorrelation along the last axis (mean removed)."""
    v = v - v.mean(axis=-1, keepdims=True)
    num = -(v[..., :-1] * v[..., 1:]).sum(axis=-1)
    return np.asarray(num / np.maximum((v * v).sum(axis=-1), 1e-12))


def alternation_p_values(x: np.ndarray, *, n_permutations: int, seed: int = 0) -> np.ndarray:
    """One-sided p-values of "consecutive values have opposite signs more than chance", one per row of
    ``x`` (features, n): a permutation test of minus the lag-1 autocorrelation, exact up to
    ``EXACT_UP_TO`` values (the same random orders for every row), the normal approximation (mean
    -1/n, variance 1/n) beyond. Fewer than 4 values: 1.0."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    n = x.shape[1]
    if n < 4:
        return np.ones(x.shape[0])
    observed = _minus_lag1(x)
    if n > EXACT_UP_TO:
        z = (observed - 1.0 / n) * np.sqrt(n)
        return np.array([0.5 * erfc(float(v) / sqrt(2.0)) for v in z])
    # the mean and the sum of squares do not change under permutation: only the lag-1 products do
    xc = x - x.mean(axis=1, keepdims=True)
    perm = _permutations(n, n_permutations, seed)
    products = (xc[:, perm[:, :-1]] * xc[:, perm[:, 1:]]).sum(axis=2)  # (features, B)
    observed_products = (xc[:, :-1] * xc[:, 1:]).sum(axis=1)
    exceed = np.sum(products <= observed_products[:, None] + 1e-12, axis=1)
    out: np.ndarray = (1 + exceed) / (n_permutations + 1)
    return out


def _viterbi_two_states(z: list[float], switch_cost: list[float]) -> list[int]:
    """Cheapest parity path (+1 / -1) for per-contact scores ``z`` (cost ``-s z_k`` each) with cost
    ``switch_cost[k - 1]`` for changing parity between contact ``k - 1`` and ``k`` (plain floats: the
    loop runs once per contact)."""
    m = len(z)
    plus, minus = -z[0], z[0]  # costs of the paths ending in +1 / -1
    back: list[tuple[int, int]] = [(1, -1)]
    for k in range(1, m):
        c = switch_cost[k - 1]
        from_plus = (plus, 1) if plus <= minus + c else (minus + c, -1)
        from_minus = (minus, -1) if minus <= plus + c else (plus + c, 1)
        plus, minus = from_plus[0] - z[k], from_minus[0] + z[k]
        back.append((from_plus[1], from_minus[1]))
    path = [1 if plus <= minus else -1]
    for k in range(m - 1, 0, -1):
        path.append(back[k][0] if path[-1] == 1 else back[k][1])
    return path[::-1]


class SideLabeller:
    """Left/right of initial contacts, bout by bout, per stretch of consistent alternation.

    ``label(acc_mps2, contacts_by_bout, up=, forward=, right=, gyr_dps=, sampling_rate_hz=)``: raw
    accelerometer (n, 3) in the sensor frame, gyroscope (n, 3, deg/s) or ``None``, one increasing array
    of contact sample indices per bout, and the walking frame's unit vectors in the sensor frame.

    Results: ``sides_by_bout_`` (lists of ``"left"``, ``"right"`` or ``None``), ``confidence_by_bout_``
    (arrays, 0 where unlabelled), ``stretches_by_bout_`` (``(first, end)`` contact positions in the
    bout, end exclusive), ``p_value_by_bout_`` (the alternation test), ``quality_by_bout_`` (flags),
    ``evidence_`` (features used), ``sensor_agreement_`` (correlation of the acceleration and the
    gyroscope evidence over the recording, ``None`` without a gyroscope) and ``because_`` (plain words).
    """

    def __init__(
        self,
        *,
        ml_before_s: tuple[float, float] = (-0.2, 0.0),
        ml_after_s: tuple[float, float] = (0.2, 0.4),
        gyro_window_s: tuple[float, float] = (-0.1, 0.1),
        weights: tuple[float, float, float] = (1.0, 0.75, 0.5),
        clip: float = 3.0,
        gate_alpha: float = 0.05,
        n_permutations: int = 500,
        switch_cost: float = 2.0,
        irregular_switch_cost: float = 0.5,
        irregular_step_ratio: float = 1.4,
        gap_step_ratio: float = 2.5,
        min_vote: float = 0.25,
        min_contacts: int = 3,
        min_confidence: float = 0.8,
        seed: int = 0,
    ) -> None:
        self.ml_before_s = ml_before_s
        self.ml_after_s = ml_after_s
        self.gyro_window_s = gyro_window_s
        self.weights = weights  # ML acceleration, roll rate, yaw rate
        self.clip = clip
        self.gate_alpha = gate_alpha
        self.n_permutations = n_permutations
        self.switch_cost = switch_cost
        self.irregular_switch_cost = irregular_switch_cost
        self.irregular_step_ratio = irregular_step_ratio
        self.gap_step_ratio = gap_step_ratio
        self.min_vote = min_vote
        self.min_contacts = min_contacts
        self.min_confidence = min_confidence
        self.seed = seed

    def label(
        self,
        acc_mps2: np.ndarray,
        contacts_by_bout: list[np.ndarray],
        *,
        up: np.ndarray,
        forward: np.ndarray,
        right: np.ndarray,
        gyr_dps: np.ndarray | None = None,
        sampling_rate_hz: float,
    ) -> SideLabeller:
        fs = float(sampling_rate_hz)
        chains = [np.asarray(c, dtype=np.int64) for c in contacts_by_bout]
        sizes = [c.size for c in chains]
        ends = np.cumsum(sizes).tolist()
        bounds = [(e - s, e) for s, e in zip(sizes, ends, strict=True)]
        ic = np.concatenate(chains) if chains else np.empty(0, dtype=np.int64)
        self.sides_by_bout_: list[list[str | None]] = [[None] * s for s in sizes]
        self.confidence_by_bout_: list[np.ndarray] = [np.zeros(s) for s in sizes]
        self.stretches_by_bout_: list[list[tuple[int, int]]] = [[] for _ in sizes]
        self.p_value_by_bout_: list[float] = [1.0] * len(sizes)
        self.quality_by_bout_: list[list[str]] = [[] for _ in sizes]
        self.evidence_: list[str] = []
        self.sensor_agreement_: float | None = None
        self.because_: list[str] = []
        if ic.size == 0 or acc_mps2.shape[0] == 0:
            return self

        def s2i(t: float) -> int:
            return int(round(t * fs))

        up, forward, right = (np.asarray(v, dtype=float) for v in (up, forward, right))
        ml = _project(acc_mps2, ic, s2i(self.ml_after_s[0]), max(s2i(self.ml_after_s[1]), 1), right)
        ml -= _project(acc_mps2, ic, s2i(self.ml_before_s[0]), max(s2i(self.ml_before_s[1]), 1), right)
        raw = [ml]  # > 0 at a left contact
        self.evidence_.append("medio-lateral acceleration")
        if gyr_dps is not None and gyr_dps.shape[0] == acc_mps2.shape[0]:
            a, b = s2i(self.gyro_window_s[0]), s2i(self.gyro_window_s[1])
            b = max(b, a + 1)
            raw.append(-_project(gyr_dps, ic, a, b, forward))  # roll rate < 0 at a left contact
            raw.append(-_project(gyr_dps, ic, a, b, up))  # yaw rate < 0 at a left contact
            self.evidence_ += ["roll rate", "yaw rate"]
        self._decide(raw, bounds, ic)
        return self

    def _decide(self, raw: list[np.ndarray], bounds: list[tuple[int, int]], ic: np.ndarray) -> None:
        """Evidence per contact from the raw features, then sides bout by bout."""
        sizes = np.array([b - a for a, b in bounds], dtype=np.int64)
        starts = np.array([a for a, _ in bounds], dtype=np.int64)
        kept = sizes > 0
        bout = np.repeat(np.arange(sizes.size), sizes)
        same_next = bout[:-1] == bout[1:]
        evidence = np.zeros(ic.size)  # relative to the neighbours (for the stretches)
        total_weight = 0.0
        centred: list[np.ndarray] = []  # per feature, bout median removed (for the alternation test)
        relative: list[np.ndarray] = []
        self.feature_weights_: list[float] = []
        for w, v in zip(self.weights, raw, strict=False):
            rel = _relative_to_neighbours(v, bout)
            scale = float(np.nanmedian(np.abs(rel))) if np.isfinite(rel).any() else 0.0
            if not np.isfinite(scale) or scale <= 0:
                self.feature_weights_.append(0.0)
                continue
            med = np.zeros(sizes.size)
            med[kept] = _bout_medians(v, bout, starts[kept], sizes[kept])
            c = np.clip((v - med[bout]) / scale, -self.clip, self.clip)
            # how strongly this feature alternates in this recording (minus the pooled lag-1
            # autocorrelation within bouts): a feature that carries no side signal here gets no say
            x = c - (np.bincount(bout, weights=c, minlength=sizes.size) / np.maximum(sizes, 1))[bout]
            num = -float(np.sum((x[:-1] * x[1:])[same_next]))
            den = float(np.sum(x * x))
            w = w * max(0.0, num / den) if den > 0 else 0.0
            self.feature_weights_.append(round(w, 3))
            if w <= 0:
                continue
            centred.append(c)
            relative.append(np.clip(np.nan_to_num(rel / scale), -self.clip, self.clip))
            evidence += w * relative[-1]
            total_weight += w
        if total_weight > 0:
            evidence /= total_weight  # the same scale with or without a gyroscope
        if len(self.evidence_) == 3 and all(self.feature_weights_) and ic.size >= 4:
            gyro = relative[1] + relative[2]
            if np.std(gyro) > 0 and np.std(relative[0]) > 0:
                self.sensor_agreement_ = float(np.corrcoef(relative[0], gyro)[0, 1])
        self.evidence_by_bout_ = [evidence[a:b] for a, b in bounds]
        features = np.array(centred) if centred else np.empty((0, ic.size))
        for k, (a, b) in enumerate(bounds):
            # each feature tested on its own (exact permutation tests), Bonferroni over the features;
            # the random orders depend only on the bout's length, not on the bouts before it
            p = 1.0
            if centred and b - a >= 4:
                ps = alternation_p_values(
                    features[:, a:b], n_permutations=self.n_permutations, seed=self.seed
                )
                p = float(min(1.0, len(ps) * ps.min()))
            self.p_value_by_bout_[k] = p
            self._label_bout(k, evidence[a:b], ic[a:b], p)
        self._explain()

    # ------------------------------------------------------------------ per bout

    def _switch_costs(self, ic: np.ndarray) -> np.ndarray:
        """Cost of a parity switch between contact ``k - 1`` and ``k`` (entry ``k - 1``)."""
        steps = np.diff(ic).astype(float)
        cost = np.full(steps.size, self.switch_cost)
        if steps.size >= 2:
            typical = float(np.median(steps))
            r = self.irregular_step_ratio
            odd = (steps > r * typical) | (steps < typical / r)
            # the step before or after the switch may be the odd one
            near = odd.copy()
            near[1:] |= odd[:-1]
            near[:-1] |= odd[1:]
            cost[near] = self.irregular_switch_cost
            cost[steps > self.gap_step_ratio * typical] = 0.0  # a pause: the parity starts afresh
        return cost

    def _label_bout(self, k: int, evidence: np.ndarray, ic: np.ndarray, p_value: float) -> None:
        m = evidence.size
        flags = self.quality_by_bout_[k]
        if m < max(4, self.min_contacts):
            flags += ["too_few_steps", "sides_unclear"]
            return
        if p_value > self.gate_alpha:
            flags += ["no_side_signal", "sides_unclear"]
            return
        z = evidence * np.where(np.arange(m) % 2 == 0, 1.0, -1.0)  # > 0: even contacts are left
        parity = np.asarray(_viterbi_two_states(z.tolist(), self._switch_costs(ic).tolist()))
        sides: list[str | None] = [None] * m
        conf = np.zeros(m)
        cuts = np.concatenate([[0], np.nonzero(np.diff(parity))[0] + 1, [m]]).tolist()
        stretches = list(zip(cuts[:-1], cuts[1:], strict=True))
        unclear = False
        for a, b in stretches:
            s = float(parity[a])
            agree = int(np.sum(s * z[a:b] > self.min_vote))
            against = int(np.sum(s * z[a:b] < -self.min_vote))
            c = min(1.0 - p_value, sign_test_confidence(agree, agree + against))
            if b - a < self.min_contacts or c < self.min_confidence:
                unclear = True
                continue
            for j in range(a, b):
                sides[j] = LEFT if (j % 2 == 0) == (s > 0) else RIGHT
                conf[j] = c
        self.sides_by_bout_[k] = sides
        self.confidence_by_bout_[k] = conf
        self.stretches_by_bout_[k] = stretches
        if all(x is None for x in sides):
            flags.append("sides_unclear")
        elif unclear:
            flags.append("sides_partly_unclear")
        if len(stretches) > 1:
            flags.append("alternation_broken")

    def _explain(self) -> None:
        self.because_ = [
            "evidence: " + ", ".join(self.evidence_) + " around each contact, relative to its neighbours",
            "a bout gets sides only when its evidence alternates from step to step more than chance "
            f"(permutation test, p <= {self.gate_alpha})",
            "sides are decided per stretch of steady alternation (sign test)",
            labelled_contacts(self.sides_by_bout_),
        ]
        if len(self.evidence_) == 1:
            self.because_.append("no gyroscope: acceleration only")
        if self.sensor_agreement_ is not None and self.sensor_agreement_ < 0:
            self.because_.append("acceleration and gyroscope evidence disagree: sides less certain")

    def describe(self) -> dict[str, Any]:
        """The because-trail for a result (also before ``label`` ran: then nothing was labelled)."""
        if not hasattr(self, "because_"):
            return {"evidence": [], "sensor_agreement": None, "because": ["no walking direction: no sides"]}
        agree = None if self.sensor_agreement_ is None else round(self.sensor_agreement_, 3)
        return {"evidence": list(self.evidence_), "sensor_agreement": agree, "because": list(self.because_)}


LABELLED_CONTACTS = " contacts labelled"  # the end of that line of the because-trail


def labelled_contacts(sides_by_bout: Iterable[Iterable[str | None]]) -> str:
    """The because-trail's count of contacts with a side: ``"N of M contacts labelled"``."""
    sides = [x for bout in sides_by_bout for x in bout]
    return f"{sum(x is not None for x in sides)} of {len(sides)}{LABELLED_CONTACTS}"


__all__ = [
    "LABELLED_CONTACTS",
    "SideLabeller",
    "alternation_p_values",
    "labelled_contacts",
    "sign_test_confidence",
]

"""InitialContactDetector: the pelvic-yaw veto on rhythm-recovered steps and the slower first step.

Synthetic signals: a vertical acceleration with one bump per step (0.55 s steps, 100 Hz) and a yaw
rate that changes sign at every step (a stride-frequency cosine), as the pelvis does in walking.
"""

from __future__ import annotations

import numpy as np

from backstride.gait.events import InitialContactDetector

FS = 100.0
STEP_S = 0.55


def _walk(amplitudes: list[float], first_s: float = 2.0, extra: tuple[float, float] | None = None):
    """Vertical acceleration with a Gaussian bump per step (``amplitudes``), optional extra bump
    (time, amplitude), and the step times."""
    n = int((first_s + STEP_S * len(amplitudes) + 3.0) * FS)
    t = np.arange(n) / FS
    times = first_s + STEP_S * np.arange(len(amplitudes))
    v = np.zeros(n)
    bumps = list(zip(times, amplitudes, strict=True)) + ([extra] if extra else [])
    for at, amp in bumps:
        v += amp * np.exp(-0.5 * ((t - at) / 0.06) ** 2)
    return v, times, t


def _yaw(t: np.ndarray, times: np.ndarray, skip: int | None) -> np.ndarray:
    """Yaw rate alternating at every step; with ``skip``, the step ``skip`` is not a step for the
    pelvis (the sign pattern continues as if it were absent)."""
    y = 20.0 * np.cos(np.pi * (t - times[0]) / STEP_S)
    if skip is not None:
        y = np.where(t >= times[skip] - STEP_S / 2, -y, y)
    return y


def _has_contact_near(det: InitialContactDetector, at_s: float) -> bool:
    return bool(np.any(np.abs(det.ic_idx_ / FS - at_s) < 0.2))


def test_weak_step_is_recovered_from_the_rhythm_without_a_gyroscope():
    amps = [3.0] * 20
    amps[10] = 1.0  # below the strong-peak threshold after filtering, above the weak one
    v, times, _ = _walk(amps)
    strong_only = InitialContactDetector(weak_peak_mps2=0.3).detect(v, sampling_rate_hz=FS)
    assert not _has_contact_near(strong_only, times[10])  # the step is weak indeed
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS)
    assert _has_contact_near(det, times[10])
    assert det.ic_idx_.size == 20


def test_yaw_keeps_a_recovered_step_when_the_pelvis_alternates_through_it():
    amps = [3.0] * 20
    amps[10] = 1.0
    v, times, t = _walk(amps)
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=_yaw(t, times, skip=None))
    assert _has_contact_near(det, times[10])
    assert det.ic_idx_.size == 20


def test_yaw_vetoes_a_recovered_step_between_contacts_of_opposite_feet():
    amps = [3.0] * 20
    amps[10] = 1.0
    v, times, t = _walk(amps)
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=_yaw(t, times, skip=10))
    assert not _has_contact_near(det, times[10])
    assert det.ic_idx_.size == 19
    for k in (9, 11):  # the strong neighbours stay
        assert _has_contact_near(det, times[k])


def test_yaw_never_vetoes_a_strong_step():
    v, times, t = _walk([3.0] * 20)
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=_yaw(t, times, skip=10))
    assert det.ic_idx_.size == 20


def test_rotation_free_yaw_of_zero_changes_nothing():
    amps = [3.0] * 20
    amps[10] = 1.0
    v, _, _ = _walk(amps)
    plain = InitialContactDetector().detect(v, sampling_rate_hz=FS).ic_idx_
    flat = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=np.zeros(v.size)).ic_idx_
    np.testing.assert_array_equal(plain, flat)


def test_a_slow_weak_first_step_is_found_before_the_walk():
    """The first step from standing lasts longer than a steady one: a weak bump 1.35 step times before
    the first strong step is taken as the first contact (outside the +-30 % window of a 1.0 step)."""
    v, times, _ = _walk([3.0] * 12, first_s=3.0, extra=(3.0 - 1.35 * STEP_S, 0.5))
    first = 3.0 - 1.35 * STEP_S
    assert _has_contact_near(InitialContactDetector().detect(v, sampling_rate_hz=FS), first)
    steady = InitialContactDetector(first_step_factor=1.0).detect(v, sampling_rate_hz=FS)
    assert not _has_contact_near(steady, first)


def test_a_step_without_any_bounce_is_taken_from_the_pelvic_yaw():
    """No vertical bump at all for step 10 (a turn's flat step): the rhythm says one is missing and the
    yaw half-wave of that step peaks there, so the contact is placed at the yaw peak."""
    amps = [3.0] * 20
    amps[10] = 0.0
    v, times, t = _walk(amps)
    plain = InitialContactDetector().detect(v, sampling_rate_hz=FS)
    assert not _has_contact_near(plain, times[10]) and plain.ic_idx_.size == 19
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=_yaw(t, times, skip=None))
    assert det.n_yaw_recovered_ == 1
    assert det.ic_idx_.size == 20
    assert abs(det.ic_idx_[10] / FS - times[10]) <= 0.05


def test_no_step_is_taken_from_the_yaw_when_the_pelvis_shows_none():
    """Same gap, but the yaw keeps one half-wave over it (no step for the pelvis): nothing is added."""
    amps = [3.0] * 20
    amps[10] = 0.0
    v, times, t = _walk(amps)
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=_yaw(t, times, skip=10))
    assert det.n_yaw_recovered_ == 0
    assert det.ic_idx_.size == 19


def test_weak_yaw_adds_nothing():
    """A yaw half-wave below ``min_yaw_dps`` is no evidence of a step."""
    amps = [3.0] * 20
    amps[10] = 0.0
    v, times, t = _walk(amps)
    faint = 0.2 * _yaw(t, times, skip=None)  # 4 deg/s peaks
    det = InitialContactDetector().detect(v, sampling_rate_hz=FS, yaw_dps=faint)
    assert det.ic_idx_.size == 19

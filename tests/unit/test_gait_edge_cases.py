"""Edge cases of analyze_gait: no/one/two contacts, other sampling rates, still recordings, gaps."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import signal
from tests.conftest import MOBILISED_LAB

from backstride.gait.bouts import WalkingBoutAssembler
from backstride.gait.evaluation import load_lab_trial, rotated, rotation_matrix
from backstride.gait.events import InitialContactDetector
from backstride.gait.kinematics import PelvisRangeEstimator, impact_peaks_g
from backstride.gait.orientation import ForwardEstimator
from backstride.gait.pipeline import analyze_gait
from backstride.gait.recording import Recording
from backstride.gait.sides import SideLabeller
from backstride.gait.spatial import StepLengthEstimator

FS = 100.0
G = 9.80665
STRAIGHT_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1"


def still(seconds: float, fs: float = FS, *, noise: float = 0.01, seed: int = 0) -> Recording:
    rng = np.random.default_rng(seed)
    n = int(seconds * fs)
    acc = np.tile([0.3, -0.2, G], (n, 1)) + rng.normal(0, noise, (n, 3))
    gyr = rng.normal(0, 0.2, (n, 3))
    return Recording(acc_mps2=acc, gyr_dps=gyr, sampling_rate_hz=fs, source_format="test")


def with_bumps(times_s: list[float], seconds: float = 10.0) -> Recording:
    """A still recording with one heel-strike-like bump of vertical acceleration per given time."""
    rec = still(seconds)
    acc = rec.acc_mps2.copy()
    t = np.arange(acc.shape[0]) / FS
    for t0 in times_s:
        acc[:, 2] += 3.0 * np.exp(-0.5 * ((t - t0 - 0.05) / 0.06) ** 2)
    return Recording(acc_mps2=acc, gyr_dps=rec.gyr_dps, sampling_rate_hz=FS, source_format="test")


def _check_contract_shape(d: dict) -> None:
    for key in ("sampling_rate_hz", "duration_s", "walking_bouts", "initial_contacts_s", "gait_factors"):
        assert key in d
    json.dumps(d, allow_nan=False)  # serialisable, no NaN
    codes = [f["code"] for f in d["gait_factors"]]
    assert codes == [
        "over_striding",
        "limited_pelvic_rotation",
        "uneven_steps",
        "forward_trunk_lean",
        "slow_speed",
    ]


@pytest.mark.parametrize("times", [[], [3.0], [3.0, 3.6]], ids=["zero", "one", "two"])
def test_zero_one_two_contacts_give_no_bout_and_no_crash(times):
    d = analyze_gait(with_bumps(times), height_cm=170).to_dict()
    _check_contract_shape(d)
    assert d["walking_bouts"] == []
    assert d["initial_contacts_s"] == []
    assert all(f["present"] is None for f in d["gait_factors"])
    assert d["walking_tolerance"]["longest_bout_s"] is None


def test_the_detector_finds_each_synthetic_bump():
    rec = with_bumps([3.0, 3.6])
    from backstride.gait.orientation import GravityEstimator

    g = GravityEstimator().estimate(rec.acc_mps2, sampling_rate_hz=FS)
    ic = InitialContactDetector().detect(g.vertical_acc_mps2_, sampling_rate_hz=FS).ic_idx_ / FS
    assert ic.size == 2
    assert np.allclose(ic, [3.0, 3.6], atol=0.1)  # at the steep rise just before each bump's peak


@pytest.mark.parametrize("n", [0, 1, 2])
def test_algorithms_accept_zero_one_two_contacts(n):
    x = np.random.default_rng(0).normal(size=(500, 3))
    ic = np.arange(n, dtype=np.int64) * 60 + 100
    sl = StepLengthEstimator().estimate(x[:, 0], ic, sampling_rate_hz=FS, pendulum_length_m=0.9)
    assert sl.step_length_m_.shape == (max(0, n - 1),)
    wba = WalkingBoutAssembler().assemble(ic, sampling_rate_hz=FS)
    assert wba.bouts_ == []
    pr = PelvisRangeEstimator().estimate(x, ic, sampling_rate_hz=FS)
    assert pr.rotation_rom_deg_.size == max(0, n - 2)
    fe = ForwardEstimator().estimate(
        x, ic, up=np.array([0, 0, 1.0]), vertical_band_mps2=x[:, 2], sampling_rate_hz=FS
    )
    assert fe.forward_ is None and not fe.confident_
    sl = SideLabeller().label(
        x, [ic], up=np.eye(3)[0], forward=np.eye(3)[2], right=np.eye(3)[1], sampling_rate_hz=FS
    )
    assert len(sl.sides_by_bout_[0]) == n
    assert impact_peaks_g(x, ic, sampling_rate_hz=FS).shape == (n,)


def test_empty_recording_gives_empty_result():
    rec = Recording(acc_mps2=np.empty((0, 3)), gyr_dps=None, sampling_rate_hz=FS, source_format="test")
    d = analyze_gait(rec).to_dict()
    _check_contract_shape(d)
    assert d["walking_bouts"] == [] and d["duration_s"] == 0.0


@pytest.mark.parametrize("seconds", [0.05, 1.0, 60.0])
def test_still_recording_has_no_walking(seconds):
    d = analyze_gait(still(seconds), height_cm=165).to_dict()
    _check_contract_shape(d)
    assert d["walking_bouts"] == []
    assert d["summary"]["n_bouts"] == 0


def _resampled(rec: Recording, fs_new: float) -> Recording:
    n_new = int(round(rec.n_samples * fs_new / rec.sampling_rate_hz))
    acc = signal.resample(rec.acc_mps2, n_new, axis=0)
    gyr = signal.resample(rec.gyr_dps, n_new, axis=0)
    return Recording(acc_mps2=acc, gyr_dps=gyr, sampling_rate_hz=fs_new, source_format="test")


@pytest.fixture(scope="module")
def straight():
    return load_lab_trial(STRAIGHT_WALK)


@pytest.fixture(scope="module")
def straight_100(straight):
    return analyze_gait(straight.recording, height_cm=straight.height_cm).to_dict()


@pytest.mark.parametrize("fs_new", [25.0, 400.0])
def test_other_sampling_rates_give_the_same_walk(straight, straight_100, fs_new):
    d = analyze_gait(_resampled(straight.recording, fs_new), height_cm=straight.height_cm).to_dict()
    assert d["sampling_rate_hz"] == fs_new
    assert len(d["walking_bouts"]) == len(straight_100["walking_bouts"]) == 1
    a, b = d["walking_bouts"][0], straight_100["walking_bouts"][0]
    assert abs(a["cadence_spm"] - b["cadence_spm"]) < 3.0
    assert abs(a["stride_length_m"] - b["stride_length_m"]) < 0.1
    assert abs(len(d["initial_contacts_s"]) - len(straight_100["initial_contacts_s"])) <= 1
    if fs_new < 50:
        assert "low_sampling_rate" in a["quality"]["impact_peak_g"]
        assert d["summary"]["impact_quality"] == ["low_sampling_rate"]  # the factor reads the summary
    else:
        assert d["summary"]["impact_quality"] == []


def test_straight_walk_is_plausible(straight_100):
    (b,) = straight_100["walking_bouts"]
    assert 95 < b["cadence_spm"] < 106  # reference 100.5
    # steady strides (the median leaves out the starting and stopping strides, which turn a little and
    # are shortened by the turning model): reference 1.26
    assert 1.1 < float(np.median([s["length_m"] for s in b["strides"]])) < 1.4
    assert 1.0 < b["stride_length_m"] < 1.4  # whole bout, start and stop included
    assert b["n_steps"] >= 9
    assert {s["side"] for s in b["strides"]} == {"left", "right"}
    assert b["pelvis"]["rotation_rom_deg"] is not None and b["pelvis"]["rotation_rom_deg"] > 0


def test_rotation_does_not_change_contacts(straight, straight_100):
    rot = rotation_matrix(np.random.default_rng(3))
    d = analyze_gait(rotated(straight.recording, rot), height_cm=straight.height_cm).to_dict()
    assert d["initial_contacts_s"] == straight_100["initial_contacts_s"]
    assert d["alignment"]["axes_hint"] is None
    # mounting unknown: the lean is measured against the quiet standing before and after the walk
    bout = d["walking_bouts"][0]
    assert bout["quality"]["trunk_flexion_mean_deg"] == ["relative_to_standing"]
    assert -10.0 < bout["trunk_flexion_mean_deg"] < 20.0


def test_gap_in_timestamps_splits_the_bout(straight, straight_100):
    rec = straight.recording
    gap = (6.5, 7.5)
    rec_gap = Recording(
        acc_mps2=rec.acc_mps2,
        gyr_dps=rec.gyr_dps,
        sampling_rate_hz=rec.sampling_rate_hz,
        source_format="test",
        gaps_s=(gap,),
    )
    d = analyze_gait(rec_gap, height_cm=straight.height_cm).to_dict()
    assert not any(gap[0] <= t <= gap[1] for t in d["initial_contacts_s"])
    for b in d["walking_bouts"]:
        for s in b["strides"]:
            assert s["end_s"] <= gap[0] or s["start_s"] >= gap[1]


def test_a_symptom_time_after_a_gap_is_flagged(straight):
    rec = straight.recording
    rec_gap = Recording(rec.acc_mps2, rec.gyr_dps, rec.sampling_rate_hz, "test", gaps_s=((7.0, 8.0),))
    d = analyze_gait(rec_gap, height_cm=straight.height_cm, symptom_at_s=6.5, stop_at_s=9.0).to_dict()
    assert d["walking_tolerance"]["quality"] == ["time_without_samples_before_stop"]


def test_unsupported_input_raises_recording_error():
    from backstride.core.errors import RecordingError

    with pytest.raises(RecordingError, match="sampling rate"):
        analyze_gait(Recording(np.zeros((100, 3)), None, 5.0, "test"))
    with pytest.raises(RecordingError, match="3 columns"):
        analyze_gait(Recording(np.zeros((100, 2)), None, 100.0, "test"))


def test_progress_is_reported_up_to_one(straight):
    seen: list[float] = []
    analyze_gait(straight.recording, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_walking_tolerance_from_symptom_times(straight):
    d = analyze_gait(straight.recording, height_cm=159, symptom_at_s=7.0, stop_at_s=9.0).to_dict()
    wt = d["walking_tolerance"]
    start = d["walking_bouts"][0]["start_s"]
    assert wt["time_to_first_symptom_s"] == pytest.approx(7.0 - start, abs=0.01)
    assert wt["time_to_stop_s"] == pytest.approx(9.0 - start, abs=0.01)
    assert 0 < wt["distance_to_first_symptom_m"] < wt["distance_to_stop_m"]
    assert wt["longest_bout_s"] > 4


def test_default_height_is_flagged(straight):
    d = analyze_gait(straight.recording).to_dict()
    assert d["parameters"]["height_is_default"] is True
    assert "default_height" in d["walking_bouts"][0]["quality"]["stride_length_m"]


def test_missing_samples_are_treated_like_a_gap(straight, straight_100):
    rec = straight.recording
    acc = rec.acc_mps2.copy()
    acc[650:750] = np.nan  # 6.5-7.5 s
    gyr = rec.gyr_dps.copy()
    gyr[650:750] = np.nan
    d = analyze_gait(
        Recording(acc, gyr, rec.sampling_rate_hz, "test"), height_cm=straight.height_cm
    ).to_dict()
    json.dumps(d, allow_nan=False)
    assert not any(6.5 <= t < 7.5 for t in d["initial_contacts_s"])
    assert d["walking_bouts"]  # the rest of the walk is still analysed


def test_without_gyroscope_everything_but_the_pelvis_is_measured(straight, straight_100):
    rec = straight.recording
    d = analyze_gait(
        Recording(rec.acc_mps2, None, rec.sampling_rate_hz, "test"), height_cm=straight.height_cm
    )
    out = d.to_dict()
    (b,) = out["walking_bouts"]
    assert out["initial_contacts_s"] == straight_100["initial_contacts_s"]
    assert b["pelvis"] == {"tilt_rom_deg": None, "obliquity_rom_deg": None, "rotation_rom_deg": None}
    assert b["quality"]["pelvis"] == ["no_gyroscope_or_direction"]
    assert b["cadence_spm"] == straight_100["walking_bouts"][0]["cadence_spm"]
    # no heading: strides keep the pendulum length and say that turns were not corrected
    assert "turns_not_corrected" in b["quality"]["stride_length_m"]
    assert "turns_not_corrected" not in straight_100["walking_bouts"][0]["quality"].get("stride_length_m", [])
    assert b["stride_length_m"] >= straight_100["walking_bouts"][0]["stride_length_m"]
    factors = {f["code"]: f for f in out["gait_factors"]}
    assert factors["limited_pelvic_rotation"]["present"] is None


@pytest.mark.parametrize("name", ["HA/001/TimeMeasure1_Test11_Trial1", "HA/002/TimeMeasure1_Test11_Trial1"])
def test_chunked_processing_gives_the_same_result(name):
    """Long recordings are searched in chunks; 40 s chunks on a 2-minute trial change nothing."""
    trial = load_lab_trial(MOBILISED_LAB / name)
    whole = analyze_gait(trial.recording, height_cm=trial.height_cm).to_dict()
    chunked = analyze_gait(trial.recording, height_cm=trial.height_cm, chunk_s=40.0).to_dict()
    assert chunked["initial_contacts_s"] == whole["initial_contacts_s"]
    assert chunked["walking_bouts"] == whole["walking_bouts"]
    assert chunked["alignment"] == whole["alignment"]


def test_turning_strides_are_shortened_straight_ones_are_not():
    from backstride.gait.spatial import turning_factor

    f = turning_factor(np.array([0.0, 5.0, -90.0, 90.0, 180.0, 270.0]))
    assert f[0] == 1.0 and f[1] > 0.999  # straight walking keeps the pendulum length
    assert f[2] == f[3] == pytest.approx(np.cos(np.radians(45.0)))  # left and right turns alike
    assert f[4] == pytest.approx(0.0, abs=1e-12) and f[5] == pytest.approx(0.0, abs=1e-12)


def continuous_walk(minutes: float, *, steps_per_s: float = 1.8, seed: int = 0) -> Recording:
    """A synthetic walk without a pause: vertical bounce once per step, sideways sway and pelvic yaw
    once per stride (sensor x up, y right, z forward), cadence drifting by 3 % over a minute."""
    rng = np.random.default_rng(seed)
    n = int(minutes * 60 * FS)
    t = np.arange(n) / FS
    phase = 2 * np.pi * np.cumsum(steps_per_s * (1 + 0.03 * np.sin(2 * np.pi * t / 60))) / FS
    acc = np.column_stack(
        [
            G + 1.6 * np.sin(phase) + 0.4 * np.sin(2 * phase + 1),
            0.7 * np.sin(phase / 2),
            1.0 * np.sin(phase + 1.2),
        ]
    ) + rng.normal(0, 0.25, (n, 3))
    gyr = np.column_stack(
        [18 * np.sin(phase / 2 + 0.5), 6 * np.sin(phase + 0.3), 10 * np.sin(phase / 2 - 0.4)]
    ) + rng.normal(0, 2.0, (n, 3))
    return Recording(acc_mps2=acc, gyr_dps=gyr, sampling_rate_hz=FS, source_format="test")


def test_twenty_minutes_of_walking_without_a_pause_is_one_bout_with_every_step_and_side() -> None:
    """Over 1024 contacts in one bout once crashed the side labelling (a float overflow)."""
    rec = continuous_walk(20)
    expected_steps = 20 * 60 * 1.8
    d = analyze_gait(rec, height_cm=170).to_dict()
    (bout,) = d["walking_bouts"]
    assert abs(bout["n_steps"] - expected_steps) <= 3
    assert bout["cadence_spm"] == pytest.approx(108, abs=1)
    sides = bout["contact_sides"]
    assert sum(s is not None for s in sides) >= 0.95 * len(sides)
    labelled = [s for s in sides if s is not None]
    assert all(a != b for a, b in zip(labelled, labelled[1:], strict=False))


@pytest.mark.parametrize("max_window_s", [2400.0, 3600.0])
def test_a_walk_joined_at_several_window_edges_keeps_every_step(max_window_s: float) -> None:
    """100 minutes without a pause, 20-minute windows that may grow to 40 or 60 minutes: the walk is
    joined at two or more cuts (it once vanished when a joined walk went on past the next cut)."""
    from backstride.gait.long_recording import LongRecordingAnalyzer
    from backstride.gait.readers.stream import RecordingStream

    rec = continuous_walk(100)
    whole = analyze_gait(rec, height_cm=170).to_dict()["walking_bouts"]
    analyzer = LongRecordingAnalyzer(height_cm=170, window_s=1200.0, max_window_s=max_window_s)
    windowed = analyzer.analyze(RecordingStream.from_recording(rec)).result_.to_dict()["walking_bouts"]
    assert len(analyzer.windows_) >= 3
    (bout,) = windowed
    assert bout["n_steps"] == whole[0]["n_steps"]
    assert bout["start_s"] == whole[0]["start_s"] and bout["end_s"] == whole[0]["end_s"]
    assert bout["cadence_spm"] == pytest.approx(whole[0]["cadence_spm"], abs=0.05)
    assert "merged_across_window_edge" in bout["quality"]["bout"]

"""Gait factors, walking tolerance and pelvis ranges on hand-made inputs."""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait import constants as C
from backstride.gait.factors import gait_factors, walking_tolerance
from backstride.gait.kinematics import PelvisRangeEstimator, forward_lean_deg


def summary(**kw):
    base = {
        "n_bouts": 2,
        "stride_length_m": 1.3,
        "impact_peak_g": 1.5,
        "pelvis": {"rotation_rom_deg": 9.0},
        "step_time_asymmetry_pct": 3.0,
        "trunk_flexion_mean_deg": 5.0,
        "trunk_flexion_quality": ["relative_to_standing"],
        "walking_speed_mps": 1.2,
    }
    base.update(kw)
    return base


def by_code(factors):
    return {f["code"]: f for f in factors}


def test_a_typical_walk_has_no_factor():
    f = by_code(gait_factors(summary(), height_m=1.70, height_is_default=False))
    assert [x["present"] for x in f.values()] == [False] * 5
    for x in f.values():
        assert x["explanation"] and x["evidence_grade"] and x["threshold"] and x["sources"]


def test_over_striding_needs_long_steps_and_a_hard_landing():
    long_soft = by_code(gait_factors(summary(stride_length_m=1.8), height_m=1.70, height_is_default=False))
    long_hard = by_code(
        gait_factors(summary(stride_length_m=1.8, impact_peak_g=2.4), height_m=1.70, height_is_default=False)
    )
    assert long_soft["over_striding"]["present"] is False
    assert long_hard["over_striding"]["present"] is True
    assert long_hard["over_striding"]["value"] == pytest.approx(0.9 / 1.7, abs=1e-3)
    assert "running" in long_hard["over_striding"]["explanation"]  # says it is defined only in running


def test_each_other_factor_switches_at_its_threshold():
    f = by_code(
        gait_factors(
            summary(
                pelvis={"rotation_rom_deg": C.LIMITED_PELVIC_ROTATION_DEG - 0.5},
                step_time_asymmetry_pct=C.UNEVEN_STEPS_PCT + 1,
                trunk_flexion_mean_deg=C.FORWARD_TRUNK_LEAN_DEG + 1,
                walking_speed_mps=C.SLOW_SPEED_MPS - 0.1,
            ),
            height_m=1.70,
            height_is_default=False,
        )
    )
    for code in ("limited_pelvic_rotation", "uneven_steps", "forward_trunk_lean", "slow_speed"):
        assert f[code]["present"] is True, code


def test_trunk_lean_with_the_sensor_tilt_included_is_not_judged():
    s = summary(trunk_flexion_mean_deg=25.0, trunk_flexion_quality=["includes_sensor_mounting_tilt"])
    f = by_code(gait_factors(s, height_m=1.70, height_is_default=False))
    assert f["forward_trunk_lean"]["present"] is None
    assert f["forward_trunk_lean"]["value"] == 25.0


def test_no_walking_means_unknown_not_absent():
    f = gait_factors({"n_bouts": 0, "pelvis": {}}, height_m=1.70, height_is_default=True)
    assert all(x["present"] is None for x in f)


def test_default_height_is_flagged_on_length_based_factors():
    f = by_code(gait_factors(summary(), height_m=1.70, height_is_default=True))
    assert "default_height" in f["over_striding"]["quality"]


def test_walking_tolerance_counts_walked_distance_only():
    bouts = [
        {"start_s": 10.0, "end_s": 70.0, "walking_speed_mps": 1.0},
        {"start_s": 100.0, "end_s": 400.0, "walking_speed_mps": 0.5},
    ]
    wt = walking_tolerance(bouts, symptom_at_s=200.0, stop_at_s=None)
    assert wt["longest_bout_s"] == 300.0 and wt["longest_bout_m"] == 150.0
    assert wt["time_to_first_symptom_s"] == 190.0
    assert wt["distance_to_first_symptom_m"] == pytest.approx(60.0 + 50.0)
    assert wt["time_to_stop_s"] is None


def test_a_time_after_hours_without_samples_is_flagged():
    # a recording with a 3-hour gap (phone off) and the symptom marked in it: the time to the first
    # symptom read "1 h 23 min" as if walked, and became a walking tolerance of 83 minutes
    bouts = [
        {"start_s": 4.0, "end_s": 11.0, "walking_speed_mps": 0.9},
        {"start_s": 10_804.0, "end_s": 10_810.0, "walking_speed_mps": 0.9},
    ]
    gaps = [(12.45, 10_800.0)]
    wt = walking_tolerance(bouts, symptom_at_s=5000.0, stop_at_s=10_808.0, gaps_s=gaps)
    assert wt["time_to_first_symptom_s"] == 4996.0  # the times stay what they are
    assert "time_without_samples_before_first_symptom" in wt["quality"]
    assert "time_without_samples_before_stop" in wt["quality"]
    before_the_gap = walking_tolerance(bouts, symptom_at_s=9.0, stop_at_s=10.0, gaps_s=gaps)
    assert before_the_gap["quality"] == []


def test_times_given_for_a_recording_without_walking_say_so():
    # the CLI then told the person who had given --symptom-at and --stop-at to give them
    wt = walking_tolerance([], symptom_at_s=10.0, stop_at_s=20.0)
    assert wt["time_to_first_symptom_s"] is None and wt["time_to_stop_s"] is None
    assert wt["quality"] == ["no_walking_found"]
    assert walking_tolerance([], symptom_at_s=None, stop_at_s=None)["quality"] == []


def test_a_symptom_before_the_walking_began_is_said_so():
    # "first symptom after 0 s (0 m)" read as if it came at the first step
    bouts = [{"start_s": 30.0, "end_s": 90.0, "walking_speed_mps": 1.0}]
    wt = walking_tolerance(bouts, symptom_at_s=10.0, stop_at_s=60.0)
    assert wt["time_to_first_symptom_s"] == 0.0 and wt["time_to_stop_s"] == 30.0
    assert wt["quality"] == ["first_symptom_before_walking"]


def test_pelvis_range_of_a_known_oscillation_and_turns():
    fs = 100.0
    t = np.arange(0, 10, 1 / fs)
    f_stride = 1.0  # one oscillation per stride (1 s)
    amp_deg = 4.0  # angle = amp * sin -> range 8 deg per stride
    rate = amp_deg * 2 * np.pi * f_stride * np.cos(2 * np.pi * f_stride * t)
    gyr = np.column_stack([rate + 0.5, rate, rate])  # a 0.5 deg/s bias on the first axis
    ic = np.arange(100, 900, 50)  # contacts every 0.5 s: strides of 1 s
    pr = PelvisRangeEstimator().estimate(gyr, ic, sampling_rate_hz=fs)
    assert np.allclose(pr.rotation_rom_deg_, 8.0, atol=0.2)  # bias removed by the per-stride detrend
    turning = gyr.copy()
    turning[:, 0] += 30.0  # turning at 30 deg/s
    est = PelvisRangeEstimator().estimate_bouts(turning, [ic], sampling_rate_hz=fs)
    assert np.allclose(est.turn_deg_by_bout_[0], 30.0 + 0.5, atol=1.0)
    assert np.allclose(est.rom_deg_by_bout_[0][:, 0], 8.0, atol=0.2)


def test_forward_lean_sign():
    up, fwd = np.array([1.0, 0, 0]), np.array([0, 0, 1.0])
    g_leaning_forward = np.array([np.cos(np.radians(10)), 0, -np.sin(np.radians(10))])
    assert forward_lean_deg(g_leaning_forward, up, fwd) == pytest.approx(10.0)
    assert forward_lean_deg(up, up, fwd) == pytest.approx(0.0)


def test_longest_bouts_keeps_the_longest_in_time_order():
    from backstride.gait.result import longest_bouts

    durations = [5, 50, 10, 40, 30, 20]
    bouts = [{"start_s": 100.0 * k, "end_s": 100.0 * k + d} for k, d in enumerate(durations)]
    assert longest_bouts(bouts, 10) == bouts
    shown = longest_bouts(bouts, 3)
    assert [b["end_s"] - b["start_s"] for b in shown] == [50, 40, 30]  # the three longest ...
    assert [b["start_s"] for b in shown] == sorted(b["start_s"] for b in shown)  # ... in time order


# ------------------------------------------------------------------ worn somewhere else than the lower back


def test_a_wrist_recording_gets_no_verdict_and_a_plain_warning():
    from backstride.gait.factors import placement_warning

    s = summary(walking_speed_mps=0.6, trunk_flexion_mean_deg=-12.0)
    f = gait_factors(s, height_m=1.70, height_is_default=False, body_location="right wrist")
    assert [x["present"] for x in f] == [None] * 5
    for x in f:
        assert "right wrist" in x["explanation"] and "lower back" in x["explanation"]
        assert "not_worn_at_lower_back" in x["quality"]
        assert x["value"] is None
    warning = placement_warning("right wrist")
    assert warning is not None
    assert warning.startswith("This recording says it was worn on the right wrist.")
    assert "treat them with care" in warning and "[D5]" in warning
    wt = walking_tolerance(
        [{"start_s": 0.0, "end_s": 60.0, "walking_speed_mps": 1.0}],
        symptom_at_s=30.0,
        stop_at_s=50.0,
        body_location="left ankle",
    )
    assert wt["longest_bout_s"] == 60.0 and wt["time_to_first_symptom_s"] == 30.0  # times still hold
    assert wt["longest_bout_m"] is None and wt["distance_to_first_symptom_m"] is None
    assert wt["distance_to_stop_m"] is None and "not_worn_at_lower_back" in wt["quality"]


@pytest.mark.parametrize(
    "where", [None, "", "lower back", "Lower-Back", "waist", "right hip", "L5", "sacrum"]
)
def test_lower_back_or_unknown_placement_changes_nothing(where):
    from backstride.gait.factors import placement_warning

    plain = gait_factors(summary(), height_m=1.70, height_is_default=False)
    assert gait_factors(summary(), height_m=1.70, height_is_default=False, body_location=where) == plain
    assert placement_warning(where) is None


@pytest.mark.parametrize("where", ["right wrist", "wrist", "left ankle", "thigh", "chest", "upper arm"])
def test_other_places_are_not_the_lower_back(where):
    from backstride.gait.recording import worn_at_lower_back

    assert worn_at_lower_back(where) is False


# ------------------------------------------------------------------ signs and rounding a person reads


def lean_text(deg):
    f = by_code(gait_factors(summary(trunk_flexion_mean_deg=deg), height_m=1.70, height_is_default=False))
    return f["forward_trunk_lean"]["explanation"]


def test_a_backward_lean_reads_as_leaning_back():
    text = lean_text(-12.46)
    assert "leaned back about 12 degrees" in text
    assert "-12" not in text and "forward" not in text.split("[")[0]
    assert "leaned forward about 8 degrees" in lean_text(7.5)  # half rounds away from zero
    for near_zero in (0.4, -0.4, 0.0):
        assert "about as upright as when standing" in lean_text(near_zero)
    tilted = summary(trunk_flexion_mean_deg=-20.0, trunk_flexion_quality=["includes_sensor_mounting_tilt"])
    text = by_code(gait_factors(tilted, height_m=1.70, height_is_default=False))["forward_trunk_lean"]
    assert "about 20 degrees back" in text["explanation"] and "-20" not in text["explanation"]


def test_one_rounding_rule_for_texts_and_shown_values():
    from backstride.gait.factors import shown

    assert shown(0.685, 2) == "0.69" and shown(1.005, 2) == "1.01" and shown(0.125, 2) == "0.13"
    assert shown(-0.4, 0) == "0" and shown(-12.5, 0) == "-13" and shown(2.5, 0) == "3"
    f = by_code(gait_factors(summary(walking_speed_mps=0.675), height_m=1.70, height_is_default=False))
    assert "0.68 m/s" in f["slow_speed"]["explanation"]  # f"{0.675:.2f}" gives 0.68 only by luck
    assert f["slow_speed"]["shown_value"] == "0.68 m/s"
    f = by_code(gait_factors(summary(walking_speed_mps=1.005), height_m=1.70, height_is_default=False))
    assert "1.01 m/s" in f["slow_speed"]["explanation"]  # f"{1.005:.2f}" says 1.00
    f = by_code(gait_factors(summary(step_time_asymmetry_pct=2.5), height_m=1.70, height_is_default=False))
    assert "differed by 3%" in f["uneven_steps"]["explanation"]  # f"{2.5:.0f}" says 2
    assert f["uneven_steps"]["shown_value"] == "3 %"


def test_a_summary_lean_does_not_mix_angles_from_standing_with_angles_from_the_sensors_upright() -> None:
    """A long recording whose second mounting had no quiet standing: its bouts' lean includes the
    sensor's tilt, so the summary (and the factor) use only the bouts measured against standing."""
    from backstride.gait.factors import gait_factors
    from backstride.gait.pipeline import summarize_bouts

    def bout(lean: float, flags: list[str], n_strides: int) -> dict:
        return {
            "n_strides": n_strides,
            "n_steps": 2 * n_strides + 1,
            "duration_s": 10.0,
            "distance_m": 8.0,
            "cadence_spm": 100.0,
            "stride_length_m": 1.1,
            "walking_speed_mps": 0.9,
            "step_time_asymmetry_pct": 5.0,
            "pelvis": {},
            "impact_peak_g": 1.2,
            "trunk_flexion_mean_deg": lean,
            "quality": {"trunk_flexion_mean_deg": flags},
        }

    standing = ["relative_to_standing"]
    tilt = ["includes_sensor_mounting_tilt"]
    mixed = [bout(5.0, standing, 10), bout(8.0, standing, 5), bout(40.0, tilt, 30)]
    summary = summarize_bouts(mixed, [*standing, *tilt])
    assert summary["trunk_flexion_mean_deg"] == pytest.approx((5.0 * 10 + 8.0 * 5) / 15, abs=0.01)
    assert summary["trunk_flexion_quality"] == standing
    lean = {f["code"]: f for f in gait_factors(summary, height_m=1.7, height_is_default=False)}[
        "forward_trunk_lean"
    ]
    assert lean["present"] is False  # 6 deg, not the 30 deg a mixed mean would give
    only_tilt = summarize_bouts([bout(40.0, tilt, 30)], tilt)  # nothing to prefer: kept as it is
    assert only_tilt["trunk_flexion_mean_deg"] == 40.0 and only_tilt["trunk_flexion_quality"] == tilt


@pytest.mark.parametrize("speed", [0.937, 0.9425, 0.94, 0.942, 0.9429])
def test_a_speed_that_rounds_to_the_slowest_norm_is_not_said_to_be_slower_than_itself(speed):
    # HA/001 Test5 Trial1 at 175 cm walks 0.937 m/s: "You walked at 0.94 m/s. Usual speeds for adults
    # are 0.94-1.43 m/s ... That is slower than usual" read as 0.94 being slower than 0.94
    import re

    from backstride.gait.factors import shown

    slow = by_code(gait_factors(summary(walking_speed_mps=speed), height_m=1.75, height_is_default=False))[
        "slow_speed"
    ]
    assert slow["present"] is True
    text = slow["explanation"]
    assert "That is slower than usual" not in text
    m = re.search(r"just under the slowest usual speed \(([0-9.]+) against ([0-9.]+) m/s\)", text)
    assert m, text
    walked, norm = m.groups()
    digits = len(walked.split(".")[1])
    assert walked == shown(speed, digits) and norm == shown(C.SLOW_SPEED_MPS, digits)
    assert float(walked) < float(norm)  # printed with digits enough to tell them apart
    assert text.startswith("You walked at 0.94 m/s.")  # the speed as shown everywhere else


def test_a_speed_well_below_the_norm_keeps_the_plain_wording():
    text = by_code(gait_factors(summary(walking_speed_mps=0.68), height_m=1.75, height_is_default=False))[
        "slow_speed"
    ]["explanation"]
    # the verdict right after the speed (review 2026-11-28: it came after the sources' limits)
    assert text.startswith("You walked at 0.68 m/s. That is slower than usual; ")
    assert "Usual speeds for adults are 0.94-1.43 m/s" in text and "0.943" not in text


def test_a_speed_just_at_or_above_the_slowest_norm_says_about_the_same():
    f = by_code(gait_factors(summary(walking_speed_mps=0.944), height_m=1.75, height_is_default=False))
    assert f["slow_speed"]["present"] is False
    assert "slower" not in f["slow_speed"]["explanation"]
    assert "about the same as the slowest usual speed" in f["slow_speed"]["explanation"]


def test_a_hard_landing_with_short_steps_is_not_called_a_soft_one():
    # the landing jolt was 3.6 g (over the 2.0 g bar) and the steps short: "That is not a long, hard step"
    # read as if the landing had not been hard
    f = by_code(
        gait_factors(summary(stride_length_m=1.0, impact_peak_g=3.6), height_m=1.70, height_is_default=False)
    )["over_striding"]
    assert f["present"] is False
    assert "not a long, hard step" not in f["explanation"]
    assert "hard" in f["explanation"] and "not long" in f["explanation"]


def test_long_steps_with_a_soft_landing_say_the_landing_was_not_hard():
    f = by_code(
        gait_factors(summary(stride_length_m=1.9, impact_peak_g=1.2), height_m=1.70, height_is_default=False)
    )["over_striding"]
    assert f["present"] is False
    assert "long" in f["explanation"] and "not hard" in f["explanation"]


def test_long_steps_are_not_judged_when_the_landing_cannot_be_measured():
    # below 50 Hz the ~5 ms heel-strike transient is blurred [D9]: a 17 Hz phone measured "1.1 g" and the
    # text said the landing was not hard, so long steps were judged "not over-striding" on a blurred jolt
    low = summary(stride_length_m=1.9, impact_peak_g=1.1, impact_quality=["low_sampling_rate"])
    f = by_code(gait_factors(low, height_m=1.70, height_is_default=False))["over_striding"]
    assert f["present"] is None
    assert "low_sampling_rate" in f["quality"]
    assert "50" in f["explanation"] and "[D9]" in f["explanation"] and "not hard" not in f["explanation"]
    # short steps are not over-striding however hard the landing: judged as before
    short = summary(stride_length_m=1.0, impact_peak_g=1.1, impact_quality=["low_sampling_rate"])
    assert (
        by_code(gait_factors(short, height_m=1.70, height_is_default=False))["over_striding"]["present"]
        is False
    )
    # a landing over the bar even blurred is hard: judged as before
    hard = summary(stride_length_m=1.9, impact_peak_g=2.5, impact_quality=["low_sampling_rate"])
    assert (
        by_code(gait_factors(hard, height_m=1.70, height_is_default=False))["over_striding"]["present"]
        is True
    )


def test_a_factor_carries_the_flags_its_measure_has_in_every_bout():
    # a shuffle at 50 steps/min: every bout's speed is flagged too_slow (the pendulum model is least
    # trustworthy there), yet the slow-speed factor said so nowhere: its quality held default_height only
    from backstride.gait.pipeline import summarize_bouts

    def bout(start: float, flags: list[str]) -> dict:
        return {
            "start_s": start, "end_s": start + 10, "duration_s": 10.0, "n_steps": 10, "n_strides": 4,
            "distance_m": 4.0, "cadence_spm": 50.0, "stride_length_m": 0.8, "walking_speed_mps": 0.35,
            "pelvis": {}, "impact_peak_g": 1.1,
            "quality": {"stride_length_m": flags, "walking_speed_mps": flags},
        }  # fmt: skip

    s = summarize_bouts([bout(0, ["too_slow", "too_noisy"]), bout(20, ["too_slow"])], [])
    assert s["walking_speed_quality"] == ["too_slow"] and s["stride_length_quality"] == ["too_slow"]
    f = by_code(gait_factors({**summary(), **s}, height_m=1.70, height_is_default=True))
    assert f["slow_speed"]["present"] is True
    assert f["slow_speed"]["quality"] == ["default_height", "too_slow"]
    assert f["over_striding"]["quality"] == ["default_height", "too_slow"]
    plain = by_code(gait_factors(summary(), height_m=1.70, height_is_default=False))
    assert plain["slow_speed"]["quality"] == [] and plain["over_striding"]["quality"] == []


def test_uneven_steps_carries_the_flags_of_every_bouts_asymmetry():
    # the ActiGraph sample's 19 % rested on bouts whose sides were partly unclear: the factor said nothing
    from backstride.gait.pipeline import summarize_bouts

    def bout(start: float, flags: list[str]) -> dict:
        return {
            "start_s": start, "end_s": start + 10, "duration_s": 10.0, "n_steps": 10, "n_strides": 4,
            "distance_m": 4.0, "step_time_asymmetry_pct": 19.0, "pelvis": {},
            "quality": {"step_time_asymmetry_pct": flags},
        }  # fmt: skip

    s = summarize_bouts([bout(0, ["exploratory", "alternation_broken"]), bout(20, ["exploratory"])], [])
    assert s["step_time_asymmetry_quality"] == ["exploratory"]
    f = by_code(gait_factors({**summary(), **s}, height_m=1.70, height_is_default=False))["uneven_steps"]
    assert f["quality"] == ["exploratory"]


def test_short_steps_and_a_soft_landing_are_neither():
    f = by_code(gait_factors(summary(), height_m=1.70, height_is_default=False))["over_striding"]
    assert "neither long nor hard" in f["explanation"]


def test_short_steps_with_a_blurred_landing_do_not_claim_the_landing_was_soft():
    # below 50 Hz the landing cannot be measured [D9]: short steps are still not over-striding, but the text
    # said 'the landing jolt was 1.1 g ... Your steps were neither long nor hard', a soft landing it could
    # not see
    short = summary(stride_length_m=1.0, impact_peak_g=1.1, impact_quality=["low_sampling_rate"])
    f = by_code(gait_factors(short, height_m=1.70, height_is_default=False))["over_striding"]
    assert f["present"] is False
    text = f["explanation"]
    assert "neither long nor hard" not in text and "1.1 g" not in text
    assert "not long" in text and "so this is not over-striding" in text
    assert "50 samples a second" in text and "[D9]" in text and "[D10]" in text


@pytest.mark.parametrize(
    ("kw", "code", "said"),
    [
        ({"trunk_flexion_mean_deg": 1.2}, "forward_trunk_lean", "leaned forward about 1 degree more"),
        (
            {"trunk_flexion_mean_deg": -1.0, "trunk_flexion_quality": ["includes_sensor_mounting_tilt"]},
            "forward_trunk_lean",
            "about 1 degree back from the sensor's own upright",
        ),
        ({"pelvis": {"rotation_rom_deg": 0.8}}, "limited_pelvic_rotation", "about 1 degree per stride"),
    ],
)
def test_one_degree_is_said_as_one_degree(kw, code, said):
    """A new-user test (2026-11-27) read "leaned forward about 1 degrees more" on a walk's page."""
    text = by_code(gait_factors(summary(**kw), height_m=1.70, height_is_default=False))[code]["explanation"]
    assert said in text and "1 degrees" not in text, text

"""gait_to_inputs: a gait result -> contract findings and relief-plan gait factor codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import MOBILISED_LAB, SHARED

from backstride.core.errors import InputError
from backstride.gait.evaluation import load_lab_trial
from backstride.gait.pipeline import analyze_gait
from backstride.services.gait_findings import GAIT_FACTOR_CODES, gait_to_inputs


def _factor(code: object, present: object) -> dict:
    return {"code": code, "present": present, "value": 1.0, "explanation": "x"}


def _result(**kw) -> dict:
    base = {
        "sampling_rate_hz": 100.0,
        "duration_s": 600.0,
        "walking_bouts": [],
        "initial_contacts_s": [],
        "gait_factors": [_factor(c, None) for c in GAIT_FACTOR_CODES],
        "walking_tolerance": {},
    }
    base.update(kw)
    return base


def test_codes_are_exactly_the_agreed_five():
    assert GAIT_FACTOR_CODES == (
        "over_striding",
        "limited_pelvic_rotation",
        "uneven_steps",
        "forward_trunk_lean",
        "slow_speed",
    )


def test_nothing_measured_gives_nothing():
    assert gait_to_inputs(_result()) == ({}, [])


def test_time_to_the_stop_wins_over_first_symptom_and_longest_bout():
    # findings.yaml: "before symptoms force a stop or slow-down"; the first symptom is only a lower bound
    r = _result(
        walking_tolerance={"time_to_first_symptom_s": 300.0, "time_to_stop_s": 600.0, "longest_bout_s": 900.0}
    )
    findings, _ = gait_to_inputs(r)
    assert findings["walking_tolerance_min"] == 10.0
    alone = _result(walking_tolerance={"time_to_first_symptom_s": 300.0, "longest_bout_s": 900.0})
    assert "walking_tolerance_min" not in gait_to_inputs(alone)[0]


def test_stop_is_the_fallback_and_an_unmarked_walk_gives_no_tolerance():
    assert gait_to_inputs(_result(walking_tolerance={"time_to_stop_s": 120.0}))[0] == {
        "walking_tolerance_min": 2.0
    }
    # Without symptom or stop marks, how long someone happened to walk is not their tolerance.
    assert gait_to_inputs(_result(walking_tolerance={"longest_bout_s": 90.0}))[0] == {}
    bouts = [{"start_s": 0.0, "end_s": 30.0}, {"start_s": 40.0, "end_s": 100.0}]
    assert gait_to_inputs(_result(walking_bouts=bouts))[0] == {}


def test_a_time_that_spans_a_stretch_without_samples_gives_no_tolerance():
    # the sensor was off for part of the time: it says nothing of how long the person walked
    tol = {"time_to_first_symptom_s": 4996.0, "time_to_stop_s": 10_804.0}
    flagged = {
        **tol,
        "quality": ["time_without_samples_before_first_symptom", "time_without_samples_before_stop"],
    }
    long = 11_000.0  # a recording of three hours, with the sensor off for part of them
    assert gait_to_inputs(_result(duration_s=long, walking_tolerance=flagged))[0] == {}
    only_symptom = {**tol, "time_to_stop_s": 60.0, "quality": ["time_without_samples_before_first_symptom"]}
    assert gait_to_inputs(_result(duration_s=long, walking_tolerance=only_symptom))[0] == {
        "walking_tolerance_min": 1.0
    }


def test_tolerance_is_capped_to_the_finding_range():
    twenty_hours = 20 * 3600.0
    findings, _ = gait_to_inputs(
        _result(duration_s=twenty_hours, walking_tolerance={"time_to_stop_s": twenty_hours})
    )
    assert findings["walking_tolerance_min"] == 600.0


def test_a_short_unmarked_lab_walk_does_not_raise_the_disposition():
    from backstride.services.assessment import assess

    trial = load_lab_trial(Path(MOBILISED_LAB) / "HA" / "001" / "TimeMeasure1_Test5_Trial1")
    findings, codes = gait_to_inputs(analyze_gait(trial.recording, height_cm=trial.height_cm))
    assert "walking_tolerance_min" not in findings
    base = {"age_years": 45, "worse_walking": True, "pain_low_back": True}
    assert assess({**base, **findings}, gait_factors=codes).disposition == assess(base).disposition


def test_long_strides_follows_over_striding_and_unknown_stays_absent():
    present = _result(gait_factors=[_factor("over_striding", True), _factor("slow_speed", False)])
    absent = _result(gait_factors=[_factor("over_striding", False)])
    assert gait_to_inputs(present) == ({"long_strides": True}, ["over_striding"])
    assert gait_to_inputs(absent) == ({"long_strides": False}, [])
    assert "long_strides" not in gait_to_inputs(_result())[0]


def test_only_present_factors_become_codes_in_fixed_order():
    factors = [_factor(c, True) for c in reversed(GAIT_FACTOR_CODES)] + [_factor("made_up", True)]
    _, codes = gait_to_inputs(_result(gait_factors=factors))
    assert codes == list(GAIT_FACTOR_CODES)


def test_findings_are_in_the_contract_vocabulary():
    vocab = yaml.safe_load((SHARED / "spec" / "findings.yaml").read_text())
    flat = {code: spec for group in vocab["groups"].values() for code, spec in group.items()}
    r = _result(walking_tolerance={"time_to_stop_s": 300.0}, gait_factors=[_factor("over_striding", True)])
    findings, _ = gait_to_inputs(r)
    for code, value in findings.items():
        spec = flat[code]
        if spec["kind"] == "number":
            assert spec["min"] <= value <= spec["max"]
        else:
            assert isinstance(value, bool)


def test_accepts_a_real_gait_result_object_and_its_dict():
    trial = load_lab_trial(Path(MOBILISED_LAB) / "HA" / "001" / "TimeMeasure1_Test5_Trial1")
    result = analyze_gait(trial.recording, height_cm=trial.height_cm, symptom_at_s=6.0, stop_at_s=8.0)
    from_obj = gait_to_inputs(result)
    from_dict = gait_to_inputs(result.to_dict())
    assert from_obj == from_dict
    assert from_obj[0]["walking_tolerance_min"] == pytest.approx(
        (8.0 - result.walking_bouts[0]["start_s"]) / 60, abs=0.01
    )
    assert set(from_obj[1]) <= set(GAIT_FACTOR_CODES)


MALFORMED = [
    ("not a gait result at all", {}, "walking_bouts and gait_factors missing"),
    ("tolerance not an object", _result(walking_tolerance=5), "walking_tolerance must be an object"),
    ("tolerance a string", _result(walking_tolerance={"time_to_stop_s": "abc"}), "time_to_stop_s"),
    ("tolerance too large", _result(walking_tolerance={"time_to_stop_s": 10**400}), "time_to_stop_s"),
    ("tolerance negative", _result(walking_tolerance={"time_to_first_symptom_s": -3}), "first_symptom"),
    # edited by hand: a time longer than the recording (1e300 s was taken as 600 minutes of walking)
    (
        "tolerance longer than the recording",
        _result(walking_tolerance={"time_to_stop_s": 601.0}),
        "walking_tolerance.time_to_stop_s is 601 s, longer than the whole recording \\(duration_s: 600 s\\)",
    ),
    (
        "tolerance of 1e300 s",
        _result(walking_tolerance={"time_to_first_symptom_s": 1e300}),
        "walking_tolerance.time_to_first_symptom_s is 1e\\+300 s, longer than the whole recording",
    ),
    (
        "tolerance without the recording's length",
        {k: v for k, v in _result(walking_tolerance={"time_to_stop_s": 60.0}).items() if k != "duration_s"},
        "walking_tolerance.time_to_stop_s needs the recording's length",
    ),
    ("factors not a list", _result(gait_factors="abc"), "gait_factors must be a list"),
    ("a factor not an object", _result(gait_factors=[1]), "gait_factors must be a list"),
    ("present as a word", _result(gait_factors=[_factor("over_striding", "no")]), "'over_striding' present"),
    # edited by hand: these were taken as they were (a factor under two verdicts kept the last one)
    ("bouts not a list", _result(walking_bouts="none"), "walking_bouts must be a list"),
    ("a code not a word", _result(gait_factors=[_factor(5, True)]), "gait_factors: a code must be one of"),
    (
        "a factor twice",
        _result(gait_factors=[_factor("over_striding", True), _factor("over_striding", False)]),
        "'over_striding' is given twice",
    ),
    ("summary not an object", _result(summary="x"), "summary must be an object"),
    # a tolerance flag written as one word, not a list: its letters were read as flags, so a time across
    # a stretch without samples became a walking tolerance of 2 minutes; a number crashed (TypeError)
    (
        "a tolerance flag not in a list",
        _result(
            walking_tolerance={
                "time_to_first_symptom_s": 120.0,
                "quality": "time_without_samples_before_first_symptom",
            }
        ),
        "walking_tolerance.quality must be a list of flag words",
    ),
    (
        "tolerance flags a number",
        _result(walking_tolerance={"time_to_stop_s": 120.0, "quality": 5}),
        "walking_tolerance.quality must be a list of flag words",
    ),
    (
        "a tolerance flag not a word",
        _result(walking_tolerance={"time_to_stop_s": 120.0, "quality": [["x"]]}),
        "walking_tolerance.quality must be a list of flag words",
    ),
    ("parameters not an object", _result(parameters="x"), "parameters must be an object"),
    (
        "a version not a word",
        _result(parameters={"algorithm_version": 4}),
        "algorithm_version must be like 'backstride-gait 5'",
    ),
    (
        "another program's result",
        _result(parameters={"algorithm_version": "mobgap 1.2"}),
        "algorithm_version must be like 'backstride-gait 5'",
    ),
    (
        "a future version",
        _result(parameters={"algorithm_version": "backstride-gait 99"}),
        "made by a newer backstride \\(backstride-gait 99\\); this one knows up to backstride-gait 5",
    ),
]


@pytest.mark.parametrize(
    "version", ["backstride-gait 1", "backstride-gait 3", "backstride-gait 4", "backstride-gait 5"]
)
def test_results_of_this_and_older_versions_are_taken(version: str):
    data = _result(parameters={"algorithm_version": version})
    data["gait_factors"][4]["present"] = True
    assert gait_to_inputs(data) == ({}, ["slow_speed"])


@pytest.mark.parametrize(("case", "data", "named"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_gait_dict_is_an_input_error_naming_the_part(case: str, data: object, named: str):
    # "present": "no" used to count as present (bool("no") is True); a number for the tolerance
    # object used to crash with AttributeError
    with pytest.raises(InputError, match=named):
        gait_to_inputs(data)  # type: ignore[arg-type]

"""The relief plan: seed advice kept visible with honest notes, gait factors first, matched to triage."""

from __future__ import annotations

import pytest

from backstride import assess
from backstride.core.errors import UnknownCodeError

MECHANICAL = {
    "age_years": 38,
    "pain_low_back": True,
    "worse_walking": True,
    "pain_leg": "none",
    "trend": "improving",
    "duration_weeks": 2,
}
LSS = {
    "age_years": 74,
    "leg_symptoms_side": "both_sides",
    "worse_walking": True,
    "relief_flexion": True,
    "no_pain_seated": True,
}


def codes(items) -> list[str]:
    return [i.code for i in items]


def test_self_care_plan_has_immediate_home_and_stretches() -> None:
    plan = assess(MECHANICAL).plan
    assert codes(plan.immediate)[:2] == ["shorter_strides", "slower_pace"]
    home = codes(plan.home)
    for code in (
        "cold_pack",
        "heat_after_48h",
        "stay_active",
        "walking_programme",
        "supportive_footwear",
        "engage_abdominals",
        "warning_signs",
    ):
        assert code in home
    assert codes(plan.stretches) == ["knee_to_chest", "cat_cow"]


def test_home_plan_timing_cold_now_heat_from_48h() -> None:
    plan = assess(MECHANICAL).plan
    cold = next(i for i in plan.home if i.code == "cold_pack")
    heat = next(i for i in plan.home if i.code == "heat_after_48h")
    assert "15-20 minutes" in (cold.timing or "") and "48 hours" in (heat.timing or "")
    # the 48 hours count from a flare-up, not from now (most people have had the pain for weeks)
    assert "flare-up" in (cold.timing or "") and "flare-up" in (heat.timing or "")
    whens = [t.when for t in plan.timeline]
    assert whens.index("first 48 h of a flare") < whens.index("after 48 h")


def test_stretches_are_numbered_steps_with_when_to_stop() -> None:
    d = assess(MECHANICAL).to_dict()["plan"]
    for stretch in d["stretches"]:
        assert stretch["steps"][0].startswith("1. ")
        assert "Stop" in stretch["stop_if"]


def test_honest_notes_where_trials_disagree() -> None:
    plan = assess(LSS).plan
    cane = next(i for i in plan.immediate if i.code == "walking_cane")
    assert cane.evidence_grade == "not_supported" and "trial" in cane.note
    cart = next(i for i in plan.immediate if i.code == "lean_forward_cart")
    assert cart.evidence_grade == "supported_mechanism" and cart.reason
    footwear = next(i for i in assess(MECHANICAL).plan.home if i.code == "supportive_footwear")
    assert "NICE" in footwear.note


def test_the_walking_plan_note_says_what_the_trial_found() -> None:
    # WalkBack [C11]: time to a flare 208 vs 112 days (it came later), activity-limiting flares HR
    # 0.72; the note read "nearly halved the return of back pain", which the trial did not find
    item = next(i for i in assess(MECHANICAL).plan.home if i.code == "walking_programme")
    assert "halved" not in item.note
    assert "208 days instead of 112" in item.note and "quarter fewer" in item.note
    assert item.sources == ("C11",)


def test_cart_not_offered_for_mechanical_pain_without_flexion_relief() -> None:
    assert "lean_forward_cart" not in codes(assess(MECHANICAL).plan.immediate)


def test_over_striding_puts_shorter_steps_first_with_the_measurement_as_reason() -> None:
    factor = {
        "code": "over_striding",
        "present": True,
        "explanation": "step length 0.52 of height, impact 2.3 g",
    }
    plan = assess(LSS, gait_factors=[factor]).plan
    first = plan.immediate[0]
    assert first.code == "shorter_strides"
    assert "0.52 of height" in (first.reason or "")
    assert plan.gait_factors == ("over_striding",)
    plain = assess(LSS, gait_factors=["over_striding"]).plan
    assert plain.immediate[0].code == "shorter_strides" and "recording" in (plain.immediate[0].reason or "")


def test_absent_gait_factor_is_ignored_and_unknown_is_an_error() -> None:
    plan = assess(MECHANICAL, gait_factors=[{"code": "slow_speed", "present": False}]).plan
    assert plan.gait_factors == ()
    twice = ["slow_speed", {"code": "slow_speed", "explanation": "0.6 m/s"}]  # the same verdict twice
    assert list(assess(MECHANICAL, gait_factors=twice).plan.gait_factors) == ["slow_speed"]
    with pytest.raises(UnknownCodeError, match="moonwalk"):
        assess(MECHANICAL, gait_factors=["moonwalk"])


@pytest.mark.parametrize(
    ("factors", "named"),
    [
        ("over_striding", "not one text"),  # a bare code was read letter by letter: 'o'
        ([3], "3"),  # was AttributeError: 'int' object has no attribute 'get'
        ([None], "None"),
        ([{"code": "over_striding", "present": "no"}], "present"),  # "no" counted as present
        ([{"code": "over_striding", "present": 0}], "present"),
        # found in review: an object's keys were read as present codes, {"over_striding": false} too
        ({"over_striding": False}, "not one object"),
        # found in review: present won over not present, whichever came first
        ([{"code": "over_striding", "present": False}, "over_striding"], "present and as not present"),
        ([{"code": "over_striding"}, {"code": "over_striding", "present": False}], "present and as not"),
    ],
)
def test_gait_factors_of_the_wrong_shape_are_refused_naming_the_problem(factors: object, named: str) -> None:
    from backstride.core.errors import InputError

    with pytest.raises(InputError, match=named):
        assess(MECHANICAL, gait_factors=factors)  # type: ignore[arg-type]


def test_emergency_plan_is_only_get_help() -> None:
    plan = assess({**MECHANICAL, "urinary_retention": True}).plan
    assert codes(plan.immediate) == ["emergency_now"]
    assert plan.home == () and plan.stretches == ()
    assert "emergency" in plan.see_clinician.lower()


def test_emergency_advice_is_not_watered_down_by_what_cannot_be_ruled_out() -> None:
    result = assess({"urinary_retention": True})
    assert result.disposition == "emergency"
    assert result.to_dict()["cannot_exclude"]  # still listed, apart from the advice
    assert "leg arteries" not in result.plan.see_clinician
    assert "leg arteries" in assess({"age_years": 65, "worse_walking": True}).plan.see_clinician


def test_urgent_plan_sees_clinician_today_without_exercise() -> None:
    plan = assess({**MECHANICAL, "fever": True}).plan
    assert codes(plan.immediate)[0] == "see_clinician_today"
    assert plan.stretches == ()
    assert "walking_programme" not in codes(plan.home)
    assert "today" in plan.see_clinician


def test_see_clinician_matches_disposition() -> None:
    assert "4 to 6 weeks" in assess(MECHANICAL).plan.see_clinician
    assert "one to two weeks" in assess(LSS).plan.see_clinician


@pytest.mark.parametrize(
    "findings",
    [MECHANICAL, LSS, {**LSS, "fever": True, "iv_drug_use": True}, {"urinary_retention": True}],
)
def test_every_timeline_step_cites_its_sources(findings) -> None:
    # the steps are advice ("Cold pack 15-20 min ...", "See a GP ...") and carried no source key
    from backstride.knowledge import load_knowledge

    kb = load_knowledge()
    result = assess(findings)
    steps = result.to_dict()["plan"]["timeline"]
    assert steps
    for step in steps:
        assert step["sources"], step
        assert set(step["sources"]) <= set(kb.sources), step
    cited = {k for i in result.plan.immediate + result.plan.home + result.plan.stretches for k in i.sources}
    cited |= set(kb.dispositions[result.disposition].sources)
    # the step that times the walk when the check did not ask it sums up the walking test's evidence
    from backstride.relief.plan import TIME_THE_WALK, TIME_THE_WALK_SOURCES

    cited |= {k for s in steps if s["text"] == TIME_THE_WALK for k in TIME_THE_WALK_SOURCES}
    assert {
        k for s in steps for k in s["sources"]
    } <= cited  # each key from the advice or disposition it sums up

"""Advice the relief plan leaves out while a warning rule fires, and says why (never in silence).

- Under 16 (``child_or_young_teen`` [A9, A21]): the plan was the adults' (stretches, Pilates, a
  walking programme, tightening the tummy while walking), with only "backstride is made for adults"
  as the reason for review. The exercises were studied in adults only [A9]: now they are left out,
  the plan says so and says to see a doctor, and keeps the general safe steps.
- A big fall more than 6 weeks ago, stable (``major_trauma``'s chronic clause, routine): the
  knee-to-chest stretch and the other exercises were offered though no one had checked for a broken
  bone [A1, A22]; now they wait for that check.
"""

from __future__ import annotations

import pytest

from backstride import assess
from backstride.services.foresight import question_plan

NO_SIGNS = {c: False for c in question_plan("person").screening_codes}
CASE = {
    **NO_SIGNS,
    "duration_weeks": 10,
    "leg_symptoms_side": "none",
    "onset": "gradual",
    "trend": "stable",
    "pain_severity_nrs": 4,
    "pain_leg": "none",
}
EXERCISES = {"knee_to_chest", "cat_cow", "exercise_programme", "engage_abdominals", "walking_programme"}


def items(plan: dict) -> set[str]:
    return {i["code"] for part in ("immediate", "home", "stretches") for i in plan[part]}


def test_an_adult_gets_the_exercises_and_nothing_is_held_back() -> None:
    plan = assess({**CASE, "age_years": 40}).to_dict()["plan"]
    assert EXERCISES <= items(plan)
    assert "held_back" not in plan  # the contract JSON of everyone else is unchanged


@pytest.mark.parametrize("age", [3, 10, 15])
def test_a_child_gets_no_adult_exercise_plan_and_is_told_why(age: int) -> None:
    result = assess({**CASE, "age_years": age}).to_dict()
    plan = result["plan"]
    assert result["disposition"] == "routine"
    assert not EXERCISES & items(plan)  # was the adults' plan
    assert {"warning_signs", "stay_active"} <= items(plan)  # general, safe, sourced steps stay
    (held,) = plan["held_back"]
    assert held["rule"] == "child_or_young_teen" and {"A9"} <= set(held["sources"])
    assert EXERCISES <= set(held["advice"]) and "Knee-to-chest stretch" in held["titles"]
    said = plan["see_clinician"]
    assert "under 16" in said and "Knee-to-chest stretch" in said and "[A9" in said
    assert all("stretch" not in step["text"].lower() for step in plan["timeline"])


@pytest.mark.parametrize("age", [40, 75])
def test_a_stable_old_fall_waits_for_a_bone_check_before_stretches(age: int) -> None:
    result = assess({**CASE, "age_years": age, "significant_trauma": True}).to_dict()
    plan = result["plan"]
    assert result["disposition"] == "routine"  # the chronic clause's level: never lowered further
    assert "major_trauma" in {h["code"] for h in result["red_flags"]}
    assert "knee_to_chest" not in items(plan) and "cat_cow" not in items(plan)  # was offered
    (held,) = plan["held_back"]
    assert held["rule"] == "major_trauma" and {"A1", "A22"} <= set(held["sources"])
    assert "broken" in held["reason"] and "Knee-to-chest stretch" in plan["see_clinician"]
    # the level is a routine visit, so the reason speaks of what the old injury may have done, not of
    # a bone broken now (it read "A bone in your spine may be broken" beside "book a check")
    assert "may be broken" not in held["reason"] and "may have broken" in held["reason"]


def test_a_recent_fall_is_an_emergency_plan_that_names_what_waits() -> None:
    result = assess({**CASE, "duration_weeks": 1, "significant_trauma": True, "age_years": 40}).to_dict()
    assert result["disposition"] == "emergency"
    plan = result["plan"]
    assert items(plan) == {"emergency_now"}  # the only step
    # e2: the article's advice is named as left for later (it was dropped in silence)
    (held,) = plan["held_back"]
    assert held["rule"] == "major_trauma" and {"knee_to_chest", "shorter_strides"} <= set(held["advice"])
    assert "Left out" not in plan["see_clinician"]  # nothing waters down "go now"


def test_a_child_after_a_fall_is_told_both_reasons_each_item_once() -> None:
    plan = assess({**CASE, "age_years": 12, "significant_trauma": True}).to_dict()["plan"]
    rules = [h["rule"] for h in plan["held_back"]]
    assert sorted(rules) == ["child_or_young_teen", "major_trauma"]
    listed = [code for h in plan["held_back"] for code in h["advice"]]
    assert len(listed) == len(set(listed))


def test_the_loader_refuses_a_hold_back_of_unknown_or_safety_advice(tmp_path) -> None:
    import shutil

    from backstride.knowledge import DATA_DIR, validate_knowledge

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    old = "advice: [knee_to_chest, cat_cow, exercise_programme]"
    assert old in text
    path.write_text(text.replace(old, "advice: [knee_to_chin, warning_signs]", 1), encoding="utf-8")
    joined = "\n".join(validate_knowledge(data))
    assert "rules.major_trauma.holds_back.advice: unknown advice item 'knee_to_chin'" in joined
    assert "rules.major_trauma.holds_back.advice: safety advice is never left out" in joined


def test_a_long_standing_possible_broken_bone_also_waits_for_the_check() -> None:
    # sudden pain with thin bones, 20 weeks ago and stable: suspected_fracture at its chronic level
    findings = {**CASE, "age_years": 66, "osteoporosis": True, "onset": "sudden", "duration_weeks": 20}
    result = assess(findings).to_dict()
    assert result["disposition"] == "routine"
    assert "knee_to_chest" not in items(result["plan"])
    (held,) = result["plan"]["held_back"]
    assert held["rule"] == "suspected_fracture" and "may have broken" in held["reason"]


def test_osteoporosis_without_a_sudden_start_holds_nothing_back() -> None:
    # no rule fires: the stretches stay, with their own stop-if advice (documented in knowledge-base.md)
    plan = assess({**CASE, "age_years": 66, "osteoporosis": True}).to_dict()["plan"]
    assert "knee_to_chest" in items(plan) and "held_back" not in plan


def test_the_fhir_care_plan_cites_why_advice_is_left_out() -> None:
    # the see-clinician activity's "Sources:" left out the keys of the advice held back (A1, A22 for
    # an old fall), though its text cites them
    from backstride.fhir.export import see_clinician_sources
    from backstride.knowledge import load_knowledge

    result = assess({**CASE, "age_years": 40, "significant_trauma": True}).to_dict()
    (held,) = result["plan"]["held_back"]
    assert set(held["sources"]) <= set(see_clinician_sources(result, load_knowledge()))

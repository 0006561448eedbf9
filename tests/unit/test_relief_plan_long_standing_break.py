"""A likely broken bone set at a routine check by its long-standing clause keeps the stretches back.

Knowledge 1.15.0 made a broken bone more likely than not, in pain that began 12 weeks ago or more and
is not getting worse, a routine check instead of a visit today (``long_standing``). At a visit today
the plan has no stretches (they are offered at self-care and routine only); at the new routine level
it offered the knee-to-chest and cat-cow stretches and the exercise programme to someone whose
likeliest cause was a broken bone (85-95%), when no warning rule held them back: a gradual start, or
"don't know" to how it started (``suspected_fracture`` needs a sudden start). With a sudden start the
rule's chronic clause holds them back until a clinician has checked, usually with an X-ray [A1, A22];
an unknown start must not give the looser plan. The clause now holds back the same advice.
"""

from __future__ import annotations

import pytest

from backstride import assess
from backstride.services.foresight import question_plan

NO_SIGNS = {c: False for c in question_plan("person").screening_codes}
THIN_BONES = {
    **NO_SIGNS,
    "age_years": 81,
    "sex": "female",
    "long_term_steroids": True,
    "osteoporosis": True,
    "duration_weeks": 20,
    "trend": "stable",
    "pain_severity_nrs": 8,
    "relief_lying": True,
}
LOADED = {"knee_to_chest", "cat_cow", "exercise_programme"}


def items(plan: dict) -> set[str]:
    return {i["code"] for part in ("immediate", "home", "stretches") for i in plan[part]}


@pytest.mark.parametrize("onset", ["gradual", None, "sudden"])
def test_a_likely_old_break_at_a_routine_check_waits_for_the_bone_check(onset: str | None) -> None:
    findings = {**THIN_BONES, "onset": onset} if onset else THIN_BONES
    result = assess(findings).to_dict()
    assert result["disposition"] == "routine"
    top = result["conditions"][0]
    assert top["code"] == "vertebral_fracture" and top["probability"] > 0.5
    plan = result["plan"]
    assert not LOADED & items(plan)  # offered before, with no rule to hold them back
    assert all("stretch" not in step["text"].lower() for step in plan["timeline"])
    (held,) = plan["held_back"]
    assert set(held["advice"]) == LOADED and {"A1", "A22"} <= set(held["sources"])
    said = plan["see_clinician"]
    assert "Knee-to-chest stretch" in said and "X-ray" in said and "[A" in said
    assert "today" not in said.lower()  # a routine check: never "see a doctor today" in its words


def test_a_worsening_likely_break_is_still_a_visit_today_without_stretches() -> None:
    result = assess({**THIN_BONES, "onset": "gradual", "trend": "worsening"}).to_dict()
    assert result["disposition"] == "urgent"
    plan = result["plan"]
    assert not LOADED & items(plan)
    # e2: an urgent plan names the article's advice it leaves for later (it dropped it in silence)
    (held,) = plan["held_back"]
    assert LOADED - {"exercise_programme"} <= set(held["advice"])  # the programme is not the article's
    assert held["reason"].startswith("Wait until a clinician has seen you.")
    assert "Left out" not in plan["see_clinician"]  # "see a doctor today" stays alone


def test_a_possible_break_that_is_not_likely_keeps_its_plan() -> None:
    """Below more likely than not the cause never set a visit today: the plan is as before."""
    findings = {**THIN_BONES, "onset": "gradual", "long_term_steroids": False, "osteoporosis": False}
    result = assess(findings).to_dict()
    assert result["disposition"] in ("routine", "self_care")
    assert "vertebral_fracture" not in {h["rule"] for h in result["plan"].get("held_back", ())}

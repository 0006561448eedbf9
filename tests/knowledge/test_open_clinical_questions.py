"""What docs/knowledge-base.md, "Open clinical questions (2026-11-27)", says the knowledge does today.

Three judgements EVIDENCE.md does not settle are left as they are; these tests keep the doc's
description true, so a change to any of them is made on purpose and the doc is updated with it.
"""

from __future__ import annotations

from backstride.assessment import evaluate
from backstride.relief.plan import build_plan


def test_a_likely_infection_after_10_stable_weeks_is_still_a_visit_today() -> None:
    result = evaluate(
        {
            "iv_drug_use": True,
            "immunosuppressed": True,
            "recent_infection_or_procedure": True,
            "fever": False,
            "sex": "male",
            "age_years": 40,
            "duration_weeks": 10,
            "trend": "stable",
        }
    )
    (rule,) = [h for h in result.red_flags if h.code == "infection_risk"]
    assert rule.chronic and rule.disposition == "routine"  # the rule's own clause: a routine check
    assert result.leading.code == "spinal_infection" and 0.5 <= result.leading.probability < 0.6
    assert result.disposition == "urgent" and result.disposition_because == ("condition:spinal_infection",)


def test_under_16_the_plan_keeps_the_walking_tips_and_holds_back_the_exercises() -> None:
    result = evaluate({"age_years": 12, "worse_walking": True, "duration_weeks": 2, "trend": "stable"})
    plan = build_plan(result)
    kept = {i.code for i in plan.immediate + plan.home + plan.stretches}
    assert {"shorter_strides", "slower_pace"} <= kept
    (held,) = plan.held_back
    assert held.rule == "child_or_young_teen" and {"knee_to_chest", "walking_programme"} <= set(held.advice)


def test_a_fever_when_injecting_drugs_is_an_emergency() -> None:
    result = evaluate({"fever": True, "iv_drug_use": True})
    assert result.disposition == "emergency"
    assert [h.code for h in result.red_flags if h.disposition == "emergency"] == ["fever_with_infection_risk"]

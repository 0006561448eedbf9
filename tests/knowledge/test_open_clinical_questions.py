"""What docs/knowledge-base.md, "Open clinical questions (2026-11-27)", says the knowledge does today.

Judgements EVIDENCE.md does not settle are left as they are; these tests keep the doc's
description true, so a change to any of them is made on purpose and the doc is updated with it.
"""

from __future__ import annotations

import json
from pathlib import Path

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


# docs/knowledge-base.md: "A mild, improving sciatica whose walking pain is worst in the calf is a
# routine visit, not self-care" (knowledge 1.19.0, judgement [B8, B9])
YOUNG_SCIATICA = {
    "age_years": 35.0,
    "sex": "male",
    "pain_leg": "below_knee",
    "leg_symptoms_side": "one_side",
    "trend": "improving",
    "pain_severity_nrs": 4.0,
    "duration_weeks": 3.0,
    "worse_walking": True,
    "smoker": False,
    "diabetes": False,
    "vascular_disease": False,
    "cold_pale_feet": False,
}


def test_calf_worst_in_a_mild_improving_sciatica_is_a_visit_because_the_arteries_stay_open() -> None:
    assert evaluate({**YOUNG_SCIATICA, "pain_calf_main": False}).disposition == "self_care"
    result = evaluate({**YOUNG_SCIATICA, "pain_calf_main": True})
    assert result.leading.code == "lumbar_radiculopathy"
    assert result.disposition == "routine"
    # the result cannot rule out narrowed arteries, even with no vascular risk factor: self-care
    # under that note would say both "stay home" and "get your pulses checked"
    (mimic,) = result.mimics
    assert mimic.condition == "vascular_claudication" and 0.01 <= mimic.probability < 0.05


def _cook_four(f: dict) -> bool:
    both = f.get("leg_symptoms_side") == "both_sides" or f.get("pain_buttock") == "both_sides"
    walking = bool(f.get("worse_walking") or f.get("worse_standing"))
    return both and walking and bool(f.get("relief_sitting")) and (f.get("age_years") or 0) > 48


def test_the_vignettes_with_four_cook_items_all_rank_stenosis_first() -> None:
    # docs/knowledge-base.md, "The Cook cluster and the lower-back-pain ratio": the cluster could
    # change only the chances on the vignettes, not the ranking or the level
    files = (
        "../shared/data/vignettes/dev.jsonl",
        "tests/data/holdout_vignettes.jsonl",
        "tests/data/holdout_vignettes_b.jsonl",
    )
    rows = [
        json.loads(line) for name in files for line in Path(name).read_text().splitlines() if line.strip()
    ]
    four = [v for v in rows if _cook_four(v["findings"])]
    assert len(rows) == 140 and len(four) == 11
    chances = []
    for v in four:
        result = evaluate(v["findings"])
        assert result.leading.code == "lumbar_spinal_stenosis"
        assert "lumbar_spinal_stenosis" in {v["gold_condition"], *(v.get("acceptable_conditions") or ())}
        chances.append(result.leading.probability)
    assert sum(v["gold_condition"] == "lumbar_spinal_stenosis" for v in four) == 8
    assert round(sum(chances) / len(chances), 3) == 0.935

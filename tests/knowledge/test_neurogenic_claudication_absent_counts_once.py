"""EVIDENCE.md B.1's "neurogenic claudication absent" row (LR 0.23 [B1]) counts once.

Since questions 1.7.0 every check asks "Does walking bring the pain on or make it worse?". A "No"
there is B1's "neurogenic claudication absent" (0.23); "Neither leg" with no buttock pain said the
same row again (0.3, judgement, "neurogenic claudication absent (LR 0.23)"): a narrowed canal was
lowered x0.069 by one row of the evidence. Now the row counts once (0.23 when walking is "No", else
0.3 from "Neither leg"): answers that repeat one idea are counted once (conditions.yaml's header).
Not a diagnosis.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from backstride.assessment.engine import evaluate

# the answers about the legs and walking that say whether walking brings on buttock or leg symptoms
LEG_OR_WALKING = {"leg_symptoms_side", "pain_leg", "pain_buttock", "worse_walking"}
NEITHER_LEG = {
    "age_years": 63.0,
    "duration_weeks": 104.0,
    "trend": "stable",
    "pain_low_back": True,
    "leg_symptoms_side": "none",
    "pain_buttock": "none",
}


def _stenosis_ratios(findings: dict[str, Any]) -> list[tuple[str, Any]]:
    stenosis = next(c for c in evaluate(findings).conditions if c.code == "lumbar_spinal_stenosis")
    return [(c.finding, c.value) for c in stenosis.contributions]


@pytest.mark.parametrize("walking", [False, True, None])
def test_neither_leg_and_walking_count_the_absent_row_once(walking: bool | None) -> None:
    ratios = _stenosis_ratios({**NEITHER_LEG, "worse_walking": walking})
    absent = [r for r in ratios if r in {("worse_walking", False), ("leg_symptoms_side", "none")}]
    assert len(absent) == 1, ratios


def test_walking_no_gives_the_published_ratio() -> None:
    assert ("worse_walking", False) in _stenosis_ratios({**NEITHER_LEG, "worse_walking": False})


@pytest.mark.parametrize("walking", [False, True, None])
@pytest.mark.parametrize("leg_pain", [{"pain_leg": "none"}, {}], ids=["said", "read from Neither leg"])
def test_neither_leg_is_not_counted_again_as_no_leg_pain(
    walking: bool | None, leg_pain: dict[str, str]
) -> None:
    # "Neither leg" has pain, numbness or heaviness already says the pain does not go down a leg
    # (questions.yaml reads it so); counting "No leg pain" (0.5) beside it lowered a narrowed canal
    # x0.15, further than B1's one row for the whole idea, "neurogenic claudication absent" (0.23)
    # (knowledge 1.30.0)
    findings = {**NEITHER_LEG, **leg_pain, "worse_walking": walking}
    stenosis = next(c for c in evaluate(findings).conditions if c.code == "lumbar_spinal_stenosis")
    assert ("pain_leg", "none") not in [(c.finding, c.value) for c in stenosis.contributions]
    leg_or_walking = [c.likelihood_ratio for c in stenosis.contributions if c.finding in LEG_OR_WALKING]
    assert math.prod(leg_or_walking) >= 0.23 - 1e-9, leg_or_walking


def test_no_leg_pain_still_counts_beside_a_numb_leg() -> None:
    # numbness in one leg without leg pain: "No leg pain" is an answer of its own there
    findings = {**NEITHER_LEG, "leg_symptoms_side": "one_side", "pain_leg": "none", "worse_walking": True}
    assert ("pain_leg", "none") in _stenosis_ratios(findings)

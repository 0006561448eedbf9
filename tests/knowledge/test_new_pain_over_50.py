"""New back pain over the age of 50, with no other sign, is a routine visit (knowledge 1.35.0, c6).

Before, a man of 68 with sudden, new pain of 6 out of 10 and every warning sign "no" was told
self-care: the engine did not escalate on age alone. EVIDENCE.md A.3 says "Weight loss or age >50
alone -> ROUTINE review (do not escalate on these alone)", and A.9's routine row lists "age >50 with
new pain without other flags" [A2][A21]: "do not escalate" means no higher than routine, not self-care
(weight loss alone was already routine). The rule ``new_pain_over_50`` gives that routine floor and
nothing higher (post-test under 1% for age alone [A2]). "New" is this episode under 12 weeks; pain
known to be getting better stays self-care (A.9's self-care row names "improving"; a judgement).
Not a diagnosis.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.knowledge.test_sudden_pain_with_faintness import NO_WARNING_SIGNS
from typer.testing import CliRunner

from backstride.assessment import evaluate
from backstride.cli.main import app
from backstride.knowledge import DISPOSITION_RANK, load_knowledge

#: the case from the last session's list: 68, sudden new pain of 6 out of 10, no other sign
NEW_PAIN_AT_68 = {
    **NO_WARNING_SIGNS,
    "age_years": 68,
    "sex": "male",
    "onset": "sudden",
    "pain_severity_nrs": 6,
    "duration_weeks": 0,
    "pain_low_back": True,
    "leg_symptoms_side": "none",
    "worse_walking": False,
}


def test_new_pain_at_68_is_a_routine_visit() -> None:
    result = evaluate(NEW_PAIN_AT_68)
    assert result.disposition == "routine"
    assert result.disposition_because == ("new_pain_over_50",)
    assert not result.red_flags  # a reason for review, not a red flag
    hit = next(h for h in result.escalations if h.code == "new_pain_over_50")
    assert "new after the age of 50" in hit.message and "not serious" in hit.message


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_same_from_an_answers_file(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": NEW_PAIN_AT_68}), encoding="utf-8")
    out = CliRunner().invoke(app, ["assess", "--answers", str(path), "--json", "--mode", mode])
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    assert result["disposition"] == "routine"
    assert "new_pain_over_50" in result["disposition_because"]


@pytest.mark.parametrize(
    ("change", "level"),
    [
        ({"age_years": 51}, "routine"),
        ({"age_years": 50.5}, "routine"),  # over 50, not only from 51
        ({"age_years": 50}, "self_care"),  # "over 50": 50 itself is not
        ({"trend": "worsening"}, "routine"),
        ({"trend": "stable"}, "routine"),
        ({"trend": "improving"}, "self_care"),  # A.9's self-care row: improving (judgement)
        ({"duration_weeks": 11.5}, "routine"),
        ({"duration_weeks": 12, "trend": "improving"}, "self_care"),  # not new any more
        ({"duration_weeks": None}, "self_care"),  # not known to be new: the rule does not fire
        ({"age_years": None}, "self_care"),  # unknown never fires a rule
    ],
)
def test_the_lines(change: dict[str, object], level: str) -> None:
    answers = {k: v for k, v in {**NEW_PAIN_AT_68, **change}.items() if v is not None}
    assert evaluate(answers).disposition == level


@pytest.mark.parametrize(
    ("extra", "level", "rule"),
    [
        ({"age_years": 71}, "urgent", "suspected_fracture"),  # a sudden start over 70: the bone, same day
        ({"sudden_pain_with_faintness": True}, "emergency", "aortic_aneurysm_faint"),
        ({"history_of_cancer": True}, "urgent", "cancer_history"),
    ],
)
def test_it_never_lowers_a_higher_rule(extra: dict[str, object], level: str, rule: str) -> None:
    result = evaluate({**NEW_PAIN_AT_68, **extra})
    assert result.disposition == level
    assert rule in result.disposition_because


def test_it_is_a_reason_for_review_not_a_red_flag_and_says_its_sources() -> None:
    rule = load_knowledge().red_flag_rules["new_pain_over_50"]
    assert rule.disposition == "routine" and not rule.red_flag
    assert list(rule.sources) == ["A2", "A21"]
    assert "A.3" in rule.text and "A.9" in rule.text


def test_a_routine_visit_is_never_below_what_it_was() -> None:
    # over the ages and lengths around the lines, the level is never below the one without the rule
    for age in (45, 50, 51, 60, 69):
        for weeks in (0, 3, 8, 11, 12, 20):
            for trend in ("improving", "stable", "worsening", None):
                answers = {**NEW_PAIN_AT_68, "age_years": age, "duration_weeks": weeks}
                if trend:
                    answers["trend"] = trend
                result = evaluate(answers)
                young = evaluate({**answers, "age_years": 40})
                assert DISPOSITION_RANK[result.disposition] >= DISPOSITION_RANK[young.disposition]

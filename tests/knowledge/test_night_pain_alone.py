"""Night pain alone is a routine visit (knowledge 1.27.0, decided by the clinical lead 2026-11-28).

Before, a night pain not asked yet or answered "don't know" was listed "tell a doctor or physio
soon" (the interview's routine floor for a warning sign that fires nothing alone), while a "yes" to it
with no other warning sign gave self-care. EVIDENCE.md A.1 lists persistent night pain unrelieved by
changing position among the cancer red flags [A21] but gives it alone no level of its own; A.3 and
A.9 give the other cancer-list signs alone (weight loss, age over 50 with new pain) a routine visit
[A2][A21]. The rule ``night_pain_alone`` gives night pain the same floor, on every interface, and the
unasked sign says the level a "yes" gives. Not a diagnosis.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import backstride
from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.services.interview import Interview

#: a young person whose pain is new and getting better: nothing else asks for a visit
YOUNG_AND_IMPROVING = {"age_years": 30.0, "duration_weeks": 2.0, "trend": "improving", "pain_low_back": True}
OTHER_SIGNS_NO = {c: False for c in ("history_of_cancer", "weight_loss_unexplained", "fever", "chills")}


def test_without_night_pain_it_is_self_care() -> None:
    assert backstride.assess({**YOUNG_AND_IMPROVING, "night_pain": False}).disposition == "self_care"


@pytest.mark.parametrize("others", [{}, OTHER_SIGNS_NO])
def test_night_pain_alone_is_a_routine_visit_in_the_python_api(others: dict[str, bool]) -> None:
    result = backstride.assess({**YOUNG_AND_IMPROVING, **others, "night_pain": True})
    assert result.disposition == "routine"
    assert "night_pain_alone" in result.to_dict()["disposition_because"]


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_night_pain_alone_is_a_routine_visit_from_an_answers_file(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": {**YOUNG_AND_IMPROVING, "night_pain": True}}), encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", "--answers", str(path), "--json", "--mode", mode])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["disposition"] == "routine"
    assert "night_pain_alone" in out["disposition_because"]


def test_the_unasked_sign_says_the_level_a_yes_gives() -> None:
    interview = Interview(answers=YOUNG_AND_IMPROVING)
    sign = next(s for s in interview.unscreened_warning_signs() if s.code == "night_pain")
    alone = backstride.assess({**YOUNG_AND_IMPROVING, "night_pain": True}).disposition
    assert sign.disposition == alone == "routine"
    assert "A21" in sign.sources  # the rule's own source, not only the interview's floor


def test_the_rule_says_where_its_level_comes_from() -> None:
    rule = load_knowledge().red_flag_rules["night_pain_alone"]
    assert rule.sources[0] == "A21" and rule.disposition == "routine" and not rule.red_flag
    assert "no level of its own" in rule.text and "weight loss" in rule.text


def test_a_past_cancer_with_night_pain_stays_a_visit_today() -> None:
    # the cancer rule's chronic clause needs no night pain: the new rule never lowers it
    person = {**YOUNG_AND_IMPROVING, "duration_weeks": 10.0, "history_of_cancer": True, "night_pain": True}
    assert backstride.assess(person).disposition == "urgent"

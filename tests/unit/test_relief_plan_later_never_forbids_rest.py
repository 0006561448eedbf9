"""The list of the article's tips an urgent or emergency plan leaves for later never tells a person
to wait before they stop and rest.

r5 (review of knowledge 1.21.0): the list named "Sit down for a few minutes" and "Slow down" under
"Not for now" with only "Wait until a clinician has seen you": read as it stands, it told a person
with an emergency (whose step says "Stop walking") or a visit today not to sit down or slow down
until a clinician had seen them. Resting is never held back: the reason says so.
"""

from __future__ import annotations

import pytest
from tests.integration.test_urgent_plan_held_back_shown import URGENT

from backstride import assess
from backstride.knowledge import load_knowledge
from backstride.relief.plan import held_for_later

KB = load_knowledge()
REST = {"sit_and_rest", "slower_pace", "stand_still_rest"}  # the article's "stop and rest" tips

# a recent big fall: an emergency [A1]; a worsening likely old break with thin bones: a visit today
CASES = {
    "emergency": {
        "age_years": 40,
        "duration_weeks": 1,
        "significant_trauma": True,
    },
    "urgent": URGENT,
}


@pytest.mark.parametrize("level", sorted(CASES))
def test_a_rest_tip_left_for_later_comes_with_rest_is_always_fine(level: str) -> None:
    result = assess(CASES[level]).to_dict()
    assert result["disposition"] == level
    (later,) = held_for_later(result["plan"])
    assert REST & set(later["advice"])  # "Sit down for a few minutes" is in the list
    assert "Stop and rest whenever you need to." in later["reason"], later["reason"]
    # and it is the level's own words, from the knowledge base
    assert "Stop and rest whenever you need to." in str(KB.dispositions[level].holds_back)


def test_the_terminal_does_not_say_a_tip_for_later_is_supported_for_this_cause(tmp_path) -> None:
    """r5: the terminal graded "Lean forward on a shopping cart" and "Sit down for a few minutes" in
    the list for later "supported for this cause" for a likely broken bone: their support is for
    another cause (a narrow spinal canal), and the plan does not give them. The page says "Supported
    for some causes"; so do the terminal and FHIR now."""
    import json

    from typer.testing import CliRunner

    from backstride.cli.main import app as cli_app

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": URGENT}), encoding="utf-8")
    shown = CliRunner().invoke(cli_app, ["assess", "--answers", str(case)])
    assert shown.exit_code == 0, shown.output
    later = " ".join(shown.output.split("Not for now: the article's other tips", 1)[1].split())
    assert "Lean forward on a shopping cart (evidence: supported for some causes)" in later
    assert "for this cause" not in later

"""A reason given by another answer says which ("Neither leg"), on the result page and in the terminal.

"Neither leg" also answers "Does the pain go down your leg?" (no: ``implied_answers``, questions
1.4.0), which is then not asked. A new user's result listed "How far down your leg the pain goes" as
a reason with no answer beside it, where every other reason says "(you said ...)". It now says
"(from your answer: neither leg)" ("their answer" for a clinician). Not a diagnosis.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.services.assessment import assess
from backstride.services.wording import finding_label
from backstride.web import views

NEITHER_LEG = {"age_years": 63.0, "duration_weeks": 104.0, "leg_symptoms_side": "none", "pain_low_back": True}
SAID = "How far down your leg the pain goes (from your answer: neither leg)"


def test_the_result_page_says_the_answer_it_comes_from() -> None:
    context = views.result_context(load_knowledge(), assess(NEITHER_LEG).to_dict(), NEITHER_LEG, asked=True)
    conditions = context["conditions_top"] + context["conditions_rest"]
    reasons = [r for c in conditions for r in c["supporting"] + c["against"]]
    assert SAID in reasons
    assert "How far down your leg the pain goes" not in reasons  # never without its answer


def test_the_terminal_says_the_answer_it_comes_from(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": NEITHER_LEG}), encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert SAID in " ".join(result.output.split())


def test_a_clinician_reads_their_answer_and_a_given_answer_is_quoted_as_given() -> None:
    kb = load_knowledge()
    words = finding_label(kb, "pain_leg", NEITHER_LEG, said="they said", about_them=True)
    assert words == "How far down the leg the pain goes (from their answer: neither leg)"
    given = {**NEITHER_LEG, "pain_leg": "none"}
    assert "(you said" in finding_label(kb, "pain_leg", given, asked=True)
    assert finding_label(kb, "pain_leg", {"age_years": 40.0}) == "How far down your leg the pain goes"

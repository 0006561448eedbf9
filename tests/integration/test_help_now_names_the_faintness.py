"""The "get help now" boxes name the aneurysm's faintness beside its throbbing (knowledge 1.29.0).

Sudden, bad pain with feeling faint, sweaty or passing out is an emergency (``aortic_aneurysm_faint``,
EVIDENCE.md A.7 and A.9 [A24]), but the boxes that list the emergency signs named only the throbbing
belly and the tearing pain: the terminal's "Not a diagnosis" box, the strip every web page carries
and the report's. The terminal's and the report's now say it in the checklist's own words
(questions.yaml), citing [A24]. The strip on every page does not (the lead, 2026-11-28): said there, it
was two lines longer at 375 px and pushed a check's first answer below a 375 x 667 phone's first screen
(``test_browser_question_first_screen``); the strip names the aneurysm by its throbbing and tearing
[A24] (``test_help_now_names_every_emergency``), and the check asks about the faintness itself.
"""

from __future__ import annotations

from backstride.cli.render import SAFETY_NET
from backstride.knowledge.questions import load_questions
from backstride.web.report import HELP_NOW

LABEL = load_questions().by_id("rf_cancer_bone").labels["sudden_pain_with_faintness"]
SAID = LABEL[:1].lower() + LABEL[1:]  # "sudden, bad pain with feeling faint, sweaty or passing out"


def test_the_terminal_box_names_it_with_its_source() -> None:
    assert f"{SAID} [A24]" in SAFETY_NET


def test_the_reports_box_names_it_with_its_source() -> None:
    assert SAID in HELP_NOW["text"] and "A24" in HELP_NOW["sources"]

"""The "get help now" boxes name the aneurysm's faintness beside its throbbing (knowledge 1.29.0).

Sudden, bad pain with feeling faint, sweaty or passing out is an emergency (``aortic_aneurysm_faint``,
EVIDENCE.md A.7 and A.9 [A24]), but the boxes that list the emergency signs named only the throbbing
belly and the tearing pain: the terminal's "Not a diagnosis" box, the strip every web page carries
and the report's. The terminal's and the report's now say it in the checklist's own words
(questions.yaml), citing [A24]. The strip on every page did not (the lead, 2026-11-28): said there, it
was two lines longer at 375 px and pushed a check's first answer below a 375 x 667 phone's first screen
(``test_browser_question_first_screen``). Since knowledge 1.33.0 the strip says every sign in fewer
words (help_now.yaml's ``short``), the faintness too, with the long words folded, and is shorter than
it was without it (287 px tall at 375 px, was 337).
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from backstride.cli.render import safety_net
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.web.report import help_now

LABEL = load_questions().by_id("rf_cancer_bone").labels["sudden_pain_with_faintness"]
SAID = LABEL[:1].lower() + LABEL[1:]  # "sudden, bad pain with feeling faint, sweaty or passing out"


def test_the_terminal_box_names_it_with_its_source() -> None:
    assert f"{SAID} [A24]" in safety_net()


def test_the_reports_box_names_it_with_its_source() -> None:
    box = help_now(load_knowledge())
    assert SAID in box["text"] and "A24" in box["sources"]


def test_the_strip_on_every_page_names_it_with_its_source(api: TestClient) -> None:
    for url in ("/", "/diary", "/check"):
        strip = re.search(r'<aside class="help-now"[^>]*>(.*?)</aside>', api.get(url).text, flags=re.S)
        assert strip is not None, url
        shown, _, folded = strip.group(1).partition("<details")
        assert "sudden bad pain with feeling faint" in shown and "A24" in shown, (url, shown)
        assert f"{SAID} [A24]" in folded, (url, folded)  # the checklist's own words, one tap away

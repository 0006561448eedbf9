"""The "Not finished" box always says where to go, also for a group made only of warning rules' own
sentences.

Found in review (2026-11-28): since the box lists short items only (b2ea08fc), a group whose signs were
all rules' sentences lost its advice line ("Go to an emergency department now if you have any of
these:"), and a rule's sentence need not say where to go ("... The spinal cord needs to be checked in
hospital now."). The advice is now said first in every group, as a sentence of its own when there is no
list (``SignGroup.lead``), on the terminal, the result page and the report PDF.
"""

from __future__ import annotations

import io
import re
from html import unescape

from rich.console import Console

from backstride.cli.render import not_finished
from backstride.services.interview import WarningSign
from backstride.web import views
from backstride.web.report_pdf import _Builder
from backstride.web.templating import template_env

# a rule's own sentence (it ends with a full stop) that does not say where to go
SENTENCE = (
    "You have had cancer and now have new numbness in your legs. "
    "The spinal cord needs a check in hospital now."
)
SIGNS = [WarningSign("cancer_with_nerve_symptoms", SENTENCE, "history", "emergency", ("A23",))]
WHERE = "Go to an emergency department now if you have any of these."


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_terminal_box_says_where_to_go() -> None:
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(not_finished(SIGNS))
    shown = _flat(out.getvalue().replace("│", " "))
    assert WHERE in shown
    assert shown.index(WHERE) < shown.index("You have had cancer")
    assert "A23" in shown


def test_the_result_page_box_says_where_to_go() -> None:
    context = views.not_finished_context(SIGNS, raised=False)
    assert [group["advice"] for group in context["groups"]] == [WHERE]
    page = template_env().get_template("_not_finished.html").render(not_finished=context, assessment_id=1)
    text = _flat(unescape(re.sub(r"<[^>]+>", " ", page)))
    assert WHERE in text and text.index(WHERE) < text.index("You have had cancer")
    assert "<ul>" not in page  # no list heading over sentences


def test_the_pdf_box_says_where_to_go() -> None:
    builder = _Builder({})
    builder.not_finished(views.not_finished_context(SIGNS, raised=False))
    said = [_flat(unescape(re.sub(r"<[^>]+>", "", p.text))) for p in builder.story]
    assert WHERE in said
    assert said.index(WHERE) < next(i for i, s in enumerate(said) if s.startswith("You have had cancer"))


def test_a_list_keeps_its_heading() -> None:
    sign = WarningSign("saddle_numbness", "Numbness between your legs", "red_flags", "emergency", ("A15",))
    listed = [sign]
    context = views.not_finished_context(listed, raised=False)
    assert context["groups"][0]["advice"] == "Go to an emergency department now if you have any of these:"
    assert context["groups"][0]["items"] == ["Numbness between your legs"]

"""``backstride assess --mode clinician`` marks the questions written to the person as the clinician's
to ask, as the web's question page does (``services.wording.asks_the_person``: one rule for both).

A new-user test (2026-11-27) found the terminal's clinician mode asked the clinician "How old are
you?" and "? if you don't know", where the web page reads "Ask the person:" above such a question,
"Tick each one that fits them" and "Their answer". An examination question is the clinician's own.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.services.interview import Interview
from backstride.services.wording import ASK_THE_PERSON

runner = CliRunner()


def _questions(output: str) -> list[str]:
    """Each question as shown: its numbered title with the lines under it, spaces made single."""
    blocks = re.split(r"\n(?=\d+\. )", output)
    return [" ".join(b.split()) for b in blocks if re.match(r"\d+\. ", b)]


def _interview(mode: str) -> tuple[list[str], list[bool]]:
    """Answer every question "don't know" in ``mode``; the questions shown, and for each whether it is
    an examination's (the interview's own questions, in the order it asks them)."""
    interview, exams = Interview(mode=mode), []
    findings = load_knowledge().findings
    while (question := interview.next_question()) is not None:
        exams.append(all(findings[c].who == "clinician" for c in question.codes))
        for code in question.codes:
            interview.answer(code, None)
    result = runner.invoke(app, ["assess", "--mode", mode], input="?\n" * len(exams))
    assert result.exit_code == 0, result.output
    return _questions(result.output), exams


def test_clinician_mode_says_ask_the_person_except_for_an_examination() -> None:
    shown, exams = _interview("clinician")
    assert len(shown) == len(exams) and any(exams) and not all(exams)
    for text, exam in zip(shown, exams, strict=True):
        asked = re.sub(r"^\d+\. ", "", text)
        if exam:
            assert not asked.startswith(ASK_THE_PERSON) and "? if not tested" in text, text
        else:
            assert asked.startswith(f"{ASK_THE_PERSON} ") and "? if they don't know" in text, text
            assert "you don't know" not in text
    checklist = next(t for t in shown if "0. None of these" in t)
    assert "Read each one to them; type the numbers they say yes to (like 1,3)" in checklist
    number = next(t for t in shown if "Type their answer, a number from" in t)
    assert "years" in number  # the age: "Type their answer, a number from ... years"


def test_the_persons_own_interview_speaks_to_them() -> None:
    shown, exams = _interview("person")
    assert not any(exams)
    assert all(ASK_THE_PERSON not in t and "? if you don't know" in t for t in shown)
    assert "Type the numbers that apply (like 1,3)" in next(t for t in shown if "0. None of these" in t)


def test_the_clinicians_interview_starts_by_saying_whom_to_ask() -> None:
    said = " ".join(runner.invoke(app, ["assess", "--mode", "clinician"], input="quit\n").output.split())
    assert "questions about the person's back pain: ask them each one marked 'Ask the person:'" in said
    assert "If they are very unwell" in said and "your back pain" not in said

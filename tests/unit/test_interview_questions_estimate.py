"""The "Question 1 of about N" promises no fewer questions than a check of that mode typically asks.

A physiotherapist's clinician check (2026-11-27) read "Question 1 of about 15" and ran to 29
questions: the 15 was one figure for both modes, below what either asks on average
(``tools/knowledge_scans/interview_vs_all_answers.py --count 2400``: about 19 in a person's check, 24
in a clinician's). The estimate is now the mode's measured mean, never fewer than one more than the
questions answered while one is open, and never more than those answered plus every question still
open.
"""

from __future__ import annotations

import random
import statistics

import pytest

from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import TYPICAL_QUESTIONS, Interview, questions_estimate
from backstride.web.views import progress_context


def _random_person(rng: random.Random) -> dict[str, object]:
    """Answers to up to 25 codes, a warning sign always "no" (as the scan draws them)."""
    kb = load_knowledge()
    screening = {c for q in load_questions().questions if q.screen for c in q.codes}
    codes = sorted(c for c in kb.findings if not kb.findings[c].replaced_by)
    answers: dict[str, object] = {}
    for code in rng.sample(codes, rng.randint(0, 25)):
        f = kb.findings[code]
        if code in screening:
            answers[code] = False
        elif f.kind == "bool":
            answers[code] = rng.random() < 0.5
        elif f.kind == "enum":
            answers[code] = rng.choice(f.values)
        else:
            lo, hi = int(f.min or 0), int(f.max or 0)
            answers[code] = float(rng.randint(lo, min(hi, lo + 120)))
    return answers


def _run(mode: str, answers: dict[str, object]) -> list[tuple[int, int, int]]:
    """(number shown, "of about", questions still open) at each question of a check."""
    session = Interview(mode)
    shown = []
    while (question := session.next_question()) is not None:
        done, total = questions_estimate(mode, session.answers)
        shown.append((done + 1, total, len(session._open_questions())))
        for code in question.codes:
            session.answer(code, answers.get(code))
    return shown


@pytest.mark.parametrize(("mode", "at_least"), [("person", 19), ("clinician", 24)])
def test_a_new_check_promises_what_its_mode_asks_on_average(mode: str, at_least: int) -> None:
    done, total = questions_estimate(mode, {})
    assert done == 0 and total >= at_least  # was 15 for both
    assert progress_context(done, total) == {"number": 1, "done": 0, "total": total}


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_figure_is_not_below_the_mean_of_checks_of_that_mode(mode: str) -> None:
    """A fixed sample of random people (the scan's kind); the scan itself measures 2,400."""
    rng = random.Random(7)
    asked = [len(_run(mode, _random_person(rng))) for _ in range(30)]
    assert TYPICAL_QUESTIONS[mode] >= statistics.mean(asked) - 1.5, (TYPICAL_QUESTIONS[mode], asked)


def test_a_long_check_is_never_past_its_estimate_and_the_estimate_never_counts_closed_questions() -> None:
    rng = random.Random(3)
    for _ in range(8):
        shown = _run("clinician", _random_person(rng))
        for number, total, still_open in shown:
            assert number <= total <= number - 1 + still_open, shown

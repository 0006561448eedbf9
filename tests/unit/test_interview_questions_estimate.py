"""The "Question 1 of up to N" is a bound the check never passes, from the interview's own state.

A physiotherapist's clinician check (2026-11-27) read "Question 1 of about 15" and ran to 29
questions; the estimate became the mode's measured mean (about 19 in a person's check, 24 in a
clinician's), and a fresh-eyes review (2026-11-28) read "Question 1 of about 24" in a clinician's check
that ended after 11 (a person's: "about 19", ended after 10): the checks of the 40 dev vignettes ask 4
to 21 questions (a person's) and 4 to 30 (a clinician's), so no one figure is "about" right. The page
now says "of up to N": the questions answered plus every question still open (not one the answers
close), which never grows as the check goes on and is never passed.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import Interview, questions_estimate
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
    """(number shown, "of up to", questions still open) at each question of a check."""
    session = Interview(mode)
    shown = []
    while (question := session.next_question()) is not None:
        done, total = questions_estimate(mode, session.answers)
        shown.append((done + 1, total, len(session._open_questions())))
        for code in question.codes:
            session.answer(code, answers.get(code))
    return shown


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_a_new_check_says_every_question_it_may_ask(mode: str) -> None:
    done, total = questions_estimate(mode, {})
    assert done == 0 and total == len(Interview(mode)._open_questions())
    assert progress_context(done, total) == {"number": 1, "done": 0, "total": total}


def _vignette_runs(shared_dir: Path, mode: str) -> list[tuple[list[int], int]]:
    """Each dev vignette's check: the "up to" shown at each question, and how many it asked."""
    runs = []
    with (shared_dir / "data" / "vignettes" / "dev.jsonl").open(encoding="utf-8") as fh:
        vignettes = [json.loads(line) for line in fh if line.strip()]
    for vignette in vignettes:
        session, shown = Interview(mode), []
        while (question := session.next_question()) is not None:
            shown.append(questions_estimate(mode, session.answers)[1])
            for code in question.codes:
                session.answer(code, vignette["findings"].get(code))
        runs.append((shown, session.questions_asked))
    return runs


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_no_check_passes_its_bound_and_the_bound_never_grows(shared_dir: Path, mode: str) -> None:
    runs = _vignette_runs(shared_dir, mode)
    for shown, asked in runs:
        assert all(total >= asked for total in shown), (shown, asked)
        assert all(later <= earlier for earlier, later in itertools.pairwise(shown)), shown
    assert min(asked for _shown, asked in runs) < 12  # short checks are why "about 19/24" misled


def test_random_checks_never_pass_the_bound() -> None:
    rng = random.Random(3)
    for mode in ("person", "clinician"):
        for _ in range(8):
            shown = _run(mode, _random_person(rng))
            for number, total, still_open in shown:
                assert number <= total == number - 1 + still_open, shown
            assert all(total >= len(shown) for _n, total, _o in shown), shown

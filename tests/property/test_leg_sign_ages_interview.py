"""Seeded random people with a foot drop, unsteady walking or (clinician mode) measured weakness: the
interview about each sign's age (knowledge 1.20.0, one question per sign) ends where all their answers
do, never asks the age of a sign they do not have, and a check finished before 1.20.0 (the one answer
for all three signs) stays finished at the level its answers give.

``tools/knowledge_scans/interview_vs_all_answers.py`` answers every warning sign "no", so it never
reaches these questions; this does (EVIDENCE.md A.6: a new sign is a visit the same day [A22]).
"""

from __future__ import annotations

import random
from typing import Any

from backstride import Interview, assess
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions

AGE = {
    "foot_drop": "foot_drop_long_standing",
    "unsteady_gait": "unsteady_gait_long_standing",
    "exam_weakness_myotomal": "leg_weakness_long_standing",
}
OTHERS = [
    "onset",
    "pain_leg",
    "relief_sitting",
    "worse_walking",
    "long_term_steroids",
    "smoker",
    "pain_calf_main",
]


def _people(count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    kb = load_knowledge()
    screening = [c for q in load_questions().questions if q.screen for c in q.codes]
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        mode = rng.choice(["person", "clinician"])
        truth: dict[str, Any] = {
            **dict.fromkeys(screening, False),
            "age_years": float(rng.randint(20, 90)),
            "sex": rng.choice(["female", "male"]),
            "pain_low_back": True,
            "duration_weeks": rng.choice([4.0, 12.0, 30.0, None]),
            "trend": rng.choice(["stable", "improving", "worsening", None]),
            "leg_symptoms_side": rng.choice(["one_side", "both_sides", None]),
        }
        signs = [
            s for s in AGE if rng.random() < 0.6 and (mode == "clinician" or s != "exam_weakness_myotomal")
        ]
        if not signs:
            continue
        for sign in signs:
            truth[sign] = True
            truth[AGE[sign]] = rng.choice([True, True, False, None])
        for code in rng.sample(OTHERS, 4):
            f = kb.findings[code]
            truth[code] = rng.random() < 0.5 if f.kind == "bool" else rng.choice(f.values)
        out.append((mode, truth))
    return out


def _interview(mode: str, truth: dict[str, Any]) -> tuple[Interview, list[str]]:
    interview, asked = Interview(mode), []
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            asked.append(code)
            interview.answer(code, truth.get(code))
    return interview, asked


def test_the_interview_ends_where_all_the_answers_do_and_asks_only_signs_they_have() -> None:
    wrong = []
    for mode, truth in _people(80, seed=4):
        interview, asked = _interview(mode, truth)
        level, full = interview.result().disposition, assess(truth, mode=mode).disposition
        not_had = [AGE[s] for s in AGE if AGE[s] in asked and not truth.get(s)]
        if level != full or not_had:
            wrong.append((mode, truth, level, full, not_had))
    assert wrong == []


def test_a_check_finished_with_the_old_answer_stays_finished_at_its_level() -> None:
    """As 1.18.0-1.19.x kept it: one answer for every sign the person has ("no" if any one is new)."""
    reopened = []
    for mode, truth in _people(40, seed=8):
        interview, _asked = _interview(mode, truth)
        ages = [interview.answers.get(AGE[s]) for s in AGE if truth.get(s)]
        if not any(AGE[s] in interview.answers for s in AGE):
            continue  # not asked: nothing to keep
        old = False if False in ages else None if None in ages else True
        before = {c: v for c, v in interview.answers.items() if c not in AGE.values()}
        before["leg_signs_long_standing"] = old
        stored = Interview(mode, before)
        if (
            stored.next_question() is not None
            or stored.result().disposition != assess(before, mode=mode).disposition
        ):
            reopened.append((mode, before))
    assert reopened == []

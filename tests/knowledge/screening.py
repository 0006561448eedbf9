"""Shared by the tests of a warning sign added to a screening checklist: the codes an interview asks
before its first question that is not a warning sign, and random answer sets without the sign."""

from __future__ import annotations

import random

from backstride.knowledge import load_knowledge
from backstride.services.interview import Interview


def screened_codes(mode: str) -> list[str]:
    """Every code the screening questions of ``mode`` ask, each answered "no"."""
    interview = Interview(mode=mode)
    asked: list[str] = []
    while (q := interview.next_question()) is not None and q.screening:
        asked += q.codes
        for code in q.codes:
            interview.answer(code, False)
    return asked


def random_person_answers(seed: int, count: int, leave_out: str) -> list[dict[str, object]]:
    """``count`` sets of 12 of a person's yes/no answers (a yes at 15%) and an age, never ``leave_out``."""
    rng = random.Random(seed)
    kb = load_knowledge()
    person = [c for c, d in kb.findings.items() if d.who == "person" and d.kind == "bool" and c != leave_out]
    out: list[dict[str, object]] = []
    for _ in range(count):
        findings: dict[str, object] = {c: rng.random() < 0.15 for c in rng.sample(person, 12)}
        findings["age_years"] = rng.randint(18, 90)
        out.append(findings)
    return out

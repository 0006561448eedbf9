"""Does the interview stop at a visit today set by a likely serious cause whose ``long_standing``
clause the pain's length and direction, asked, would settle?

Reproduces the figure of docs/interview.md, "A likely broken bone in long-standing pain": random older
people on steroid tablets (60 to 95, every screening question answered no) answer some of the other
questions and "don't know" to the rest, but for how long the pain has lasted and whether it is getting
worse, which are left for the interview to ask (their answers: 20 weeks, not getting worse). Counted:
those whose answers so far make it a visit today through a serious cause alone (no warning rule at
that level) and a routine check with the two answers, and of those the interviews that stop without
asking either.

    .venv/bin/python tools/knowledge_scans/long_standing_follow_up_scan.py --count 3000 --seed 3
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from interview_vs_all_answers import random_answer  # beside this script

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import Interview

LENGTH = {"duration_weeks": 20.0, "trend": "stable"}
# the age of a leg sign: with every warning sign no it changes nothing, and leaving it out draws the
# same people under knowledge 1.19.0 (one question) and 1.20.0 (one per sign)
SIGN_AGES = {
    "leg_signs_long_standing",
    "foot_drop_long_standing",
    "leg_weakness_long_standing",
    "unsteady_gait_long_standing",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000, help="people (default 3000)")
    parser.add_argument("--seed", type=int, default=3, help="random seed (default 3)")
    args = parser.parse_args()

    kb = load_knowledge()
    bank = load_questions().questions
    screening = [c for q in bank if q.screen for c in q.codes]
    person = [
        c
        for q in bank
        for c in q.codes
        if not q.screen and kb.findings[c].who == "person" and c not in LENGTH and c not in SIGN_AGES
    ]
    rng = random.Random(args.seed)
    cases = stopped = 0
    for _ in range(args.count):
        answers: dict[str, Any] = {
            **dict.fromkeys(screening, False),
            "long_term_steroids": True,
            "age_years": float(rng.randint(60, 95)),
        }
        for code in rng.sample(person, rng.randint(5, len(person))):
            if code not in answers:
                answers[code] = random_answer(kb.findings[code], rng, 100)
        now = evaluate(answers, kb)
        if now.disposition != "urgent" or any(h.disposition == "urgent" for h in now.red_flags):
            continue
        if evaluate({**answers, **LENGTH}, kb).disposition == "urgent":
            continue
        cases += 1
        interview = Interview(
            "person", {**answers, **dict.fromkeys((c for c in person if c not in answers), None)}
        )
        asked = []
        while (question := interview.next_question()) is not None:
            for code in question.codes:
                asked.append(code)
                interview.answer(code, LENGTH.get(code))
        if not set(LENGTH) & set(asked):
            stopped += 1
    print(f"knowledge {kb.version}; {args.count} people, seed {args.seed}")
    print(f"a visit today set by a serious cause alone, a routine check with 20 stable weeks: {cases}")
    print(f"  interviews that stop without asking the pain's length or direction: {stopped}")


if __name__ == "__main__":
    main()

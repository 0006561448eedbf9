"""Does the interview end where all of a person's answers would? Seeded random people, both modes.

Reproduces the figures of docs/knowledge-base.md, "The interview against all the answers": each
random person answers every question the interview asks from their own answers ("don't know" for a
code they have none for, a warning sign too: a warning sign drawn for them is a no), and the
interview's final disposition is compared with the engine's on all their answers, (a) the answers
the mode can ask and (b) all of them, examinations too, which person mode never asks. A row per
interview that ends higher or lower.

    .venv/bin/python tools/knowledge_scans/interview_vs_all_answers.py --count 600 --seed 1
    .venv/bin/python tools/knowledge_scans/interview_vs_all_answers.py --count 2400 --seed 1 --people steroids

``--people steroids``: everyone takes steroid tablets and is 60 to 95 (a broken bone near even odds).
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
from typing import Any

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.foresight import question_plan
from backstride.services.interview import Interview


def random_answer(f: Any, rng: random.Random, span: int) -> Any:
    """A random answer to finding ``f``: yes or no, an option, or a whole number from its minimum to at
    most ``span`` above it."""
    if f.kind == "bool":
        return rng.random() < 0.5
    if f.kind == "enum":
        return rng.choice(f.values)
    assert f.min is not None and f.max is not None
    return float(rng.randint(int(f.min), int(min(f.max, f.min + span))))


def people(count: int, seed: int, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(mode, answers) for ``count`` people: up to 25 codes that rules or likelihood ratios read."""
    kb = load_knowledge()
    screening = {c for q in load_questions().questions if q.screen for c in q.codes}
    relevant = sorted(
        {c for c in kb.findings if c in kb.lr_index}
        | {c for r in kb.red_flag_rules.values() for c in r.when.codes()}
    )
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        answers: dict[str, Any] = {}
        for code in rng.sample(relevant, rng.randint(0, 25)):
            f = kb.findings[code]
            answers[code] = False if code in screening else random_answer(f, rng, 120)
        if kind == "steroids":
            answers.update({"long_term_steroids": True, "age_years": float(rng.randint(60, 95))})
        out.append((rng.choice(["person", "clinician"]), answers))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600, help="people (default 600)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--people", choices=["any", "steroids"], default="any", help="who (default any)")
    args = parser.parse_args()

    kb = load_knowledge()
    counts: collections.Counter[tuple[str, str, str]] = collections.Counter()
    asked: dict[str, list[int]] = collections.defaultdict(list)
    rows = []
    for n, (mode, answers) in enumerate(people(args.count, args.seed, args.people)):
        session = Interview(mode=mode)
        while (question := session.next_question()) is not None:
            for code in question.codes:
                session.answer(code, answers.get(code))
        asked[mode].append(session.questions_asked)
        ended = DISPOSITION_RANK[session.result().disposition]
        askable = {c: v for c, v in answers.items() if c in question_plan(mode).asked_codes}
        for against, whole in (("askable", askable), ("all", answers)):
            full = evaluate(whole, kb)
            gap = ended - DISPOSITION_RANK[full.disposition]
            side = "higher" if gap > 0 else "lower" if gap < 0 else "equal"
            counts[(mode, against, side)] += 1
            if gap:
                unasked = {c: v for c, v in whole.items() if c not in session.answers}
                ended_at, full_at = session.result().disposition, full.disposition
                rows.append(
                    f"  #{n} {mode} vs {against}: {side} ({ended_at} vs {full_at}), not asked: {unasked}"
                )

    print(f"knowledge {kb.version}; {args.count} people ({args.people}), seed {args.seed}")
    for mode in ("person", "clinician"):
        if not asked[mode]:
            continue
        print(f"{mode}: {len(asked[mode])} interviews, questions mean {statistics.mean(asked[mode]):.2f}")
        for against in ("askable", "all"):
            said = ", ".join(
                f"{side} {counts[(mode, against, side)]}" for side in ("equal", "higher", "lower")
            )
            whose = "the mode can ask" if against == "askable" else "all, examinations too"
            print(f"  against the answers {whose}: {said}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

"""Does the interview end where all of a person's answers would? Seeded random people, both modes.

Reproduces the figures of docs/knowledge-base.md, "The interview against all the answers": each
random person answers every question the interview asks from their own answers ("don't know" for a
code they have none for, a warning sign too: a warning sign drawn for them is a no, or with
``--warning-yes P`` a yes with chance P, so that an interview that loses an emergency or a visit
today can show), and the
interview's final disposition is compared with the engine's on all their answers, (a) the answers
the mode can ask them (not an answer to a question their other answers close, ``ask_when`` in
questions.yaml: a random "below the knee" beside "Neither leg"; a checklist item's own,
``items``: the calf as where walking hurts most beside it), (b) all of them, examinations too,
which person mode never asks, and (c) every answer to the mode's questions, contradictions too. Each
is read as the engine reads answers (``known_answers``: "Neither leg" says there is no leg pain). A
row per interview that ends higher or lower.

    .venv/bin/python tools/knowledge_scans/interview_vs_all_answers.py --count 600 --seed 1
    .venv/bin/python tools/knowledge_scans/interview_vs_all_answers.py --count 2400 --seed 1 --people steroids

    .venv/bin/python tools/knowledge_scans/interview_vs_all_answers.py --count 600 --seed 1 --warning-yes 0.1

``--people steroids``: everyone takes steroid tablets and is 60 to 95 (a broken bone near even odds).
``--warning-yes P``: each warning sign drawn (an item of a screening checklist) is a yes with chance
P (default 0: always no, the figures written before the option, with the same draws).
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
from typing import Any

from backstride.assessment import evaluate, known_answers
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


def people(count: int, seed: int, kind: str, warning_yes: float = 0.0) -> list[tuple[str, dict[str, Any]]]:
    """(mode, answers) for ``count`` people: up to 25 codes that rules or likelihood ratios read; a
    warning sign among them is a yes with chance ``warning_yes`` (0: no, with the draws as before)."""
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
            if code in screening:  # no extra draw at 0: the people of the figures written before
                answers[code] = warning_yes > 0 and rng.random() < warning_yes
            else:
                answers[code] = random_answer(f, rng, 120)
        if kind == "steroids":
            answers.update({"long_term_steroids": True, "age_years": float(rng.randint(60, 95))})
        out.append((rng.choice(["person", "clinician"]), answers))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600, help="people (default 600)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--people", choices=["any", "steroids"], default="any", help="who (default any)")
    parser.add_argument(
        "--warning-yes",
        type=float,
        default=0.0,
        metavar="P",
        help="chance that a warning sign drawn is a yes (default 0: always no)",
    )
    args = parser.parse_args()
    if not 0 <= args.warning_yes <= 1:
        parser.error(f"--warning-yes: a chance from 0 to 1, not {args.warning_yes:g}")

    kb = load_knowledge()
    screening = {c for q in load_questions().questions if q.screen for c in q.codes}
    counts: collections.Counter[tuple[str, str, str]] = collections.Counter()
    asked: dict[str, list[int]] = collections.defaultdict(list)
    history_after: dict[str, list[int]] = collections.defaultdict(list)
    contradicting: collections.Counter[str] = collections.Counter()
    warned: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    rows = []
    for n, (mode, answers) in enumerate(people(args.count, args.seed, args.people, args.warning_yes)):
        session = Interview(mode=mode)
        exams: list[bool] = []  # each question asked: an examination's?
        while (question := session.next_question()) is not None:
            exams.append(all(kb.findings[c].who == "clinician" for c in question.codes))
            for code in question.codes:
                session.answer(code, answers.get(code))
        asked[mode].append(session.questions_asked)
        # history questions asked after an examination (a clinician takes the history, then examines)
        history_after[mode].append(sum(1 for i, exam in enumerate(exams) if not exam and any(exams[:i])))
        ended = DISPOSITION_RANK[session.result().disposition]
        if any(v is True for c, v in answers.items() if c in screening):
            warned[mode][session.result().disposition] += 1
        plan = question_plan(mode)
        in_mode = {c: v for c, v in answers.items() if c in plan.asked_codes}
        # an answer to a question the person's own answers close (``ask_when``: below-knee leg pain with
        # "Neither leg" drawn at random) is never asked of them; the engine reads what the others imply
        askable = {c: v for c, v in in_mode.items() if plan.asks_code(c, known_answers(in_mode))}
        contradicting[mode] += len(askable) < len(in_mode)
        for against, whole in (("askable", askable), ("all", answers), ("mode", in_mode)):
            full = evaluate(known_answers(whole), kb)
            gap = ended - DISPOSITION_RANK[full.disposition]
            side = "higher" if gap > 0 else "lower" if gap < 0 else "equal"
            counts[(mode, against, side)] += 1
            if gap:
                unasked = {c: v for c, v in whole.items() if c not in session.answers}
                ended_at, full_at = session.result().disposition, full.disposition
                rows.append(
                    f"  #{n} {mode} vs {against}: {side} ({ended_at} vs {full_at}), not asked: {unasked}"
                )

    yes = f", warning signs yes with chance {args.warning_yes:g}" if args.warning_yes else ""
    print(f"knowledge {kb.version}; {args.count} people ({args.people}), seed {args.seed}{yes}")
    for mode in ("person", "clinician"):
        if not asked[mode]:
            continue
        n = asked[mode]
        quartiles = statistics.quantiles(n, n=4) if len(n) > 1 else [n[0]] * 3
        print(
            f"{mode}: {len(n)} interviews, questions mean {statistics.mean(n):.2f}, median {quartiles[1]:g}, "
            f"75th percentile {quartiles[2]:g}, max {max(n)}"
        )
        print(f"  people with an answer their other answers contradict (never asked): {contradicting[mode]}")
        if args.warning_yes:
            ends = ", ".join(f"{level} {warned[mode][level]}" for level in DISPOSITION_RANK)
            print(
                f"  people with a warning sign yes: {sum(warned[mode].values())}, interviews ending at {ends}"
            )
        late = history_after[mode]
        if mode == "clinician":
            print(
                f"  interviews asking a history question after an examination: {sum(1 for k in late if k)}, "
                f"such questions per interview mean {statistics.mean(late):.2f}"
            )
        for against in ("askable", "all", "mode"):
            said = ", ".join(
                f"{side} {counts[(mode, against, side)]}" for side in ("equal", "higher", "lower")
            )
            whose = {
                "askable": "the mode can ask",
                "all": "all, examinations too",
                "mode": "of the mode's questions, contradictions too",
            }[against]
            print(f"  against the answers {whose}: {said}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

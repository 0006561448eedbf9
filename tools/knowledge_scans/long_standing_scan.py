"""Which answer sets does a serious cause's ``long_standing`` clause move, and which likely serious
causes still set a visit today with no rule at that level?

Reproduces the figure in docs/knowledge-base.md (knowledge 1.15.0, the broken bone's clause): "of
20,000 answer sets with no warning sign, 56 went from a visit today to a routine check, all over 12
weeks and not worsening; 16 likely breaks under 12 weeks or worsening stay urgent".

Each answer set: every screening question of the person's interview answered no, an age, a length,
a start, a trend, a pain score and a sex drawn at random, then 0 to 5 random yes answers (a warning
sign among them now and then). It is assessed twice: with the knowledge base as it is, and with no
``long_standing`` clause. Reads only the installed package.

    .venv/bin/python tools/knowledge_scans/long_standing_scan.py --count 20000 --seed 1
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import random
from typing import cast

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.services.foresight import question_plan


def length_band(weeks: float) -> str:
    return "12 weeks or more" if weeks >= 12 else ("6-12 weeks" if weeks >= 6 else "under 6 weeks")


def answer_sets(count: int, seed: int) -> list[dict[str, object]]:
    kb = load_knowledge()
    no_signs = {code: False for code in question_plan("person").screening_codes}
    yes_answers = sorted(c for c, d in kb.findings.items() if d.kind == "bool" and not c.startswith("exam_"))
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        f: dict[str, object] = {
            **no_signs,
            "age_years": float(rng.choice([25, 40, 55, 68, 75, 85])),
            "duration_weeks": float(rng.choice([0.5, 2, 5, 8, 13, 26, 51, 104])),
            "onset": rng.choice(["gradual", "sudden"]),
            "trend": rng.choice(["improving", "stable", "worsening"]),
            "pain_severity_nrs": float(rng.choice([2, 4, 6, 8])),
            "sex": rng.choice(["female", "male"]),
        }
        f.update(dict.fromkeys(rng.sample(yes_answers, rng.randint(0, 5)), True))
        sets.append(f)
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000, help="answer sets (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()

    kb = load_knowledge()
    without = dataclasses.replace(kb, long_standing_checks={})
    moved: collections.Counter[tuple[str, str, str]] = collections.Counter()
    still_urgent: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for f in answer_sets(args.count, args.seed):
        result = evaluate(f, kb)
        before = evaluate(f, without).disposition
        band, trend = length_band(cast(float, f["duration_weeks"])), str(f["trend"])
        if before != result.disposition:
            moved[(f"{before} -> {result.disposition}", band, trend)] += 1
        rules = [DISPOSITION_RANK[h.disposition] for h in result.red_flags + result.escalations]
        if result.disposition == "urgent" and max(rules, default=0) < DISPOSITION_RANK["urgent"]:
            cause = next((c for c in result.disposition_because if c.startswith("condition:")), "?")
            still_urgent[(cause.removeprefix("condition:"), band, trend)] += 1

    print(f"knowledge {kb.version}; {args.count} answer sets, seed {args.seed}")
    print(f"moved by a long_standing clause: {sum(moved.values())}")
    for (change, band, trend), n in sorted(moved.items()):
        print(f"  {n:5d}  {change}  ({band}, {trend})")
    print(f"urgent with no rule at urgent (a likely serious cause): {sum(still_urgent.values())}")
    for (cause, band, trend), n in sorted(still_urgent.items()):
        print(f"  {n:5d}  {cause}  ({band}, {trend})")


if __name__ == "__main__":
    main()

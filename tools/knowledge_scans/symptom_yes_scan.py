"""When one more symptom is answered yes, how often does the level fall, and through which causes?

Reproduces the figures of docs/knowledge-base.md, "A symptom yes that lowers a visit to self-care,
group by group (1.16.0)": 3,000 random answer sets, seed 5, every warning sign answered no; each
symptom not yet yes (unanswered or no) turned to yes; a fall is a lower level after. The falls are
grouped by the symptom and by the causes that set the level before and after.

The answer sets come from the tests' generator, ``_random_findings`` in
tests/knowledge/test_positive_sign_never_lowers.py (the same sets as
tests/property/test_symptom_yes_lowering.py, which counts only no -> yes), so run it from a clone of
the repository:

    .venv/bin/python tools/knowledge_scans/symptom_yes_scan.py --count 3000 --seed 5
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for tests/
from tests.knowledge.test_positive_sign_never_lowers import _random_findings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000, help="answer sets (default 3000)")
    parser.add_argument("--seed", type=int, default=5, help="random seed (default 5)")
    args = parser.parse_args()

    kb = load_knowledge()
    warning = {c for c, d in kb.findings.items() if d.group == "red_flags"}
    symptoms = sorted(
        c
        for c, d in kb.findings.items()
        if d.kind == "bool" and d.group not in ("red_flags", "examination", "gait_and_posture")
    )
    falls: collections.Counter[tuple[str, str, str, str]] = collections.Counter()
    from_no: collections.Counter[str] = collections.Counter()
    for findings in _random_findings(args.count, seed=args.seed):
        base = {**{k: v for k, v in findings.items() if k not in warning}, **dict.fromkeys(warning, False)}
        before = evaluate(base, kb)
        for code in symptoms:
            if base.get(code) is True:
                continue
            after = evaluate({**base, code: True}, kb)
            if DISPOSITION_RANK[after.disposition] < DISPOSITION_RANK[before.disposition]:
                why = ",".join(before.disposition_because), ",".join(after.disposition_because)
                falls[(code, f"{before.disposition} -> {after.disposition}", *why)] += 1
                from_no["no -> yes" if base.get(code) is False else "unanswered -> yes"] += 1

    print(f"knowledge {kb.version}; {args.count} answer sets, seed {args.seed}, every warning sign no")
    print(f"falls: {sum(falls.values())} ({', '.join(f'{k} {v}' for k, v in sorted(from_no.items()))})")
    by_symptom: collections.Counter[str] = collections.Counter()
    for key, n in falls.items():
        by_symptom[key[0]] += n
    print("by symptom: " + ", ".join(f"{code} {n}" for code, n in by_symptom.most_common()))
    print("by symptom, level and the causes that set it before and after:")
    for (code, change, before_why, after_why), n in falls.most_common():
        print(f"  {n:4d}  {code}  {change}  ({before_why} -> {after_why})")


if __name__ == "__main__":
    main()

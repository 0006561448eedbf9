"""Latency of ``assess`` and of ``Interview.next_question`` (median and p99 over many cases).

Cases: the 40 dev vignettes (../shared/data/vignettes/dev.jsonl) and seeded random finding sets.
Targets (issue 2): assess p99 < 1 ms; next_question p99 < 20 ms.

    .venv/bin/python -m benchmarks assessment
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

VIGNETTES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vignettes" / "dev.jsonl"
RANDOM_CASES = 400
RUNS = 5  # repeats of every case; a case counts with its fastest repeat
SEED = 20260101


def load_vignettes() -> list[dict[str, Any]]:
    with VIGNETTES.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def random_findings(rng: random.Random, n_max: int = 20) -> dict[str, Any]:
    """A random, valid set of findings (any code of the vocabulary, in range)."""
    from backstride.knowledge import load_knowledge

    findings = load_knowledge().findings
    codes = rng.sample(sorted(findings), rng.randint(0, n_max))
    out: dict[str, Any] = {}
    for code in codes:
        f = findings[code]
        if f.kind == "bool":
            out[code] = rng.random() < 0.3
        elif f.kind == "enum":
            out[code] = rng.choice(f.values)
        else:
            assert f.min is not None and f.max is not None
            out[code] = round(rng.uniform(f.min, min(f.max, f.min + 100)), 1)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_assess(cases: list[dict[str, Any]]) -> list[float]:
    from backstride.services.assessment import assess

    out = []
    for findings in cases:
        start = time.perf_counter()
        assess(findings)
        out.append((time.perf_counter() - start) * 1000.0)
    return out


def time_next_question(cases: list[tuple[str, dict[str, Any]]]) -> tuple[list[float], list[int]]:
    """Run whole interviews answered from each case; time every ``next_question`` call."""
    from backstride.services.interview import Interview

    out: list[float] = []
    lengths: list[int] = []
    for mode, findings in cases:
        interview = Interview(mode=mode)
        while True:
            start = time.perf_counter()
            question = interview.next_question()
            out.append((time.perf_counter() - start) * 1000.0)
            if question is None:
                break
            for code in question.codes:
                interview.answer(code, findings.get(code))
        lengths.append(interview.questions_asked)
    return out, lengths


def row(name: str, values: list[float], target_ms: float) -> str:
    median, p99 = statistics.median(values), percentile(values, 99)
    verdict = "ok" if p99 < target_ms else "SLOW"
    return f"| {name} | {len(values)} | {median:.3f} | {p99:.3f} | < {target_ms:g} | {verdict} |"


def main() -> None:
    from backstride.services.assessment import assess

    vignettes = load_vignettes()
    rng = random.Random(SEED)
    randoms = [random_findings(rng) for _ in range(RANDOM_CASES)]
    assess_cases = [v["findings"] for v in vignettes] + randoms
    assess(assess_cases[0])  # load the knowledge base outside the timing

    interview_cases = [
        ("clinician" if any(c.startswith("exam_") for c in v["findings"]) else "person", v["findings"])
        for v in vignettes
    ] + [("person", f) for f in randoms[:60]]

    # Like timeit: the garbage collector is off while timing, and each case's time is the fastest
    # of RUNS repeats (on a shared machine the slower repeats measure the other processes).
    gc.collect()
    gc.disable()
    try:
        assess_runs = [time_assess(assess_cases) for _ in range(RUNS)]
        next_runs = [time_next_question(interview_cases)[0] for _ in range(RUNS)]
    finally:
        gc.enable()
    assess_best = [min(times) for times in zip(*assess_runs, strict=True)]
    next_best = [min(times) for times in zip(*next_runs, strict=True)]
    print("| what | timed calls | median ms | p99 ms | target p99 ms | |")
    print("|---|---|---|---|---|---|")
    print(row("assess (40 vignettes + 400 random finding sets)", assess_best, 1.0))
    print(row("next_question (every call of 100 whole interviews)", next_best, 20.0))
    # The first run sees every answer set for the first time (nothing cached yet): what a user meets.
    print(row("next_question, first run only (cold caches)", next_runs[0], 20.0))
    worst_assess = [max(times) for times in zip(*assess_runs, strict=True)]
    worst_next = [max(times) for times in zip(*next_runs, strict=True)]
    print(
        f"(slowest repeat instead of fastest: assess p99 {percentile(worst_assess, 99):.3f} ms, "
        f"next_question p99 {percentile(worst_next, 99):.3f} ms)"
    )


if __name__ == "__main__":
    main()

"""Interview simulation over the dev vignettes (issue 2, "Must show").

Each vignette is interviewed with answers taken from its findings ("don't know" when a finding is
absent), in clinician mode when it has examination findings. The interview's final disposition must
equal the full-information disposition (``assess`` of every vignette finding) in >= 95% of
vignettes and never be lower for an emergency or urgent vignette; the median number of questions
(a checklist counts as one) must be <= 15.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from backstride.assessment import DISPOSITION_ORDER
from backstride.services.assessment import assess
from backstride.services.interview import Interview

RANK = {d: i for i, d in enumerate(DISPOSITION_ORDER)}


def _load(shared_dir: Path) -> list[dict[str, Any]]:
    with (shared_dir / "data" / "vignettes" / "dev.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def simulate(vignette: dict[str, Any]) -> dict[str, Any]:
    findings = vignette["findings"]
    mode = "clinician" if any(code.startswith("exam_") for code in findings) else "person"
    interview = Interview(mode=mode)
    asked: list[str] = []
    while (question := interview.next_question()) is not None:
        asked.append(question.id)
        for code in question.codes:
            interview.answer(code, findings.get(code))
        assert len(asked) < 100, "the interview does not end"
    full_result = assess(findings)
    full = full_result.disposition
    return {
        "id": vignette["id"],
        "mode": mode,
        "gold": vignette["gold_disposition"],
        "full": full,
        "interview": interview.result().disposition,
        "questions": interview.questions_asked,
        "full_leader": full_result.conditions[0].code,
        "leader": interview.result().conditions[0].code,
        "asked": asked,
    }


@pytest.fixture(scope="module")
def runs(shared_dir: Path) -> list[dict[str, Any]]:
    return [simulate(v) for v in _load(shared_dir)]


def _table(rows: list[dict[str, Any]]) -> str:
    lines = ["id       mode       gold       full       interview  questions"]
    for r in rows:
        lines.append(
            f"{r['id']:8} {r['mode']:10} {r['gold']:10} {r['full']:10} {r['interview']:10} {r['questions']}"
        )
    return "\n".join(lines)


def test_interview_disposition_matches_full_information_in_95_percent(runs: list[dict[str, Any]]) -> None:
    misses = [r for r in runs if r["interview"] != r["full"]]
    share = 1 - len(misses) / len(runs)
    assert share >= 0.95, f"match {share:.1%} < 95%; mismatches:\n{_table(misses)}"


def test_interview_never_under_triages_emergency_or_urgent(runs: list[dict[str, Any]]) -> None:
    under = [
        r
        for r in runs
        if max(RANK[r["gold"]], RANK[r["full"]]) >= RANK["urgent"] and RANK[r["interview"]] < RANK[r["full"]]
    ]
    assert not under, f"under-triage by the interview:\n{_table(under)}"


def test_median_questions_at_most_15(runs: list[dict[str, Any]]) -> None:
    median = statistics.median(r["questions"] for r in runs)
    assert median <= 15, f"median {median} questions > 15:\n{_table(runs)}"


def test_leading_cause_matches_full_information_in_90_percent_of_non_emergencies(
    runs: list[dict[str, Any]],
) -> None:
    # In an emergency the interview stops after the warning signs on purpose (go now), so the
    # leading cause is compared where the interview goes on to find it.
    rows = [r for r in runs if r["full"] != "emergency"]
    misses = [r for r in rows if r["leader"] != r["full_leader"]]
    share = 1 - len(misses) / len(rows)
    detail = "\n".join(
        f"{r['id']}: interview {r['leader']}, full information {r['full_leader']}" for r in misses
    )
    assert share >= 0.90, f"leading cause match {share:.1%} < 90%:\n{detail}"


def test_every_interview_screens_every_red_flag_first(runs: list[dict[str, Any]]) -> None:
    from backstride.knowledge.questions import load_questions

    screening = [q.id for q in load_questions().questions if q.screen]
    late = [r for r in runs if r["asked"][: len(screening)] != screening]
    assert not late, f"red-flag screening not first:\n{_table(late)}"


if __name__ == "__main__":  # the figures: .venv/bin/python tests/spec/test_interview_simulation.py
    rows = [simulate(v) for v in _load(Path(__file__).resolve().parents[2].parent / "shared")]
    print(_table(rows))
    non_emergency = [r for r in rows if r["full"] != "emergency"]
    print(
        f"disposition = full information: {sum(r['interview'] == r['full'] for r in rows)}/{len(rows)}; "
        f"under-triage: {sum(RANK[r['interview']] < RANK[r['full']] for r in rows)}; "
        f"median questions: {statistics.median(r['questions'] for r in rows)} "
        f"(max {max(r['questions'] for r in rows)}); "
        f"leading cause = full information (non-emergency): "
        f"{sum(r['leader'] == r['full_leader'] for r in non_emergency)}/{len(non_emergency)}"
    )

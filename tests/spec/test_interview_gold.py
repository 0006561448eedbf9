"""The 40 dev vignettes through the adaptive interview in both modes, against their gold disposition.

Each vignette is interviewed in person mode and in clinician mode, each answer taken from its
findings ("don't know" when the vignette does not give it). What must hold:

* the interview ends at the disposition the engine gives every finding that mode can ask (the
  full-information disposition): stopping early never changes the disposition;
* so it is never below gold, except where the engine itself is below gold with every finding
  that mode can ask. That is dev-028 in person mode only: its sacroiliac provocation tests are an
  examination finding, and without them the engine gives self-care (clinician mode: routine, gold);
* the same under-triage check holds with the stopping thresholds made stricter or looser, so the
  safety does not rest on one threshold. With ``min_gain_bits=0.06`` the previous stopping rule
  stopped dev-028 in clinician mode at self-care after 20 questions without asking the sacroiliac
  tests (the day's review found the same at 0.048 bits against 0.05).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from backstride.knowledge import DISPOSITION_RANK
from backstride.services.assessment import assess
from backstride.services.interview import MIN_GAIN_BITS, MODES, Interview

# vignettes whose gold disposition needs a finding the mode cannot ask (an examination)
BELOW_GOLD_WITHOUT_EXAMINATION = {("dev-028", "person")}


def _vignettes(shared_dir: Path) -> list[dict[str, Any]]:
    with (shared_dir / "data" / "vignettes" / "dev.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def interview(vignette: dict[str, Any], mode: str, min_gain_bits: float = MIN_GAIN_BITS) -> dict[str, Any]:
    findings = vignette["findings"]
    session = Interview(mode=mode, min_gain_bits=min_gain_bits)
    while (question := session.next_question()) is not None:
        for code in question.codes:
            session.answer(code, findings.get(code))
        assert session.questions_asked < 60, "the interview does not end"
    askable = {c: v for c, v in findings.items() if c in session.answerable_codes}
    if mode == "person":
        askable = {c: v for c, v in askable.items() if not c.startswith("exam_")}
    return {
        "id": vignette["id"],
        "mode": mode,
        "gold": vignette["gold_disposition"],
        "full": assess(askable).disposition,
        "interview": session.result().disposition,
        "questions": session.questions_asked,
    }


@pytest.fixture(scope="module")
def runs(shared_dir: Path) -> list[dict[str, Any]]:
    return [interview(v, mode) for v in _vignettes(shared_dir) for mode in MODES]


def _table(rows: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{r['id']} {r['mode']:9} gold {r['gold']:9} full {r['full']:9} interview {r['interview']:9} "
        f"{r['questions']} questions"
        for r in rows
    )


def test_the_interview_ends_at_the_full_information_disposition(runs: list[dict[str, Any]]) -> None:
    wrong = [r for r in runs if r["interview"] != r["full"]]
    assert not wrong, f"the interview stopped at another disposition:\n{_table(wrong)}"


def test_the_interview_is_never_below_gold_unless_an_examination_is_missing(
    runs: list[dict[str, Any]],
) -> None:
    below = {
        (r["id"], r["mode"]) for r in runs if DISPOSITION_RANK[r["interview"]] < DISPOSITION_RANK[r["gold"]]
    }
    assert below == BELOW_GOLD_WITHOUT_EXAMINATION, _table(
        [r for r in runs if (r["id"], r["mode"]) in below ^ BELOW_GOLD_WITHOUT_EXAMINATION]
    )
    # ... and there the engine is below gold with every finding the mode can ask
    for r in runs:
        if (r["id"], r["mode"]) in BELOW_GOLD_WITHOUT_EXAMINATION:
            assert DISPOSITION_RANK[r["full"]] < DISPOSITION_RANK[r["gold"]], _table([r])


def test_clinician_mode_gives_every_gold_disposition(runs: list[dict[str, Any]]) -> None:
    wrong = [r for r in runs if r["mode"] == "clinician" and r["interview"] != r["gold"]]
    assert not wrong, _table(wrong)


def test_the_interview_stays_short(runs: list[dict[str, Any]]) -> None:
    # 2026-11-26 before the stopping rule looked further: mean 12.1 / 14.8, max 18 / 25
    # (person / clinician); after: mean 12.7 / 15.6, max 20 / 28. Session 11 (knowledge 1.8-1.11): the
    # age is asked before self-care (under 16), and a clinician is asked the straight-leg raise and
    # the FAIR test before self-care (a positive one is a routine review): mean 13.0 / 16.8, max 20 / 29.
    # Questions 1.7.0: every check asks about walking, and after "Neither leg" about the buttock
    # (``always``; a new user's check with "Neither leg" never asked about walking): mean 13.15 -> 13.90
    # / 16.50 -> 17.27, max 20 -> 21 / 29 -> 30 (issue 2's median stays 14.5, test_interview_simulation)
    for mode, mean_limit, max_limit in (("person", 14.0, 22), ("clinician", 17.5, 30)):
        counts = [r["questions"] for r in runs if r["mode"] == mode]
        assert statistics.mean(counts) <= mean_limit and max(counts) <= max_limit, (mode, counts)
    emergencies = [r["questions"] for r in runs if r["full"] == "emergency"]
    assert max(emergencies) <= 8, emergencies


@pytest.mark.parametrize("min_gain_bits", [0.06, 0.1])
def test_no_under_triage_with_other_thresholds(shared_dir: Path, min_gain_bits: float) -> None:
    rows = [interview(v, mode, min_gain_bits=min_gain_bits) for v in _vignettes(shared_dir) for mode in MODES]
    under = [r for r in rows if DISPOSITION_RANK[r["interview"]] < DISPOSITION_RANK[r["full"]]]
    assert not under, _table(under)


if __name__ == "__main__":  # the figures: .venv/bin/python tests/spec/test_interview_gold.py
    vignettes = _vignettes(Path(__file__).resolve().parents[2].parent / "shared")
    for mode in MODES:
        rows = [interview(v, mode) for v in vignettes]
        print(_table(rows))
        counts = [r["questions"] for r in rows]
        below = [r["id"] for r in rows if DISPOSITION_RANK[r["interview"]] < DISPOSITION_RANK[r["gold"]]]
        print(
            f"{mode}: disposition = gold {sum(r['interview'] == r['gold'] for r in rows)}/{len(rows)}, "
            f"below gold {below or '-'}, = full information "
            f"{sum(r['interview'] == r['full'] for r in rows)}/{len(rows)}, questions mean "
            f"{statistics.mean(counts):.2f} median {statistics.median(counts)} max {max(counts)}\n"
        )

"""The team's held-out vignettes (tests/data/, written blind to the engine), scored as issue 2 scores
the dev vignettes.

Set A (``holdout_vignettes.jsonl``, 60 cases) was measured blind at 018a120 (exact 0.950, first
0.883, top 3 0.933, must_not_miss 0.833, one under-triage). Two of its misses then showed the engine
below figures the evidence gives, and the knowledge base was corrected (1.4.0):

* a history of cancer leaves spinal cancer at about 4.6% [A2] and a sudden start over 70 leaves a
  broken vertebra at about 9% [A1], yet the engine gave 2-3%: those flags now keep their published
  post-test probability (the floor that the cauda equina rules already had);
* A.2's questions for cauda equina ("in the last two weeks ... pain or numbness now in both legs:
  any yes is an emergency") had no rule unless the start was sudden: ``new_bilateral_leg_symptoms``.

So set A no longer measures generalisation; its figures below guard against going back. The
misses it keeps are listed with the reason each is not "fixed": each needs a number the evidence
does not give, or a fact the findings do not hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.knowledge.vignette_scoring import Row, figures, report, score_file

DATA = Path(__file__).resolve().parents[1] / "data"

# Set A's misses after 1.4.0 (not thresholds to loosen: a new miss fails the test).
KNOWN_UNDER_TRIAGE_A = {
    # "since last night the pain has started down my left leg as well": the findings hold both legs
    # and three weeks, but no sudden start and no trend, so no rule can tell the second leg is new
    "hold-010",
}
KNOWN_MUST_NOT_MISS_A = {
    "hold-010",  # the same: cauda equina stays below the disc (0.5%) without the rule
    "hold-013",  # drug injection, no fever: infection ~1% (no post-test figure exists, A.5)
    "hold-030",  # infection after a spinal operation, no fever: the same
    "hold-042",  # transplant drugs, no fever: the same
    "hold-027",  # cancer with tingling in both legs: cancer is second; cauda equina is not third
    "hold-043",  # 77-year-old ex-smoker, sudden pain, no pulsing: an aneurysm is not in the top three
    "hold-044",  # smoker with diabetes and a stenosis pattern: artery disease is not in the top three
    "hold-052",  # weight loss alone: cancer ~1% [A2], below the common causes
}


@pytest.fixture(scope="module")
def set_a() -> list[Row]:
    rows = score_file(DATA / "holdout_vignettes.jsonl")
    assert len(rows) == 60
    return rows


def test_set_a_under_triage_is_only_the_known_case(set_a: list[Row]) -> None:
    under = {r.id for r in set_a if r.under}
    assert under == KNOWN_UNDER_TRIAGE_A, report(set_a, [r for r in set_a if r.under], "under-triage")


def test_set_a_meets_the_dev_thresholds_for_disposition_and_ranking(set_a: list[Row]) -> None:
    n = len(set_a)
    counted = figures(set_a)
    failed = [r for r in set_a if not (r.exact and r.first and r.top3)]
    assert counted["disposition exact"] / n >= 0.90, report(set_a, failed, "disposition")
    assert counted["first (gold or acceptable)"] / n >= 0.85, report(set_a, failed, "first")
    assert counted["gold in top 3"] / n >= 0.95, report(set_a, failed, "gold in top 3")


def test_set_a_must_not_miss_misses_are_only_the_known_ones(set_a: list[Row]) -> None:
    missed = {r.id for r in set_a if not r.must_not_miss}
    assert missed <= KNOWN_MUST_NOT_MISS_A, report(
        set_a, [r for r in set_a if r.id in missed - KNOWN_MUST_NOT_MISS_A], "must_not_miss"
    )


def test_print_figures(set_a: list[Row], capsys: pytest.CaptureFixture[str]) -> None:
    """Not a threshold: prints the measured figures (run with -s to see them)."""
    counted = figures(set_a)
    with capsys.disabled():
        print("\n  set A (no longer blind):")
        for name, k in counted.items():
            print(f"    {name}: {k}/{len(set_a)} ({100 * k / len(set_a):.1f}%)")
    assert counted["disposition exact"] > 0

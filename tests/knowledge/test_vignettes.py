"""The dev vignettes (../shared/data/vignettes/dev.jsonl) assessed with their full findings.

Thresholds (issue 2): zero under-triage for emergency and urgent vignettes; disposition exact match
>= 90%; gold or acceptable condition first >= 85%; gold condition in the top 3 >= 95%; every
must_not_miss condition in the top 3. On failure the test prints one row per vignette.
"""

from __future__ import annotations

import pytest
from tests.conftest import VIGNETTES
from tests.knowledge.vignette_scoring import Row, calibration_lines, figures, report, score_file


@pytest.fixture(scope="module")
def rows(shared_dir) -> list[Row]:
    out = score_file(VIGNETTES)
    assert len(out) >= 40, "expected the 40 dev vignettes"
    return out


def test_no_under_triage_of_emergency_or_urgent(rows: list[Row]) -> None:
    failed = [r for r in rows if r.under]
    assert not failed, report(rows, failed, "under-triage")


def test_disposition_exact_match_at_least_90_percent(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.exact]
    assert 1 - len(failed) / len(rows) >= 0.90, report(rows, failed, "disposition")


def test_gold_or_acceptable_condition_first_at_least_85_percent(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.first]
    assert 1 - len(failed) / len(rows) >= 0.85, report(rows, failed, "first condition")


def test_gold_condition_in_top3_at_least_95_percent(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.top3]
    assert 1 - len(failed) / len(rows) >= 0.95, report(rows, failed, "gold in top 3")


def test_every_must_not_miss_condition_in_top3(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.must_not_miss]
    assert not failed, report(rows, failed, "must_not_miss")


def test_print_figures(rows: list[Row], capsys: pytest.CaptureFixture[str]) -> None:
    """Not a threshold: prints the measured figures (run with -s to see them)."""
    n = len(rows)
    counted = figures(rows)
    with capsys.disabled():
        print()
        for name, k in counted.items():
            print(f"  {name}: {k}/{n} ({100 * k / n:.1f}%)")
        for line in calibration_lines(rows):
            print(f"  {line}")
    assert counted["gold in top 3"] > 0

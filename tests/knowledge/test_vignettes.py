"""The dev vignettes (../shared/data/vignettes/dev.jsonl) assessed with their full findings.

Thresholds (issue 2): zero under-triage for emergency and urgent vignettes; disposition exact match
>= 90%; gold or acceptable condition first >= 85%; gold condition in the top 3 >= 95%; every
must_not_miss condition in the top 3. On failure the test prints one row per vignette.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from tests.conftest import VIGNETTES

from backstride.assessment import DISPOSITION_ORDER, evaluate

RANK = {d: i for i, d in enumerate(DISPOSITION_ORDER)}


@dataclass
class Row:
    id: str
    gold_disposition: str
    disposition: str
    gold: str
    ranked: list[tuple[str, float]]
    exact: bool
    under: bool
    first: bool
    top3: bool
    must_not_miss: bool

    def line(self) -> str:
        marks = "".join(
            m if ok else "-"
            for m, ok in (("D", self.exact), ("F", self.first), ("3", self.top3), ("M", self.must_not_miss))
        )
        top = ", ".join(f"{c}={p:.2f}" for c, p in self.ranked[:3])
        under = " UNDER-TRIAGE" if self.under else ""
        return (
            f"{self.id} [{marks}] {self.gold_disposition}->{self.disposition}{under} "
            f"gold={self.gold} top3: {top}"
        )


@pytest.fixture(scope="module")
def rows(shared_dir) -> list[Row]:
    out = []
    with VIGNETTES.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            v = json.loads(line)
            a = evaluate(v["findings"])
            codes = [c.code for c in a.conditions]
            gold_d = v["gold_disposition"]
            out.append(
                Row(
                    id=v["id"],
                    gold_disposition=gold_d,
                    disposition=a.disposition,
                    gold=v["gold_condition"],
                    ranked=[(c.code, c.probability) for c in a.conditions],
                    exact=a.disposition == gold_d,
                    under=gold_d in ("emergency", "urgent") and RANK[a.disposition] < RANK[gold_d],
                    first=codes[0] in [v["gold_condition"], *v.get("acceptable_conditions", [])],
                    top3=v["gold_condition"] in codes[:3],
                    must_not_miss=all(m in codes[:3] for m in v.get("must_not_miss", [])),
                )
            )
    assert len(out) >= 40, "expected the 40 dev vignettes"
    return out


def _report(rows: list[Row], failed: list[Row], what: str) -> str:
    return f"{what}: {len(failed)} of {len(rows)} failed\n" + "\n".join(r.line() for r in rows)


def test_no_under_triage_of_emergency_or_urgent(rows: list[Row]) -> None:
    failed = [r for r in rows if r.under]
    assert not failed, _report(rows, failed, "under-triage")


def test_disposition_exact_match_at_least_90_percent(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.exact]
    assert 1 - len(failed) / len(rows) >= 0.90, _report(rows, failed, "disposition")


def test_gold_or_acceptable_condition_first_at_least_85_percent(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.first]
    assert 1 - len(failed) / len(rows) >= 0.85, _report(rows, failed, "first condition")


def test_gold_condition_in_top3_at_least_95_percent(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.top3]
    assert 1 - len(failed) / len(rows) >= 0.95, _report(rows, failed, "gold in top 3")


def test_every_must_not_miss_condition_in_top3(rows: list[Row]) -> None:
    failed = [r for r in rows if not r.must_not_miss]
    assert not failed, _report(rows, failed, "must_not_miss")


def test_print_figures(rows: list[Row], capsys: pytest.CaptureFixture[str]) -> None:
    """Not a threshold: prints the measured figures (run with -s to see them)."""
    n = len(rows)
    figures = {
        "disposition exact": sum(r.exact for r in rows),
        "first (gold or acceptable)": sum(r.first for r in rows),
        "gold in top 3": sum(r.top3 for r in rows),
        "must_not_miss in top 3": sum(r.must_not_miss for r in rows),
        "under-triage (emergency/urgent)": sum(r.under for r in rows),
    }
    with capsys.disabled():
        print()
        for name, k in figures.items():
            print(f"  {name}: {k}/{n} ({100 * k / n:.1f}%)")
    assert figures["gold in top 3"] > 0

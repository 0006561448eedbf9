"""Scoring a file of vignettes the way issue 2 does: each assessed with its full findings.

Shared by the dev vignettes (``test_vignettes.py``) and the team's held-out vignettes
(``test_holdout_vignettes.py``). A row's marks: D disposition exact, F gold or acceptable condition
first, 3 gold in the top three, M every must_not_miss condition in the top three.

``calibration`` adds how honest the chances are: the multiclass Brier score (the squared distance of
all the chances from "the gold condition 1, every other 0", averaged over vignettes), the log loss of
the gold condition (minus the natural log of its chance), the leader's mean and highest chance, and
how many leaders are at 95% or more and how many of those are not the gold or an acceptable condition.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

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


def score(vignette: dict) -> Row:
    a = evaluate(vignette["findings"])
    codes = [c.code for c in a.conditions]
    gold_d = vignette["gold_disposition"]
    return Row(
        id=vignette["id"],
        gold_disposition=gold_d,
        disposition=a.disposition,
        gold=vignette["gold_condition"],
        ranked=[(c.code, c.probability) for c in a.conditions],
        exact=a.disposition == gold_d,
        under=gold_d in ("emergency", "urgent") and RANK[a.disposition] < RANK[gold_d],
        first=codes[0] in [vignette["gold_condition"], *vignette.get("acceptable_conditions", [])],
        top3=vignette["gold_condition"] in codes[:3],
        must_not_miss=all(m in codes[:3] for m in vignette.get("must_not_miss", [])),
    )


def score_file(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as fh:
        return [score(json.loads(line)) for line in fh if line.strip()]


def report(rows: list[Row], failed: list[Row], what: str) -> str:
    return f"{what}: {len(failed)} of {len(rows)} failed\n" + "\n".join(r.line() for r in rows)


def figures(rows: list[Row]) -> dict[str, int]:
    return {
        "disposition exact": sum(r.exact for r in rows),
        "first (gold or acceptable)": sum(r.first for r in rows),
        "gold in top 3": sum(r.top3 for r in rows),
        "must_not_miss in top 3": sum(r.must_not_miss for r in rows),
        "under-triage (emergency/urgent)": sum(r.under for r in rows),
    }


#: A leader at this chance or more is "very sure" in ``calibration``.
VERY_SURE = 0.95


def calibration(rows: list[Row]) -> dict[str, float]:
    """Brier score and log loss (means; lower is better) and the leader's chances (see the module)."""
    n = len(rows)
    brier = sum(sum((p - (code == r.gold)) ** 2 for code, p in r.ranked) for r in rows) / n
    log_loss = sum(-math.log(max(dict(r.ranked)[r.gold], 1e-15)) for r in rows) / n
    leaders = [r.ranked[0][1] for r in rows]
    sure = [r for r in rows if r.ranked[0][1] >= VERY_SURE]
    return {
        "Brier score": brier,
        "log loss of the gold condition": log_loss,
        "leader's mean chance": sum(leaders) / n,
        "leader's highest chance": max(leaders),
        f"leaders at {VERY_SURE:.0%} or more": len(sure),
        f"leaders at {VERY_SURE:.0%} or more, wrong": sum(not r.first for r in sure),
    }


def calibration_lines(rows: list[Row]) -> list[str]:
    return [f"{name}: {value:.4g}" for name, value in calibration(rows).items()]

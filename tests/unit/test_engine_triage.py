"""engine.triage: the red-flag rules alone, which the interview uses to say an emergency at once."""

from __future__ import annotations

import json
import random

import pytest
from tests.conftest import VIGNETTES

from backstride.assessment import evaluate, triage
from backstride.knowledge import load_knowledge


def _cases() -> list[dict]:
    with VIGNETTES.open(encoding="utf-8") as fh:
        cases = [json.loads(line)["findings"] for line in fh if line.strip()]
    kb = load_knowledge()
    bools = sorted(code for code, d in kb.findings.items() if d.kind == "bool")
    rng = random.Random(20261126)
    for _ in range(300):  # random mixes of warning signs and other findings
        cases.append({code: rng.random() < 0.5 for code in rng.sample(bools, 6)})
    return cases


@pytest.mark.parametrize("findings", _cases())
def test_an_emergency_disposition_always_comes_from_a_triage_hit(findings: dict) -> None:
    red_flags, escalations = triage(findings)
    full = evaluate(findings)
    assert red_flags == full.red_flags and escalations == full.escalations
    assert (full.disposition == "emergency") == any(
        h.disposition == "emergency" for h in red_flags + escalations
    )


def test_the_cases_hold_emergencies_and_other_dispositions() -> None:
    dispositions = [evaluate(f).disposition for f in _cases()]
    assert dispositions.count("emergency") >= 20 and len(set(dispositions)) == 4


def test_triage_checks_its_findings() -> None:
    with pytest.raises(KeyError):
        triage({"knee_pain": True})

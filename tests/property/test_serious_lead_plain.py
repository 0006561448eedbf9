"""``serious_lead`` gives what its plain formula gives: the likelihood-ratio table it keeps per
knowledge base, the skip of a cause far behind and the stop once the cap is reached are shortcuts
only (the interview's foresight weighs it for hundreds of answers per question)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from tests.property.test_interview_foresight import findings_strategy

from backstride.assessment import (
    MAX_SERIOUS_LEAD_DISPOSITION,
    SERIOUS_LEAD_PROBABILITY,
    disposition_scores,
    serious_lead,
)
from backstride.assessment.engine import FAR_BEHIND_LOG_ODDS
from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.services.foresight import condition_scores

KB = load_knowledge()


def plain(f: Mapping[str, Any], scores: list[float]) -> tuple[int, str] | None:
    """The formula as written out before the shortcuts (without the engine's floor lifts)."""
    positive = [c for c, v in f.items() if v is True and c in KB.findings]
    own = [{c for c, es in KB.lr_index.items() if any(e.condition_index == i for e in es)} for i in range(15)]
    best = None
    for i, code in enumerate(KB.condition_codes):
        definition = KB.conditions[code]
        if not definition.serious or (not positive and scores[i] < max(scores)):
            continue
        adjusted = list(scores)
        for finding in [p for p in positive if p not in own[i]]:
            for entry in KB.lr_exact.get((finding, True), ()):
                if not entry.definition.for_disposition:
                    continue
                if entry.log_lr > 0 and (entry.requires is None or entry.requires(f) is True):
                    adjusted[entry.condition_index] -= entry.log_lr
        top = max(adjusted)
        probability = math.exp(adjusted[i] - top) / sum(math.exp(s - top) for s in adjusted)
        if probability >= SERIOUS_LEAD_PROBABILITY:
            rank = min(
                DISPOSITION_RANK[definition.default_disposition],
                DISPOSITION_RANK[MAX_SERIOUS_LEAD_DISPOSITION],
            )
            if best is None or rank > best[0]:
                best = (rank, code)
    return best


def test_a_cause_far_behind_is_never_more_likely_than_not() -> None:
    assert len(KB.condition_codes) == 15  # ``plain`` above counts them
    assert 1 / (1 + math.exp(FAR_BEHIND_LOG_ODDS)) < SERIOUS_LEAD_PROBABILITY


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings=findings_strategy)
def test_serious_lead_is_its_plain_formula(findings: dict[str, Any]) -> None:
    scores = disposition_scores(findings, condition_scores(findings, KB), KB)
    assert serious_lead(findings, scores, KB) == plain(findings, scores)

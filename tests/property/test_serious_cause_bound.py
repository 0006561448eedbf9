"""The engine skips weighing a serious cause that cannot be more likely than not (``serious_lead``'s
bound), and that skip never changes a result.

Found by bench_web (2026-11-28): weighing every serious cause on its own evidence for every answer
the interview foresees took the gold interviews from 4.4 s to 14.0 s and a web answer's p95 from 14 ms
to 1,253 ms. The bound: every other cause at its floor (its prior plus each matching ratio below 1)
gives the most the serious cause can reach; under one in two it is skipped. 60,000 random answer sets
gave the same level, reasons and serious cause as the engine before the bound (scratch comparison).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.property.test_serious_cause_own_evidence import SERIOUS, a_serious_cause_and_answers
from tests.property.test_serious_lead_plain import level_scores_and_lifts

from backstride.assessment import engine
from backstride.assessment.engine import (
    SERIOUS_LEAD_PROBABILITY,
    serious_lead,
    serious_rank,
    serious_weighed_probability,
)
from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.services import foresight
from backstride.services.interview import Interview

KB = load_knowledge()


def every_serious_cause_weighed(
    findings: dict[str, Any], scores: list[float], lifts: dict[int, tuple[str, float]] | None
) -> tuple[int, str] | None:
    """``serious_lead`` as it was before the bound: every serious cause weighed in full."""
    best: tuple[int, str] | None = None
    for i, code in enumerate(KB.condition_codes):
        if not KB.conditions[code].serious:
            continue
        probability = serious_weighed_probability(findings, scores, i, KB, lifts)
        if probability is not None and probability >= SERIOUS_LEAD_PROBABILITY:
            rank = serious_rank(findings, code, KB)
            if best is None or rank > best[0]:
                best = (rank, code)
                if rank >= DISPOSITION_RANK["urgent"]:
                    break
    return best


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=a_serious_cause_and_answers(), with_lifts=st.booleans())
def test_the_bound_never_changes_the_serious_cause(
    drawn: tuple[str, dict[str, Any], dict[str, Any]], with_lifts: bool
) -> None:
    _cause, base, added = drawn
    findings, scores, lifts = level_scores_and_lifts({**base, **added})
    given_lifts = lifts if with_lifts else None
    assert serious_lead(findings, scores, KB, given_lifts) == every_serious_cause_weighed(
        findings, scores, given_lifts
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=a_serious_cause_and_answers())
def test_the_bound_is_never_under_the_weighed_chance(
    drawn: tuple[str, dict[str, Any], dict[str, Any]],
) -> None:
    _cause, base, added = drawn
    findings, scores, lifts = level_scores_and_lifts({**base, **added})
    lowest = engine.lowest_weighed_scores(findings, KB)
    top = max(lowest)
    weights = [engine.math.exp(s - top) for s in lowest]
    for code in SERIOUS:
        i = KB.condition_codes.index(code)
        weighed = serious_weighed_probability(findings, scores, i, KB, lifts)
        bound = engine._highest_weighed_probability(scores[i], weights, top, i, sum(weights))
        if weighed is not None:
            assert bound >= weighed - 1e-12, (code, bound, weighed)


def test_numbers_are_matched_the_same_after_the_kept_matches_are_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ages = [15.0, 16, 49.5, 50, 70, 120.0]
    fresh = [engine.matching_ratios("age_years", age, KB) for age in ages]
    assert len({len(f) for f in fresh}) > 1, "the ages should fall in different ranges"
    monkeypatch.setattr(engine, "MAX_KEPT_RANGE_MATCHES", 3)
    engine._range_matches(KB).clear()
    for _ in range(2):
        assert [engine.matching_ratios("age_years", age, KB) for age in ages] == fresh
        assert len(engine._range_matches(KB)) <= 3
    # an int and a float of the same number are kept under two keys and matched alike
    assert engine.matching_ratios("age_years", 50, KB) == engine.matching_ratios("age_years", 50.0, KB)


def test_the_interview_weighs_few_serious_causes_in_full(
    monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    """The interview foresees hundreds of answers per question; before the bound each foreseen answer
    weighed every serious cause in full (five per look). Counted, not timed."""
    looks = weighings = 0
    looked, weighed = foresight.serious_lead, engine.serious_weighed_probability

    def counted_look(*args: Any, **kwargs: Any) -> Any:
        nonlocal looks
        looks += 1
        return looked(*args, **kwargs)

    def counted_weighing(*args: Any) -> Any:
        nonlocal weighings
        weighings += 1
        return weighed(*args)

    monkeypatch.setattr(foresight, "serious_lead", counted_look)
    monkeypatch.setattr(engine, "serious_weighed_probability", counted_weighing)
    with (shared_dir / "data" / "vignettes" / "dev.jsonl").open(encoding="utf-8") as fh:
        vignettes = [json.loads(line) for line in fh if line.strip()][:6]
    for vignette in vignettes:
        session = Interview(mode="clinician")
        while (question := session.next_question()) is not None:
            for code in question.codes:
                session.answer(code, vignette["findings"].get(code))
    assert looks > 100, looks
    assert weighings < 0.2 * looks, (weighings, looks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=a_serious_cause_and_answers(), with_lifts=st.booleans())
def test_the_floors_of_one_answer_more_are_the_floors_of_all_the_answers(
    drawn: tuple[str, dict[str, Any], dict[str, Any]], with_lifts: bool
) -> None:
    """The interview's foresight works out the known answers' floors once and adds each foreseen
    answer's own (``lowest_known``): the same sums in the same order, so the same numbers to the last
    bit, and the same serious cause and level."""
    _cause, base, added = drawn
    floors_known = engine.lowest_weighed_scores(base, KB)
    assert engine.lowest_weighed_scores(added, KB, list(floors_known)) == engine.lowest_weighed_scores(
        {**base, **added}, KB
    )
    assert floors_known == engine.lowest_weighed_scores(base, KB), "the floors given are not changed"
    findings = {**base, **added}
    _, scores, lifts = level_scores_and_lifts(findings)
    given_lifts = lifts if with_lifts else None
    assert serious_lead(
        findings, scores, KB, given_lifts, lowest_known=(floors_known, added)
    ) == serious_lead(findings, scores, KB, given_lifts)


def test_the_interview_works_out_the_known_answers_floors_once_per_question(
    monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    """Before, the floors of every known answer were summed again for each answer foreseen (a fifth
    of a web answer's CPU, bench_server_cpu --profile); now once per choice of question, and the
    interview asks the same questions (the other looks before stopping read them too: 6 times in
    all). Counted, not timed."""
    kept_per_answer, looked_up = engine._kept_per_answer, Counter[str]()

    def counted(kept: Any, code: str, value: Any, work_out: Any) -> Any:
        if kept is engine._lowering_ratios(KB):
            looked_up[code] += 1
        return kept_per_answer(kept, code, value, work_out)

    with (shared_dir / "data" / "vignettes" / "dev.jsonl").open(encoding="utf-8") as fh:
        vignette = json.loads(next(line for line in fh if line.strip()))
    session = Interview(mode="clinician")
    for _ in range(10):  # then the foresight weighs serious causes (dev-001: 82 look-ups a known answer)
        question = session.next_question()
        assert question is not None
        for code in question.codes:
            session.answer(code, vignette["findings"].get(code))
    known = set(session.answers)
    monkeypatch.setattr(engine, "_kept_per_answer", counted)
    assert session.next_question() is not None
    assert known and looked_up, (known, looked_up)
    assert max(looked_up[code] for code in known) <= 10, looked_up


def test_the_floors_are_summed_once_for_every_serious_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serious_lead`` bounds each serious cause with the same floors: their sum is worked out once per
    call, not again for each cause (the interview's foresight calls it for every answer it foresees)."""
    findings, scores, lifts = level_scores_and_lifts({"age_years": 45, "worse_walking": True})
    bounded: list[int] = []
    summed: Counter[int] = Counter()
    real_bound, real_sum = engine._highest_weighed_probability, sum

    def bound(own: float, weights: list[float], *rest: Any) -> float:
        bounded.append(id(weights))
        return real_bound(own, weights, *rest)

    def counted_sum(values: Any, *start: Any) -> Any:
        summed[id(values)] += 1
        return real_sum(values, *start)

    monkeypatch.setattr(engine, "_highest_weighed_probability", bound)
    monkeypatch.setattr(engine, "sum", counted_sum, raising=False)
    serious_lead(findings, scores, KB, lifts)
    assert len(bounded) >= 2, "more than one serious cause should be bounded"
    assert summed[bounded[0]] == 1, "the floors were summed again for another serious cause"

"""Hypothesis invariants of the engine (ARCHITECTURE.md pattern 15).

- probabilities are in [0, 1] and sum to 1;
- the order of the answers does not change the result;
- a further positive red-flag finding never lowers the disposition;
- an unknown answer (None) changes nothing (but for a code the other answers already answer).
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from backstride import assess
from backstride.assessment import DISPOSITION_ORDER, evaluate
from backstride.knowledge import FindingDef, load_knowledge
from backstride.knowledge.questions import implied_answers

KB = load_knowledge()
CODES = sorted(KB.findings)
RED_FLAG_CODES = sorted(c for c, f in KB.findings.items() if f.group == "red_flags")
RANK = {d: i for i, d in enumerate(DISPOSITION_ORDER)}


def value_of(f: FindingDef) -> st.SearchStrategy[object]:
    if f.kind == "bool":
        return st.booleans()
    if f.kind == "enum":
        return st.sampled_from(f.values)
    assert f.min is not None and f.max is not None
    return st.one_of(
        st.integers(int(math.ceil(f.min)), int(f.max)),
        st.floats(f.min, f.max, allow_nan=False, allow_infinity=False),
    )


@st.composite
def findings(draw: st.DrawFn, codes: list[str] = CODES) -> dict[str, object]:
    chosen = draw(st.lists(st.sampled_from(codes), unique=True, max_size=25))
    return {code: draw(value_of(KB.findings[code])) for code in chosen}


def summary(findings_: dict[str, object]) -> dict[str, object]:
    return assess(findings_).to_dict()


@settings(max_examples=150, deadline=None)
@given(findings())
def test_probabilities_are_calibrated_and_sum_to_one(f: dict[str, object]) -> None:
    a = evaluate(f)
    probs = [c.probability for c in a.conditions]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert math.isclose(sum(probs), 1.0, abs_tol=1e-9)
    assert len(a.conditions) == len(KB.conditions)


@settings(max_examples=100, deadline=None)
@given(findings(), st.randoms(use_true_random=False))
def test_answer_order_does_not_change_the_result(f: dict[str, object], rnd) -> None:
    items = list(f.items())
    rnd.shuffle(items)
    assert summary(dict(items)) == summary(f)


@settings(max_examples=150, deadline=None)
@given(findings(), st.sampled_from(RED_FLAG_CODES))
def test_a_further_positive_red_flag_never_lowers_the_disposition(f: dict[str, object], code: str) -> None:
    f = {k: v for k, v in f.items() if k != code}
    before = evaluate(f).disposition
    after = evaluate({**f, code: True}).disposition
    assert RANK[after] >= RANK[before], (code, before, after)


@settings(max_examples=100, deadline=None)
@given(findings(), st.lists(st.sampled_from(CODES), unique=True, min_size=1, max_size=5))
def test_an_unknown_answer_changes_nothing(f: dict[str, object], unknown: list[str]) -> None:
    known = {k: v for k, v in f.items() if k not in unknown}
    # not a code the other answers already answer (implied_answers: "Neither leg" -> no leg pain):
    # left out, it reads as that answer (every interface reads it so, assessment.read_answers); a
    # "don't know" given to it is an answer given, read as given, never replaced. They differ by design,
    # and only where a question the answers say was not asked is answered anyway.
    implied = implied_answers(known)
    unknown = [k for k in unknown if k not in implied]
    with_unknowns = {**known, **{k: None for k in unknown}}
    assert summary(with_unknowns) == summary(known)

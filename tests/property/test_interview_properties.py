"""Hypothesis invariants of the interview: order does not matter, unknown answers change nothing."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.knowledge import load_knowledge
from backstride.services.interview import Interview

FINDINGS = load_knowledge().findings
CODES = sorted(FINDINGS)


def value_strategy(code: str) -> st.SearchStrategy[Any]:
    f = FINDINGS[code]
    if f.kind == "bool":
        return st.booleans()
    if f.kind == "enum":
        return st.sampled_from(f.values)
    assert f.min is not None and f.max is not None
    return st.integers(min_value=int(f.min), max_value=int(f.max))


findings_strategy = st.lists(st.sampled_from(CODES), unique=True, max_size=14).flatmap(
    lambda codes: st.fixed_dictionaries({c: value_strategy(c) for c in codes})
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(findings=findings_strategy, data=st.data())
def test_answer_order_does_not_change_the_result(findings: dict[str, Any], data: st.DataObject) -> None:
    order = data.draw(st.permutations(sorted(findings)))
    forward = Interview()
    for code in sorted(findings):
        forward.answer(code, findings[code])
    shuffled = Interview()
    for code in order:
        shuffled.answer(code, findings[code])
    assert shuffled.result().to_dict() == forward.result().to_dict()
    assert shuffled.next_question() == forward.next_question()


@SETTINGS
@given(findings=findings_strategy, unknown=st.lists(st.sampled_from(CODES), unique=True, max_size=8))
def test_an_unknown_answer_changes_nothing(findings: dict[str, Any], unknown: list[str]) -> None:
    plain = Interview(answers=findings)
    with_unknown = Interview(answers=findings)
    # what other answers already give ("Neither leg": no cramps; an old answer's codes, replaced_by):
    # a "don't know" given to one of these is read as given, never replaced (known_answers)
    given_by_others = set(plain.known) - set(findings)
    for code in unknown:
        if code not in findings and code not in given_by_others:
            with_unknown.answer(code, None)
    assert with_unknown.result().to_dict() == plain.result().to_dict()
    assert with_unknown.known == plain.known

"""A check's stored answers are given to its interview again on every request (``Interview(mode,
answers)``): each answer is checked (``validate_findings``) once, not on every replay, and a bad one
is still refused with its message, however many good ones were checked before it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backstride import Interview
from backstride.core.errors import FindingValueError
from backstride.services import interview as interview_module

ANSWERS: dict[str, Any] = {"age_years": 67, "sex": "female", "worse_walking": True, "pain_severity_nrs": 6.5}


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every ``validate_findings`` call the interview makes, from an empty set of answers checked."""
    seen: list[dict[str, Any]] = []
    real = interview_module.validate_findings

    def counted(raw: Any, *rest: Any) -> Any:
        seen.append(dict(raw))
        return real(raw, *rest)

    monkeypatch.setattr(interview_module, "validate_findings", counted)
    monkeypatch.setattr(interview_module, "_CHECKED_ANSWERS", [None, set()], raising=False)
    return seen


def test_stored_answers_given_again_are_not_checked_again(checks: list[dict[str, Any]]) -> None:
    first = Interview("person", ANSWERS)
    assert len(checks) == len(ANSWERS)
    again = Interview("person", ANSWERS)
    assert len(checks) == len(ANSWERS), "the same answers were checked again on a replay"
    assert again.answers == first.answers == ANSWERS
    assert again.next_question() == first.next_question()


@pytest.mark.parametrize(
    ("code", "bad", "says"),
    [
        ("worse_walking", 1, "expected true or false, got 1"),  # True was checked: 1 is not True
        ("age_years", True, "age_years: expected a number"),  # 67 was checked: a bool is no number
        ("age_years", 67.5e9, "age_years: expected a number"),
        ("pain_severity_nrs", float("nan"), "pain_severity_nrs: expected a number"),
        ("sex", "Female", "sex: expected one of"),
    ],
)
def test_a_bad_answer_is_refused_after_good_ones_were_checked(
    checks: list[dict[str, Any]], code: str, bad: Any, says: str
) -> None:
    Interview("person", ANSWERS)
    for _ in range(2):  # refused each time: a bad answer is never kept as checked
        with pytest.raises(FindingValueError, match=says):
            Interview("person", {**ANSWERS, code: bad})


def test_other_kinds_of_values_are_checked_every_time(checks: list[dict[str, Any]]) -> None:
    """A value of another type (numpy's, a subclass) is checked each time, as before: only plain values
    are kept."""
    for _ in range(2):
        Interview("person", {"worse_walking": np.bool_(True)})
    assert checks == [{"worse_walking": np.bool_(True)}] * 2


def test_a_full_set_is_emptied_and_still_checks(
    checks: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(interview_module, "MAX_CHECKED_ANSWERS", 2)
    Interview("person", ANSWERS)
    assert len(interview_module._CHECKED_ANSWERS[1]) <= 2
    with pytest.raises(FindingValueError, match="expected true or false"):
        Interview("person", {**ANSWERS, "worse_walking": "yes"})

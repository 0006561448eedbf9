"""The old answer for all three leg signs (``leg_signs_long_standing``, replaced by each sign's own
answer in knowledge 1.20.0) is spelled out only where a check holds it. Checks started since never
do, and the interview validates every answer set it looks ahead to (about 50 an answer): reading the
rules and every answer again for it on each of them made an answer about 0.1-0.3 ms slower
(bench_web's answer scenario). The answers come out the same; the work is done only when it can
change them."""

from __future__ import annotations

import pytest

from backstride.assessment import findings
from backstride.assessment.findings import (
    known_answers,
    replaced_answer_kept_to_its_signs,
    validate_findings,
)

NEW_CHECK = {"foot_drop": True, "foot_drop_long_standing": False, "age_years": 50, "saddle_numbness": None}


@pytest.fixture
def no_spelling_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the old answer's work was done for answers without it")

    monkeypatch.setattr(findings, "_stands_for", refuse)
    monkeypatch.setattr(findings, "_signs_of", refuse)


def test_answers_without_the_old_answer_are_read_without_spelling_it_out(no_spelling_out: None) -> None:
    assert validate_findings(NEW_CHECK) == {
        "foot_drop": True,
        "foot_drop_long_standing": False,
        "age_years": 50.0,
    }
    assert known_answers(NEW_CHECK) == {"foot_drop": True, "foot_drop_long_standing": False, "age_years": 50}
    after = {**NEW_CHECK, "unsteady_gait": True}
    assert replaced_answer_kept_to_its_signs(NEW_CHECK, after) == after


def test_the_old_answer_is_still_spelled_out_for_each_sign() -> None:
    old = {"foot_drop": True, "leg_signs_long_standing": True}
    assert validate_findings(old)["foot_drop_long_standing"] is True
    assert known_answers(old) == {
        "foot_drop": True,
        "foot_drop_long_standing": True,
        "leg_weakness_long_standing": True,
        "unsteady_gait_long_standing": True,
    }
    # a sign said to be there later is not covered by the old "yes": its age is asked (review R5)
    after = replaced_answer_kept_to_its_signs(old, {**old, "unsteady_gait": True})
    assert after == {"foot_drop": True, "foot_drop_long_standing": True, "unsteady_gait": True}

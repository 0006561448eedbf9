"""The result page's check and result come from one read (``Records.result_and_check``): an answer
stored while the result is being worked out (another tab, another person at the same home) is in
both, never in one only, so the page never shows an old level beside the new answers or the other
way round. On SQLite and PostgreSQL (``records``: ``database_url``)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.test_check_changes import STENOSIS
from tests.integration.test_clinician_result_about_the_person import _all_answers

from backstride.services.records import Records


def test_an_answer_stored_while_the_result_is_worked_out_is_in_the_check_and_its_result(
    records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = records.start_assessment("person").id
    records.answer(check, _all_answers(STENOSIS, "person"))
    other = Records(records.db)  # another request, its own sessions
    worked_out = Records._assess
    calls: list[Any] = []

    def answered_meanwhile(answers: Any, *args: Any) -> Any:
        calls.append(dict(answers))
        if len(calls) == 1:  # between reading the check and storing its result
            other.answer(check, {"urinary_retention": True})
        return worked_out(answers, *args)

    monkeypatch.setattr(Records, "_assess", staticmethod(answered_meanwhile))
    result, view = records.result_and_check(check)
    assert len(calls) == 2  # the first result was stale: worked out again from the new answers
    assert view.answers["urinary_retention"] is True
    assert result.result["disposition"] == "emergency"  # [A15]
    assert view.disposition == "emergency"

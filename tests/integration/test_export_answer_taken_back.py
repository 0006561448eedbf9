"""An export that works out a finished check never opened stores its result only if the check's answers
are still those it was worked out from, compared in the transaction that stores it (SQLite and
PostgreSQL).

What was found (2026-11-27): an answer taken back ("Back") while the export worked the check out made
``_work_out`` see the answers as stale and work them out again: the half-way answers' result was stored
for a check no longer finished (the export's promise is "a check not finished is not worked out"), and
it stayed there until the next answer. The two moments the answer can be taken back are interleaved by
patching a hook, with no sleeps.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.integration.test_export_check_not_worked_out import records
from tests.integration.test_sharing import finish_check

from backstride.services.records import Records
from backstride.storage.models import Assessment

__all__ = ["records"]  # the fixture, shared


def _taken_back_while_worked_out(records: Records, check: int, hook: str, monkeypatch: Any) -> None:
    """Take the check's last answer back once, at ``hook``: before ``_work_out`` reads it ("listed": after
    the export listed it as finished), or while its result is worked out ("assess": before it is stored)."""
    done: list[bool] = []

    def back_once() -> None:
        if not done:
            done.append(True)
            records.back(check)

    if hook == "listed":
        work_out = Records._work_out

        def listed_then_back(self: Records, *args: Any, **kwargs: Any) -> Any:
            back_once()
            return work_out(self, *args, **kwargs)

        monkeypatch.setattr(Records, "_work_out", listed_then_back)
    else:
        assess = Records._assess

        def assess_then_back(*args: Any, **kwargs: Any) -> Any:
            back_once()
            return assess(*args, **kwargs)

        monkeypatch.setattr(Records, "_assess", staticmethod(assess_then_back))


@pytest.mark.parametrize("hook", ["listed", "assess"])
def test_an_answer_taken_back_while_the_export_works_a_check_out_stores_no_half_way_result(
    records: Records, hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = finish_check(records, "dev-012")  # an emergency, answered to the end, never opened
    _taken_back_while_worked_out(records, check, hook, monkeypatch)
    (exported,) = records.export_all(note_download=False)["assessments"]
    monkeypatch.undo()
    assert exported["finished_at"] is None  # the answer was taken back: not finished any more
    assert exported["result"] is None and exported["disposition"] is None, exported["disposition"]
    with records.db.session() as session:
        row = session.get_one(Assessment, check)
        assert row.result is None and row.disposition is None  # nothing half-way stored
    # opened, it is worked out from the answers it has now (a half-way result, shown as such)
    assert records.result(check).result["disposition"]
    assert json.loads(json.dumps(records.export_all(note_download=False)))["assessments"][0]["disposition"]


def test_a_check_not_changed_meanwhile_is_still_worked_out_and_stored(records: Records) -> None:
    check = finish_check(records, "dev-012")
    (exported,) = records.export_all(note_download=False)["assessments"]
    assert exported["disposition"] == "emergency"
    stored = records.stored_result(check)
    assert stored is not None and stored.disposition == "emergency"

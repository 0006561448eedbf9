"""An export works out each finished check whose result was never opened, as opening it would, and
stores it (SQLite and PostgreSQL): the backup JSON, checks.csv and the FHIR Bundle carry its level. A
check this version cannot replay keeps ``result_not_worked_out`` and its stored level, and never makes
the export fail.

What was found (2026-11-27, the last session's closing note): a check answered to the end whose result
page was never opened went out with no level, "Finished, but its result was not worked out yet: open the
check to see it." in checks.csv and a preliminary RiskAssessment in the FHIR Bundle; a clinician
exporting expects every finished check this version can work out to carry its level.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from tests.integration.test_export_check_not_worked_out import RETIRED, _other_questions, records
from tests.integration.test_sharing import finish_check

from backstride.services.records import Records
from backstride.services.sharing import make_export
from backstride.storage.models import Assessment

__all__ = ["records"]  # the fixture, shared


def _export(records: Records, kind: str) -> str:
    return make_export(records, kind, note_download=False).text


def _check_rows(records: Records) -> dict[int, dict[str, str]]:
    return {int(r["check_id"]): r for r in csv.DictReader(io.StringIO(_export(records, "checks")))}


def _risk(records: Records, check: int) -> dict[str, Any]:
    bundle = json.loads(_export(records, "fhir"))
    (risk,) = (
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
        and e["resource"]["identifier"][0]["value"] == f"assessment/{check}/result"
    )
    return risk


@pytest.mark.parametrize("kind", ["json", "checks", "fhir"])
def test_each_export_works_out_a_finished_check_never_opened(records: Records, kind: str) -> None:
    check = finish_check(records, "dev-012")  # an emergency, answered to the end, never opened
    assert records.stored_result(check) is None
    if kind == "json":
        (stored,) = json.loads(_export(records, "json"))["assessments"]
        assert stored["disposition"] == "emergency" and stored["result"]["disposition"] == "emergency"
    elif kind == "checks":
        row = _check_rows(records)[check]
        assert row["disposition"] == "emergency" and row["result_not_worked_out"] == ""
        assert row["red_flags"]
    else:
        risk = _risk(records, check)
        assert risk["status"] == "final" and risk["prediction"]
    # stored as opening the check stores it: the same result, never worked out twice differently
    kept = records.stored_result(check)
    assert kept is not None and kept.result == records.result(check).result


def test_one_check_this_version_cannot_replay_keeps_its_level_and_the_export_goes_on(
    records: Records,
) -> None:
    other = finish_check(records, "dev-012")
    records.result(other)  # an emergency stored, then its answers seen as another version's
    _other_questions(records, other, keep_result=True)
    bare = finish_check(records, "dev-005")  # another version's, never worked out: no level
    _other_questions(records, bare, keep_result=False)
    with records.db.session(write=True) as session:  # as that version kept it: finished
        for check in (other, bare):
            row = session.get_one(Assessment, check)
            assert row.finished_at is not None
    unopened = finish_check(records, "dev-012")  # this version's, never opened
    rows = _check_rows(records)
    assert rows[other]["disposition"] == "emergency"
    assert rows[other]["result_not_worked_out"].startswith("This version of backstride could not work")
    assert rows[bare]["disposition"] == "" and rows[bare]["result_not_worked_out"].endswith(
        "It has no level: none was stored."
    )
    assert rows[unopened]["disposition"] == "emergency" and rows[unopened]["result_not_worked_out"] == ""
    with records.db.session() as session:  # the checks it cannot replay are left as they were
        assert session.get_one(Assessment, bare).result is None
        assert RETIRED in session.get_one(Assessment, other).answers


def test_a_check_not_finished_is_not_worked_out(records: Records) -> None:
    view = records.start_assessment()
    view = records.answer(view.id, {c: None for c in view.next_question["codes"]})
    assert not view.complete
    row = _check_rows(records)[view.id]
    assert row["finished"] == "no" and row["disposition"] == ""
    assert records.stored_result(view.id) is None  # nothing stored for it

"""A restore never lets the level kept in a deletion note show lower than the warning signs of the
check's answers (SQLite and PostgreSQL).

A check this version cannot work out (made by another version with other questions) that keeps no
result, only the notes of its deleted walks, is shown with its last note's level: "before the walk it
used was deleted, it said: ..." (its page, the report, checks.csv and FHIR). What was found (review R1,
2026-11-27): a restore took that level as the file gave it, so a hand-edited backup could show "Look
after it at home" for answers that mean "get emergency help now". Now the level is raised to what the
warning rules of the answers this version can read give, and the restore says so. Nothing is refused:
a note says what the check said then, with the answers then, so an honest file may hold a lower one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import FINISHED
from tests.integration.test_sharing import finish_check

from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.db import Database

RETIRED = "a_question_no_longer_asked"
NOTE = {
    "walk_id": 41,
    "walked_at": "2026-11-20T09:00:00+00:00",
    "deleted_at": "2026-11-21T09:00:00+00:00",
    "gait_factors_before": [],
    "result_before": {"disposition": "self_care", "walking_tolerance_min": None},
}


@pytest.fixture
def made(database_url: str) -> Iterator[tuple[Records, dict[str, Any]]]:
    """A backup (built here) of an emergency check (new trouble peeing, dev-012) and a routine one
    (dev-005); an empty database to restore it into."""
    clock = Clock()
    clock.now = FINISHED
    db = Database(database_url).migrate()
    records = Records(db, clock=clock)
    checks = [finish_check(records, "dev-012"), finish_check(records, "dev-005")]
    document = records.export_all()
    for check in checks:
        records.delete_assessment(check)
    yield records, document
    db.dispose()


def _unreadable_note_alone(check: dict[str, Any], level: str) -> None:
    """As a version with another question kept it once its walk was deleted and the result could not be
    worked out again: the answers, and the deletion's note alone, saying ``level``."""
    check["answers"][RETIRED] = True
    check["package_version"], check["knowledge_version"] = "0.0.9", None
    check["result"] = check["disposition"] = None
    check["walk_deleted"] = {**NOTE, "result_before": {**NOTE["result_before"], "disposition": level}}


def _restored(records: Records, document: dict[str, Any]) -> tuple[Any, list[int]]:
    said = restore_export(records, json.dumps(document))
    return said, [a["id"] for a in records.export_all(note_download=False)["assessments"]]


def test_a_note_below_the_answers_warning_signs_is_raised_and_said(made: Any) -> None:
    records, document = made
    emergency, routine = document["assessments"]
    _unreadable_note_alone(emergency, "self_care")  # hand-edited: it said "at home"
    _unreadable_note_alone(routine, "routine")  # nothing its readable answers fire: kept as it is
    said, (first, second) = _restored(records, document)
    assert records.stored_level(first) == ("emergency", True)
    assert records.stored_level(second) == ("routine", True)
    assert any(
        f"check {emergency['id']} in the file" in line
        and "“Look after it at home for now”" in line
        and "kept as “Get emergency help now”" in line
        and "(aortic_aneurysm_pattern [" in line
        for line in said.said
    ), said.said
    rows = list(csv.DictReader(io.StringIO(make_export(records, "checks", note_download=False).text)))
    before = "before the walk it used was deleted, it said:"
    assert rows[0]["result_not_worked_out"].endswith(f"{before} emergency.")
    assert rows[1]["result_not_worked_out"].endswith(f"{before} routine.")


def test_a_note_as_urgent_as_the_answers_is_kept_and_nothing_is_said(made: Any) -> None:
    records, document = made
    emergency, routine = document["assessments"]
    _unreadable_note_alone(emergency, "emergency")
    document["assessments"] = [emergency]
    said, (first,) = _restored(records, document)
    assert records.stored_level(first) == ("emergency", True)
    assert not any("kept as “" in line for line in said.said), said.said


def test_a_readable_check_with_a_lower_note_is_not_refused_and_shows_its_own_level(made: Any) -> None:
    """Its level is worked out again from its answers (never below their warning signs); the note says
    only what it said before, which an honest file may hold lower (answers changed since)."""
    records, document = made
    emergency, _routine = document["assessments"]
    emergency["result"] = emergency["disposition"] = None
    emergency["walk_deleted"] = NOTE  # "at home", kept as the file has it: what it said then
    document["assessments"] = [emergency]
    _said, (first,) = _restored(records, document)
    assert records.result(first).disposition == "emergency"
    (row,) = csv.DictReader(io.StringIO(make_export(records, "checks", note_download=False).text))
    assert row["disposition"] == "emergency" and row["result_not_worked_out"] == ""

"""checks.csv and the FHIR export say plainly when this version could not work a check out (answers made
with other questions, e.g. by an older version or restored from its backup), never a blank level that
reads like "nothing wrong"; a level stored before is kept and named (SQLite and PostgreSQL).

What was found (2026-11-27): such a check with no stored level was a row with an empty disposition in
checks.csv, and in the FHIR Bundle only its answers, "in-progress", with no word of why; a check whose
note of a deleted walk kept "emergency" showed no level anywhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import FINISHED, OTHER_WALK, WALK, finish_at, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_sharing import finish_check

from backstride import __version__
from backstride.core.export_format import not_worked_out
from backstride.services.interview import screening_state
from backstride.services.records import WALK_DELETED_KEY, Records
from backstride.services.sharing import make_export
from backstride.storage.db import Database
from backstride.storage.models import Assessment

RETIRED = "a_question_no_longer_asked"
COULD_NOT = "This version of backstride could not work this check out: the answers could not be replayed"


@pytest.fixture
def records(database_url: str) -> Iterator[Records]:
    clock = Clock()
    clock.now = FINISHED
    db = Database(database_url).migrate()
    yield Records(db, clock=clock)
    db.dispose()


def _other_questions(records: Records, check: int, *, keep_result: bool) -> None:
    with records.db.session(write=True) as session:  # as a version with another question kept it
        row = session.get_one(Assessment, check)
        row.answers = {**row.answers, RETIRED: True}
        row.knowledge_version = "0.9.0"
        row.package_version = "0.0.9"
        if not keep_result:
            row.result, row.disposition = None, None


def _rows(records: Records) -> dict[int, dict[str, str]]:
    text = make_export(records, "checks", note_download=False).text
    return {int(r["check_id"]): r for r in csv.DictReader(io.StringIO(text))}


def _risks(records: Records) -> dict[str, dict[str, Any]]:
    bundle = json.loads(make_export(records, "fhir", note_download=False).text)
    return {
        e["resource"]["identifier"][0]["value"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
    }


def test_a_check_this_version_cannot_read_says_so_and_keeps_its_level(records: Records) -> None:
    kept = finish_check(records, "dev-012")  # an emergency, worked out and stored
    records.result(kept)
    bare = finish_check(records, "dev-005")  # never worked out: no level stored
    _other_questions(records, kept, keep_result=True)
    _other_questions(records, bare, keep_result=False)
    rows = _rows(records)
    assert rows[kept]["disposition"] == "emergency"  # the stored warning level is never dropped
    assert rows[kept]["result_not_worked_out"].startswith(COULD_NOT)
    assert (
        "Its level (emergency) is the one stored when it was last worked out."
        in rows[kept]["result_not_worked_out"]
    )
    assert rows[bare]["disposition"] == ""
    assert rows[bare]["result_not_worked_out"].startswith(COULD_NOT)
    assert rows[bare]["result_not_worked_out"].endswith("It has no level: none was stored.")
    risks = _risks(records)
    stored = risks[f"assessment/{kept}/result"]
    assert stored["status"] == "preliminary"  # every warning sign counts as not asked: no all-clear
    assert any("Not checked by this version" in n["text"] for n in stored["note"])
    unread = risks[f"assessment/{bare}/result"]
    assert unread["status"] == "preliminary" and "prediction" not in unread
    # this version could not work it out, not the older one that stored it (named before: 0.0.9)
    assert unread["method"]["text"] == f"not worked out by backstride {__version__}"
    assert unread["note"][0]["text"].startswith(COULD_NOT)
    assert "not a diagnosis" in unread["note"][1]["text"].lower()


def test_the_level_its_deleted_walk_note_kept_is_named(records: Records, database_url: str) -> None:
    """A check holding the note of a deleted walk alone (its result could not be worked out again)."""
    walk_deleted_unworked(records)
    (row,) = _rows(records).values()
    assert row["disposition"] == "" and row["result_not_worked_out"].startswith(COULD_NOT)
    assert row["result_not_worked_out"].endswith(
        "It has no level now; before the walk it used was deleted, it said: routine."
    )
    (risk,) = _risks(records).values()
    assert "before the walk it used was deleted, it said: routine" in risk["note"][0]["text"]


def walk_deleted_unworked(records: Records, *, other_questions: bool = True) -> int:
    """A routine check whose answers a version with other questions kept, then its timed walk deleted:
    it holds the note of that walk alone (its result cannot be worked out again). Its id.
    ``other_questions=False``: its own answers, worked out again without the walk."""
    clock = records.clock
    upload(records, clock, OTHER_WALK, -30)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, {
        "age_years": 35, "worse_walking": True, "duration_weeks": 2, "onset": "gradual",
        "pain_severity_nrs": 4,
    })  # fmt: skip
    assert records.result(check).disposition == "routine"
    with records.db.session(write=True) as session:
        row = session.get_one(Assessment, check)
        row.answers = {**row.answers, RETIRED: True} if other_questions else row.answers
    clock.now = DELETED_ON
    records.delete_walk(timed)
    return check


def test_a_finished_check_of_a_file_not_worked_out_yet_says_so(records: Records) -> None:
    """An export works the check out first now (``test_export_works_out_unopened_check.py``); a document
    made before (a backup's JSON) may still hold a finished check with no result: the words stay."""
    check = finish_check(records, "dev-005")  # answered to the end, its result never opened
    view = records.get_assessment(check)
    said = not_worked_out({"result": None, "disposition": None}, screening_state(view.mode, view.answers))
    assert said == "Finished, but its result was not worked out yet: open the check to see it."


def test_a_readable_check_left_with_its_note_alone_is_worked_out_and_keeps_the_note(
    records: Records,
) -> None:
    """Its walk deleted and the process stopped before it was worked out again (the note alone kept, as
    docs/web-app.md says nothing is lost then): checks.csv said only "not worked out yet" (review,
    2026-11-27), then named the note's level. Now the export works it out, as opening it would, and the
    note of the deleted walk goes with it (the JSON's ``walk_deleted``, with what it said before)."""
    check = walk_deleted_unworked(records, other_questions=False)
    with records.db.session(write=True) as session:  # as the deletion's own transaction left it
        stored = session.get_one(Assessment, check)
        stored.result, stored.disposition = {WALK_DELETED_KEY: (stored.result or {})[WALK_DELETED_KEY]}, None
    (line,) = _rows(records).values()
    assert line["disposition"] == records.result(check).disposition
    assert line["disposition"] and line["result_not_worked_out"] == ""
    (kept,) = json.loads(make_export(records, "json", note_download=False).text)["assessments"]
    assert kept["walk_deleted"]["result_before"]["disposition"] == "routine"

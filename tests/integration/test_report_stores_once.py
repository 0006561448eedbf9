"""A result worked out inside one read of the database (``Database.snapshot``: the report, the FHIR
export with the report) is stored once, and what is read after it in that read says it (SQLite and
PostgreSQL).

What was found (2026-11-27): the snapshot's reads see the records as of its moment, so a check worked
out and stored inside it still read as never worked out: each later ask worked it out and stored it
again (a new "worked out at" each time, a write for each), and an export read in the same snapshot said
"not worked out yet" of the check its report showed. ``Records._work_out`` now keeps what it stored for
as long as the snapshot is open, and the export's read of the checks says it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from tests.integration.test_sharing import finish_check

from backstride.core.errors import NotFoundError
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.report import report_view


@pytest.fixture
def records(database_url: str) -> Iterator[Records]:
    db = Database(database_url).migrate()
    yield Records(db)
    db.dispose()


def _writes(records: Records) -> list[str]:
    """Every UPDATE or INSERT of the checks' table from now on, as it runs."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("UPDATE ASSESSMENTS", "INSERT INTO ASSESSMENTS")):
            seen.append(statement)

    event.listen(records.db.engine, "after_cursor_execute", count)
    return seen


def test_a_check_worked_out_inside_a_snapshot_is_stored_once(records: Records) -> None:
    earlier = finish_check(records, "dev-005")  # never opened: the report works it out (what changed)
    check = finish_check(records, "dev-012")  # an emergency, never opened
    writes = _writes(records)
    with records.db.snapshot():
        view = report_view(records, assessment_id=check)
        assert len(writes) == 2  # each of the two checks, once
        again = records.result(check)  # read as of the snapshot: it had no result
        assert records.result(earlier).disposition == "routine"
        report_view(records, assessment_id=check)  # the report again: nothing written
        document = records.export_all(note_download=False)
    assert len(writes) == 2, writes
    assert again.disposition == view["check"]["banner"]["code"] == "emergency"
    stored, stored_earlier = records.stored_result(check), records.stored_result(earlier)
    assert stored is not None and stored_earlier is not None
    assert again.computed_at == stored.computed_at  # as stored, not a new time
    # the export read in the same snapshot says the results stored in it, as they are stored
    exported = {a["id"]: a for a in document["assessments"]}
    assert exported[check]["disposition"] == "emergency" and exported[check]["result"] is not None
    assert exported[earlier]["result"] == stored_earlier.result
    assert (
        exported[check]["updated_at"]
        == records.export_all(note_download=False)["assessments"][1]["updated_at"]
    )


def test_a_result_kept_in_a_snapshot_is_never_another_persons(records: Records) -> None:
    ana = records.people.add("Ana").id
    ben = records.for_person(records.people.add("Ben").id)
    check = finish_check(records.for_person(ana), "dev-012")
    with records.db.snapshot():
        assert records.for_person(ana).result(check).disposition == "emergency"  # stored, kept
        with pytest.raises(NotFoundError, match="not one of person"):
            ben.result(check)


def _commit_fails_once_after_a_check_is_updated(records: Records) -> list[bool]:
    """The next commit that follows an UPDATE of the checks' table fails, as a full disk or a server
    gone at COMMIT does (the UPDATE ran, then nothing was saved); the list returned is [True] once it has."""
    pending, failed = [False], []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE ASSESSMENTS"):
            pending[0] = True

    def commit(_conn: Any) -> None:
        if pending[0] and not failed:
            pending[0] = False
            failed.append(True)
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    event.listen(records.db.engine, "after_cursor_execute", seen)
    event.listen(records.db.engine, "commit", commit)
    return failed


def test_a_result_whose_storing_failed_is_never_kept_as_stored_in_the_snapshot(records: Records) -> None:
    """A result is kept for the rest of a snapshot only once it is stored: one whose COMMIT failed was
    kept already, so the export read in the same snapshot said it "as stored" (its level, a time it was
    worked out at) when nothing was stored, where it says "not worked out yet", and a later ask in the
    snapshot gave it back without working it out."""
    check = finish_check(records, "dev-012")  # an emergency, never opened
    failed = _commit_fails_once_after_a_check_is_updated(records)
    with records.db.snapshot():
        document = records.export_all(note_download=False)  # works it out: its storing fails
        assert failed == [True]
        (exported,) = document["assessments"]
        assert exported["result"] is None and exported["disposition"] is None  # not said as stored
        # worked out again now, shown as worked out; not stored: once a write failed in a read of many,
        # none is tried again in it (one wait on a busy file, not one for each check)
        assert records.result(check).disposition == "emergency"
    assert records.stored_result(check) is None
    assert records.result(check).disposition == "emergency"  # opened after it: stored
    stored = records.stored_result(check)
    assert stored is not None and stored.disposition == "emergency"

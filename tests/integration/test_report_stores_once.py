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

"""An export is read as one moment of the database (SQLite and PostgreSQL): what is changed while it is
read (a walk deleted, a check worked out again) is in the file wholly or not at all.

What was found (review r4, 2026-11-27): on PostgreSQL the export's one transaction read each table in a
statement of its own at READ COMMITTED, each seeing what was committed by then. A walk deleted between
the checks and the walks being read left the backup with a check that names a walk it does not hold:
the restore refuses such a file whole ("walk 1 is not in the file"), so the backup could never be
restored, and the FHIR Bundle could not be made at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import CHECK, WALK, finish_at, upload

from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.db import Database


@pytest.fixture
def two(database_url: str) -> Iterator[tuple[Records, Records, Clock]]:
    """The same database through two programs: one exports, the other deletes a walk meanwhile."""
    clock = Clock()
    first, second = Database(database_url).migrate(), Database(database_url)
    yield Records(first, clock=clock), Records(second, clock=clock), clock
    first.dispose()
    second.dispose()


def _meanwhile(records: Records, after_table: str, change: Any) -> None:
    """Run ``change`` (once) as soon as the export's read has read ``after_table``, before it reads on."""
    done: list[bool] = []

    def read(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not done and statement.lstrip().startswith("SELECT") and f"FROM {after_table}" in statement:
            done.append(True)
            change()

    event.listen(records.db.engine, "after_cursor_execute", read)


@pytest.mark.parametrize("kind", ["json", "fhir"])
def test_a_walk_deleted_while_the_export_is_read_leaves_a_file_that_restores(
    two: tuple[Records, Records, Clock], database_url: str, kind: str
) -> None:
    records, other, clock = two
    walk = upload(records, clock, WALK, -10)
    check = finish_at(records, clock, 0, CHECK)
    assert records.result(check).gait_recording_id == walk  # worked out: the export reads it as it is
    _meanwhile(records, "events", lambda: other.delete_walk(walk))  # read after the checks
    text = make_export(records, kind, note_download=False).text  # the FHIR Bundle could not be made
    assert not other.list_walks()  # it was deleted while the export was read
    if kind == "fhir":
        return
    (exported,) = json.loads(text)["assessments"]
    held = {w["id"] for w in json.loads(text)["gait_recordings"]}
    assert exported["gait_recording_id"] is None or exported["gait_recording_id"] in held
    restored = Database(database_url.replace("backstride-test", "restored"))  # SQLite: another file
    if not restored.is_sqlite:
        return  # the same schema holds the records already: that the file is whole is the point
    restored.migrate()
    try:
        assert restore_export(Records(restored), text).added["assessments"] == 1
    finally:
        restored.dispose()

"""A backup and restore keeps when each check was finished (``finished_at``, export format 5).

"What changed since your last check" compares a check with the one finished before it, whenever
either was started (``Records.checks_before``). The JSON export left the finish time out and the
restore refused it, so after a backup and restore the checks were ordered by their start again: a
check started first and finished later read as the older one. Files made before (format 4 and
earlier) have no finish time and are still read; their checks count from their start, as before.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.integration.test_check_changes import STENOSIS, Clock, finish

from backstride.core.export_format import EXPORT_FORMAT_VERSION
from backstride.services.check_changes import ChangesSinceLastCheck
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database

STARTED = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
OTHER = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
FINISHED = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def two_databases(database_url: str, tmp_path: Any) -> Iterator[tuple[Records, Records, Clock]]:
    """The person's records (on the database under test) and an empty SQLite one to restore into."""
    clock = Clock()
    db = Database(database_url).migrate()
    other = Database(f"sqlite:///{tmp_path / 'restored.sqlite3'}").migrate()
    yield Records(db, clock=clock), Records(other), clock
    db.dispose()
    other.dispose()


def _slow_and_quick(records: Records, clock: Clock) -> tuple[int, int]:
    """A check started on 12 Nov and finished on 26 Nov, another started and finished on 20 Nov."""
    clock.now = STARTED
    slow = records.start_assessment("person").id
    records.answer(slow, {"age_years": 71})
    clock.now = OTHER
    quick = finish(records, STENOSIS)
    clock.now = FINISHED
    finish(records, {**STENOSIS, "walking_tolerance_min": 5}, check=slow)
    return slow, quick


def _order(records: Records) -> list[tuple[datetime, datetime | None]]:
    """Each check by its start and finish, the check finished last first."""
    return [(c.started, c.finished_at) for c in records.checks_before(None)]


def test_a_backup_and_restore_keeps_when_each_check_was_finished(
    two_databases: tuple[Records, Records, Clock],
) -> None:
    records, restored, clock = two_databases
    slow, _ = _slow_and_quick(records, clock)
    document = records.export_all()
    assert document["format_version"] == EXPORT_FORMAT_VERSION == 13  # 5: finished_at; 6: earlier versions
    by_start = {a["created_at"]: a for a in document["assessments"]}
    assert by_start[STARTED.isoformat()]["finished_at"] == FINISHED.isoformat()
    assert by_start[OTHER.isoformat()]["finished_at"] == OTHER.isoformat()

    result = restore_export(restored, json.dumps(document))
    assert result.added["assessments"] == 2
    assert _order(restored) == _order(records) == [(STARTED, FINISHED), (OTHER, OTHER)]
    # the check finished last is still compared with the one finished before it
    newest = next(iter(restored.checks_before(None))).id
    found = ChangesSinceLastCheck().compare(restored, newest).changes_
    assert found is not None and found.earlier is not None and found.earlier.checked_at == OTHER
    # restoring the same file again adds nothing
    assert restore_export(restored, json.dumps(document)).added["assessments"] == 0


def test_a_file_made_before_has_no_finish_times_and_is_still_read(
    two_databases: tuple[Records, Records, Clock],
) -> None:
    records, restored, clock = two_databases
    _slow_and_quick(records, clock)
    document = records.export_all()
    document["format_version"] = 4
    for check in document["assessments"]:
        del check["finished_at"]
    restore_export(restored, json.dumps(document))
    # not known: each counts from its start, as before finish times were kept
    assert _order(restored) == [(OTHER, None), (STARTED, None)]

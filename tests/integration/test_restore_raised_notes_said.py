"""Every check whose note of a deleted walk a restore raised to its answers' warning signs is named
(SQLite and PostgreSQL), however many, and never counted as diary entries.

What was found (review r4, 2026-11-27): the restore put the sentence of each raised note before the
sentences about changed diary entries, and cut the whole list after five with "And N more diary
entries like these.": with five such checks (and the sentence saying the file holds checks this
version cannot read) the last check raised was not named, and was counted as a diary entry.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.integration.test_restore_note_level_floor import _restored, _unreadable_note_alone, made

from backstride.services.restore import MAX_SAID

__all__ = ["made"]  # the fixture, shared


def test_each_raised_note_is_named_and_none_is_called_a_diary_entry(made: Any) -> None:
    records, document = made
    emergency, _routine = document["assessments"]
    _unreadable_note_alone(emergency, "self_care")  # hand-edited: "at home" for new trouble peeing
    checks = []
    for n in range(MAX_SAID + 1):  # the same check many times over (a file may hold them alike)
        check = copy.deepcopy(emergency)
        check["id"] = 100 + n
        checks.append(check)
    document["assessments"] = checks
    said, restored = _restored(records, document)
    assert len(restored) == MAX_SAID + 1
    assert all(records.stored_level(check) == ("emergency", True) for check in restored)
    for check in checks:
        assert any(f"check {check['id']} in the file" in line for line in said.said), said.said
    assert not any("diary" in line for line in said.said), said.said

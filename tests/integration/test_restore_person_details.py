"""Restoring a backup's details a clinic matches its record by (export format 9; review R4).

A restore gives the person restored into the file's details only when the file was made for them
(the same label), they have none here and they had no records before it, never another person's
clinic number. Three things were wrong: the activity list, which says which details a change set,
said nothing when a restore set them; a clinic number given to someone else while the restore ran
(PostgreSQL: both pass the look-up) broke the whole restore on the unique index (a database error,
HTTP 500, its SQL with the person's details in the server's log) instead of keeping the records and
saying the details were not taken; and the label alone decided whose the details were (review P3),
so today's "Room 4", with records of their own, took the name, birth date and clinic number of the
"Room 4" a backup was made for.
"""

from __future__ import annotations

import json

import pytest
from tests.integration.test_people_identity import ANA, NONE

from backstride.services.records import Records
from backstride.services.restore import restore_export


def _backup(records: Records) -> str:
    """Ana's backup with one diary day, made in another database and then removed here."""
    ana = records.people.add("Room 4", identity=ANA)
    mine = records.for_person(ana.id)
    mine.add_diary_entry(entry_date="2026-11-19", pain_0_10=4, walking_tolerance_min=None, notes="")
    document = json.dumps(mine.export_all())
    records.people.delete(ana.id)
    return document


ALL = "full name, birth date, gender, clinic number, clinic number's system"  # the details' names


def _restore_line_ends(records: Records, ending: str) -> None:
    """The activity list's line of the restore ends with ``ending`` and holds none of Ana's values."""
    line = next(e for e in records.activity.list(limit=5) if e.action == "records_restored")
    assert line.detail.endswith(ending), line.detail
    assert not {ANA["mrn"], ANA["name"], "1961"} & set(line.detail.replace(",", " ").split())


def test_a_restore_that_takes_the_details_says_which_in_the_activity_list(records: Records) -> None:
    document = _backup(records)
    room = records.people.add("room 4")  # the same person, added again: empty, made for the restore
    restored = restore_export(records.for_person(room.id), document)
    assert restored.said == () and records.people.get(room.id).identity() == ANA
    _restore_line_ends(records, f"; details for matching with a clinic's record taken: {ALL}")
    again = restore_export(records.for_person(room.id), document)  # now with records: the same details
    assert again.said == () and again.already_there["diary_entries"] == 1


def test_a_clinic_number_given_to_another_person_meanwhile_keeps_the_restore(
    records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _backup(records)
    room = records.people.add("room 4")
    bob = records.people.add("Bob", identity={"mrn": ANA["mrn"], "mrn_system": ANA["mrn_system"]})
    monkeypatch.setattr("backstride.services.restore.same_mrn", lambda *_a, **_k: None)  # the race
    restored = restore_export(records.for_person(room.id), document)
    assert restored.added["diary_entries"] == 1  # the records are kept
    said = restored.said[0]
    assert said.startswith("The file's clinic number was given to someone else here"), said
    assert records.people.get(room.id).identity() == NONE  # never another person's number
    assert records.people.get(bob.id).mrn == ANA["mrn"]
    _restore_line_ends(records, f"; the file's details for matching with a clinic's record not taken: {ALL}")


def test_a_label_used_again_by_someone_with_records_does_not_get_the_files_details(
    records: Records,
) -> None:
    """Review P3: "Room 4" today is not Ana, the "Room 4" the backup was made for. Someone who had
    records before the restore keeps their details as they are (none), and the note and the activity
    list say which details the file held and that they were not taken (names, never values)."""
    document = _backup(records)
    room = records.people.add("Room 4")  # today's "Room 4", with a diary day of their own
    mine = records.for_person(room.id)
    mine.add_diary_entry(entry_date="2026-11-20", pain_0_10=6, walking_tolerance_min=None, notes="")
    restored = restore_export(mine, document)
    assert restored.added["diary_entries"] == 1  # the records are still restored
    assert records.people.get(room.id).identity() == NONE  # never Ana's name, birth date or number
    said = restored.said[0]
    assert said.startswith(
        f"The file holds details for matching with a clinic's record ({ALL}); they were not taken: "
        "'Room 4' had records here before this restore"
    ), said
    _restore_line_ends(records, f"; the file's details for matching with a clinic's record not taken: {ALL}")

"""Restoring a backup's height ("the height last used", which sets the stride length of the person's
walks) follows the rule of the details a clinic matches by (review P4): it is taken only when the file
was made for the person (the same label), they have none and they had no records before the restore.
A label such as "Room 4" is used again for someone else: today's "Room 4", with a diary of their own
and no height, took the height of the "Room 4" a backup was made for.
"""

from __future__ import annotations

import json

from backstride.services.records import Records
from backstride.services.restore import restore_export


def _backup(records: Records) -> str:
    """A backup of "Room 4" (162 cm) with one diary day, made in another database and removed here."""
    ana = records.people.add("Room 4", height_cm=162)
    mine = records.for_person(ana.id)
    mine.add_diary_entry(entry_date="2026-11-19", pain_0_10=4, walking_tolerance_min=None, notes="")
    document = json.dumps(mine.export_all())
    records.people.delete(ana.id)
    return document


def test_a_label_used_again_by_someone_with_records_does_not_get_the_files_height(records: Records) -> None:
    document = _backup(records)
    room = records.people.add("Room 4")  # today's "Room 4", with a diary day of their own, no height
    mine = records.for_person(room.id)
    mine.add_diary_entry(entry_date="2026-11-20", pain_0_10=6, walking_tolerance_min=None, notes="")
    restored = restore_export(mine, document)
    assert restored.added["diary_entries"] == 1  # the records are still restored
    assert records.people.get(room.id).height_cm is None  # never the other "Room 4"'s height
    assert restored.said[0].startswith(
        "The file holds a height (162 cm); it was not taken: 'Room 4' had records here before this restore"
    ), restored.said
    line = next(e for e in records.activity.list(limit=5) if e.action == "records_restored")
    assert line.detail.endswith("; the file's height not taken"), line.detail


def test_the_person_made_for_the_restore_takes_the_height(records: Records) -> None:
    document = _backup(records)
    room = records.people.add("room 4")  # the same person, added again: empty, made for the restore
    restored = restore_export(records.for_person(room.id), document)
    assert records.people.get(room.id).height_cm == 162 and restored.said == ()
    assert restored.added["settings"] == 1
    again = restore_export(records.for_person(room.id), document)  # now with records: already there
    assert again.said == () and again.already_there["settings"] == 1

"""With two walks deleted, the first note says what that deletion changed, never an answer changed
between the two (review F2, 2026-11-27; SQLite and PostgreSQL).

What was found: the first note compared what the check said before it with what it said before the
next deletion. An answer changed in between (here the person said themselves how long they can walk)
showed in the first note as if the deletion had changed it: "now it says 5 min". What the check said
right after a deletion is now kept in its note when an answer is first changed after it (``after``,
export format 11), and a file of format 10 without it still restores, as it read before.
"""

from __future__ import annotations

import json
from typing import Any

from tests.integration.test_check_walk import OTHER_WALK, WALK, finish_at, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_check_walk_deleted_said import CALM, LEVEL, TOLERANCE_GONE
from tests.integration.test_walk_deleted_twice import SECOND_ON

from backstride.core.dates import moment_words
from backstride.services.records import Records
from backstride.services.restore import restore_export

__all__ = ["setup"]  # the fixture, shared

THEIR_OWN = {"walking_tolerance_min": 5}  # the person's own answer: 5 minutes, given after the deletion


def _deleted_with_an_answer_between(records: Records, clock: Any) -> tuple[int, str]:
    """A check told "Book a visit" by a timed walk; that walk deleted ("Look after it at home", the
    untimed walk); then an answer given; then the untimed walk deleted too. The check, and its notes."""
    untimed = upload(records, clock, OTHER_WALK, -30)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    clock.now = DELETED_ON
    assert records.delete_walk(timed) == [check]
    assert records.result(check).gait_recording_id == untimed
    records.answer(check, THEIR_OWN)  # changed after the first deletion
    assert records.result(check).to_dict()["result"]["disposition"] != "self_care"
    clock.now = SECOND_ON
    assert records.delete_walk(untimed) == [check]
    return check, records.result(check).to_dict()["walk_deleted"]["message"]


def _first_note(message: str) -> str:
    return message.split(f"was deleted on {moment_words(SECOND_ON)}")[0]


def test_the_first_note_says_what_the_deletion_changed_not_the_answer_given_after(setup: Any) -> None:
    _url, records, clock = setup
    _check, message = _deleted_with_an_answer_between(records, clock)
    first = _first_note(message)
    assert f"was deleted on {moment_words(DELETED_ON)}" in first
    assert LEVEL in first and TOLERANCE_GONE in first  # what the deletion itself changed
    assert "5 min" not in first  # the answer given after it is not the deletion's doing


def test_a_backup_keeps_it_and_a_file_of_format_10_restores_as_it_read_before(setup: Any) -> None:
    _url, records, clock = setup
    check, told = _deleted_with_an_answer_between(records, clock)
    document = records.export_all(note_download=False)
    assert document["format_version"] == 13
    (exported,) = document["assessments"]
    (earlier,) = exported["walks_deleted_before"]
    assert earlier["after"] == {
        "gait_factors": earlier["after"]["gait_factors"],
        "result": {"disposition": "self_care", "walking_tolerance_min": None},
    }
    records.delete_assessment(check)
    restore_export(records, json.dumps(document))
    (back,) = [a["id"] for a in records.export_all(note_download=False)["assessments"]]
    assert records.result(back).to_dict()["walk_deleted"]["message"] == told
    # format 10: no "after" (nor who sent a walk); read as before, the next note standing for it
    older = json.loads(json.dumps(document))
    older["format_version"] = 10
    (a,) = older["assessments"]
    for note in (*a["walks_deleted_before"], a["walk_deleted"]):
        del note["after"]
    for walk in older["gait_recordings"]:
        del walk["sent_via"], walk["sent_by"]
    records.delete_assessment(back)
    restore_export(records, json.dumps(older))
    (again,) = [a["id"] for a in records.export_all(note_download=False)["assessments"]]
    first = _first_note(records.result(again).to_dict()["walk_deleted"]["message"])
    assert f"was deleted on {moment_words(DELETED_ON)}" in first and "5 min" in first  # as format 10 read

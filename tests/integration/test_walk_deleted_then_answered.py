"""A check whose walk was deleted, then an answer changed: its note says what the deletion changed, never
the answer given after it (review R2, 2026-11-27; SQLite and PostgreSQL). F2 kept what the result said
right after a deletion (``after``) for every note, but read it only for a note followed by another
deletion, so the one deletion most checks have still compared with the result of now.

What was found: with one deletion, "Before, the check said “Book a visit with a clinician”; now it says
“Look after it at home for now”" was gone from the note once the person said they could walk 5 minutes,
and the note read "Before, the check said you could walk for 7.2 s ...; now it says 5 min (D7)", as if
deleting the walk had said it.
"""

from __future__ import annotations

from typing import Any

from tests.integration.test_check_walk import OTHER_WALK, WALK, finish_at, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_check_walk_deleted_said import CALM, LEVEL, TOLERANCE_GONE
from tests.integration.test_walk_deleted_answer_between import THEIR_OWN

__all__ = ["setup"]  # the fixture, shared


def test_one_deletion_then_an_answer_the_note_says_what_the_deletion_changed(setup: Any) -> None:
    _url, records, clock = setup
    upload(records, clock, OTHER_WALK, -30)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    clock.now = DELETED_ON
    assert records.delete_walk(timed) == [check]
    told = records.result(check).to_dict()["walk_deleted"]["message"]
    assert LEVEL in told and TOLERANCE_GONE in told
    records.answer(check, THEIR_OWN)  # the person's own answer, after the deletion
    said = records.result(check).to_dict()["walk_deleted"]["message"]
    assert said == told  # what the deletion changed, as it was said then
    assert "5 min" not in said

"""The report for a clinician is read as one moment of the database, as the export is (SQLite and
PostgreSQL): a change committed while it is read is in it wholly or not at all.

What was found (2026-11-27): the report read the walks table, the checks, the diary and the latest walk
each in a transaction of its own (and on PostgreSQL each statement at READ COMMITTED), so a walk deleted
while it was read was listed in the walks table while "the latest walk" was another one, or none.
Both now read in ``Database.snapshot``, the one helper the export uses too.
"""

from __future__ import annotations

from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import CHECK, OTHER_WALK, WALK, finish_at, upload
from tests.integration.test_export_one_snapshot import _meanwhile, two
from tests.integration.test_sharing import finish_check

from backstride.services.records import Records
from backstride.web.report import report_view

__all__ = ["two"]  # the fixture, shared: one program reads, the other changes it meanwhile


def test_a_walk_deleted_while_the_report_is_read_is_in_it_wholly_or_not_at_all(
    two: tuple[Records, Records, Clock],
) -> None:
    records, other, clock = two
    older = upload(records, clock, OTHER_WALK, -30)
    newer = upload(records, clock, WALK, -20)
    finish_at(records, clock, 0, CHECK)
    whole = report_view(records)  # as it reads with nothing changed
    assert [w["id"] for w in whole["walks"]] == [newer, older] and whole["latest_walk"] is not None
    # the walk done last deleted as soon as the walks table was read, before the latest walk is read
    _meanwhile(records, "gait_recordings", lambda: other.delete_walk(newer))
    view = report_view(records)
    assert [w.id for w in other.list_walks()] == [older]  # it was deleted while the report was read
    assert [w["id"] for w in view["walks"]] == [newer, older]  # the walks table: as of before
    assert view["latest_walk"] == whole["latest_walk"]  # the latest walk too, not the older one
    assert view["check"] == whole["check"]  # the check, with the walk it used then


def test_an_answer_given_while_the_report_works_a_check_out_shows_it_as_of_the_report(
    two: tuple[Records, Records, Clock],
) -> None:
    """A finished check never opened is worked out for the report inside its snapshot; an answer given
    meanwhile made the stored answers differ from the snapshot's on every try, so working it out again
    never ended. It is shown as of the report's moment and not stored: the next opening works it out."""
    records, other, _clock = two
    check = finish_check(records, "dev-012")  # an emergency, answered to the end, never opened
    _meanwhile(records, "assessments", lambda: other.answer(check, {"walking_tolerance_min": 5}))
    view = report_view(records, assessment_id=check)  # it never ended (RecursionError)
    assert view["check"]["assessment_id"] == check and view["check"]["complete"]
    assert records.stored_result(check) is None  # nothing stored from answers no longer the check's
    assert records.result(check).result["disposition"] == "emergency"  # opened: worked out and stored

"""A check whose walk was deleted says what the deletion changed beside its gait factors: how soon to get
help and how long the person could walk before the pain came on (the walk's walking tolerance), when
they changed, kept with the check and in a backup (export format 8); a note kept before says plainly that
what changed is not known (SQLite and PostgreSQL).

What was found: the note named the gait factors the deleted walk gave, but a check told "Book a visit
with a clinician" because of a timed walk (7.2 s before the pain came on) that now said "Look after it at
home for now" only said "what it says may have changed"; and a check whose walk was deleted before the
note was kept said nothing at all of what changed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import _text
from tests.integration.test_check_walk import OTHER_WALK, WALK, finish_at, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON

from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

# young, walking hurts, two weeks: looked after at home, unless a walk says the pain comes within 10 min
CALM = {
    "age_years": 35,
    "worse_walking": True,
    "duration_weeks": 2,
    "onset": "gradual",
    "pain_severity_nrs": 4,
}
LEVEL = "Before, the check said “Book a visit with a clinician”; now it says “Look after it at home for now”."
# the report speaks about the person, the levels too (check_changes.level_words): never an order to
# the reader
LEVEL_ABOUT_THEM = (
    "Before, the check said “Book a follow-up visit with a clinician”; now it says “They can look after "
    "it at home for now”."
)
TOLERANCE_GONE = (
    "Before, the check said you could walk for 7.2 s before the pain came on or made you stop; now it does "
    "not say how long (D7)."
)
NOT_KNOWN = (
    "What that changed in it is not known: backstride kept no note of what the check said with that walk."
)


def _timed_check_then_deleted(records: Records, clock: Any) -> tuple[int, int]:
    """A check told "Book a visit" by a timed walk (the pain came 7.2 s into its walking), then that walk
    deleted: the check now uses an untimed walk it had before."""
    upload(records, clock, OTHER_WALK, -30)  # no times, not slow
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    told = records.result(check)
    assert (told.gait_recording_id, told.disposition) == (timed, "routine")
    clock.now = DELETED_ON
    records.delete_walk(timed)
    return check, timed


def test_a_deleted_walk_says_how_soon_to_get_help_and_the_walking_time_changed(setup: Any) -> None:
    _url, records, clock = setup
    check, _timed = _timed_check_then_deleted(records, clock)
    again = records.result(check)
    assert again.disposition == "self_care"
    api = again.to_dict()["walk_deleted"]
    assert api["result_before"] == {"disposition": "routine", "walking_tolerance_min": 0.12}
    assert api["result_now"] == {"disposition": "self_care", "walking_tolerance_min": None}
    assert api["message"].endswith(
        f"and what it says may have changed. {LEVEL} {TOLERANCE_GONE} It no longer names what that walk "
        "showed: walking speed is slower than usual for adults (D1, C11)."
    )
    report = _text(render_report(records, assessment_id=check, generated_at=clock.now))  # about them
    assert (
        f"{LEVEL_ABOUT_THEM} Before, the check said the person could walk for 7.2 s before the pain came "
        "on or made " in (report)
    )
    # kept with the check: worked out again later (another package version), it still says it
    with records.db.session(write=True) as session:
        session.get_one(Assessment, check).package_version = "0.0.1"
    clock.now = DELETED_ON.replace(day=DELETED_ON.day + 1)
    assert records.result(check).to_dict()["walk_deleted"]["message"] == api["message"]


def test_the_walking_time_it_goes_by_now_is_said_too(setup: Any) -> None:
    _url, records, clock = setup
    upload(records, clock, OTHER_WALK, -30, stop_at="7")  # timed too: the stop 7 s into the recording
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    clock.now = DELETED_ON
    records.delete_walk(timed)
    api = records.result(check).to_dict()["walk_deleted"]
    now = api["result_now"]["walking_tolerance_min"]
    assert now is not None and now != 0.12 and api["result_now"]["disposition"] == "routine"
    assert "Before, the check said “" not in api["message"]  # how soon to get help did not change
    assert api["result_now"] == {"disposition": "routine", "walking_tolerance_min": 0.08}
    assert (
        "may have changed. Before, the check said you could walk for 7.2 s before the pain came on or made "
        "you stop; now it says 4.8 s (D7). It no longer names" in api["message"]
    )


def test_a_backup_keeps_what_the_check_said_and_a_file_of_format_7_says_it_is_not_known(setup: Any) -> None:
    _url, records, clock = setup
    check, _timed = _timed_check_then_deleted(records, clock)
    told = records.result(check).to_dict()["walk_deleted"]
    document = records.export_all()
    assert document["format_version"] == 13  # 10: walks_deleted_before
    (exported,) = [a for a in document["assessments"] if a["id"] == check]
    assert exported["walk_deleted"]["result_before"] == {
        "disposition": "routine",
        "walking_tolerance_min": 0.12,
    }
    records.delete_assessment(check)
    restore_export(records, json.dumps(document))  # the check comes back, with its note
    (back,) = [a["id"] for a in records.export_all()["assessments"]]
    said = records.result(back).to_dict()["walk_deleted"]
    assert said["message"] == told["message"] and said["result_before"] == told["result_before"]
    # a file of format 7 (made before result_before was kept) still restores, saying it is not known
    older = json.loads(json.dumps(document))
    older["format_version"] = 7
    for a in older["assessments"]:
        del a["walk_deleted"]["result_before"]
    records.delete_assessment(back)
    restore_export(records, json.dumps(older))
    (new,) = [a["id"] for a in records.export_all()["assessments"]]
    api = records.result(new).to_dict()["walk_deleted"]
    assert api["result_before"] is None and api["result_now"] is None
    assert api["message"].endswith(
        "It no longer names what that walk showed: walking speed is slower than usual for adults (D1, C11). "
        "Whether it also changed how soon to get help, or how long you could walk before the pain came "
        "on, is not known: the walk was deleted before backstride kept a note of that."
    )


def test_a_note_kept_before_says_plainly_that_what_changed_is_not_known(setup: Any) -> None:
    """Deleted before the note was kept with the check, only the activity line knew the walk (not what
    changed, and nothing in a backup can tell it): the page, the report and the API say it is not known."""
    url, records, clock = setup
    check, _timed = _timed_check_then_deleted(records, clock)
    with records.db.session(write=True) as session:  # as an older version kept it: the result alone
        row = session.get_one(Assessment, check)
        row.result = {k: v for k, v in row.result.items() if k != "walk_deleted"}
    api = records.result(check).to_dict()["walk_deleted"]
    assert api["gait_factors_before"] is None and api["result_before"] is None
    assert api["message"].endswith(f"and what it says may have changed. {NOT_KNOWN}")
    with TestClient(create_app(Settings(database_url=url))) as client:
        assert api["message"] in _text(client.get(f"/check/{check}/result").text)
    report = _text(render_report(records, assessment_id=check, generated_at=clock.now))
    assert f"so it may differ from what the person was told. {NOT_KNOWN}" in report
    assert records.export_all()["assessments"][0]["walk_deleted"]["result_before"] is None


def test_a_damaged_result_before_is_refused_by_name_and_nothing_is_restored(setup: Any) -> None:
    _url, records, clock = setup
    check, _timed = _timed_check_then_deleted(records, clock)
    document = records.export_all()
    records.delete_assessment(check)
    (exported,) = [a for a in document["assessments"] if a["id"] == check]
    exported["walk_deleted"]["result_before"] = {"disposition": "soon", "walking_tolerance_min": -1}
    with pytest.raises(InputError) as refused:
        restore_export(records, json.dumps(document))
    message = str(refused.value)
    assert "walk_deleted.result_before.disposition" in message
    assert "walk_deleted.result_before.walking_tolerance_min" in message
    assert records.export_all()["assessments"] == []


def test_a_check_not_finished_no_longer_names_what_a_deleted_walk_showed(setup: Any) -> None:
    """A check not finished is not worked out again when a walk is deleted (only finished ones are, with a
    note): its stored result, with the walk's link set to null, was shown as it was while no other walk
    was there, still naming "slower walking speed" from the walk that was gone."""
    _url, records, clock = setup
    slow = upload(records, clock, WALK, -20)
    started = records.start_assessment()
    records.answer(started.id, {"worse_walking": True})
    assert records.result(started.id).result["plan"]["gait_factors"] == ["slow_speed"]
    assert records.delete_walk(slow) == []  # no finished check used it
    again = records.result(started.id)
    assert again.gait_recording_id is None and again.result["plan"]["gait_factors"] == []

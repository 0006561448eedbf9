"""A check whose walk is deleted, then the walk it used instead deleted too, keeps both notes: what each
deletion changed (how soon to get help, the walking time, the gait factors), in order, on the result
page, in the API and the report, and in a backup (export format 10: ``walks_deleted_before``, the ones
before ``walk_deleted``, oldest first); a file of format 7 to 9 (one note) still restores (SQLite and
PostgreSQL).

What was found (2026-11-27): the second deletion wrote its note in the place of the first, so the check
no longer said that it had once said "Book a visit with a clinician" because of a timed walk.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import _text
from tests.integration.test_check_walk import OTHER_WALK, WALK, _when, finish_at, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_check_walk_deleted_said import CALM, LEVEL, TOLERANCE_GONE
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.dates import moment_words
from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

SECOND_ON = DELETED_ON.replace(day=DELETED_ON.day + 1)


def _deleted_twice(records: Records, clock: Any) -> tuple[int, int, int, str]:
    """A check told "Book a visit" by a timed walk; that walk deleted (it then uses an untimed one), then
    the untimed one deleted too (it then uses none). The ids, and the untimed walk's date on its page."""
    untimed = upload(records, clock, OTHER_WALK, -30)
    untimed_when = _when(records, untimed)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    assert records.result(check).disposition == "routine"
    clock.now = DELETED_ON
    assert records.delete_walk(timed) == [check]
    assert records.result(check).gait_recording_id == untimed
    clock.now = SECOND_ON
    assert records.delete_walk(untimed) == [check]
    return check, timed, untimed, untimed_when


def unreadable_then_deleted(records: Records, clock: Any, check: int, walk: int) -> str:
    """The answers of ``check`` kept as a version with another question keeps them, then ``walk``, the walk
    it uses, deleted on SECOND_ON: what working its result out again says (it cannot be)."""
    with records.db.session(write=True) as session:  # as a version with another question kept it
        row = session.get_one(Assessment, check)
        row.answers = {**row.answers, "a_question_no_longer_asked": True}
    clock.now = SECOND_ON
    assert records.delete_walk(walk) == [check]
    with pytest.raises(InputError) as said:
        records.result(check)
    return str(said.value)


def test_a_second_deletion_keeps_the_first_note_and_says_both_in_order(setup: Any) -> None:
    url, records, clock = setup
    check, timed, untimed, untimed_when = _deleted_twice(records, clock)
    api = records.result(check).to_dict()["walk_deleted"]
    assert api["walk_id"] == untimed and [e["walk_id"] for e in api["earlier"]] == [timed]
    assert api["earlier"][0]["result_before"] == {"disposition": "routine", "walking_tolerance_min": 0.12}
    first = (
        f"was deleted on {moment_words(DELETED_ON)}. So its result was worked out again without it, and what "
        f"it says may have changed. {LEVEL} {TOLERANCE_GONE}"
    )
    second = (
        f"Your walk from {untimed_when}, which this check used, was deleted on {moment_words(SECOND_ON)}. So "
        "its result was worked out again without a walk, and what it says may have changed. It names the "
        "same signs in how you walk as before."
    )
    message = api["message"]
    assert first in message and second in message and message.index(first) < message.index(second)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get(f"/check/{check}/result").text
    notes = [_text(p) for p in page.split('<p class="notice">')[1:]]
    assert any(first in n for n in notes) and any(n.startswith(second) for n in notes)
    report = _text(render_report(records, assessment_id=check, generated_at=clock.now))
    # the report speaks about the person: the level too, as its "what changed" says it (level_words)
    assert "Before, the check said “Book a follow-up visit with a clinician”" in report
    assert f"was deleted on {moment_words(SECOND_ON)}" in report


def test_a_backup_keeps_every_note_and_a_file_of_format_9_still_restores(setup: Any) -> None:
    _url, records, clock = setup
    check, timed, untimed, _ = _deleted_twice(records, clock)
    told = records.result(check).to_dict()["walk_deleted"]["message"]
    document = records.export_all()
    assert document["format_version"] == 13
    (exported,) = document["assessments"]
    assert exported["walk_deleted"]["walk_id"] == untimed
    assert [n["walk_id"] for n in exported["walks_deleted_before"]] == [timed]
    records.delete_assessment(check)
    restore_export(records, json.dumps(document))
    (back,) = [a["id"] for a in records.export_all()["assessments"]]
    assert records.result(back).to_dict()["walk_deleted"]["message"] == told
    (restored,) = records.export_all()["assessments"]
    assert [restored[k] for k in ("walks_deleted_before", "walk_deleted")] == [
        exported[k] for k in ("walks_deleted_before", "walk_deleted")
    ]
    # format 9: the last note alone
    older = json.loads(json.dumps(document))
    older["format_version"] = 9
    (a,) = older["assessments"]
    del a["walks_deleted_before"]
    records.delete_assessment(back)
    restore_export(records, json.dumps(older))
    (again,) = records.export_all()["assessments"]
    assert again["walk_deleted"]["walk_id"] == untimed and again["walks_deleted_before"] == []


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (
            lambda a: a["walks_deleted_before"][0].update(deleted_at="yesterday"),
            "walks_deleted_before[0].deleted_at",
        ),
        (
            lambda a: a["walks_deleted_before"][0].pop("walk_id"),
            "walks_deleted_before[0].walk_id: Field required",
        ),
        (
            lambda a: (
                a["walks_deleted_before"].append(a["walk_deleted"]) or a["walks_deleted_before"].reverse()
            ),
            "walks_deleted_before: expected the deletions oldest first",
        ),
        (lambda a: a.update(walk_deleted=None), "walks_deleted_before: expected a walk_deleted too"),
        (
            lambda a: a.update(walks_deleted_before={"walk_id": 1}),
            "walks_deleted_before: Input should be a valid array",
        ),
    ],
)
def test_a_damaged_note_is_named_and_nothing_is_restored(setup: Any, damage: Any, named: str) -> None:
    _url, records, clock = setup
    check, *_ = _deleted_twice(records, clock)
    document = records.export_all()
    records.delete_assessment(check)
    damage(document["assessments"][0])
    with pytest.raises(InputError) as refused:
        restore_export(records, json.dumps(document))
    assert named in str(refused.value) and "nothing was saved" in str(refused.value)
    assert records.export_all()["assessments"] == []


def test_a_check_that_cannot_be_worked_out_again_still_says_the_first_deletion(setup: Any) -> None:
    """Its answers kept by a version with other questions after the first deletion: the second one's
    result cannot be worked out, and what it says names both deletions (before, only the last)."""
    _url, records, clock = setup
    untimed = upload(records, clock, OTHER_WALK, -30)
    untimed_when = _when(records, untimed)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    records.result(check)
    clock.now = DELETED_ON
    records.delete_walk(timed)
    records.result(check)
    message = unreadable_then_deleted(records, clock, check, untimed)
    first = f"So its result was worked out again without it, and what it says may have changed. {LEVEL}"
    second = (
        f"Your walk from {untimed_when}, which this check used, was deleted on {moment_words(SECOND_ON)}, "
        "and its result could not be worked out again without it."
    )
    assert first in message and second in message and message.index(first) < message.index(second)
    (exported,) = records.export_all()["assessments"]
    assert [n["walk_id"] for n in exported["walks_deleted_before"]] == [timed]


def test_the_cli_and_the_web_name_a_damaged_note_and_save_nothing(setup: Any, tmp_path: Any) -> None:
    """``backstride import`` exits 2 and ``POST /api/import`` answers 422, naming the note; nothing is
    restored (the check deleted after the backup stays deleted)."""
    url, records, clock = setup
    check, *_ = _deleted_twice(records, clock)
    document = records.export_all()
    records.delete_assessment(check)
    document["assessments"][0]["walks_deleted_before"][0]["result_before"] = {"disposition": "soon"}
    damaged = json.dumps(document)
    backup = tmp_path / "backup.json"
    backup.write_text(damaged, encoding="utf-8")
    named = "walks_deleted_before[0].result_before"
    done = CliRunner().invoke(cli_app, ["import", str(backup), "--db", url])
    assert done.exit_code == 2 and named in done.output and "nothing was saved" in done.output
    with TestClient(create_app(Settings(database_url=url))) as client:
        response = client.post("/api/import", files={"file": ("backup.json", damaged.encode())})
    assert response.status_code == 422 and named in response.json()["detail"]
    assert records.export_all()["assessments"] == []

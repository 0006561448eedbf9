"""A check's walk: a finished check keeps the walk that was there when it was finished, and no check
uses a walk that cannot speak for the person's walking (SQLite and PostgreSQL).

What a new user found: a check finished at 01:43, before any walk, changed its walk (3, then 4, then
6) and its ``computed_at`` with every later upload, and its page said "From your walk: ... slower
walking speed" under "Checked on ... 01:43"; another gained a "Why" line from a later timed walk. A
phone recording without walking wiped a real walk's gait factors from every check, and 6 steps in 3
seconds put "slower than usual" into every plan. The result page, the API, the report, what changed
since the last check, the FHIR export and a restore all say the walk the result used (the pages:
``test_check_walk_pages.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from tests.integration.test_check_changes import STENOSIS, Clock, finish
from tests.walk_samples import LAB, NO_WALKING_ZIP, UNITS, few_steps_csv

from backstride.fhir import export_bundle
from backstride.services.check_changes import ChangesSinceLastCheck
from backstride.services.records import Records, assess_with_walk
from backstride.services.restore import restore_export
from backstride.storage.db import Database
from backstride.storage.models import Assessment, GaitRecording
from backstride.web.views import walk_when

FINISHED = datetime(2026, 11, 27, 1, 43, tzinfo=UTC)
WALK = LAB / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # slower than usual at the default height
OTHER_WALK = LAB / "002" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # not slow
SHORT_REASON = "short_walking_tolerance"  # "Being able to walk only 10 minutes or less ..."
# how long they can walk left to the walk ("don't know"): a timed walk's tolerance fills it in
CHECK = {k: v for k, v in STENOSIS.items() if k != "walking_tolerance_min"}


@pytest.fixture
def setup(database_url: str) -> Iterator[tuple[str, Records, Clock]]:
    clock = Clock()
    clock.now = FINISHED
    db = Database(database_url).migrate()
    yield database_url, Records(db, clock=clock), clock
    db.dispose()


def upload(records: Records, clock: Clock, path: Path, minutes: int, **times: str) -> int:
    """A walk stored ``minutes`` after FINISHED; its id."""
    clock.now = FINISHED + timedelta(minutes=minutes)
    return records.upload_walk(
        path.name, path.read_bytes(), **(UNITS if path.suffix == ".csv" else {}), **times
    ).id


def finish_at(records: Records, clock: Clock, minutes: int, findings: dict[str, Any] = CHECK) -> int:
    clock.now = FINISHED + timedelta(minutes=minutes)
    return finish(records, findings)


def _when(records: Records, walk_id: int) -> str:
    """When the walk was, as its own page says it (``views.walk_when``): recorded (on the clock where it
    was), else sent (on the clock here)."""
    walk = records.get_walk(walk_id)
    return walk_when(walk.walked_at, walk.created_at)


def reasons(records: Records, check: int) -> set[str]:
    return {r["code"] for r in records.result(check).result["reasons_for_review"]}


def test_a_check_finished_before_any_walk_stays_as_it_was_told(setup: Any) -> None:
    _url, records, clock = setup
    check = finish_at(records, clock, 0)
    told = records.result(check)
    assert told.gait_recording_id is None
    timed = upload(records, clock, WALK, 10, symptom_at="5", stop_at="11")  # a short walking tolerance
    upload(records, clock, OTHER_WALK, 20)
    clock.now = FINISHED + timedelta(minutes=30)
    again = records.result(check)
    assert again.gait_recording_id is None  # it was 3, then 4, then 6
    assert again.computed_at == told.computed_at == FINISHED and again.result == told.result
    assert SHORT_REASON not in reasons(records, check)  # no new "Why" line
    assert again.walks is not None and again.walks.newer is not None and again.walks.newer.id != timed
    # a check finished now uses the newest walk, and the timed one's "Why" reaches only checks after it
    later = finish_at(records, clock, 15)
    assert records.result(later).gait_recording_id == timed and SHORT_REASON in reasons(records, later)


def test_a_check_uses_the_walk_there_when_it_was_finished_and_a_new_knowledge_keeps_it(setup: Any) -> None:
    _url, records, clock = setup
    first = upload(records, clock, WALK, -60)
    check = finish_at(records, clock, 0)
    used = records.result(check)
    assert used.gait_recording_id == first and used.gait_factor_codes == ["slow_speed"]
    upload(records, clock, OTHER_WALK, 10)
    clock.now = FINISHED + timedelta(hours=2)
    assert records.result(check).gait_recording_id == first
    assert records.result(check) == used  # as it was
    # the knowledge changed: worked out again (documented), with the same walk
    with records.db.session(write=True) as session:
        session.execute(update(Assessment).where(Assessment.id == check).values(knowledge_version="0.0.1"))
    again = records.result(check)
    assert again.computed_at == FINISHED + timedelta(hours=2)
    assert again.gait_recording_id == first and again.result["plan"] == used.result["plan"]


def test_a_check_not_finished_uses_the_newest_walk_now(setup: Any) -> None:
    _url, records, clock = setup
    upload(records, clock, WALK, -60)
    started = records.start_assessment()
    records.answer(started.id, {"worse_walking": True})
    newest = upload(records, clock, OTHER_WALK, 10)
    assert records.result(started.id).gait_recording_id == newest


def test_a_walk_without_walking_or_with_a_few_steps_is_never_used(setup: Any, tmp_path: Path) -> None:
    _url, records, clock = setup
    real = upload(records, clock, WALK, -60)
    upload(records, clock, NO_WALKING_ZIP, -40)  # Sensor Logger, no walking
    few = upload(records, clock, few_steps_csv(tmp_path), -20)  # 6 steps in 3 s: "slower than usual"
    check = finish_at(records, clock, 0)
    result = records.result(check)
    assert result.gait_recording_id == real  # the few steps were used, and before them no walk at all
    assert result.result["plan"]["gait_factors"] == ["slow_speed"]
    assert result.walks is not None and result.walks.passed_over is not None
    assert (result.walks.passed_over.id, result.walks.passed_over.not_usable) == (few, "too_little_walking")
    started = records.start_assessment()
    records.answer(started.id, {"worse_walking": True})
    assert records.result(started.id).gait_recording_id == real  # a check not finished too
    assert records.walk_not_usable(few) == "too_little_walking" and records.walk_not_usable(real) is None
    assert records.check_walks().used is not None and records.check_walks().used.id == real


def test_what_changed_fhir_and_a_restore_agree_on_the_walk(setup: Any, tmp_path: Path) -> None:
    _url, records, clock = setup
    before = finish_at(records, clock, 0)  # no walk yet
    timed = upload(records, clock, WALK, 10, symptom_at="5", stop_at="11")
    records.result(before)  # looked at again after the walk (it took the walk, and its "Why", before)
    upload(records, clock, OTHER_WALK, 20)
    after = finish_at(records, clock, 30)
    used = records.result(after)
    assert used.gait_recording_id != timed  # the newest walk, not slow and untimed
    check = finish_at(records, clock, 15)  # finished between the two walks: the timed one
    assert records.result(check).gait_recording_id == timed

    # what changed since the last check: the one before had no walk, so its "Why" is new now
    clock.now = FINISHED + timedelta(minutes=40)
    found = ChangesSinceLastCheck().compare(records, check).changes_
    assert found is not None and found.earlier is not None and found.earlier.assessment_id == before
    assert any(c.kind == "review_new" and SHORT_REASON in json.dumps(c.details) for c in found.changes), [
        c.to_dict() for c in found.changes
    ]

    # the FHIR RiskAssessment of each check rests on the walk its result used
    document = records.export_all()
    bundle = export_bundle(document)
    named = {}  # fullUrl -> its record's identifier ("gait_recording/2", "assessment/3/result")
    for e in bundle["entry"]:
        identifier = e["resource"].get("identifier")
        first = identifier[0] if isinstance(identifier, list) and identifier else identifier
        if isinstance(first, dict):
            named[e["fullUrl"]] = str(first.get("value"))
    basis = {
        named[e["fullUrl"]]: [named.get(b["reference"], "") for b in e["resource"]["basis"]]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
    }
    walk_of = {a: records.result(a).gait_recording_id for a in (before, check, after)}
    assert walk_of == {before: None, check: timed, after: used.gait_recording_id}
    for a, walk_id in walk_of.items():
        on = basis[f"assessment/{a}/result"]
        assert on[0] == f"assessment/{a}/answers"
        assert [b.split("/")[:2] for b in on[1:]] == (
            [] if walk_id is None else [["gait_recording", str(walk_id)]]
        )
    walk_url = {w["id"]: w for w in document["gait_recordings"]}

    copy = Records(Database(f"sqlite:///{tmp_path / 'restored.sqlite3'}").migrate(), clock=clock)
    restore_export(copy, json.dumps(document))
    restored = {a["created_at"]: a for a in copy.export_all()["assessments"]}
    for a in document["assessments"]:
        again = copy.result(restored[a["created_at"]]["id"])
        mine = restored[a["created_at"]]
        assert again.result == a["result"] and again.computed_at.isoformat() == a["updated_at"]
        walk = None if mine["gait_recording_id"] is None else copy.get_walk(mine["gait_recording_id"])
        assert (walk and walk.sha256) == (
            a["gait_recording_id"] and walk_url[a["gait_recording_id"]]["sha256"]
        )
    copy.db.dispose()


def test_a_result_stored_with_a_later_walk_before_this_fix_is_not_what_the_check_says(setup: Any) -> None:
    """A database from before: a check finished at 01:43 was stored again with a walk from later. What
    changed since that check compares with the check as it is now (without that walk), not that."""
    _url, records, clock = setup
    before = finish_at(records, clock, 0)
    timed = upload(records, clock, WALK, 10, symptom_at="5", stop_at="11")
    with records.db.session(write=True) as session:  # as Records.result stored it before
        row = session.get_one(Assessment, before)
        row.result = assess_with_walk(row.answers, session.get_one(GaitRecording, timed))
        row.gait_recording_id = timed
    assert records.stored_result(before) is None  # not the walk the check uses
    check = finish_at(records, clock, 15)
    found = ChangesSinceLastCheck().compare(records, check).changes_
    assert found is not None and found.earlier is not None and found.earlier.assessment_id == before
    assert SHORT_REASON not in json.dumps(found.earlier.result["reasons_for_review"])
    assert any(c.kind == "review_new" for c in found.changes)
    told = records.stored_result(before)
    assert told is not None and told.gait_recording_id is None  # worked out again, and kept

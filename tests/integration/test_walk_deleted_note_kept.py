"""A deleted walk's note (what the deletion took away: the gait factors and what the check said with the
walk) is kept in the deletion's own transaction, so it is never lost when working the result out again
fails or cannot be done (SQLite and PostgreSQL).

What a reviewer found: ``delete_walk`` committed the finished checks that used the walk with no result,
then worked each out again in later transactions; the note lived only in memory in between. A database
or process failing there, or answers this knowledge version cannot replay (silently passed over), lost
it, and the check said "What that changed in it is not known" for good.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from tests.integration.test_check_walk import OTHER_WALK, WALK, finish_at, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_check_walk_deleted_said import CALM, LEVEL, NOT_KNOWN, TOLERANCE_GONE
from tests.integration.test_history_unfinished import _rows

from backstride.core.errors import InputError
from backstride.services.records import WALK_DELETED_KEY, Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

SAID_BEFORE = {"disposition": "routine", "walking_tolerance_min": 0.12}  # "Book a visit", 7.2 s
# what a check whose result cannot be worked out again says of what it said with the walk
UNWORKED = (
    "and its result could not be worked out again without it. Before, the check said “Book a visit with a "
    "clinician”. It said you could walk for 7.2 s before the pain came on or made you stop (D7). It named "
    "what that walk showed: walking speed is slower than usual for adults (D1, C11)."
)


def _timed_check(records: Records, clock: Any) -> tuple[int, int]:
    """A check told "Book a visit" by a timed walk (the pain came 7.2 s into its walking), with an
    untimed walk it had before; the check's id and the timed walk's."""
    upload(records, clock, OTHER_WALK, -30)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0, CALM)
    told = records.result(check)
    assert (told.gait_recording_id, told.disposition) == (timed, "routine")
    clock.now = DELETED_ON
    return check, timed


def test_the_note_stays_when_working_the_result_out_again_fails(
    setup: Any, monkeypatch: Any, tmp_path: Any
) -> None:
    _url, records, clock = setup
    check, timed = _timed_check(records, clock)

    def server_gone(self: Records, *_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("SELECT ...", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(Records, "_work_out", server_gone)
    with pytest.raises(OperationalError):
        records.delete_walk(timed)
    monkeypatch.undo()
    with records.db.session() as session:  # before it is worked out again: the note kept, not a result
        row = session.get_one(Assessment, check)
        assert row.disposition is None and set(row.result or {}) == {WALK_DELETED_KEY}
        (note,) = row.result[WALK_DELETED_KEY]
    assert note["result_before"] == SAID_BEFORE and note["gait_factors_before"] == ["slow_speed"]
    assert records.stored_result(check) is None  # no result stands for what it says now
    # a backup made now works it out first, as opening it would (the export carries its level), and
    # keeps the note beside it
    db = Database(f"sqlite:///{tmp_path / 'restored.sqlite3'}").migrate()
    try:
        other = Records(db, clock=clock)
        assert restore_export(other, json.dumps(records.export_all())).added["assessments"] == 1
        (new,) = [a["id"] for a in other.export_all()["assessments"]]
        restored = other.result(new).to_dict()["walk_deleted"]
        assert restored["result_before"] == SAID_BEFORE and LEVEL in restored["message"]
    finally:
        db.dispose()
    api = records.result(check).to_dict()["walk_deleted"]  # worked out again now: only "now" is added
    assert api["result_before"] == SAID_BEFORE
    assert api["result_now"] == {"disposition": "self_care", "walking_tolerance_min": None}
    assert LEVEL in api["message"] and TOLERANCE_GONE in api["message"]
    assert NOT_KNOWN not in api["message"]


def test_a_check_whose_answers_cannot_be_replayed_keeps_its_note_and_says_so(setup: Any) -> None:
    url, records, clock = setup
    check, timed = _timed_check(records, clock)
    with records.db.session(write=True) as session:  # as a version with another question kept it
        row = session.get_one(Assessment, check)
        row.answers = {**row.answers, "a_question_no_longer_asked": True}
    records.delete_walk(timed)
    with pytest.raises(InputError) as said:
        records.result(check)
    assert str(said.value).startswith("Your walk from ") and UNWORKED in str(said.value)
    assert "Why it could not be: unknown finding code 'a_question_no_longer_asked'" in str(said.value)
    assert NOT_KNOWN not in str(said.value)
    with TestClient(create_app(Settings(database_url=url))) as client:
        api = client.get(f"/api/assessments/{check}/result")
        assert api.status_code == 422 and UNWORKED in api.json()["detail"]
        page = client.get(f"/check/{check}/result")
        assert page.status_code == 422 and "It said you could walk for 7.2 s" in page.text
    (exported,) = records.export_all()["assessments"]  # a backup keeps it
    assert exported["result"] is None and exported["walk_deleted"]["result_before"] == SAID_BEFORE


@pytest.mark.parametrize("how", ["back", "answer"])
def test_the_note_stays_when_an_answer_is_taken_back_or_changed(setup: Any, how: str) -> None:
    """Review R7: ``back`` and a new answer cleared the whole stored result, the note with it, and the check
    (finished again) said "What that changed in it is not known", from the activity line, for good."""
    _url, records, clock = setup
    check, timed = _timed_check(records, clock)
    records.delete_walk(timed)
    assert LEVEL in records.result(check).to_dict()["walk_deleted"]["message"]
    if how == "back":
        records.back(check)
    else:  # the same pain a point higher: still finished, still "Look after it at home"
        records.answer(check, {"pain_severity_nrs": 5})
    view = records.get_assessment(check)
    if not view.complete:  # the question taken back, answered again as before
        records.answer(check, {code: CALM.get(code) for code in _codes(view.next_question)})
    api = records.result(check).to_dict()["walk_deleted"]
    assert api["result_before"] == SAID_BEFORE and api["gait_factors_before"] == ["slow_speed"]
    assert LEVEL in api["message"] and NOT_KNOWN not in api["message"]
    (exported,) = records.export_all()["assessments"]  # and a backup keeps it
    assert exported["walk_deleted"]["result_before"] == SAID_BEFORE


def _codes(question: Any) -> list[str]:
    return [str(code) for code in (question or {}).get("codes") or ()]


def test_the_history_never_offers_to_carry_on_such_a_check(setup: Any) -> None:
    """Review R7: the history read a finished check this version cannot replay as its stored level says
    ("Could not be read" while it had one); holding the note alone (no level), it read "Not finished yet"
    with a "carry on" link to a page that cannot open it."""
    url, records, clock = setup
    check, timed = _timed_check(records, clock)
    with records.db.session(write=True) as session:  # as a version with another question kept it
        row = session.get_one(Assessment, check)
        row.answers = {**row.answers, "a_question_no_longer_asked": True}
    with TestClient(create_app(Settings(database_url=url))) as client:
        before = _rows(client.get("/history").text)[check]
        records.delete_walk(timed)
        after = _rows(client.get("/history").text)[check]
    assert "Could not be read" in before and "carry on" not in before
    assert after == before

"""``POST /api/people``, ``POST /api/walks`` and ``POST /api/diary`` take an ``Idempotency-Key`` header,
and it means the same on all three: a client that sends a request again after a timeout gets the first
answer (the same id, the same 201), and nothing is stored twice. Before, the retry got a 422 "there is
already a person called ..." or a 409 "you added this file already", though the first request had
stored it. The same key with another request is a 422 naming the key; an empty key or one over 64
characters is a 422, nothing stored. The key is kept in the settings table (``services.form_tokens``)
for 24 hours. (The diary's key used to be the page form's token: an empty key was no key, and the same
key with other values added a second day.)

On SQLite and PostgreSQL (the ``api`` fixture)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.services.form_tokens import IDEMPOTENCY_KEPT_FOR, IDEMPOTENCY_PREFIX
from backstride.storage.models import DiaryEntry, Setting

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
ANA = {"label": "Ana", "height_cm": 168}


def _added(api) -> list[str]:
    """The labels of the people added by the test (the database's own "Me" is there from the start)."""
    return [p["label"] for p in api.get("/api/people").json() if p["label"] != "Me"]


def _key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


def _send_walk(api, key: str | None, **fields: str):
    headers = {} if key is None else _key(key)
    body = LAB_WALK.read_bytes()
    return api.post(
        "/api/walks", files={"file": ("imu.csv", body)}, data={**UNITS, **fields}, headers=headers
    )


def _age_keys(api) -> None:
    """Make every kept key older than ``IDEMPOTENCY_KEPT_FOR``: the request sent again a day later."""
    db = api.app.state.db
    with db.session(write=True) as session:
        for row in session.scalars(select(Setting).where(Setting.key.startswith(IDEMPOTENCY_PREFIX))):
            at = datetime.fromisoformat(row.value["at"])
            row.value = {**row.value, "at": (at - IDEMPOTENCY_KEPT_FOR - timedelta(minutes=1)).isoformat()}


# ------------------------------------------------------------------------------------------ people


def test_a_person_sent_again_with_the_same_key_gets_the_first_answer_and_is_added_once(api):
    first = api.post("/api/people", json=ANA, headers=_key("add-ana-1"))
    again = api.post("/api/people", json=ANA, headers=_key("add-ana-1"))
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert _added(api) == ["Ana"]
    # without a key, the same request is refused as before: the name is taken
    refused = api.post("/api/people", json=ANA)
    assert refused.status_code == 422
    assert "already a person called 'Ana'" in refused.json()["detail"]


def test_the_same_key_with_another_person_is_refused_naming_the_key(api):
    assert api.post("/api/people", json=ANA, headers=_key("key-1")).status_code == 201
    refused = api.post("/api/people", json={"label": "Ben"}, headers=_key("key-1"))
    assert refused.status_code == 422
    assert "Idempotency-Key 'key-1' was sent before with another request" in refused.json()["detail"]
    assert _added(api) == ["Ana"]
    # the same name with another height is another request too
    other = api.post("/api/people", json={**ANA, "height_cm": 170}, headers=_key("key-1"))
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


def _refused_keys_store_nothing(api, path: str, body: dict, stored) -> None:
    """An empty, blank or over-long key on ``path`` is a 422 naming the header, and ``stored()`` stays
    empty; 64 characters are taken."""
    for key in ("", " ", "k" * 65):
        refused = api.post(path, json=body, headers=_key(key))
        assert refused.status_code == 422, key
        assert "Idempotency-Key" in refused.text, refused.text
    assert stored() == []
    assert api.post(path, json=body, headers=_key("k" * 64)).status_code == 201


def test_an_empty_or_too_long_key_is_refused_and_nobody_is_added(api):
    _refused_keys_store_nothing(api, "/api/people", ANA, lambda: _added(api))


def test_a_retry_after_the_person_was_deleted_adds_nobody_again(api):
    person = api.post("/api/people", json=ANA, headers=_key("k-gone")).json()
    assert api.delete(f"/api/people/{person['id']}").status_code == 200
    again = api.post("/api/people", json=ANA, headers=_key("k-gone"))
    assert again.status_code == 409
    detail = again.json()["detail"]
    assert "Idempotency-Key 'k-gone'" in detail and f"person {person['id']}" in detail
    assert "deleted since" in detail
    assert _added(api) == []


def test_a_key_is_kept_for_a_day_then_the_request_is_answered_as_new(api):
    assert api.post("/api/people", json=ANA, headers=_key("k-day")).status_code == 201
    _age_keys(api)
    later = api.post("/api/people", json=ANA, headers=_key("k-day"))
    assert later.status_code == 422
    assert "already a person called 'Ana'" in later.json()["detail"]
    # the stale key is written over by the next request with it, not refused as a clash
    assert api.post("/api/people", json={"label": "Ben"}, headers=_key("k-day")).status_code == 201


def test_the_key_as_sent_is_not_stored_and_deleting_everything_keeps_it_uncounted(api):
    api.post("/api/people", json=ANA, headers=_key("secret-looking-key"))
    with api.app.state.db.session() as session:
        keys = session.scalars(select(Setting.key)).all()
    assert not any("secret-looking-key" in key for key in keys)
    assert any(key.startswith(IDEMPOTENCY_PREFIX) for key in keys)
    me = next(p for p in api.get("/api/people").json() if p["label"] == "Me")
    api.delete(f"/api/people/{me['id']}")
    deleted = api.delete("/api/data?confirm=yes").json()["deleted"]  # Ana's, the only one now
    assert deleted["settings"] == 1, deleted  # Ana's height; the key is not data
    with api.app.state.db.session() as session:  # kept, not counted (24 hours): a late retry is no new add
        assert session.scalars(select(Setting.key).where(Setting.key.startswith(IDEMPOTENCY_PREFIX))).all()


# ------------------------------------------------------------------------------------------- walks


def test_a_walk_sent_again_with_the_same_key_gets_the_first_answer_and_is_stored_once(api):
    first = _send_walk(api, "walk-1")
    again = _send_walk(api, "walk-1")
    assert first.status_code == again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"]
    assert len(api.get("/api/walks").json()) == 1
    # without a key, the same file is refused as before
    refused = _send_walk(api, None)
    assert refused.status_code == 409
    assert refused.json()["walk_id"] == first.json()["id"]


def test_the_same_key_with_another_walk_request_is_refused_naming_the_key(api):
    assert _send_walk(api, "walk-2").status_code == 201
    refused = _send_walk(api, "walk-2", symptom_at="5", stop_at="8")
    assert refused.status_code == 422
    assert "Idempotency-Key 'walk-2' was sent before with another request" in refused.json()["detail"]
    assert len(api.get("/api/walks").json()) == 1
    # a key used to add a person is another request for a walk
    api.post("/api/people", json=ANA, headers=_key("person-key"))
    assert _send_walk(api, "person-key").status_code == 422


def test_a_walk_with_an_empty_or_too_long_key_is_refused_and_not_stored(api):
    for key in ("", "w" * 65):
        refused = _send_walk(api, key)
        assert refused.status_code == 422
        assert "Idempotency-Key" in refused.text
    assert api.get("/api/walks").json() == []


def test_a_walk_retried_after_it_was_deleted_is_not_stored_again(api):
    walk = _send_walk(api, "walk-gone").json()
    assert api.delete(f"/api/walks/{walk['id']}").status_code == 204
    again = _send_walk(api, "walk-gone")
    assert again.status_code == 409
    assert f"walk {walk['id']}, which was deleted since" in again.json()["detail"]
    assert api.get("/api/walks").json() == []


# ------------------------------------------------------------------------------------------- diary

DAY = {"entry_date": "2026-11-20", "pain_0_10": 3, "walking_tolerance_min": 12, "tried": []}


def _diary(api) -> list[tuple[str, int]]:
    return sorted((e["entry_date"], e["pain_0_10"]) for e in api.get("/api/diary").json())


def test_a_diary_day_sent_again_with_the_same_key_gets_the_first_answer_and_is_added_once(api):
    first = api.post("/api/diary", json=DAY, headers=_key("day-1"))
    again = api.post("/api/diary", json=DAY, headers=_key("day-1"))
    assert first.status_code == again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"]
    assert _diary(api) == [("2026-11-20", 3)]
    # without a key each request is a day of its own, as before (a day may have several entries)
    assert api.post("/api/diary", json=DAY).status_code == 201
    assert _diary(api) == [("2026-11-20", 3), ("2026-11-20", 3)]


def test_the_same_key_with_another_diary_day_is_refused_naming_the_key(api):
    assert api.post("/api/diary", json=DAY, headers=_key("day-2")).status_code == 201
    refused = api.post("/api/diary", json={**DAY, "pain_0_10": 5}, headers=_key("day-2"))
    assert refused.status_code == 422
    assert "Idempotency-Key 'day-2' was sent before with another request" in refused.json()["detail"]
    assert _diary(api) == [("2026-11-20", 3)]
    # a key used to add a person is another request for a diary day
    ana = api.post("/api/people", json=ANA, headers=_key("person-key")).json()["id"]
    assert api.post(f"/api/diary?person_id={ana}", json=DAY, headers=_key("person-key")).status_code == 422
    assert api.get(f"/api/diary?person_id={ana}").json() == []


def test_a_diary_day_with_an_empty_or_too_long_key_is_refused_and_not_stored(api):
    _refused_keys_store_nothing(api, "/api/diary", DAY, lambda: _diary(api))


def test_a_diary_day_retried_after_it_was_deleted_is_not_added_again(api):
    entry = api.post("/api/diary", json=DAY, headers=_key("day-gone")).json()
    assert api.delete(f"/api/diary/{entry['id']}").status_code in (200, 204)
    again = api.post("/api/diary", json=DAY, headers=_key("day-gone"))
    assert again.status_code == 409
    assert f"diary entry {entry['id']}, which was deleted since" in again.json()["detail"]
    assert _diary(api) == []


def test_a_diary_key_is_kept_as_the_others_are_not_in_the_entry(api):
    api.post("/api/diary", json=DAY, headers=_key("day-kept"))
    with api.app.state.db.session() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.startswith(IDEMPOTENCY_PREFIX))).all()
        tokens = session.scalars(select(DiaryEntry.form_token)).all()
    assert len(keys) == 1 and tokens == [None]  # the page's one-time token column is the forms' own
    _age_keys(api)
    assert api.post("/api/diary", json={**DAY, "pain_0_10": 6}, headers=_key("day-kept")).status_code == 201


def _sent_before_the_upgrade(api, key: str, *, hours_ago: float = 1) -> int:
    """A diary day that ``POST /api/diary`` added with ``key`` before 3461097a: the API kept the key as
    the entry's form token, not in the settings table. Its id."""
    from backstride.services.records import Records

    db = api.app.state.db
    records = Records(db)
    entry = records.add_diary_entry(**{k: v for k, v in DAY.items() if k != "tried"}, form_token=key)
    with db.session(write=True) as session:
        row = session.get_one(DiaryEntry, entry.id)
        row.created_at = row.created_at - timedelta(hours=hours_ago)
    return entry.id


def test_a_diary_day_sent_with_a_key_before_the_upgrade_is_found_by_its_retry(api):
    """Item left by the last session: a retry within 24 hours of the upgrade added a second day."""
    entry_id = _sent_before_the_upgrade(api, "old-day-key")
    again = api.post("/api/diary", json=DAY, headers=_key("old-day-key"))
    assert again.status_code == 201, again.text
    assert again.json()["id"] == entry_id
    assert _diary(api) == [("2026-11-20", 3)]
    # the same key with other values is another request, as for a key kept today
    other = api.post("/api/diary", json={**DAY, "pain_0_10": 7}, headers=_key("old-day-key"))
    assert other.status_code == 422
    assert "Idempotency-Key 'old-day-key' was sent before with another request" in other.json()["detail"]
    assert _diary(api) == [("2026-11-20", 3)]


def test_a_diary_key_kept_the_old_way_over_a_day_ago_is_answered_as_new(api):
    _sent_before_the_upgrade(api, "old-day-key", hours_ago=25)
    assert api.post("/api/diary", json=DAY, headers=_key("old-day-key")).status_code == 201
    assert _diary(api) == [("2026-11-20", 3), ("2026-11-20", 3)]


# ------------------------------------------------------------------ two sent at the same moment


def _missed_once(look):
    """``look``, but its first call finds nothing: the request's look before it adds, made while the
    other request sent at the same moment had not kept the key yet."""
    calls = []

    def missing_first(*args):
        calls.append(args)
        return None if len(calls) == 1 else look(*args)

    return missing_first


def test_a_person_sent_twice_at_once_with_one_key_is_added_once_and_both_get_them(records, monkeypatch):
    """Both requests find the key unkept (the race): the second's add is kept out by the unique name,
    and it answers with the person the first added, not "already a person called"."""
    first = records.people.add("Ana", height_cm=168, idempotency_key="at-once")
    from backstride.services import people as people_module

    monkeypatch.setattr(people_module, "row_sent_before", _missed_once(people_module.row_sent_before))
    second = records.people.add("Ana", height_cm=168, idempotency_key="at-once")
    assert second.id == first.id
    assert [p.label for p in records.people.list()].count("Ana") == 1


def test_a_walk_sent_twice_at_once_with_one_key_is_stored_once_and_both_get_it(records, monkeypatch):
    """Both requests pass the look-ups before the analysis; the database keeps the second out and it
    answers with the walk the first stored (201), not the 409."""
    fields = {"acc_unit": "m/s^2", "gyr_unit": "deg/s", "idempotency_key": "walk-at-once"}
    first = records.upload_walk("imu.csv", LAB_WALK.read_bytes(), **fields)
    monkeypatch.setattr(type(records), "_walk_sent_before", _missed_once(type(records)._walk_sent_before))
    monkeypatch.setattr(type(records), "_stored_already", lambda self, *a: None)
    second = records.upload_walk("imu.csv", LAB_WALK.read_bytes(), **fields)
    assert second.id == first.id
    assert len(records.list_walks()) == 1


def test_a_diary_day_sent_twice_at_once_with_one_key_is_added_once_and_both_get_it(records, monkeypatch):
    """Both requests find the key unkept: the second's key is kept out by the database, nothing of it
    is stored, and it answers with the entry the first added."""
    day = {"entry_date": "2026-11-20", "pain_0_10": 4, "idempotency_key": "day-at-once"}
    first = records.add_diary_entry(**day)
    monkeypatch.setattr(type(records), "_diary_sent_before", _missed_once(type(records)._diary_sent_before))
    second = records.add_diary_entry(**day)
    assert second.id == first.id
    assert len(records.list_diary_entries()) == 1


# --------------------------------------------------------------------------------- checks

CHECKS = "/api/assessments"


def _checks(api) -> list[int]:
    return sorted(c["id"] for c in api.get(CHECKS).json())


def test_a_check_started_again_with_the_same_key_gets_the_first_answer_and_is_made_once(api):
    first = api.post(CHECKS, json={}, headers=_key("start-1"))
    again = api.post(CHECKS, json={}, headers=_key("start-1"))
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json()  # the same check, its same first question
    assert _checks(api) == [first.json()["id"]]
    # without a key each request starts a check of its own, as before
    assert api.post(CHECKS, json={}).status_code == 201
    assert len(_checks(api)) == 2


def test_a_check_started_again_after_it_was_answered_is_given_as_it_is_now(api):
    first = api.post(CHECKS, json={}, headers=_key("start-2")).json()
    answered = api.post(f"{CHECKS}/{first['id']}/answers", json={"answers": {"age_years": 71}}).json()
    again = api.post(CHECKS, json={}, headers=_key("start-2"))
    assert again.status_code == 201
    assert again.json()["id"] == first["id"] and again.json()["answers"] == answered["answers"]
    assert _checks(api) == [first["id"]]


def test_the_same_key_with_another_start_is_refused_naming_the_key(api):
    assert api.post(CHECKS, json={}, headers=_key("start-3")).status_code == 201
    refused = api.post(CHECKS, json={"mode": "clinician"}, headers=_key("start-3"))
    assert refused.status_code == 422
    assert "Idempotency-Key 'start-3' was sent before with another request" in refused.json()["detail"]
    assert len(_checks(api)) == 1
    # a key used for a diary day is another request for a check
    assert api.post("/api/diary", json=DAY, headers=_key("day-key")).status_code == 201
    assert api.post(CHECKS, json={}, headers=_key("day-key")).status_code == 422
    assert len(_checks(api)) == 1


def test_a_check_with_an_empty_or_too_long_key_is_refused_and_not_started(api):
    _refused_keys_store_nothing(api, CHECKS, {}, lambda: _checks(api))


def test_a_check_started_again_after_it_was_deleted_is_not_started_again(api):
    check = api.post(CHECKS, json={}, headers=_key("start-gone")).json()
    assert api.delete(f"{CHECKS}/{check['id']}").status_code == 204
    again = api.post(CHECKS, json={}, headers=_key("start-gone"))
    assert again.status_code == 409
    assert f"check {check['id']}, which was deleted since" in again.json()["detail"]
    assert _checks(api) == []


# -------------------------------------------------------------------------------- answers


def _answer(api, check_id: int, answers: dict, key: str | None):
    headers = {} if key is None else _key(key)
    return api.post(f"{CHECKS}/{check_id}/answers", json={"answers": answers}, headers=headers)


def _stored_answers(api, check_id: int) -> dict:
    return api.get(f"{CHECKS}/{check_id}").json()["answers"]


def test_an_answer_sent_again_with_the_same_key_is_stored_once_and_answers_no_other_question(api):
    check = api.post(CHECKS, json={}).json()
    asked = check["next_question"]
    answers = {code: 40 if code == "age_years" else False for code in asked["codes"]}
    first = _answer(api, check["id"], answers, "answer-1")
    again = _answer(api, check["id"], answers, "answer-1")
    assert first.status_code == again.status_code == 200, again.text
    assert first.json()["next_question"]["id"] != asked["id"]  # the answer moved the check on
    assert again.json() == first.json()  # the same next question: the retry answered nothing more
    assert _stored_answers(api, check["id"]) == answers


def test_an_old_answer_retried_after_a_newer_one_does_not_put_the_old_value_back(api):
    """The retry of an answer changed since by another request stores nothing: the check as it is now."""
    check_id = api.post(CHECKS, json={}).json()["id"]
    assert _answer(api, check_id, {"age_years": 71}, "age-71").status_code == 200
    assert _answer(api, check_id, {"age_years": 72}, "age-72").status_code == 200
    late = _answer(api, check_id, {"age_years": 71}, "age-71")  # the first, arriving again late
    assert late.status_code == 200
    assert late.json()["answers"] == {"age_years": 72} == _stored_answers(api, check_id)


def test_the_same_key_with_other_answers_or_another_check_is_refused_naming_the_key(api):
    one = api.post(CHECKS, json={}).json()["id"]
    two = api.post(CHECKS, json={}).json()["id"]
    assert _answer(api, one, {"age_years": 71}, "answer-2").status_code == 200
    other = _answer(api, one, {"age_years": 50}, "answer-2")
    assert other.status_code == 422
    assert "Idempotency-Key 'answer-2' was sent before with another request" in other.json()["detail"]
    elsewhere = _answer(api, two, {"age_years": 71}, "answer-2")
    assert elsewhere.status_code == 422 and "Idempotency-Key 'answer-2'" in elsewhere.json()["detail"]
    assert _stored_answers(api, one) == {"age_years": 71} and _stored_answers(api, two) == {}


def test_an_answer_with_an_empty_or_too_long_key_is_refused_and_not_stored(api):
    check_id = api.post(CHECKS, json={}).json()["id"]
    path = f"{CHECKS}/{check_id}/answers"
    for key in ("", " ", "a" * 65):
        refused = api.post(path, json={"answers": {"age_years": 71}}, headers=_key(key))
        assert refused.status_code == 422, key
        assert "Idempotency-Key" in refused.text
    assert _stored_answers(api, check_id) == {}


def test_an_answer_retried_after_its_check_was_deleted_is_a_409_that_still_carries_the_warning(api):
    """A red flag is never lost: the 409 of a retry whose check is gone says the warning as the 404 does."""
    check_id = api.post(CHECKS, json={}).json()["id"]
    red = {"urinary_retention": True}
    assert _answer(api, check_id, red, "red-1").status_code == 200
    assert _answer(api, check_id, {"age_years": 71}, "age-1").status_code == 200
    assert api.delete(f"{CHECKS}/{check_id}").status_code == 204
    loud = _answer(api, check_id, red, "red-1")
    assert loud.status_code == 409
    body = loud.json()
    assert f"answered check {check_id}, which was deleted since" in body["detail"]
    assert body["warning_now"]["disposition"] == "emergency" and "not a diagnosis" in body["notice"]
    quiet = _answer(api, check_id, {"age_years": 71}, "age-1")
    assert quiet.status_code == 409 and set(quiet.json()) == {"detail"}
    # a new key for a check that is gone: the 404, as before
    assert _answer(api, check_id, {"age_years": 71}, "age-2").status_code == 404


# ------------------------------------------------------------------------------------ back


def _back(api, check_id: int, key: str | None):
    headers = {} if key is None else _key(key)
    return api.post(f"{CHECKS}/{check_id}/back", headers=headers)


def _two_questions_answered(api) -> tuple[int, dict]:
    """A check with its first two questions answered; the answers of the first alone."""
    check = api.post(CHECKS, json={}).json()
    first_asked = check["next_question"]
    first = {code: 40 if code == "age_years" else False for code in first_asked["codes"]}
    second_asked = _answer(api, check["id"], first, None).json()["next_question"]
    second = {code: 40 if code == "age_years" else False for code in second_asked["codes"]}
    assert _answer(api, check["id"], second, None).status_code == 200
    return check["id"], first


def test_a_step_back_sent_again_with_the_same_key_undoes_one_question_not_two(api):
    """Before, "back" took no key: a retry after a timeout took back the question before it too."""
    check_id, first = _two_questions_answered(api)
    once = _back(api, check_id, "back-1")
    again = _back(api, check_id, "back-1")
    assert once.status_code == again.status_code == 200, again.text
    assert again.json() == once.json()  # the check as it is now: the same question asked again
    assert _stored_answers(api, check_id) == first
    # a new key is a new step back, as is one without a key
    assert _back(api, check_id, "back-2").status_code == 200
    assert _stored_answers(api, check_id) == {}


def test_the_same_key_with_a_step_back_on_another_check_or_an_answer_is_refused_naming_it(api):
    one, first = _two_questions_answered(api)
    two, _ = _two_questions_answered(api)
    assert _back(api, one, "back-3").status_code == 200
    elsewhere = _back(api, two, "back-3")
    assert elsewhere.status_code == 422
    assert "Idempotency-Key 'back-3' was sent before with another request" in elsewhere.json()["detail"]
    as_answer = _answer(api, one, {"age_years": 50}, "back-3")
    assert as_answer.status_code == 422 and "Idempotency-Key 'back-3'" in as_answer.json()["detail"]
    assert _stored_answers(api, one) == first and len(_stored_answers(api, two)) > len(first)


def test_a_step_back_with_an_empty_or_too_long_key_is_refused_and_undoes_nothing(api):
    check_id, first = _two_questions_answered(api)
    had = _stored_answers(api, check_id)
    for key in ("", " ", "b" * 65):
        refused = _back(api, check_id, key)
        assert refused.status_code == 422, key
        assert "Idempotency-Key" in refused.text
    assert _stored_answers(api, check_id) == had != first


def test_a_step_back_retried_after_its_check_was_deleted_is_a_409_naming_it(api):
    check_id, _ = _two_questions_answered(api)
    assert _back(api, check_id, "back-gone").status_code == 200
    assert api.delete(f"{CHECKS}/{check_id}").status_code == 204
    gone = _back(api, check_id, "back-gone")
    assert gone.status_code == 409, gone.text
    assert f"took a step back on check {check_id}, which was deleted since" in gone.json()["detail"]
    # a new key for a check that is gone: the 404, as before
    assert _back(api, check_id, "back-new").status_code == 404


# --------------------------------------------------------------------------------- restore


def _backup(api) -> bytes:
    """A backup of the database's own person ("Me") holding one diary day, then their records emptied."""
    assert api.post("/api/diary", json=DAY).status_code == 201
    backup = api.get("/api/export").content
    assert api.delete("/api/data?confirm=yes").status_code == 200
    return backup


def _restore(api, backup: bytes, key: str | None, person_id: int | None = None):
    headers = {} if key is None else _key(key)
    where = "" if person_id is None else f"?person_id={person_id}"
    return api.post(f"/api/import{where}", files={"file": ("backup.json", backup)}, headers=headers)


def test_a_restore_sent_again_with_the_same_key_gets_the_first_answer_and_is_restored_once(api):
    backup = _backup(api)
    first = _restore(api, backup, "restore-1")
    again = _restore(api, backup, "restore-1")
    assert first.status_code == again.status_code == 200, again.text
    assert first.json()["added"]["diary_entries"] == 1
    assert again.json() == first.json()  # the first answer, not "1 already there"
    assert _diary(api) == [("2026-11-20", 3)]
    # without a key the same file is answered as it comes: already there
    plain = _restore(api, backup, None).json()
    assert plain["added"]["diary_entries"] == 0 and plain["already_there"]["diary_entries"] == 1
    assert _diary(api) == [("2026-11-20", 3)]


def test_the_same_key_with_another_restore_is_refused_naming_the_key(api):
    backup = _backup(api)
    assert _restore(api, backup, "restore-2").status_code == 200
    other_file = backup.replace(b'"pain_0_10":3', b'"pain_0_10":4')
    assert other_file != backup
    refused = _restore(api, other_file, "restore-2")
    assert refused.status_code == 422
    assert "Idempotency-Key 'restore-2' was sent before with another request" in refused.json()["detail"]
    assert _diary(api) == [("2026-11-20", 3)]
    ana = api.post("/api/people", json=ANA).json()["id"]
    elsewhere = _restore(api, backup, "restore-2", person_id=ana)  # into someone else
    assert elsewhere.status_code == 422
    assert "Idempotency-Key 'restore-2' was sent before with another request" in elsewhere.json()["detail"]
    assert api.get(f"/api/diary?person_id={ana}").json() == []


def test_a_restore_with_an_empty_or_too_long_key_is_refused_and_restores_nothing(api):
    backup = _backup(api)
    for key in ("", " ", "r" * 65):
        refused = _restore(api, backup, key)
        assert refused.status_code == 422, key
        assert "Idempotency-Key" in refused.text
    assert _diary(api) == []


def test_a_restore_retried_after_its_person_was_deleted_is_not_restored_again(api):
    backup = _backup(api)
    first = _restore(api, backup, "restore-gone").json()
    assert api.delete(f"/api/people/{first['person_id']}").status_code == 200
    again = _restore(api, backup, "restore-gone")
    assert again.status_code == 409, again.text
    detail = again.json()["detail"]
    assert (
        f"restored a backup into the records of person {first['person_id']}, who was deleted since" in detail
    )
    assert _diary(api) == []


def test_a_restore_retried_after_its_records_were_deleted_with_others_kept_is_a_409_naming_it(api):
    """With other people in the database, deleting someone's records keeps the keys (not theirs to go):
    before, a restore's retry then got its kept answer, "1 diary entry added", of records no longer
    there. Now it is a 409 saying they were deleted since, and nothing comes back."""
    backup = _backup(api)  # the database's own person's, before anyone else was added
    me = _restore(api, backup, None).json()["person_id"]
    assert api.delete("/api/data?confirm=yes").status_code == 200
    ana = api.post("/api/people", json=ANA).json()["id"]
    assert api.post(f"/api/diary?person_id={ana}", json=DAY).status_code == 201
    first = _restore(api, backup, "restore-emptied", person_id=me)
    assert first.status_code == 200 and first.json()["added"]["diary_entries"] == 1
    assert api.delete(f"/api/data?confirm=yes&person_id={me}").status_code == 200
    again = _restore(api, backup, "restore-emptied", person_id=me)
    assert again.status_code == 409, again.text
    detail = again.json()["detail"]
    assert f"into the records of person {me}, whose records were all deleted since" in detail
    assert "nothing was restored again" in detail
    assert api.get(f"/api/diary?person_id={me}").json() == []  # never brought back unasked
    assert len(api.get(f"/api/diary?person_id={ana}").json()) == 1  # Ana's day is untouched
    # a new key restores it on purpose
    new = _restore(api, backup, "restore-again", person_id=me)
    assert new.json()["added"]["diary_entries"] == 1
    assert len(api.get(f"/api/diary?person_id={me}").json()) == 1


def test_a_restore_retried_after_everything_was_deleted_does_not_bring_it_back(api):
    """With nobody else in the database, deleting everything removed the keys too: a restore's retry
    with its key was then answered as new and restored the records just deleted. Its key now stays,
    marked (its answer, which said what was added, goes), and the retry is the 409."""
    backup = _backup(api)
    first = _restore(api, backup, "restore-all-gone")
    assert first.status_code == 200 and first.json()["added"]["diary_entries"] == 1
    deleted = api.delete("/api/data?confirm=yes").json()["deleted"]
    assert deleted["settings"] == 0, deleted  # the key is not counted: not data
    again = _restore(api, backup, "restore-all-gone")
    assert again.status_code == 409, again.text
    assert "whose records were all deleted since" in again.json()["detail"]
    assert _diary(api) == []
    with api.app.state.db.session() as session:
        [kept] = session.scalars(select(Setting).where(Setting.key.startswith(IDEMPOTENCY_PREFIX))).all()
        assert "answer" not in kept.value


def test_a_restore_retried_into_its_person_named_and_deleted_since_is_a_409_naming_it(api):
    """Sent with ``?person_id=`` of the person it restored into, deleted since: the retry was the 404 of
    a request naming nobody there, where every other retry after what its key added was deleted is the
    409 "deleted since". Now it is that 409 too; nothing is restored, and nobody is made."""
    backup = _backup(api)
    ana = api.post("/api/people", json=ANA).json()["id"]
    first = _restore(api, backup, "restore-into-ana", person_id=ana)
    assert first.status_code == 200 and first.json()["added"]["diary_entries"] == 1
    assert api.delete(f"/api/people/{ana}").status_code == 200
    people = api.get("/api/people").json()
    again = _restore(api, backup, "restore-into-ana", person_id=ana)
    assert again.status_code == 409, again.text
    detail = again.json()["detail"]
    assert f"restored a backup into the records of person {ana}, who was deleted since" in detail
    assert "nothing was restored again" in detail
    assert api.get("/api/people").json() == people  # nobody added, nothing restored
    assert _diary(api) == []
    # a person who is not there, named without a key or with a new key: the 404 as before
    for key in (None, "restore-never-sent"):
        missing = _restore(api, backup, key, person_id=ana)
        assert missing.status_code == 404, (key, missing.text)
        assert f"{ana}" in missing.json()["detail"]


def test_a_key_of_another_request_into_a_person_deleted_since_is_the_same_422_everywhere(api):
    """A key kept with another request, sent into a person named by ``?person_id=`` and deleted since:
    a restore answered 404 (nobody there) while a day, a walk or a check answered 422 "sent before with
    another request". The key is looked at first everywhere now: the 422, nothing stored, nobody made."""
    backup = _backup(api)
    assert _restore(api, backup, "restore-other").status_code == 200  # kept with another request
    assert api.post("/api/diary", json=DAY, headers=_key("day-other")).status_code == 201
    ana = api.post("/api/people", json=ANA).json()["id"]
    assert api.delete(f"/api/people/{ana}").status_code == 200
    people, days = api.get("/api/people").json(), _diary(api)
    restore = _restore(api, backup, "restore-other", person_id=ana)
    day = api.post(f"/api/diary?person_id={ana}", json={**DAY, "pain_0_10": 5}, headers=_key("day-other"))
    for key, refused in (("restore-other", restore), ("day-other", day)):
        assert refused.status_code == 422, (key, refused.text)
        assert f"Idempotency-Key {key!r} was sent before with another request" in refused.json()["detail"]
    assert (api.get("/api/people").json(), _diary(api)) == (people, days)


def test_a_retry_after_everything_was_deleted_adds_nothing_again(api):
    """With nobody else in the database, deleting everything removed the keys of the diary, walks and
    checks: a late retry of a day, a walk or a check's start was then answered as new and added again
    what had just been deleted. The keys now stay (they hold no record, only what each added, for 24
    hours, and are not counted), as a restore's does: the retry is the 409 "deleted since"."""
    entry = api.post("/api/diary", json=DAY, headers=_key("day-all-gone")).json()
    walk = _send_walk(api, "walk-all-gone").json()
    check = api.post("/api/assessments", json={}, headers=_key("check-all-gone")).json()
    deleted = api.delete("/api/data?confirm=yes").json()["deleted"]
    assert deleted["settings"] == 0, deleted  # the keys are not counted: not data
    day_again = api.post("/api/diary", json=DAY, headers=_key("day-all-gone"))
    assert day_again.status_code == 409, day_again.text
    assert f"diary entry {entry['id']}, which was deleted since" in day_again.json()["detail"]
    walk_again = _send_walk(api, "walk-all-gone")
    assert walk_again.status_code == 409, walk_again.text
    assert f"walk {walk['id']}, which was deleted since" in walk_again.json()["detail"]
    check_again = api.post("/api/assessments", json={}, headers=_key("check-all-gone"))
    assert check_again.status_code == 409, check_again.text
    assert f"{check['id']}, which was deleted since" in check_again.json()["detail"]
    assert _diary(api) == []
    assert api.get("/api/walks").json() == [] and api.get("/api/assessments").json() == []


def test_a_retry_into_its_person_named_and_deleted_since_is_a_409_naming_what_it_added(api):
    """Sent with ``?person_id=`` of the person deleted since, a retry of a diary day, a walk, a check's
    start, its answers or a step back was the 404 of a request naming nobody there, where the same
    retry without ``?person_id=`` is the 409 "deleted since". Now it is the 409 too; nothing is stored.
    A new key (or none) still gets the 404."""
    ana = api.post("/api/people", json=ANA).json()["id"]
    into = f"?person_id={ana}"
    walk_body = {"files": {"file": ("imu.csv", LAB_WALK.read_bytes())}, "data": UNITS}
    sent = {
        "day": (f"/api/diary{into}", {"json": DAY}),
        "walk": (f"/api/walks{into}", walk_body),
        "check": (f"/api/assessments{into}", {"json": {}}),
    }
    first = {name: api.post(url, headers=_key(f"{name}-ana"), **body) for name, (url, body) in sent.items()}
    assert [r.status_code for r in first.values()] == [201, 201, 201], [r.text for r in first.values()]
    check = first["check"].json()["id"]
    sent["answers"] = (f"/api/assessments/{check}/answers{into}", {"json": {"answers": {"age_years": 71}}})
    sent["back"] = (f"/api/assessments/{check}/back{into}", {})
    for name in ("answers", "back"):
        url, body = sent[name]
        answered = api.post(url, headers=_key(f"{name}-ana"), **body)
        assert answered.status_code in (200, 201), answered.text
    assert api.delete(f"/api/people/{ana}").status_code == 200
    people = api.get("/api/people").json()
    said = {
        "day": f"diary entry {first['day'].json()['id']}, which was deleted since",
        "walk": f"walk {first['walk'].json()['id']}, which was deleted since",
        "check": f"check {check}, which was deleted since",
        "answers": f"answered check {check}, which was deleted since",
        "back": f"took a step back on check {check}, which was deleted since",
    }
    for name, (url, body) in sent.items():
        again = api.post(url, headers=_key(f"{name}-ana"), **body)
        assert again.status_code == 409, (name, again.text)
        assert said[name] in again.json()["detail"], (name, again.text)
        new = api.post(url, headers=_key(f"{name}-new"), **body)
        assert new.status_code == 404, (name, new.text)
    assert api.get("/api/people").json() == people  # nobody made, nothing stored


# ------------------------------------------------------------------------------- everyday walking

HEALTH = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"


def _import(api, key: str | None, body: bytes | None = None, person_id: int | None = None):
    headers = {} if key is None else _key(key)
    where = "" if person_id is None else f"?person_id={person_id}"
    sent = HEALTH.read_bytes() if body is None else body
    return api.post(f"/api/everyday{where}", files={"file": ("export.xml", sent)}, headers=headers)


def _everyday(api, person_id: int | None = None) -> list[str]:
    where = "" if person_id is None else f"?person_id={person_id}"
    return [day["day"] for day in api.get(f"/api/everyday{where}").json()]


def test_an_everyday_import_sent_again_with_the_same_key_gets_the_first_answer(api):
    """``POST /api/everyday`` took no key: a retry was answered "0 added, 2 already here", though the
    first had added them, and (below) a retry after the records were deleted brought the days back."""
    first = _import(api, "health-1")
    again = _import(api, "health-1")
    assert first.status_code == again.status_code == 201, again.text
    assert first.json()["added"] == 2
    assert again.json() == first.json()  # the first answer, not "2 already here"
    assert len(_everyday(api)) == 2
    plain = _import(api, None).json()  # without a key: answered as it comes
    assert (plain["added"], plain["unchanged"]) == (0, 2)


def test_an_everyday_import_with_a_key_of_another_request_or_a_bad_key_stores_nothing(api):
    assert api.post("/api/diary", json=DAY, headers=_key("day-for-health")).status_code == 201
    other = HEALTH.read_bytes().replace(b"</HealthData>", b"<!-- another export --></HealthData>")
    for key, body in (("day-for-health", None), ("health-2", other)):
        if key == "health-2":
            assert _import(api, key).status_code == 201
            assert api.delete("/api/data?confirm=yes").status_code == 200
        refused = _import(api, key, body)
        assert refused.status_code == 422, refused.text
        assert f"Idempotency-Key {key!r} was sent before with another request" in refused.json()["detail"]
    for key in ("", " ", "h" * 65):
        refused = _import(api, key)
        assert refused.status_code == 422 and "Idempotency-Key" in refused.text, key
    assert _everyday(api) == []


def test_an_everyday_import_retried_after_everything_was_deleted_does_not_bring_the_days_back(api):
    assert _import(api, "health-gone").status_code == 201
    deleted = api.delete("/api/data?confirm=yes").json()["deleted"]
    assert (deleted["everyday_days"], deleted["settings"]) == (2, 0)  # the key is not counted
    again = _import(api, "health-gone")
    assert again.status_code == 409, again.text
    assert "whose records were all deleted since" in again.json()["detail"]
    assert "nothing was brought in again" in again.json()["detail"]
    assert _everyday(api) == []
    assert _import(api, "health-new").json()["added"] == 2  # a new key brings them in on purpose


def test_an_everyday_import_retried_into_its_person_deleted_since_is_a_409_naming_them(api):
    ana = api.post("/api/people", json=ANA).json()["id"]
    assert _import(api, "health-ana", person_id=ana).status_code == 201
    assert api.delete(f"/api/people/{ana}").status_code == 200
    people = api.get("/api/people").json()
    again = _import(api, "health-ana", person_id=ana)
    assert again.status_code == 409, again.text
    assert f"into the records of person {ana}, who was deleted since" in again.json()["detail"]
    assert _import(api, "health-ana-new", person_id=ana).status_code == 404  # a new key: nobody there
    assert api.get("/api/people").json() == people and _everyday(api) == []

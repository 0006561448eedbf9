"""REST API for several people's records (a clinic): /api/people, and ``?person_id=`` on every route.

Each test runs on SQLite and on PostgreSQL (the ``api`` fixture). The safety rule: a record never
lands in, or is listed as, the wrong person's; a request that does not say whose records it means is
refused when there are several people (422 naming ``person_id``), never guessed.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from tests.conftest import MOBILISED_LAB

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
TODAY = date.today()
EMPTY = {"assessments": 0, "gait_recordings": 0, "diary_entries": 0}


def day(days_ago: int = 0, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {"entry_date": (TODAY - timedelta(days=days_ago)).isoformat(), "pain_0_10": 4}
    body.update(overrides)
    return body


def add_person(api, label: str, **fields: object) -> int:
    response = api.post("/api/people", json={"label": label, **fields})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def send_walk(api, person_id: int | None = None) -> dict:
    query = "" if person_id is None else f"?person_id={person_id}"
    response = api.post(f"/api/walks{query}", files={"file": ("imu.csv", LAB_WALK.read_bytes())}, data=UNITS)
    assert response.status_code == 201, response.text
    return dict(response.json())


def people(api) -> list[dict]:
    response = api.get("/api/people")
    assert response.status_code == 200
    return list(response.json())


def test_people_are_listed_added_changed_and_deleted(api) -> None:
    (me,) = people(api)
    assert (me["id"], me["label"], me["height_cm"], me["counts"]) == (1, "Me", None, EMPTY)
    created = api.post("/api/people", json={"label": "  Room   4 ", "height_cm": 170})
    assert created.status_code == 201
    room = created.json()
    assert (room["label"], room["height_cm"], room["counts"]) == ("Room 4", 170.0, EMPTY)
    assert api.get(f"/api/people/{room['id']}").json() == room
    assert [p["label"] for p in people(api)] == ["Me", "Room 4"]

    renamed = api.patch(f"/api/people/{room['id']}", json={"label": "Bed 2"})
    assert renamed.status_code == 200
    assert (renamed.json()["label"], renamed.json()["height_cm"]) == ("Bed 2", 170.0)  # height kept
    forgotten = api.patch(f"/api/people/{room['id']}", json={"height_cm": None})
    assert (forgotten.json()["label"], forgotten.json()["height_cm"]) == ("Bed 2", None)
    assert api.patch(f"/api/people/{room['id']}", json={"height_cm": 181}).json()["height_cm"] == 181.0

    api.post(f"/api/diary?person_id={room['id']}", json=day(1))
    assert api.get(f"/api/people/{room['id']}").json()["counts"]["diary_entries"] == 1
    deleted = api.delete(f"/api/people/{room['id']}")
    assert deleted.status_code == 200
    assert deleted.json() == {"deleted": {**EMPTY, "diary_entries": 1, "everyday_days": 0}}
    assert [p["label"] for p in people(api)] == ["Me"]
    assert api.get(f"/api/people/{room['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"label": ""}, "label is empty"),
        ({"label": "   "}, "label is empty"),
        ({"label": "x" * 81}, "at most 80"),
        ({"label": "a\x07b"}, "control character"),
        ({"label": 42}, "label"),
        ({"label": "me"}, "already a person called 'Me'"),
        ({"label": "Room 4", "height_cm": 20}, "height_cm must be from 50 to 250"),
        ({"label": "Room 4", "height_cm": "tall"}, "height_cm"),
        ({"label": "Room 4", "height_cm": True}, "height_cm"),
        ({"label": "Room 4", "age": 80}, "age"),  # backstride asks for nothing else about a person
        ({}, "label"),
    ],
)
def test_a_person_that_cannot_be_kept_is_refused_naming_the_problem(api, body, problem) -> None:
    response = api.post("/api/people", json=body)
    assert response.status_code == 422
    assert problem in response.json()["detail"]
    assert [p["label"] for p in people(api)] == ["Me"]  # nobody added


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"label": None}, "label must be text"),
        ({"label": ""}, "label is empty"),
        ({"label": "ME"}, "already a person called 'Me'"),
        ({"height_cm": 300}, "height_cm must be from 50 to 250"),
        ({"nickname": "x"}, "nickname"),
    ],
)
def test_a_change_that_cannot_be_kept_is_refused_and_nothing_changes(api, body, problem) -> None:
    room = add_person(api, "Room 4", height_cm=170)
    response = api.patch(f"/api/people/{room}", json=body)
    assert response.status_code == 422
    assert problem in response.json()["detail"]
    kept = api.get(f"/api/people/{room}").json()
    assert (kept["label"], kept["height_cm"]) == ("Room 4", 170.0)


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/api/people/9999", {}),
        ("patch", "/api/people/9999", {"json": {"label": "Nobody"}}),
        ("delete", "/api/people/9999", {}),
        ("get", "/api/people/99999999999999999999999", {}),
        ("get", "/api/diary?person_id=9999", {}),
        ("post", "/api/diary?person_id=9999", {"json": day(1)}),
        ("post", "/api/assessments?person_id=9999", {"json": {}}),
        ("get", "/api/export?person_id=9999", {}),
        ("delete", "/api/data?confirm=yes&person_id=9999", {}),
        ("get", "/api/diary/1?person_id=9999", {}),
    ],
)
def test_an_unknown_person_is_404_and_nothing_is_stored(api, stored, method, path, kwargs) -> None:
    api.post("/api/diary", json=day(1))
    before = stored()
    response = getattr(api, method)(path, **kwargs)
    assert response.status_code == 404, response.text
    assert re.fullmatch(r"person 9999\d* does not exist; see GET /api/people", response.json()["detail"])
    assert stored() == before


def test_a_person_id_that_is_no_number_is_422_naming_it(api) -> None:
    response = api.get("/api/diary?person_id=room4")
    assert response.status_code == 422 and "person_id" in response.json()["detail"]


def _several_people(api) -> tuple[int, int]:
    """'Me' (1, with a diary day) and 'Room 4'."""
    assert api.post("/api/diary", json=day(2, notes="mine")).status_code == 201
    return 1, add_person(api, "Room 4")


# Every route that lists, adds, exports, restores or deletes everything: (method, path, request kwargs).
LIST_AND_CREATE_ROUTES = [
    ("post", "/api/assessments", {"json": {}}),
    ("get", "/api/assessments", {}),
    ("get", "/api/walks", {}),
    ("post", "/api/diary", {"json": day(1)}),
    ("get", "/api/diary", {}),
    ("get", "/api/diary/progress", {}),
    ("get", "/api/export", {}),
    ("get", "/api/export/fhir", {}),
    ("get", "/api/export/diary.csv", {}),
    ("get", "/api/export/checks.csv", {}),
    ("delete", "/api/data?confirm=yes", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), LIST_AND_CREATE_ROUTES)
def test_with_several_people_a_request_not_saying_whose_is_refused_naming_person_id(
    api, method, path, kwargs
) -> None:
    me, room = _several_people(api)
    before = [api.get(f"/api/export?person_id={p}").json()["diary_entries"] for p in (me, room)]
    response = getattr(api, method)(path, **kwargs)
    assert response.status_code == 422, response.text
    assert "say whose records you mean (person_id)" in response.json()["detail"]
    after = [api.get(f"/api/export?person_id={p}").json()["diary_entries"] for p in (me, room)]
    assert after == before  # nothing added or deleted for anybody
    # the same request saying whose works
    sep = "&" if "?" in path else "?"
    assert getattr(api, method)(f"{path}{sep}person_id={room}", **kwargs).status_code < 300


def test_with_several_people_a_walk_or_a_restore_not_saying_whose_is_refused(api) -> None:
    me, room = _several_people(api)
    backup = api.get(f"/api/export?person_id={me}").content
    walk = api.post("/api/walks", files={"file": ("imu.csv", LAB_WALK.read_bytes())}, data=UNITS)
    assert walk.status_code == 422 and "(person_id)" in walk.json()["detail"]
    restore = api.post("/api/import", files={"file": ("backup.json", backup)})
    assert restore.status_code == 422 and "(person_id)" in restore.json()["detail"]
    for person in (me, room):
        counts = api.get(f"/api/people/{person}").json()["counts"]
        assert counts["gait_recordings"] == 0
    assert api.get(f"/api/people/{room}").json()["counts"] == EMPTY
    # said whose: the walk and the restore go to that person only
    assert send_walk(api, room)["person_id"] == room
    restored = api.post(f"/api/import?person_id={room}", files={"file": ("backup.json", backup)})
    assert restored.status_code == 200 and restored.json()["added"]["diary_entries"] == 1
    assert [e["notes"] for e in api.get(f"/api/diary?person_id={room}").json()] == ["mine"]
    assert api.get(f"/api/people/{me}").json()["counts"]["gait_recordings"] == 0


def test_two_peoples_records_never_show_in_each_others_lists_or_exports(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    api.post(f"/api/diary?person_id={alex}", json=day(1, notes="alex-day", pain_0_10=7))
    api.post(f"/api/diary?person_id={sam}", json=day(1, notes="sam-day", pain_0_10=2))
    alex_check = api.post(f"/api/assessments?person_id={alex}", json={}).json()
    assert alex_check["person_id"] == alex
    alex_walk = send_walk(api, alex)
    assert alex_walk["person_id"] == alex

    def listed(person: int) -> dict[str, list]:
        return {
            "diary": api.get(f"/api/diary?person_id={person}").json(),
            "checks": api.get(f"/api/assessments?person_id={person}").json(),
            "walks": api.get(f"/api/walks?person_id={person}").json(),
            "progress": api.get(f"/api/diary/progress?person_id={person}").json()["entries"],
        }

    mine, theirs = listed(alex), listed(sam)
    assert [e["notes"] for e in mine["diary"]] == ["alex-day"]
    assert [e["notes"] for e in theirs["diary"]] == ["sam-day"]
    assert [c["id"] for c in mine["checks"]] == [alex_check["id"]] and theirs["checks"] == []
    assert [w["id"] for w in mine["walks"]] == [alex_walk["id"]] and theirs["walks"] == []
    assert [e["notes"] for e in theirs["progress"]] == ["sam-day"]
    for rows, person in ((mine, alex), (theirs, sam)):
        assert {r["person_id"] for kind in rows.values() for r in kind} == {person}

    sams_export = api.get(f"/api/export?person_id={sam}").json()
    assert sams_export["person"]["label"] == "Sam"
    assert [e["notes"] for e in sams_export["diary_entries"]] == ["sam-day"]
    assert sams_export["assessments"] == [] and sams_export["gait_recordings"] == []
    for what in ("fhir", "diary.csv", "walks.csv", "checks.csv"):
        text = api.get(f"/api/export/{what}?person_id={sam}").text
        assert "alex-day" not in text and "imu.csv" not in text, what
        assert ("sam-day" in text) == (what in ("fhir", "diary.csv")), what
    assert "alex-day" in api.get(f"/api/export/diary.csv?person_id={alex}").text
    assert "imu.csv" in api.get(f"/api/export/walks.csv?person_id={alex}").text


def test_an_item_is_found_by_its_id_and_names_its_person_but_not_among_someone_elses(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    entry = api.post(f"/api/diary?person_id={alex}", json=day(1)).json()
    check = api.post(f"/api/assessments?person_id={alex}", json={}).json()
    for path in (f"/api/diary/{entry['id']}", f"/api/assessments/{check['id']}"):
        assert api.get(path).json()["person_id"] == alex  # by id alone: found, whose it is said
        assert api.get(f"{path}?person_id={alex}").status_code == 200
        refused = api.get(f"{path}?person_id={sam}")
        assert refused.status_code == 404 and f"not one of person {sam}'s records" in refused.json()["detail"]
    # nothing of Alex's can be changed or deleted as Sam's
    changed = api.put(f"/api/diary/{entry['id']}?person_id={sam}", json=day(1, pain_0_10=9))
    assert changed.status_code == 404
    answered = api.post(
        f"/api/assessments/{check['id']}/answers?person_id={sam}", json={"answers": {"age_years": 50}}
    )
    assert answered.status_code == 404
    assert api.delete(f"/api/diary/{entry['id']}?person_id={sam}").status_code == 404
    assert api.delete(f"/api/assessments/{check['id']}?person_id={sam}").status_code == 404
    assert api.get(f"/api/diary/{entry['id']}").json()["pain_0_10"] == 4
    assert api.get(f"/api/assessments/{check['id']}").json()["answers"] == {}
    # the history's summaries say whose too
    (summary,) = api.get(f"/api/assessments?person_id={alex}").json()
    assert summary["person_id"] == alex


@pytest.mark.parametrize("part", ["result", "plan", "changes"])
def test_a_checks_result_asked_for_under_someone_else_is_not_found(api, part) -> None:
    """Found by a physiotherapist trying the API: ``/result`` of Alex's check asked for under Sam's
    ``person_id`` was a 500 (the stored level was read without whose check it is); it is a 404 like the
    check itself, naming whose records were asked."""
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    check = api.post(f"/api/assessments?person_id={alex}", json={}).json()
    refused = api.get(f"/api/assessments/{check['id']}/{part}?person_id={sam}")
    assert refused.status_code == 404, refused.text
    assert f"not one of person {sam}'s records" in refused.json()["detail"]


def test_deleting_a_person_deletes_their_records_and_nobody_elses(api) -> None:
    api.post("/api/diary", json=day(3, notes="mine"))
    visitor = add_person(api, "Visitor")
    api.post(f"/api/diary?person_id={visitor}", json=day(1, notes="visitor's"))
    api.post(f"/api/diary?person_id={visitor}", json=day(2, notes="visitor's too"))
    check = api.post(f"/api/assessments?person_id={visitor}", json={}).json()
    response = api.delete(f"/api/people/{visitor}")
    assert response.json()["deleted"] == {**EMPTY, "assessments": 1, "diary_entries": 2, "everyday_days": 0}
    assert api.get(f"/api/assessments/{check['id']}").status_code == 404
    assert api.get(f"/api/diary?person_id={visitor}").status_code == 404
    # one person again: no need to say whose, and their records are all there
    assert [e["notes"] for e in api.get("/api/diary").json()] == ["mine"]
    assert api.get("/api/people/1").json()["counts"]["diary_entries"] == 1


def test_delete_all_of_one_person_leaves_the_other_and_the_person(api) -> None:
    me, room = _several_people(api)
    api.post(f"/api/diary?person_id={room}", json=day(1, notes="room's"))
    response = api.delete(f"/api/data?confirm=yes&person_id={me}")
    assert response.status_code == 200 and response.json()["deleted"]["diary_entries"] == 1
    assert api.get(f"/api/diary?person_id={me}").json() == []
    assert [e["notes"] for e in api.get(f"/api/diary?person_id={room}").json()] == ["room's"]
    assert [p["label"] for p in people(api)] == ["Me", "Room 4"]


def test_a_checks_result_uses_only_its_own_persons_walk(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    check = api.post(f"/api/assessments?person_id={alex}", json={}).json()
    api.post(f"/api/assessments/{check['id']}/answers", json={"answers": {"worse_walking": True}})
    sams_walk = send_walk(api, sam)  # the newest walk in the database, but Sam's
    result = api.get(f"/api/assessments/{check['id']}/result").json()
    assert result["gait_recording_id"] is None and result["gait_factor_codes"] == []
    alexs_walk = send_walk(api, alex)
    result = api.get(f"/api/assessments/{check['id']}/result?person_id={alex}").json()
    assert result["gait_recording_id"] == alexs_walk["id"] != sams_walk["id"]
    plan = api.get(f"/api/assessments/{check['id']}/plan").json()
    assert plan["gait_factor_codes"] == alexs_walk["gait_factor_codes"]
    assert api.get(f"/api/walks/{sams_walk['id']}?person_id={alex}").status_code == 404
    assert api.get(f"/api/walks/{sams_walk['id']}").json()["person_id"] == sam


def test_one_person_works_as_before_and_every_record_says_it_is_theirs(api) -> None:
    entry = api.post("/api/diary", json=day(1)).json()
    check = api.post("/api/assessments", json={}).json()
    assert entry["person_id"] == 1 and check["person_id"] == 1
    assert api.get("/api/diary?person_id=1").json() == api.get("/api/diary").json()
    document = api.get("/api/export").json()
    assert document["person"] == {
        "label": "Me",
        "height_cm": None,
        "name": None,
        "birth_date": None,
        "gender": None,
        "mrn": None,
        "mrn_system": None,
    }
    assert (
        json.loads(api.get("/api/export?person_id=1").content)["diary_entries"] == document["diary_entries"]
    )


def test_the_api_docs_name_the_people_endpoints(api) -> None:
    spec = api.get("/api/openapi.json").json()
    assert {"/api/people", "/api/people/{person_id}"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/diary"]["get"]["parameters"]}
    assert "person_id" in names

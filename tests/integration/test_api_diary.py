"""REST API: diary entries and progress. Bad input gives a 4xx naming the problem and stores nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

TODAY = date.today()


def entry(days_ago: int = 1, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "entry_date": (TODAY - timedelta(days=days_ago)).isoformat(),
        "pain_0_10": 5,
        "walking_tolerance_min": 12,
        "notes": "to the corner shop",
    }
    body.update(overrides)
    return body


def test_add_get_list_update_delete(api, stored) -> None:
    created = api.post("/api/diary", json=entry(3))
    assert created.status_code == 201
    item = created.json()
    assert (item["pain_0_10"], item["walking_tolerance_min"]) == (5, 12.0)
    assert item["notes"] == "to the corner shop"

    assert api.get(f"/api/diary/{item['id']}").json() == item
    api.post("/api/diary", json=entry(1, pain_0_10=3))
    listed = api.get("/api/diary").json()
    assert [e["pain_0_10"] for e in listed] == [5, 3]  # oldest first

    replacement = entry(2, pain_0_10=8, walking_tolerance_min=None, notes="")
    changed = api.put(f"/api/diary/{item['id']}", json=replacement)
    assert changed.status_code == 200
    assert changed.json()["pain_0_10"] == 8 and changed.json()["walking_tolerance_min"] is None
    assert api.get(f"/api/diary/{item['id']}").json()["entry_date"] == (TODAY - timedelta(days=2)).isoformat()

    assert api.delete(f"/api/diary/{item['id']}").status_code == 204
    assert api.get(f"/api/diary/{item['id']}").status_code == 404
    assert len(api.get("/api/diary").json()) == 1


def test_list_by_date_range(api, stored) -> None:
    for days_ago in (10, 5, 1):
        api.post("/api/diary", json=entry(days_ago, notes=str(days_ago)))
    start = (TODAY - timedelta(days=6)).isoformat()
    end = (TODAY - timedelta(days=2)).isoformat()
    assert [e["notes"] for e in api.get(f"/api/diary?start={start}&end={end}").json()] == ["5"]
    bad = api.get(f"/api/diary?start={end}&end={start}")
    assert bad.status_code == 422 and "after end" in bad.json()["detail"]
    assert api.get("/api/diary?start=yesterday").status_code == 422


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (entry(pain_0_10=11), "pain_0_10 must be from 0 to 10"),
        (entry(pain_0_10=-1), "pain_0_10"),
        (entry(pain_0_10=4.5), "pain_0_10"),
        (entry(pain_0_10=10.000001), "pain_0_10"),
        (entry(pain_0_10=11.0), "pain_0_10 must be from 0 to 10"),
        (entry(pain_0_10=1e300), "pain_0_10"),
        (entry(pain_0_10=True), "pain_0_10"),
        (entry(pain_0_10="4"), "pain_0_10"),
        (entry(pain_0_10="high"), "pain_0_10"),
        (entry(walking_tolerance_min=-5), "walking_tolerance_min must be from 0 to 600"),
        (entry(walking_tolerance_min=9999), "walking_tolerance_min"),
        (entry(walking_tolerance_min="long"), "walking_tolerance_min"),
        (entry(days_ago=-5), "in the future"),
        (entry(entry_date="31/12/2025"), "entry_date"),
        (entry(notes="x" * 2001), "at most 2000"),
        ({"pain_0_10": 3}, "entry_date"),
        ({"entry_date": TODAY.isoformat()}, "pain_0_10"),
        (entry(mood="fine"), "mood"),
    ],
)
def test_bad_entries_are_refused_naming_the_problem_and_nothing_stored(api, stored, body, problem) -> None:
    api.post("/api/diary", json=entry(2))
    before = stored()
    response = api.post("/api/diary", json=body)
    assert response.status_code == 422
    assert problem in response.json()["detail"]
    assert stored() == before


def test_a_whole_pain_sent_as_2_point_0_is_kept_as_2(api, stored) -> None:
    # JSON has one kind of number, and JSON Schema's "integer" (which /openapi.json publishes for
    # pain_0_10) includes 2.0: a client that sends it was refused
    added = api.post("/api/diary", json=entry(3, pain_0_10=2.0))
    assert added.status_code == 201, added.text
    assert added.json()["pain_0_10"] == 2 and isinstance(added.json()["pain_0_10"], int)
    changed = api.put(f"/api/diary/{added.json()['id']}", json=entry(3, pain_0_10=7.0))
    assert changed.status_code == 200 and changed.json()["pain_0_10"] == 7


def test_a_bad_update_changes_nothing(api, stored) -> None:
    item = api.post("/api/diary", json=entry(2)).json()
    before = stored()
    response = api.put(f"/api/diary/{item['id']}", json=entry(2, pain_0_10=42))
    assert response.status_code == 422 and "pain_0_10" in response.json()["detail"]
    assert stored() == before


def test_unknown_ids_are_404_naming_the_record(api, stored) -> None:
    for method, path in [("get", "/api/diary/77"), ("delete", "/api/diary/77")]:
        response = getattr(api, method)(path)
        assert response.status_code == 404 and response.json() == {"detail": "diary entry 77 does not exist"}
    response = api.put("/api/diary/77", json=entry())
    assert response.status_code == 404
    assert api.get("/api/diary/not-a-number").status_code == 422
    assert stored()["diary_entries"] == []


def test_notes_with_a_lone_surrogate_are_refused_naming_notes(api, stored) -> None:
    # JSON allows "\\ud800" but it is no character: storing it failed with a 500
    before = stored()
    body = b'{"entry_date": "%s", "pain_0_10": 3, "notes": "walked \\ud800"}' % TODAY.isoformat().encode()
    response = api.post("/api/diary", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "notes" in response.json()["detail"]
    assert stored() == before


def test_a_body_that_is_not_json_is_refused(api, stored) -> None:
    response = api.post("/api/diary", content=b"pain=5", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"]
    assert stored()["diary_entries"] == []


def test_progress_gives_weekly_means_and_trends(api, stored) -> None:
    for days_ago, pain, minutes in [(27, 7, 5), (26, 7, 5), (1, 4, 10), (0, 4, 10)]:
        body = entry(days_ago, pain_0_10=pain, walking_tolerance_min=minutes)
        assert api.post("/api/diary", json=body).status_code == 201
    progress = api.get("/api/diary/progress?weeks=6")
    assert progress.status_code == 200
    data = progress.json()
    assert data["as_of"] == TODAY.isoformat()
    assert len(data["weekly"]) == 6
    assert sum(w["n_entries"] for w in data["weekly"]) == 4
    assert data["pain_trend"]["direction"] == "improving"
    assert data["walking_tolerance_trend"]["direction"] == "improving"
    assert len(data["entries"]) == 4 and data["walks"] == []
    bad = api.get("/api/diary/progress?weeks=0")
    assert bad.status_code == 422 and "weeks" in bad.json()["detail"]


def test_progress_can_only_be_read(api, stored) -> None:
    # PUT and DELETE on /api/diary/progress used to be taken for an entry id that is not a number (422)
    body = entry(0, pain_0_10=4)
    for answer in (api.put("/api/diary/progress", json=body), api.delete("/api/diary/progress")):
        assert answer.status_code == 405 and answer.headers["allow"] == "GET"
        assert "can only be read" in answer.json()["detail"]
    assert stored()["diary_entries"] == []
    assert api.put("/api/diary/abc", json=body).status_code == 422  # a real bad id is still said so


def test_a_huge_body_outside_walk_uploads_is_refused_before_it_is_read(api, stored) -> None:
    # JSON and form bodies were read and parsed up to the 1 GB walk limit: 100 MB of JSON took ~500 MB
    # of memory and 3 s before the 422; a diary entry or a set of answers is a few KB
    before = stored()
    pad = "x" * (2 * 1024 * 1024)
    for path, body in [
        ("/api/diary", {"entry_date": TODAY.isoformat(), "pain_0_10": 3, "notes": pad}),
        ("/api/assessments", {"mode": "person", "pad": pad}),
    ]:
        response = api.post(path, json=body)
        assert response.status_code == 413, (path, response.text)
        assert "at most 1 MB" in response.json()["detail"] and "walk" in response.json()["detail"]
    page = api.post("/diary", data={"entry_date": TODAY.isoformat(), "pain_0_10": "3", "notes": pad})
    assert page.status_code == 413 and "at most 1 MB" in page.text
    assert stored() == before

"""Every answer of the REST API that says something about a person's health says it is not a diagnosis.

The result, the plan, a walk (its gait JSON's disclaimer) and what changed since the last check said so;
the interview's state did not, though it carries the disposition and, as soon as an answer makes it an
emergency, ``emergency_now`` (go now, do not drive); nor did the diary's progress, with its pain trends
and "what seems to help". Both now carry ``notice``, as the result and the plan do.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backstride.services.assessment import NOT_A_DIAGNOSIS
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def api(tmp_path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "t.sqlite3")))) as client:
        yield client


def test_the_interview_state_says_it_is_not_a_diagnosis(api: TestClient) -> None:
    started = api.post("/api/assessments", json={})
    assert started.status_code == 201
    check = started.json()
    assert check["notice"] == NOT_A_DIAGNOSIS
    answered = api.post(
        f"/api/assessments/{check['id']}/answers", json={"answers": {"urinary_retention": True}}
    ).json()
    assert answered["emergency_now"] is not None  # go now: said at once, with the notice beside it
    assert answered["notice"] == NOT_A_DIAGNOSIS
    assert api.get(f"/api/assessments/{check['id']}").json()["notice"] == NOT_A_DIAGNOSIS
    assert api.post(f"/api/assessments/{check['id']}/back").json()["notice"] == NOT_A_DIAGNOSIS
    # and the OpenAPI document says so
    schema = api.get("/api/openapi.json").json()["components"]["schemas"]
    assert "notice" in schema["AssessmentOut"]["properties"]


def test_the_diary_progress_says_it_is_not_a_diagnosis(api: TestClient) -> None:
    for day, pain in (("2026-11-20", 5), ("2026-11-21", 4), ("2026-11-22", 3)):
        sent = api.post(
            "/api/diary", json={"entry_date": day, "pain_0_10": pain, "walking_tolerance_min": 10}
        )
        assert sent.status_code == 201, sent.text
    progress = api.get("/api/diary/progress").json()
    assert progress["entries"] and progress["notice"] == NOT_A_DIAGNOSIS


def test_the_warning_sent_with_a_404_says_it_is_not_a_diagnosis(api: TestClient) -> None:
    # answers sent to a check deleted meanwhile: nothing is stored, but the 404 says what they mean
    # ("they must get emergency help now"), so it says it is not a diagnosis too (review R2)
    check = api.post("/api/assessments", json={}).json()
    assert api.delete(f"/api/assessments/{check['id']}").status_code == 204
    gone = api.post(f"/api/assessments/{check['id']}/answers", json={"answers": {"urinary_retention": True}})
    assert gone.status_code == 404 and gone.json()["warning_now"]["disposition"] == "emergency"
    assert gone.json()["notice"] == NOT_A_DIAGNOSIS

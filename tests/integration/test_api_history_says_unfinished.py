"""The REST history (GET /api/assessments) tells a finished check from one left half-way.

A check left after a few answers, whose result was looked at, has a level worked out from those
answers only (the warning signs not asked), and the History page says "Not finished yet" beside
it. The API list gave the same ``disposition`` with nothing to tell the two apart: the service
wrote ``finished_at`` but the response model dropped it, so a script read the level of a check
whose warning signs were never asked as if it were the answer. ``finished_at`` is now in the
list: null while the check is not finished.
"""

from __future__ import annotations

from tests.integration.test_api_assessments import answer_everything

from backstride.services.assessment import NOT_A_DIAGNOSIS


def test_the_history_says_which_checks_are_finished(api) -> None:
    half = api.post("/api/assessments", json={}).json()
    sent = api.post(f"/api/assessments/{half['id']}/answers", json={"answers": {"pain_severity_nrs": 2}})
    assert sent.status_code == 200 and sent.json()["complete"] is False
    partial = api.get(f"/api/assessments/{half['id']}/result")  # a result from the answers so far
    assert partial.status_code == 200 and partial.json()["screening_complete"] is False
    done = answer_everything(api, api.post("/api/assessments", json={}).json())
    assert done["complete"] is True

    listed = {item["id"]: item for item in api.get("/api/assessments").json()}
    assert listed[half["id"]]["disposition"] is not None  # a level, from the answers so far only
    assert listed[half["id"]]["finished_at"] is None  # ... and it says the check is not finished
    assert listed[done["id"]]["finished_at"] is not None
    # each level in the list is a conclusion, as the checks CSV's rows are: it says it is not a
    # diagnosis, as the result it comes from does
    assert all(item["notice"] == NOT_A_DIAGNOSIS for item in listed.values())
    # the OpenAPI document says what it means
    schema = api.get("/api/openapi.json").json()["components"]["schemas"]["AssessmentSummaryOut"]
    assert "not finished" in schema["properties"]["finished_at"]["description"]

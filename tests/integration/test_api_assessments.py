"""REST API: interviews, answers, back, results and plans, history. Bad input: 4xx naming the problem,
nothing stored. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.services.gait_findings import measured_words
from backstride.web.app import create_app
from backstride.web.settings import Settings

CONTRACT_KEYS = {"disposition", "red_flags", "conditions", "plan", "knowledge_version"}
WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"
EMERGENCY = {"urinary_retention": True, "saddle_numbness": True}


def answer_everything(api, assessment: dict) -> dict:
    """Answer each question the interview asks ("no" to warning signs) until it is complete."""
    for _ in range(100):
        question = assessment["next_question"]
        if question is None:
            return assessment
        if question["kind"] == "checklist":
            answers = {code: False for code in question["codes"]}
        elif question["kind"] == "bool":
            answers = {question["codes"][0]: False}
        elif question["kind"] == "number":
            answers = {question["codes"][0]: question["min"] + (question["max"] - question["min"]) / 2}
        else:
            answers = {question["codes"][0]: question["options"][0]["value"]}
        response = api.post(f"/api/assessments/{assessment['id']}/answers", json={"answers": answers})
        assert response.status_code == 200, response.text
        assessment = response.json()
    raise AssertionError("the interview did not end within 100 questions")


def test_start_gives_the_first_question(api) -> None:
    response = api.post("/api/assessments", json={})
    assert response.status_code == 201
    body = response.json()
    assert body["mode"] == "person" and body["answers"] == {} and body["complete"] is False
    question = body["next_question"]
    assert question["codes"] and question["text"] and question["why"]
    assert api.post("/api/assessments").json()["mode"] == "person"  # no body at all
    assert api.post("/api/assessments", json={"mode": "clinician"}).json()["mode"] == "clinician"
    assert api.get(f"/api/assessments/{body['id']}").json() == body


def test_answers_are_saved_as_given_and_survive_a_restart(api, database_url) -> None:
    started = api.post("/api/assessments", json={}).json()
    given = {"age_years": 67, "worse_walking": True, "relief_sitting": None}
    response = api.post(f"/api/assessments/{started['id']}/answers", json={"answers": given})
    assert response.status_code == 200
    assert response.json()["answers"] == given
    # a closed tab, a new server on the same database: nothing is lost
    with TestClient(create_app(Settings(database_url=database_url))) as again:
        assert again.get(f"/api/assessments/{started['id']}").json()["answers"] == given


def test_a_full_interview_then_its_result_and_plan(api, stored) -> None:
    assessment = answer_everything(api, api.post("/api/assessments", json={}).json())
    assert assessment["complete"] is True and assessment["progress"]["questions_answered"] > 5

    response = api.get(f"/api/assessments/{assessment['id']}/result")
    assert response.status_code == 200
    body = response.json()
    assert CONTRACT_KEYS <= set(body["result"])
    assert body["result"]["disposition"] in {"routine", "self_care", "urgent", "emergency"}
    assert body["knowledge_version"] == body["result"]["knowledge_version"] != ""
    assert body["package_version"] and "not a diagnosis" in body["notice"]
    assert body["gait_recording_id"] is None and body["gait_factor_codes"] == []
    assert body["screening_complete"] is True and body["unscreened_warning_signs"] == []
    assert body["uncertain_warning_signs"] == []  # "no" to every warning sign

    plan = api.get(f"/api/assessments/{assessment['id']}/plan").json()
    assert plan["plan"] == body["result"]["plan"] and plan["disposition"] == body["result"]["disposition"]

    saved = stored()["assessments"][0]
    assert saved["result"] == body["result"]
    assert saved["knowledge_version"] == body["knowledge_version"]
    assert saved["package_version"] == body["package_version"]
    assert saved["disposition"] == body["result"]["disposition"]
    history = api.get("/api/assessments").json()
    assert history[0]["id"] == assessment["id"] and history[0]["disposition"] == saved["disposition"]


def test_warning_signs_give_the_emergency_result(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": EMERGENCY})
    result = api.get(f"/api/assessments/{started['id']}/result").json()["result"]
    assert result["disposition"] == "emergency"
    assert result["red_flags"] and result["red_flags"][0]["disposition"] == "emergency"


def test_an_emergency_answer_is_said_at_once_in_the_interview_state(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    assert started["emergency_now"] is None
    calm = api.post(
        f"/api/assessments/{started['id']}/answers", json={"answers": {"urinary_retention": False}}
    )
    assert calm.json()["emergency_now"] is None
    state = api.post(f"/api/assessments/{started['id']}/answers", json={"answers": EMERGENCY}).json()
    assert state["next_question"] is not None  # the interview goes on, the client is told now
    alert = state["emergency_now"]
    assert "emergency" in alert["message"].lower() and "do not drive" in alert["message"].lower()
    assert alert["red_flags"] and all(f["disposition"] == "emergency" for f in alert["red_flags"])
    assert "A15" in alert["sources"]
    assert api.get(f"/api/assessments/{started['id']}").json()["emergency_now"] == alert


def test_a_result_before_the_warning_signs_are_asked_says_so(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": {"urinary_retention": False}})
    body = api.get(f"/api/assessments/{started['id']}/result").json()
    assert body["screening_complete"] is False
    unasked = body["unscreened_warning_signs"]
    assert "saddle_numbness" in unasked and "urinary_retention" not in unasked


def test_dont_know_to_every_warning_sign_is_listed_in_the_result_not_passed_over(api) -> None:
    # The engine keeps a "don't know" unknown (never true: the contract), so the disposition stays;
    # but the result names every warning sign the person was not sure about, most urgent first.
    assessment = api.post("/api/assessments", json={}).json()
    for _ in range(100):
        question = assessment["next_question"]
        if question is None:
            break
        answers = {code: None for code in question["codes"]}
        assessment = api.post(
            f"/api/assessments/{assessment['id']}/answers", json={"answers": answers}
        ).json()
    body = api.get(f"/api/assessments/{assessment['id']}/result").json()
    assert body["result"]["disposition"] == "self_care" and body["screening_complete"] is True
    uncertain = body["uncertain_warning_signs"]
    assert {"urinary_retention", "saddle_numbness", "fever", "night_pain"} <= set(uncertain)
    assert uncertain.index("saddle_numbness") < uncertain.index("fever") < uncertain.index("night_pain")
    schema = api.get("/api/openapi.json").json()["components"]["schemas"]["ResultOut"]
    assert "uncertain_warning_signs" in schema["properties"]


def test_a_new_answer_recomputes_the_result(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": {"urinary_retention": False}})
    before = api.get(f"/api/assessments/{started['id']}/result").json()["result"]["disposition"]
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": EMERGENCY})
    after = api.get(f"/api/assessments/{started['id']}/result").json()["result"]["disposition"]
    assert before != "emergency" and after == "emergency"


def test_back_undoes_the_last_question(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    first = started["next_question"]
    first_answers = {code: False for code in first["codes"]}
    second = api.post(f"/api/assessments/{started['id']}/answers", json={"answers": first_answers}).json()
    assert second["next_question"]["id"] != first["id"]
    back = api.post(f"/api/assessments/{started['id']}/back")
    assert back.status_code == 200
    assert back.json()["answers"] == {} and back.json()["next_question"]["id"] == first["id"]


def test_the_result_uses_the_latest_walk(api, stored) -> None:
    started = api.post("/api/assessments", json={}).json()
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": {"worse_walking": True}})
    before = api.get(f"/api/assessments/{started['id']}/result").json()
    assert before["gait_recording_id"] is None
    walk = api.post(
        "/api/walks",
        files={"file": ("imu.csv", WALK.read_bytes())},
        data={"acc_unit": "m/s^2", "gyr_unit": "deg/s"},
    ).json()
    after = api.get(f"/api/assessments/{started['id']}/result").json()
    assert after["gait_recording_id"] == walk["id"]
    assert after["gait_factor_codes"] == walk["gait_factor_codes"]
    # the walk's present gait factors reach the plan with what the walk measured (e2: the reason
    # quotes the measure with its unit, then what it means with its keys; it was the gait engine's
    # whole explanation in brackets after the reason)
    plan_text = json.dumps(after["result"]["plan"])
    for factor in walk["result"]["gait_factors"]:
        if factor["present"]:
            assert factor["code"] in after["result"]["plan"]["gait_factors"]
            assert measured_words(factor, walk["result"]) in plan_text
    assert stored()["assessments"][0]["gait_recording_id"] == walk["id"]


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ({"not_a_finding": True}, "not_a_finding"),
        ({"age_years": 200}, "age_years"),
        ({"age_years": "old"}, "age_years"),
        ({"worse_walking": "maybe"}, "worse_walking"),
        ({"pain_leg": "everywhere"}, "pain_leg"),
        ({"worse_walking": True, "fever": 3}, "fever"),  # one bad answer: none of them is stored
        ({}, "answers"),
    ],
)
def test_bad_answers_are_refused_naming_the_problem_and_nothing_stored(api, stored, answers, problem) -> None:
    started = api.post("/api/assessments", json={}).json()
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": {"age_years": 50}})
    before = stored()
    response = api.post(f"/api/assessments/{started['id']}/answers", json={"answers": answers})
    assert response.status_code == 422
    assert problem in response.json()["detail"]
    assert stored() == before


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"mode": "doctor"}, "mode"),
        ({"mode": 3}, "mode"),
        ({"mood": "person"}, "mood"),
    ],
)
def test_a_bad_start_is_refused_and_stores_nothing(api, stored, body, problem) -> None:
    before = stored()
    response = api.post("/api/assessments", json=body)
    assert response.status_code == 422 and problem in response.json()["detail"]
    assert stored() == before


NOT_JSON = (422, "the request body is not valid JSON (")  # a syntax error: where it is
UNREADABLE = (400, "the request body cannot be read as JSON")  # the parser gave up: why


@pytest.mark.parametrize(
    ("body", "refusal", "named"),
    [
        ('{"answers": {', NOT_JSON, "Expecting property name enclosed in double quotes at character 13"),
        ("nope", NOT_JSON, "Expecting value at character 0"),
        ('{"answers": {"age_years": 5,}}', NOT_JSON, "at character 28"),
        # these three said only {"detail": "There was an error parsing the body"} (400)
        (b'{"answers": {"age_years": 1' + b"0" * 5000 + b"}}", UNREADABLE, "digits"),  # past the int limit
        (b'{"answers": {"sex": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}", UNREADABLE, "nested too deeply"),
        ('{"answers": {"sex": "f\xe9male"}}'.encode("latin-1"), UNREADABLE, "UTF-8"),
        # stored fever false with a 200: the warning sign given first was lost without a word
        ('{"answers": {"fever": true, "fever": false}}', UNREADABLE, "'fever' twice in one object"),
        ('{"answers": {}, "answers": {"fever": true}}', UNREADABLE, "'answers' twice"),
    ],
)
def test_a_body_that_is_not_json_is_named_as_such(api, stored, body, refusal, named) -> None:
    # it said {"detail": "0: JSON decode error"}
    started = api.post("/api/assessments", json={}).json()
    before = stored()
    response = api.post(
        f"/api/assessments/{started['id']}/answers",
        content=body,
        headers={"content-type": "application/json"},
    )
    status, start = refusal
    assert response.status_code == status
    detail = response.json()["detail"]
    assert detail.startswith(start) and named in detail
    assert stored() == before


def test_an_answer_code_that_is_no_text_is_named_not_a_500(api, stored) -> None:
    # a lone surrogate in the code made the error message itself unwritable: a 500
    started = api.post("/api/assessments", json={}).json()
    before = stored()
    response = api.post(
        f"/api/assessments/{started['id']}/answers",
        content=b'{"answers": {"\\ud800": true}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422 and "unknown finding code" in response.json()["detail"]
    assert stored() == before


def test_a_huge_unknown_value_is_not_echoed_back_whole(api, stored) -> None:
    # the message named the problem but repeated all of the value (5 MB of it before bodies over 1 MB
    # were refused outright)
    started = api.post("/api/assessments", json={}).json()
    for answers in ({"sex": "x" * 900_000}, {"y" * 900_000: True}):
        response = api.post(f"/api/assessments/{started['id']}/answers", json={"answers": answers})
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert len(detail) < 2000
        assert "sex: expected one of female, male, other" in detail or "unknown finding code" in detail


def test_the_history_counts_questions_answered_not_checklist_items(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    checklist = started["next_question"]
    assert checklist["kind"] == "checklist" and len(checklist["codes"]) > 1
    answers = {code: False for code in checklist["codes"]}
    api.post(f"/api/assessments/{started['id']}/answers", json={"answers": answers})
    row = next(a for a in api.get("/api/assessments").json() if a["id"] == started["id"])
    assert row["n_questions"] == 1 and row["n_answers"] == len(checklist["codes"])


def test_answers_must_be_an_object(api, stored) -> None:
    started = api.post("/api/assessments", json={}).json()
    before = stored()
    cases = [({"answers": ["age_years", 50]}, "answers"), ({"age_years": 50}, "answers"), ([1], "body")]
    for body, problem in cases:
        response = api.post(f"/api/assessments/{started['id']}/answers", json=body)
        assert response.status_code == 422 and problem in response.json()["detail"]
    assert stored() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/assessments/404"),
        ("post", "/api/assessments/404/back"),
        ("get", "/api/assessments/404/result"),
        ("get", "/api/assessments/404/plan"),
        ("delete", "/api/assessments/404"),
    ],
)
def test_unknown_assessments_are_404(api, stored, method, path) -> None:
    response = getattr(api, method)(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "check 404 does not exist"}
    response = api.post("/api/assessments/404/answers", json={"answers": {"age_years": 50}})
    assert response.status_code == 404
    assert stored()["assessments"] == []


def test_delete_an_assessment(api) -> None:
    started = api.post("/api/assessments", json={}).json()
    assert api.delete(f"/api/assessments/{started['id']}").status_code == 204
    assert api.get(f"/api/assessments/{started['id']}").status_code == 404
    assert api.get("/api/assessments").json() == []


def test_person_mode_refuses_an_examination_answer_and_clinician_mode_takes_it(api) -> None:
    person = api.post("/api/assessments", json={}).json()
    refused = api.post(
        f"/api/assessments/{person['id']}/answers",
        json={"answers": {"age_years": 50, "exam_slr_positive": True}},
    )
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert "'exam_slr_positive' is a clinician-only question" in detail and "person mode" in detail
    assert api.get(f"/api/assessments/{person['id']}").json()["answers"] == {}  # nothing stored
    clinician = api.post("/api/assessments", json={"mode": "clinician"}).json()
    taken = api.post(
        f"/api/assessments/{clinician['id']}/answers", json={"answers": {"exam_slr_positive": True}}
    )
    assert taken.status_code == 200 and taken.json()["answers"] == {"exam_slr_positive": True}


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_old_answer_for_all_three_leg_signs_is_refused_saying_what_to_send(api, mode: str) -> None:
    """Knowledge 1.20.0 asks each leg sign's age on its own; a new answer to the one question for all
    three (``leg_signs_long_standing``) is refused (422, nothing stored) naming the answers that
    replaced it. It said it was 'a clinician-only question (an examination finding)', in clinician
    mode too (review R2)."""
    check = api.post("/api/assessments", json={"mode": mode}).json()
    refused = api.post(
        f"/api/assessments/{check['id']}/answers",
        json={"answers": {"foot_drop": True, "leg_signs_long_standing": True}},
    )
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert "clinician-only" not in detail and "examination" not in detail
    assert "'leg_signs_long_standing' is no longer asked" in detail
    for code in ("foot_drop_long_standing", "leg_weakness_long_standing", "unsteady_gait_long_standing"):
        assert code in detail
    assert api.get(f"/api/assessments/{check['id']}").json()["answers"] == {}  # nothing stored

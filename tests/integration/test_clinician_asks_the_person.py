"""In clinician mode the questions written to the person are marked as the clinician's to ask.

A new-user test (2026-11-27) found that a clinician's check asked the clinician "How old are you?",
"Tick each one that fits you" and "Your answer (years)": the questions are written to the person.
There is no clinician wording of them (questions.yaml has one text), and rewriting every question
would give two texts to keep the same. So in clinician mode a question about the person now reads
"Ask the person:" above it, with "Tick each one that fits them" and "Their answer"; an examination
question ("Examination: does a straight-leg raise ...") is the clinician's own and has no such line.
The person's own check is unchanged.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _start(api: TestClient, mode: str) -> int:
    started = api.post("/check", data={"mode": mode}, follow_redirects=False)
    assert started.status_code == 303, started.text
    return int(re.findall(r"/check/(\d+)", started.headers["location"])[0])


def _legend(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.split("<legend>", 1)[1].split("</legend>", 1)[0]).split())


def test_a_clinician_is_told_to_ask_the_person(api: TestClient) -> None:
    check = _start(api, "clinician")
    page = api.get(f"/check/{check}").text
    assert _legend(page).startswith("Ask the person: ")
    # the first questions are checklists, their items written to the person as the question is: read
    # to them ("Tick each one that fits them" beside "you can't empty your bladder" mixed the two)
    assert "Read each one to them. Tick the ones they say yes to." in page
    assert "fits them" not in page
    # the person's answers all given ("don't know" is an answer), the examination comes next
    while True:
        question = api.get(f"/api/assessments/{check}").json()["next_question"]
        assert question is not None, "a clinician's check asks an examination question"
        if question["id"].startswith("exam_"):
            break
        page = api.get(f"/check/{check}").text
        assert _legend(page).startswith("Ask the person: "), _legend(page)
        if question["kind"] == "number":
            assert '<label for="answer-number">Their answer' in page
        answers = {code: None for code in question["codes"]}
        assert api.post(f"/api/assessments/{check}/answers", json={"answers": answers}).status_code == 200
    exam = _legend(api.get(f"/check/{check}").text)
    assert exam.startswith("Examination:") and "Ask the person" not in exam


def test_the_persons_own_check_is_spoken_to_them(api: TestClient) -> None:
    check = _start(api, "person")
    page = api.get(f"/check/{check}").text
    assert "Ask the person" not in page and "Tick each one that fits you." in page

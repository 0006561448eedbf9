"""An examination question in a clinician's check offers "Not tested", not "I don't know".

A new-user test (a physiotherapist, 2026-11-27): every examination question ("Examination: does a
straight-leg raise reproduce the leg pain below 60 degrees?") offered "I don't know" beside Yes and
No. A clinician does not "not know" a test's result: they did not do it. The answer stored is the
same ("unknown"), and the result already says "Some tests a clinician can do were not done". The
person's questions in the same check, and the person's own check, keep "I don't know".
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _start(api: TestClient, mode: str) -> int:
    started = api.post("/check", data={"mode": mode}, follow_redirects=False)
    assert started.status_code == 303, started.text
    return int(re.findall(r"/check/(\d+)", started.headers["location"])[0])


def _unknown_button(page: str) -> str:
    found = re.findall(r'<button type="submit" name="choice" value="unknown"[^>]*>([^<]*)</button>', page)
    assert len(found) == 1, found
    return found[0]


def test_an_examination_question_offers_not_tested(api: TestClient) -> None:
    check = _start(api, "clinician")
    assert _unknown_button(api.get(f"/check/{check}").text) == "I don't know"  # asked of the person
    while True:
        question = api.get(f"/api/assessments/{check}").json()["next_question"]
        assert question is not None, "a clinician's check asks an examination question"
        if question["id"].startswith("exam_"):
            break
        answers = {code: None for code in question["codes"]}
        assert api.post(f"/api/assessments/{check}/answers", json={"answers": answers}).status_code == 200
    assert _unknown_button(api.get(f"/check/{check}").text) == "Not tested"
    codes = question["codes"]
    sent = api.post(f"/check/{check}/answer", data={"codes": ",".join(codes), "choice": "unknown"})
    assert sent.status_code == 200
    state = api.get(f"/api/assessments/{check}").json()
    assert all(state["answers"].get(code, "missing") is None for code in codes)  # "don't know", as before


def test_the_persons_own_check_keeps_i_dont_know(api: TestClient) -> None:
    check = _start(api, "person")
    assert _unknown_button(api.get(f"/check/{check}").text) == "I don't know"

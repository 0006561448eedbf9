"""A clinician's examination left "Not tested" reads "not tested" in the answers, not "don't know".

Review r2 (2026-11-27): the question page offers "Not tested" on an examination (and the terminal
"? if not tested"); the answer stored is the same unknown as "I don't know", never "no". But the
result page's and the report's list of answers then said "Straight-leg raise reproduces leg pain
below 60 degrees: don't know", words the clinician never chose. They now say "not tested"; a
question asked of the person keeps "don't know", and nothing reads as "no".
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#39;", "'")


def test_an_examination_not_done_reads_not_tested_in_the_answers(api: TestClient) -> None:
    check = api.post("/api/assessments", json={"mode": "clinician"}).json()["id"]
    exams: list[str] = []
    while (question := api.get(f"/api/assessments/{check}").json()["next_question"]) is not None:
        answers = {code: (71 if code == "age_years" else None) for code in question["codes"]}
        exams += [code for code in question["codes"] if question["id"].startswith("exam_")]
        assert api.post(f"/api/assessments/{check}/answers", json={"answers": answers}).status_code == 200
    assert "exam_slr_positive" in exams
    state = api.get(f"/api/assessments/{check}").json()["answers"]
    assert all(state[code] is None for code in exams)  # stored as "don't know", never as "no"
    slr = "Straight-leg raise reproduces leg pain below 60 degrees"
    for url in (f"/check/{check}/result", f"/report?check={check}"):
        text = _text(api.get(url).text)
        assert f"{slr} not tested" in text, url
        assert f"{slr} don't know" not in text and not re.search(f"{slr} no\\b", text), url
        assert "Leg weakness that is getting worse over hours or days don't know" in text, url  # asked

"""The "Question 1 of up to N" on the question page: every question the check may still ask.

A physiotherapist's clinician check read "Question 1 of about 15" and asked 29 questions; then
"Question 1 of about 24" ended after 11 (review, 2026-11-28): the page now says a bound the check
never passes (``services.interview.questions_estimate``; tests/unit/test_interview_questions_estimate.py).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from backstride.services.interview import Interview


def _start(api: TestClient, mode: str) -> int:
    started = api.post("/check", data={"mode": mode}, follow_redirects=False)
    assert started.status_code == 303, started.text
    return int(re.findall(r"/check/(\d+)", started.headers["location"])[0])


def _label(page: str) -> tuple[int, int]:
    found = re.findall(r'<p id="progress-label">Question (\d+) of up to (\d+)</p>', page)
    assert len(found) == 1, page[:2000]
    return int(found[0][0]), int(found[0][1])


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_first_question_says_every_question_it_may_ask(api: TestClient, mode: str) -> None:
    check = _start(api, mode)
    page = api.get(f"/check/{check}").text
    assert _label(page) == (1, len(Interview(mode)._open_questions()))  # was "of about 24" (19)
    assert "of about" not in page


def test_a_long_clinician_check_never_shows_a_number_past_its_estimate(api: TestClient) -> None:
    check = _start(api, "clinician")
    shown = []
    while (question := api.get(f"/api/assessments/{check}").json()["next_question"]) is not None:
        shown.append(_label(api.get(f"/check/{check}").text))
        answers = {code: None for code in question["codes"]}  # "don't know" / not tested to all
        assert api.post(f"/api/assessments/{check}/answers", json={"answers": answers}).status_code == 200
    assert shown and all(number <= total for number, total in shown), shown
    assert [n for n, _ in shown] == list(range(1, len(shown) + 1))

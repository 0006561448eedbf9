"""A clinician's check says "with an examination" only when an examination finding was entered.

A new-user test (2026-11-27, helper U) did a clinician check of someone with pain that came on
suddenly in both legs six weeks ago and is getting better: the interview ended at "See a clinician
today" after 14 questions, before any examination question. The result page still said "Clinician
check: these answers include an examination." and the report for a clinician "by a clinician, with an
examination" (page and PDF): a clinician reading it would take the examination as done and normal.
The same when every examination was answered "don't know".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_report_everyday import _pdf_words

from backstride.web.app import create_app
from backstride.web.settings import Settings

NO_WARNING_SIGNS = dict.fromkeys(
    (
        "urinary_retention urinary_incontinence bowel_incontinence saddle_numbness sexual_dysfunction_new"
        " leg_symptoms_spread_to_other_leg leg_weakness_progressive foot_drop unsteady_gait fever chills"
        " iv_drug_use immunosuppressed recent_infection_or_procedure history_of_cancer"
        " weight_loss_unexplained night_pain significant_trauma osteoporosis long_term_steroids"
        " abdominal_pulsation"
    ).split(),
    False,
)
# sudden pain in both legs for 6 weeks, getting better: "See a clinician today" [A16, A11]
SUDDEN_BOTH_LEGS = {
    **NO_WARNING_SIGNS,
    "age_years": 67,
    "duration_weeks": 6,
    "leg_symptoms_side": "both_sides",
    "onset": "sudden",
    "trend": "improving",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("clinician-exam") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _clinician_check(client: TestClient, answers: dict[str, Any]) -> int:
    check = client.post("/api/assessments", json={"mode": "clinician"}).json()
    response = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers})
    assert response.status_code == 200, response.text
    return int(check["id"])


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_no_examination_entered_is_said_so_on_the_result_page_and_the_report(client: TestClient) -> None:
    check_id = _clinician_check(client, SUDDEN_BOTH_LEGS)
    result = _text(client.get(f"/check/{check_id}/result").text)
    assert "They must see a clinician today" in result  # who must: review R6
    assert "Clinician check: no examination finding was entered." in result
    assert "include an examination" not in result
    report = _text(client.get(f"/report?check={check_id}").text)
    assert "answered, by a clinician, with no examination finding entered." in report
    assert "with an examination" not in report
    pdf = _pdf_words(client.get(f"/report.pdf?check={check_id}").content)
    assert "answered, by a clinician, with no examination finding entered." in pdf


def test_examinations_answered_dont_know_are_no_examination(client: TestClient) -> None:
    check_id = _clinician_check(client, {**SUDDEN_BOTH_LEGS, "exam_slr_positive": None})
    assert "Clinician check: no examination finding was entered." in _text(
        client.get(f"/check/{check_id}/result").text
    )


def test_an_examination_finding_entered_is_said(client: TestClient) -> None:
    check_id = _clinician_check(client, {**SUDDEN_BOTH_LEGS, "exam_slr_positive": True})
    assert "Clinician check: these answers include an examination." in _text(
        client.get(f"/check/{check_id}/result").text
    )
    report = _text(client.get(f"/report?check={check_id}").text)
    assert "answered, by a clinician, with an examination." in report
    pdf = _pdf_words(client.get(f"/report.pdf?check={check_id}").content)
    assert "answered, by a clinician, with an examination." in pdf

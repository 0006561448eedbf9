"""The report for a clinician quotes the person's answers as "they said", never "you said".

A new-user test (2026-11-27, helper U) read the report: its "what changed" section said "From these
answers: ... (they said yes)", but its warning signs and reasons for a clinician's check said
"Because you said: Straight-leg raise reproduces leg pain below 60 degrees (you said yes)" and its
table of likely causes "How far down your leg the pain goes (you said below knee)", its answers "Your
age 45 years": the report speaks
to a clinician about the person, so "you" was the clinician, who said none of it. The result page,
which speaks to the person, keeps "Because you said".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_clinician_check_without_examination import NO_WARNING_SIGNS
from tests.integration.test_report_everyday import _pdf_words

from backstride.web.app import create_app
from backstride.web.settings import Settings

# a person's check: pain below the knee in one leg, 3 minutes of walking (a reason for a clinician
# to check [D7, A9]) and new trouble peeing (a warning sign [A15])
ANSWERS = {
    **NO_WARNING_SIGNS,
    "urinary_retention": True,
    "age_years": 45,
    "duration_weeks": 3,
    "leg_symptoms_side": "one_side",
    "pain_leg": "below_knee",
    "walking_tolerance_min": 3,
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("report-voice") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


@pytest.fixture(scope="module")
def check_id(client: TestClient) -> int:
    check = client.post("/api/assessments", json={}).json()
    response = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": ANSWERS})
    assert response.status_code == 200, response.text
    return int(check["id"])


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_report_quotes_the_answers_as_theirs(client: TestClient, check_id: int) -> None:
    report = _text(client.get(f"/report?check={check_id}").text)
    assert (
        "From these answers: New difficulty passing urine, or not able to empty the bladder (they said yes)."
        in report
    )
    assert "(they said 3 min)" in report
    assert "you said" not in report.lower()
    # the answers said about the person, as the report's "what changed" says them
    assert "How far down the leg the pain goes (they said below knee)" in report
    assert "Your age" not in report and "your leg" not in report and "Age 45 years" in report
    pdf = _pdf_words(client.get(f"/report.pdf?check={check_id}").content)
    assert "From these answers: New difficulty passing urine" in pdf and "(they said yes)" in pdf
    assert "you said" not in pdf.lower()


def test_the_result_page_still_speaks_to_the_person(client: TestClient, check_id: int) -> None:
    result = _text(client.get(f"/check/{check_id}/result").text)
    assert (
        "Because you said: New trouble peeing, or you can&#39;t empty your bladder (you said yes)." in result
    )  # in the words the person was asked (test_result_page_asked_words.py)
    assert "they said" not in result


def test_the_reports_check_line_keeps_a_space_between_its_sentences(
    client: TestClient, check_id: int
) -> None:
    # "There are 2 checks in all; this is the one asked for.This check used the walk from ...": the
    # walk's sentence was glued to the one before it (the template drops a block tag's newline)
    from tests.walk_samples import LAB, UNITS

    imu = LAB / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"
    sent = client.post("/api/walks", files={"file": ("imu.csv", imu.read_bytes())}, data=UNITS)
    assert sent.status_code == 201, sent.text
    later = client.post("/api/assessments", json={}).json()
    answered = client.post(f"/api/assessments/{later['id']}/answers", json={"answers": ANSWERS})
    assert answered.status_code == 200
    report = _text(client.get(f"/report?check={later['id']}").text)
    assert re.search(r"this is the one asked for\. This check used the walk from", report), report[:1500]

"""The "How soon" label of a check's result stays a short label, in both modes, on the result page, in
the report and its PDF.

Saying a clinician's result about the person (``services.wording.about_them_in``) reached the banner's
label too: a clinician read "How soon: They can look after it at home" above the heading "They can
look after this at home for now", the same words twice, and the label read as an instruction. A label
is about when, not what to do: "How soon: Look after it at home" (``web.views.DISPOSITION_LEVELS``),
for a person's own check and a clinician's alike; the heading under it keeps the voice of each.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_clinician_result_about_the_person import _all_answers, _text
from tests.integration.test_report_pdf import words

LABEL = "How soon: Look after it at home"
HEADINGS = {
    "person": "You can look after this at home for now",
    "clinician": "They can look after this at home for now",
}


def _check(client: TestClient, mode: str) -> int:
    """A finished check in ``mode`` that says to look after it at home: every warning sign answered no."""
    check = client.post("/api/assessments", json={"mode": mode}).json()
    given = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": _all_answers({}, mode)})
    assert given.status_code == 200, given.text
    assert client.get(f"/api/assessments/{check['id']}/result").json()["result"]["disposition"] == "self_care"
    return int(check["id"])


def _labels(text: str) -> list[str]:
    return re.findall(r"How soon: (?:They can )?[Ll]ook after it at home", text)


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_level_label_is_short_on_the_result_page_and_in_the_report(api: TestClient, mode: str) -> None:
    client = api  # on SQLite (and PostgreSQL when it is set up)
    check = _check(client, mode)
    page = _text(client.get(f"/check/{check}/result").text)
    report = _text(client.get(f"/report?check={check}").text)
    pdf = client.get(f"/report.pdf?check={check}")
    assert pdf.status_code == 200, pdf.text[:300]
    in_pdf = words(pdf.content)
    for where, text in (("result page", page), ("report", report), ("PDF", in_pdf)):
        assert _labels(text) == [LABEL], (where, _labels(text))
        assert "not a diagnosis" in text.lower(), where
    # the heading under the label keeps each voice: to the person on their own result page, about them
    # wherever a clinician reads it (a clinician's result page, every report)
    assert HEADINGS[mode] in page
    assert HEADINGS["clinician"] in report and HEADINGS["clinician"] in in_pdf

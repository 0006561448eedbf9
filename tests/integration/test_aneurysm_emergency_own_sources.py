"""An emergency from the aneurysm pattern says what to do in its own words, citing its own source
(knowledge 1.31.0; the JSON and FHIR words and a mixed emergency's sources 1.32.0).

The two aneurysm rules (``aortic_aneurysm_pattern``: a throbbing belly or a tearing pain;
``aortic_aneurysm_faint``: sudden, bad pain with feeling faint) are emergencies (EVIDENCE.md A.9 [A24]).
What to do cited the cauda equina sources [A9, A15, A16, A22], and the plan said "Right now, on your
walk: Stop walking", though A.7 says "This pattern is not walking-provoked". Now an emergency set only
by them says "Call emergency services now" with [A24] and heads it "Right now", on every surface: the
terminal (table and JSON), the result page, the report, FHIR and the notice said before the check ends.
An emergency that is also about the nerves keeps the walk's words and sources; the words are never
weaker than "call emergency services now".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_age_unknown_notices import started
from tests.knowledge.test_sudden_pain_with_faintness import SUDDEN_SEVERE
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.interview import emergency_now, warning_now

NERVE_SOURCES = ("A9", "A15", "A16", "A22")
ANEURYSM = {
    "faint": {**SUDDEN_SEVERE, "sudden_pain_with_faintness": True},
    "throbbing": {**SUDDEN_SEVERE, "abdominal_pulsation": True},
}
CALL_NOW = "Call emergency services now. Do not wait to see if it passes."
BOTH = {**SUDDEN_SEVERE, "sudden_pain_with_faintness": True, "urinary_retention": True}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _assess(tmp_path: Path, answers: dict[str, Any], *extra: str) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    out = CliRunner().invoke(app, ["assess", "--answers", str(path), *extra], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    return out.output


@pytest.mark.parametrize("sign", sorted(ANEURYSM))
def test_the_terminal_cites_the_aneurysm_and_says_no_walk(tmp_path: Path, sign: str) -> None:
    words = " ".join(_assess(tmp_path, ANEURYSM[sign]).split())
    assert "EMERGENCY" in words
    # the banner says them too since 1.32.0 (tests/integration/test_aneurysm_disposition_text.py)
    assert "Go to an emergency department" not in words.split("Not a diagnosis")[0]
    assert words.count(f"{CALL_NOW} Do not drive yourself. [A24]") >= 2  # the banner and what to do
    assert "Right now, on your walk" not in words and "Right now" in words
    assert "Stop walking" not in words
    assert "[A9, A15, A16, A22]" not in words and "[A15, A16, A22]" not in words.split("Not a diagnosis")[0]


@pytest.mark.parametrize("sign", sorted(ANEURYSM))
def test_the_terminal_json_plan_cites_the_aneurysm(tmp_path: Path, sign: str) -> None:
    plan = json.loads(_assess(tmp_path, ANEURYSM[sign], "--json"))["plan"]
    assert plan["about_walking"] is False
    (now,) = plan["immediate"]
    assert now["sources"] == ["A24"] and "Call emergency services now" in now["text"]
    assert "walk" not in now["text"].lower()
    assert plan["see_clinician"].startswith("Call emergency services now.")
    assert "Stop walking" not in plan["see_clinician"]
    assert [step["sources"] for step in plan["timeline"]] == [["A24"]]


def test_an_emergency_about_the_nerves_too_keeps_the_walk_and_its_sources(tmp_path: Path) -> None:
    plan = json.loads(_assess(tmp_path, BOTH, "--json"))["plan"]
    assert "about_walking" not in plan  # as before: every other plan's JSON is unchanged
    (now,) = plan["immediate"]
    assert now["code"] == "emergency_now" and now["text"].startswith("Stop walking.")
    assert "Stop walking" in plan["see_clinician"]
    words = " ".join(_assess(tmp_path, BOTH).split())
    # and cites the aneurysm's source beside them since 1.32.0 (test_aneurysm_and_nerves_cite_both.py)
    assert (
        "Right now, on your walk" in words
        and "call emergency services now. [A9, A15, A16, A22, A24]" in words
    )


def test_the_notices_before_the_end_cite_the_aneurysm() -> None:
    for answers in ({"sudden_pain_with_faintness": True}, {"abdominal_pulsation": True}):
        assert emergency_now(answers)["sources"] == ["A24"]
        said = warning_now(answers)
        assert said["sources"] == ["A24"] and "Stop walking" not in said["message"]
        assert "Call emergency services now" in said["message"]
    both = {"sudden_pain_with_faintness": True, "urinary_retention": True}
    assert emergency_now(both)["sources"] == ["A15", "A22", "A24"]  # both kinds' since 1.32.0
    assert warning_now(both)["message"].startswith("Stop walking.")


@pytest.mark.parametrize("sign", sorted(ANEURYSM))
def test_the_result_page_report_and_fhir_cite_the_aneurysm(api: Any, sign: str) -> None:
    check = started(api, ANEURYSM[sign])
    result = api.get(f"/api/assessments/{check}/result").json()["result"]
    assert result["disposition"] == "emergency"
    page = _text(api.get(f"/check/{check}/result").text)
    report = _text(api.get(f"/report?check={check}").text)
    assert (
        "What to do now: Call emergency services now. Do not wait to see if it passes. "
        "Do not drive yourself. Sources: A24. Why:" in page
    )
    assert "What to do now: They must call emergency services now. Do not wait to see if it passes." in report
    assert "Do not let them drive. Sources: A24. Why:" in report
    for words in (page, report):
        assert "Stop walking" not in words and "Sources: A9, A15, A16, A22" not in words
    assert "Right now, on your walk" not in page and "Your plan Right now Get emergency help now" in page
    bundle = api.get("/api/export/fhir").json()
    descriptions = [
        activity["detail"]["description"]
        for entry in bundle["entry"]
        for activity in entry["resource"].get("activity") or ()
        if "detail" in activity
    ]
    said = " ".join(descriptions)
    assert "call emergency services now. Do not wait to see if it passes." in said
    assert "Part of the plan: now." in said and "during the walk" not in said
    assert "Stop walking" not in said

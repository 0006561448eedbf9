"""Clinician mode speaks to the clinician: after the clinician entered an examination, the result
does not tell the person "A clinician will test your leg strength ...", and the examination note's
advice is the clinician's (services/exam_note.py, relief/plan.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backstride.services.assessment import assess
from backstride.services.exam_note import EXAM_NOTE_ADVICE, EXAM_NOTE_ADVICE_CLINICIAN

HINT = "A clinician will test your leg strength"
VIGNETTES = Path(__file__).resolve().parents[1] / "data" / "holdout_vignettes.jsonl"


def _findings(vignette_id: str) -> dict[str, Any]:
    for line in VIGNETTES.read_text(encoding="utf-8").splitlines():
        vignette = json.loads(line)
        if vignette["id"] == vignette_id:
            return {k: v for k, v in vignette["findings"].items() if v is not None}
    raise AssertionError(vignette_id)


def test_the_examined_result_does_not_tell_the_person_what_a_clinician_will_test() -> None:
    examined = _findings("hold-009")  # sciatica, straight-leg raise and ankle reflex entered: routine
    clinician = assess(examined, mode="clinician").to_dict()
    assert clinician["disposition"] == "routine"
    assert HINT not in clinician["plan"]["see_clinician"]
    # the rest of the result is the same: only the words for the reader change
    person = assess(examined).to_dict()
    assert HINT in person["plan"]["see_clinician"]
    assert clinician["conditions"] == person["conditions"]


def test_the_examination_note_advises_the_clinician_in_clinician_mode() -> None:
    untested = _findings("hold-010")  # no examination done, routine: the note asks for one
    person = assess(untested).to_dict()["examination_note"]
    clinician = assess(untested, mode="clinician").to_dict()["examination_note"]
    assert person["advice"] == EXAM_NOTE_ADVICE["routine"]  # "When you see a clinician, ask ..."
    assert clinician["advice"] == EXAM_NOTE_ADVICE_CLINICIAN["routine"]
    assert "you see a clinician" not in clinician["advice"]
    assert clinician["shown"] == person["shown"]


def test_a_clinician_mode_check_through_the_api(api) -> None:
    started = api.post("/api/assessments", json={"mode": "clinician"}).json()
    answered = api.post(f"/api/assessments/{started['id']}/answers", json={"answers": _findings("hold-009")})
    assert answered.status_code == 200, answered.text
    result = api.get(f"/api/assessments/{started['id']}/result")
    assert result.status_code == 200, result.text
    assert HINT not in json.dumps(result.json())
    page = api.get(f"/check/{started['id']}/result")
    assert page.status_code == 200 and HINT not in page.text

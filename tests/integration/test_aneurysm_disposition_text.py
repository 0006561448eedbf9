"""The aneurysm's emergency says its own words in the JSON's ``disposition_text`` and in FHIR's
``mitigation`` too (knowledge 1.32.0).

Since 1.31.0 the plan, the result page, the report and the terminal's "When to see a clinician" say what
to do for an emergency set only by the aneurysm rules in dispositions.yaml's ``emergency. not_walking``
words, "Call emergency services now. Do not wait to see if it passes. Do not drive yourself." [A24]
(EVIDENCE.md A.7: "This pattern is not walking-provoked"; A.9: EMERGENCY NOW). The JSON's
``disposition_text`` (shown in the terminal's banner) and the FHIR RiskAssessment's ``mitigation`` (said
about the person, as the bundle's every text) and note kept the general line, "Go to an emergency
department or call emergency services now.", which a person with a leaking aneurysm may read as "drive
yourself there". An emergency that is also about the nerves keeps the general line, and every other level
is unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_age_unknown_notices import started
from tests.integration.test_aneurysm_emergency_own_sources import ANEURYSM, BOTH
from tests.knowledge.test_sudden_pain_with_faintness import SUDDEN_SEVERE
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge import load_knowledge

OWN_WORDS = "Call emergency services now. Do not wait to see if it passes. Do not drive yourself."
GENERAL = load_knowledge().dispositions["emergency"].means


def _json(tmp_path: Path, answers: dict[str, Any], mode: str = "person") -> dict[str, Any]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    out = CliRunner().invoke(app, ["assess", "--answers", str(path), "--json", "--mode", mode])
    assert out.exit_code == 0, out.output
    result: dict[str, Any] = json.loads(out.output)
    return result


def test_the_words_are_dispositions_yaml_not_walking() -> None:
    not_walking = load_knowledge().dispositions["emergency"].not_walking
    assert not_walking is not None and not_walking.see_clinician == OWN_WORDS
    assert GENERAL.startswith("Go to an emergency department")


@pytest.mark.parametrize("sign", sorted(ANEURYSM))
@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_json_says_the_aneurysms_own_words(tmp_path: Path, sign: str, mode: str) -> None:
    result = _json(tmp_path, ANEURYSM[sign], mode)
    assert result["disposition"] == "emergency"
    assert result["disposition_text"] == OWN_WORDS
    assert result["plan"]["see_clinician"].startswith(OWN_WORDS)


def test_the_terminal_banner_says_them_with_a24(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANEURYSM["faint"]))
    out = CliRunner().invoke(app, ["assess", "--answers", str(path)], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    banner = " ".join(out.output.split("What may be causing it")[0].split())
    assert f"{OWN_WORDS} [A24]" in banner and GENERAL not in banner


def test_other_levels_and_the_nerves_keep_their_lines(tmp_path: Path) -> None:
    assert _json(tmp_path, BOTH)["disposition_text"] == GENERAL
    kb = load_knowledge()
    routine = _json(tmp_path, SUDDEN_SEVERE)
    assert routine["disposition"] == "routine"
    assert routine["disposition_text"] == kb.dispositions["routine"].means


@pytest.mark.parametrize("sign", sorted(ANEURYSM))
def test_fhir_mitigation_says_the_aneurysms_own_words(api: Any, sign: str) -> None:
    started(api, ANEURYSM[sign])
    bundle = api.get("/api/export/fhir").json()
    (risk,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment"]
    # said about the person, as every text of the bundle ("They must ..."), from the aneurysm's words
    assert risk["mitigation"] == (
        "They must call emergency services now. Do not wait to see if it passes. Do not let them drive."
    )
    (disposition,) = [n["text"] for n in risk["note"] if n["text"].startswith("Disposition:")]
    # the notes speak of the person ("They must ..."), as the report does
    assert "call emergency services now. Do not wait to see if it passes." in disposition
    assert "emergency department" not in disposition

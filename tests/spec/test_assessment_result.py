"""assess() and AssessmentResult.to_dict(): exactly the contract JSON plus documented extras."""

from __future__ import annotations

import json

import pytest
from tests.conftest import SHARED

from backstride import assess
from backstride.core.errors import UnknownCodeError
from backstride.knowledge import load_knowledge

CONTRACT_EXAMPLE = {"age_years": 71, "worse_walking": True, "relief_sitting": True}


def test_contract_example_shape() -> None:
    result = assess(CONTRACT_EXAMPLE)
    assert result.disposition in ("emergency", "urgent", "routine", "self_care")
    d = result.to_dict()
    json.dumps(d)  # JSON-serialisable
    for key in ("disposition", "red_flags", "conditions", "plan", "knowledge_version"):
        assert key in d
    assert d["knowledge_version"] == load_knowledge().version == result.knowledge_version
    assert d["package_version"] and d["engine_parameters"]["serious_lead_probability"] == 0.5
    assert {c["code"] for c in d["conditions"]} == set(load_knowledge().conditions)
    for c in d["conditions"]:
        assert {"code", "probability", "supporting", "against", "evidence"} <= set(c)
        assert 0.0 <= c["probability"] <= 1.0
    probs = [c["probability"] for c in d["conditions"]]
    assert probs == sorted(probs, reverse=True)
    plan = d["plan"]
    assert {"immediate", "home", "see_clinician"} <= set(plan)
    assert all({"code", "text"} <= set(i) for i in plan["immediate"] + plan["home"])
    assert isinstance(plan["see_clinician"], str) and plan["see_clinician"]


def test_every_result_says_it_is_not_a_diagnosis() -> None:
    for findings in ({}, CONTRACT_EXAMPLE, {"urinary_retention": True}):
        assert "not a diagnosis" in assess(findings).to_dict()["not_a_diagnosis"]


def test_red_flag_json_matches_contract() -> None:
    d = assess({"urinary_retention": True, "pain_low_back": True}).to_dict()
    flag = d["red_flags"][0]
    assert flag["code"] == "cauda_equina_signs"
    assert flag["findings"] == ["urinary_retention"]
    assert flag["condition"] == "cauda_equina_syndrome"
    assert flag["disposition"] == "emergency"
    assert flag["message"]
    assert d["disposition"] == "emergency"


def test_condition_because_trail_in_json() -> None:
    d = assess({"age_years": 75, "no_pain_seated": True}).to_dict()
    lss = next(c for c in d["conditions"] if c["code"] == "lumbar_spinal_stenosis")
    entry = next(b for b in lss["because"] if b["finding"] == "no_pain_seated")
    assert entry["likelihood_ratio"] == 7.4 and entry["sources"] == ["B1"]
    assert entry["judgement"] is False


def test_cannot_exclude_in_json_names_what_settles_it() -> None:
    d = assess(
        {
            "age_years": 72,
            "smoker": True,
            "leg_symptoms_side": "both_sides",
            "worse_walking": True,
            "relief_sitting": True,
        }
    ).to_dict()
    mimic = next(m for m in d["cannot_exclude"] if m["code"] == "vascular_claudication")
    assert "ankle-brachial" in mimic["what_settles_it"]
    assert "ankle-brachial" in d["plan"]["see_clinician"]


def test_bad_input_raises_named_errors() -> None:
    with pytest.raises(UnknownCodeError, match="walks_funny"):
        assess({"walks_funny": True})
    with pytest.raises(ValueError, match="age_years"):
        assess({"age_years": "old"})


def test_when_to_see_a_clinician_cites_its_sources_in_the_json() -> None:
    # every other clinical statement of the JSON carries its sources; the plan's see_clinician (the
    # level's advice, a cause that cannot be ruled out and how to settle it) was the one without them,
    # while the pages, the terminal and the FHIR export cite them
    from backstride.fhir.export import see_clinician_sources

    evidence = (SHARED / "clinical" / "EVIDENCE.md").read_text(encoding="utf-8")
    findings = {"age_years": 72, "smoker": True, "leg_symptoms_side": "both_sides", "worse_walking": True}
    for case in ({}, CONTRACT_EXAMPLE, findings, {"urinary_retention": True}, {"fever": True}):
        d = assess(case).to_dict()
        plan = d["plan"]
        assert plan["see_clinician_sources"], case
        assert plan["see_clinician_sources"] == see_clinician_sources(d, load_knowledge())
        assert all(f"[{key}]" in evidence for key in plan["see_clinician_sources"])
    d = assess(findings).to_dict()
    assert "ankle-brachial" in d["plan"]["see_clinician"]
    mimic = next(m for m in d["cannot_exclude"] if m["code"] == "vascular_claudication")
    assert set(mimic["sources"]) <= set(d["plan"]["see_clinician_sources"])

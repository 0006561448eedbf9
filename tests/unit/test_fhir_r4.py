"""FHIR R4 export without a database: a document that is not an export is an InputError naming the
key; a mapping R4 rejects is an ExportError naming the resource; fhir.r4's checks catch what the
fhirclient models let through."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import backstride.fhir.export as export_module
from backstride.core.errors import ExportError, InputError
from backstride.fhir import FHIR_VERSION, export_bundle
from backstride.fhir.r4 import check_bundle, check_resource

EMPTY: dict[str, Any] = {
    "format": "backstride-export",
    "format_version": 1,
    "exported_at": "2026-11-20T09:00:00+00:00",
    "package_version": "0.1.0",
    "notice": "This is not a diagnosis.",
    "assessments": [],
    "gait_recordings": [],
    "diary_entries": [],
    "settings": {},
}
ENTRY = {
    "id": 1,
    "entry_date": "2026-11-01",
    "pain_0_10": 6,
    "walking_tolerance_min": None,
    "notes": "",
    "created_at": "2026-11-01T09:00:00+00:00",
    "updated_at": "2026-11-01T09:00:00+00:00",
}


def _doc(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(EMPTY), **changes}


def test_the_fhir_version_is_named_once_and_is_the_models_version() -> None:
    import fhirclient.models.bundle as bundle_model

    assert FHIR_VERSION == "4.0.1"
    assert "Generated from FHIR 4.0.1" in Path(bundle_model.__file__).read_text("utf-8").splitlines()[0]
    sources = Path(export_module.__file__).parent
    assert [p.name for p in sources.glob("*.py") if '"4.0.1"' in p.read_text("utf-8")] == ["r4.py"]


def test_the_export_format_is_the_one_services_write() -> None:
    from backstride.services import records

    assert (export_module.EXPORT_FORMAT, export_module.EXPORT_FORMAT_VERSION) == (
        records.EXPORT_FORMAT,
        records.EXPORT_FORMAT_VERSION,
    )


def test_one_diary_entry_without_minutes_or_notes() -> None:
    bundle = export_bundle(_doc(diary_entries=[ENTRY]))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Device", "Patient", "Observation"]
    pain = bundle["entry"][2]["resource"]
    assert pain["valueInteger"] == 6 and "note" not in pain


@pytest.mark.parametrize(
    ("document", "named"),
    [
        ([], "got list"),
        ({k: v for k, v in EMPTY.items() if k != "diary_entries"}, "'diary_entries'"),
        (_doc(format="something-else"), "'something-else'"),
        (_doc(format_version=99), "format_version 99"),
        (_doc(assessments={}), "assessments is a dict"),
        (_doc(diary_entries=[{k: v for k, v in ENTRY.items() if k != "pain_0_10"}]), "diary_entries[0]"),
        (_doc(diary_entries=[{k: v for k, v in ENTRY.items() if k != "pain_0_10"}]), "'pain_0_10'"),
        (_doc(gait_recordings=["walk"]), "gait_recordings[0] is a str"),
    ],
)
def test_a_document_that_is_not_an_export_is_an_input_error_naming_the_key(document: Any, named: str) -> None:
    with pytest.raises(InputError, match="export") as caught:
        export_bundle(document)
    assert named in str(caught.value)


def test_an_assessment_linked_to_a_missing_walk_is_an_input_error() -> None:
    assessment = {
        "id": 4,
        "mode": "person",
        "answers": {},
        "result": None,
        "knowledge_version": None,
        "package_version": "0.1.0",
        "gait_recording_id": 9,
        "created_at": "2026-11-01T09:00:00+00:00",
        "updated_at": "2026-11-01T09:00:00+00:00",
    }
    with pytest.raises(InputError, match=r"assessments\[0\]\.gait_recording_id 9"):
        export_bundle(_doc(assessments=[assessment]))


def test_a_mapping_that_emits_a_wrong_type_is_an_export_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = export_module._diary

    def broken(entry: Any, ids: Any, steps: Any) -> Any:
        for made in real(entry, ids, steps):
            made["resource"]["valueInteger"] = str(made["resource"]["valueInteger"])
            yield made

    monkeypatch.setattr(export_module, "_diary", broken)
    with pytest.raises(ExportError, match=r"Observation urn:uuid:[0-9a-f-]{36} is not valid.*valueInteger"):
        export_bundle(_doc(diary_entries=[ENTRY]))


def test_a_mapping_that_emits_an_element_r4_lacks_is_an_export_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = export_module._device
    monkeypatch.setattr(
        export_module,
        "_device",
        lambda doc, ids: {
            **real(doc, ids),
            "resource": {**real(doc, ids)["resource"], "displayName": "backstride"},
        },
    )
    with pytest.raises(ExportError, match="Device .*displayName"):
        export_bundle(_doc())


OBSERVATION = {
    "resourceType": "Observation",
    "id": "a-1",
    "status": "final",
    "code": {"text": "pain"},
    "valueInteger": 3,
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"status": None}, "status: null"),
        ({"code": {}}, "code: an empty object"),
        ({"note": []}, "note: an empty list"),
        ({"valueQuantity": {"value": float("nan")}}, "is not a JSON number"),
        ({"id": "has space"}, "R4 id pattern"),
        ({"valueInteger": "3"}, "valueInteger"),
        ({"status": 1}, "status"),
        ({"subject": "Patient/1"}, "subject"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_check_resource_names_the_problem(change: dict[str, Any], problem: str) -> None:
    with pytest.raises(ExportError) as caught:
        check_resource({**OBSERVATION, **change}, "urn:uuid:x")
    assert problem in str(caught.value) and "Observation urn:uuid:x" in str(caught.value)


def test_check_resource_refuses_a_missing_required_element_and_an_unknown_type() -> None:
    check_resource(OBSERVATION)
    with pytest.raises(ExportError, match="code"):
        check_resource({k: v for k, v in OBSERVATION.items() if k != "code"})
    with pytest.raises(ExportError, match="resourceType 'Encounter' is not one backstride emits"):
        check_resource({"resourceType": "Encounter", "status": "finished"})


CARE_PLAN = {
    "resourceType": "CarePlan",
    "id": "p-1",
    "status": "active",
    "intent": "proposal",
    "subject": {"reference": "urn:uuid:p"},
    "activity": [{"detail": {"status": "not-started", "description": "Slow down."}}],
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"intent": None}, "intent: null"),
        ({"activity": [{"detail": {"description": "Slow down."}}]}, "status"),
        ({"activity": [{"progress": {"text": "x"}}]}, "progress"),
        ({"addresses": "Condition/1"}, "addresses"),
    ],
)
def test_check_resource_reads_a_care_plan_as_r4(change: dict[str, Any], problem: str) -> None:
    check_resource(CARE_PLAN)
    with pytest.raises(ExportError) as caught:
        check_resource({**CARE_PLAN, **change}, "urn:uuid:x")
    assert problem in str(caught.value) and "CarePlan urn:uuid:x" in str(caught.value)


def _finished(plan: Any) -> dict[str, Any]:
    from backstride import assess

    result = assess({"age_years": 40}).to_dict()
    if plan is None:
        del result["plan"]
    return {
        "id": 3,
        "mode": "person",
        "answers": {"age_years": 40},
        "result": result,
        "knowledge_version": result["knowledge_version"],
        "package_version": "0.1.0",
        "gait_recording_id": None,
        "created_at": "2026-11-01T09:00:00+00:00",
        "updated_at": "2026-11-01T09:05:00+00:00",
    }


def test_a_finished_assessment_without_a_walk_gets_a_care_plan_without_reason_references() -> None:
    bundle = export_bundle(_doc(assessments=[_finished(plan=True)]))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Device", "Patient", "QuestionnaireResponse", "RiskAssessment", "CarePlan"]
    plan = bundle["entry"][4]["resource"]
    assert [r["reference"] for r in plan["supportingInfo"]] == [e["fullUrl"] for e in bundle["entry"][3:1:-1]]
    assert plan["created"] == "2026-11-01T09:05:00+00:00"
    assert not [a for a in plan["activity"] if "reasonReference" in a["detail"]]
    assert not any("walking recording" in n["text"] for n in plan["note"])


def test_a_result_without_a_plan_gets_no_care_plan() -> None:
    bundle = export_bundle(_doc(assessments=[_finished(plan=None)]))
    assert [e["resource"]["resourceType"] for e in bundle["entry"]][-1] == "RiskAssessment"


def _bundle(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": list(entries)}


def test_check_bundle_refuses_a_dangling_reference_and_a_repeated_full_url() -> None:
    device = {"fullUrl": "urn:uuid:d", "resource": {"resourceType": "Device", "status": "active"}}
    observation = {
        "fullUrl": "urn:uuid:o",
        "resource": {**OBSERVATION, "device": {"reference": "urn:uuid:d"}},
    }
    check_bundle(_bundle(device, observation))
    with pytest.raises(ExportError, match="refers to urn:uuid:d, which is not in the Bundle"):
        check_bundle(_bundle(observation))
    with pytest.raises(ExportError, match="repeated fullUrl"):
        check_bundle(_bundle(device, device))
    with pytest.raises(ExportError, match="Bundle"):
        check_bundle({**_bundle(device), "type": 5})


def test_the_fhir_package_exports_these_names() -> None:
    import backstride.fhir

    assert sorted(backstride.fhir.__all__) == [
        "CODE_SYSTEM",
        "FHIR_VERSION",
        "MEDIA_TYPE",
        "RECORD_SYSTEM",
        "check_bundle",
        "check_resource",
        "export_bundle",
    ]
    assert all(hasattr(backstride.fhir, name) for name in backstride.fhir.__all__)


def test_importing_backstride_fhir_loads_neither_fhirclient_nor_requests() -> None:
    import subprocess
    import sys

    code = "import sys, backstride.fhir; print(sorted({'fhirclient', 'requests'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_emergency_answered_half_way_says_its_disposition_before_what_was_not_asked() -> None:
    from backstride import assess
    from backstride.services.interview import screening_state

    answers = {"urinary_retention": True}
    check = {**_finished(plan=True), "answers": answers, "result": assess(answers).to_dict()}
    check["screening"] = screening_state("person", answers)
    (risk,) = [
        e["resource"]
        for e in export_bundle(_doc(assessments=[check]))["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
    ]
    notes = [n["text"] for n in risk["note"]]
    assert risk["status"] == "preliminary"
    assert notes[0].startswith("Disposition: emergency (because cauda_equina_signs).")
    assert notes[1].startswith("Not finished: these warning signs were not asked, which can never lower")
    assert "(leg_weakness_progressive; if true: emergency [A16, A22])" in notes[1]

"""The FHIR export read by a second, independent validator: FHIR.js (lantanagroup, ISC, from npm like
axe-core; ``package.json``), which checks every element against the FHIR 4.0 structure definitions:
cardinality (a required element missing), data types, unknown elements, and codes of required
bindings (an Observation's status).

The HL7 Java validator needs packages fetched from the network, which this machine (and CI) does
not have; FHIR.js carries its definitions. The Python models the export is built with (fhir.resources)
and the ones its tests read it back with (fhirclient) are checked elsewhere; this one shares no code
with either. Broken copies of the same Bundle prove it would notice.

Without node or FHIR.js the test skips locally and fails in CI (``CI=true``), as the browser tests do.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_fhir_everyday import EXPORT as HEALTH_EXPORT
from tests.integration.test_fhir_export import _fill

from backstride.fhir import export_bundle
from backstride.services.everyday import Everyday

REPO_ROOT = Path(__file__).resolve().parents[2]
FHIR_JS = REPO_ROOT / "node_modules" / "fhir" / "package.json"
SCRIPT = Path(__file__).with_name("fhir_validate.js")
FAKE_PDF = b"%PDF-1.4\n% a stand-in: the validator reads the attachment's base64, not the PDF\n%%EOF\n"


IDENTITY = {
    "name": "Ana María Ruiz",
    "birth_date": "1961-04-23",
    "gender": "female",
    "mrn": "MRN-004512",
    "mrn_system": "urn:oid:1.2.36.146.595.217.0.1",
}


def _validator_or_skip() -> str:
    node = shutil.which("node")
    if node is None or not FHIR_JS.is_file():
        why = "node or FHIR.js (npm ci) is missing"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{why}: CI must run the independent FHIR validator")
        pytest.skip(why)
    return node


def _validated(tmp_path: Path, resources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    node = _validator_or_skip()
    files = []
    for name, resource in resources.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(resource), "utf-8")
        files.append(str(path))
    done = subprocess.run(
        [node, str(SCRIPT), *files], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {Path(line["file"]).stem: line for line in lines}


def _errors(outcome: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in outcome["messages"] if m["severity"] == "error"]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    records = _fill(tmp_path_factory.mktemp("fhirjs") / "export.sqlite3")
    # the clock as in test_fhir_everyday (the diary left it on its last day, before the export's
    # days: an import keeps no day after tomorrow)
    records.clock = lambda: datetime(2026, 11, 20, 9, tzinfo=UTC)
    Everyday(records).import_file("export.xml", HEALTH_EXPORT)  # days of everyday walking too
    # and a diary day with relief steps tried (an Observation per step)
    records.add_diary_entry(entry_date="2026-11-02", pain_0_10=3, tried=["heat_after_48h", "knee_to_chest"])
    document = records.export_all()
    return {
        "plain": export_bundle(document),
        # a person given a name in the people feature: the Patient's name (HumanName.text)
        "with_report": export_bundle(document | {"person": {"label": "Ana Ruiz"}}, report_pdf=FAKE_PDF),
        # what a clinic matches it by (format 9): identifier (MR), official name, gender, birthDate
        "with_identity": export_bundle(document | {"person": {"label": "Room 4", **IDENTITY}}),
        # checks a staff member started (format 12): the answers' author, by name (a display alone)
        "with_staff": export_bundle(
            document
            | {
                "assessments": [
                    a | {"started_via": "page", "started_by": "Dr Lee"} for a in document["assessments"]
                ]
            }
        ),
    }


def test_the_export_is_valid_r4_for_an_independent_validator(
    tmp_path: Path, bundles: dict[str, dict[str, Any]]
) -> None:
    outcomes = _validated(tmp_path, bundles)
    assert set(outcomes) == {"plain", "with_report", "with_identity", "with_staff"}
    answers = [e["resource"] for e in bundles["with_staff"]["entry"] if "authored" in e["resource"]]
    assert answers and all(r["author"] == {"type": "Practitioner", "display": "Dr Lee"} for r in answers)
    patient = next(e["resource"] for e in bundles["with_identity"]["entry"] if "name" in e["resource"])
    assert set(patient) == {"resourceType", "id", "identifier", "name", "gender", "birthDate"}
    kinds = {e["resource"]["resourceType"] for e in bundles["with_report"]["entry"]}
    assert {"Patient", "Observation", "QuestionnaireResponse", "CarePlan", "DocumentReference"} <= kinds
    patient = next(e["resource"] for e in bundles["with_report"]["entry"] if "name" in e["resource"])
    assert patient["name"] == [{"use": "usual", "text": "Ana Ruiz"}]
    steps = [e for e in bundles["plain"]["entry"] if "41950-7" in json.dumps(e["resource"].get("code"))]
    assert len(steps) == 2  # the everyday days' step counts are in what was validated
    tried = [e for e in bundles["plain"]["entry"] if "relief_step_tried" in json.dumps(e["resource"])]
    assert len(tried) == 2  # so are the relief steps tried
    for name, outcome in outcomes.items():
        assert outcome["valid"] is True and _errors(outcome) == [], (name, _errors(outcome)[:5])
        # The only warnings allowed: a code that is not in an example value set (backstride's own
        # codes, and LOINC codes FHIR.js does not carry). Those bindings are not rules in R4.
        others = [
            m
            for m in outcome["messages"]
            if m["severity"] == "warning" and "not found in value set" not in m["message"]
        ]
        assert others == [], (name, others[:5])


def _broken(bundle: dict[str, Any], kind: str, change: Any) -> dict[str, Any]:
    copied = copy.deepcopy(bundle)
    resource = next(e["resource"] for e in copied["entry"] if e["resource"]["resourceType"] == kind)
    change(resource)
    return copied


def test_it_would_notice_a_broken_bundle(tmp_path: Path, bundles: dict[str, dict[str, Any]]) -> None:
    plain = bundles["plain"]

    def no_status(r: dict[str, Any]) -> None:
        del r["status"]

    def bad_status(r: dict[str, Any]) -> None:
        r["status"] = "bogus"

    def unknown_element(r: dict[str, Any]) -> None:
        r["nickname"] = "x"

    def text_for_a_number(r: dict[str, Any]) -> None:
        r["valueInteger"] = "six"

    broken = {
        "no_status": _broken(plain, "Observation", no_status),
        "bad_status": _broken(plain, "CarePlan", bad_status),
        "unknown_element": _broken(plain, "Patient", unknown_element),
        "text_for_a_number": _broken(plain, "Observation", text_for_a_number),
    }
    outcomes = _validated(tmp_path, broken)
    where = {name: {m["location"] for m in _errors(o)} for name, o in outcomes.items()}
    assert all(outcome["valid"] is False for outcome in outcomes.values()), where
    assert "Observation.status" in where["no_status"]
    assert "CarePlan.status" in where["bad_status"]
    assert "Patient.nickname" in where["unknown_element"]
    assert any(loc.startswith("Observation.value") for loc in where["text_for_a_number"]), where

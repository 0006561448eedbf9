"""Everyday walking in the FHIR export (``backstride export fhir``, ``GET /api/export/fhir``): each
stored day becomes one Observation per measure taken (category activity): its steps under LOINC
41950-7 in UCUM ``/d``, the other measures in backstride's own codes with UCUM units (m, m/s, %).
The values are the stored days' (read back from the database), every resource reads strictly as R4
(fhirclient, as the export's other tests), a measure not taken is no Observation, a damaged document
is refused naming the key, and an export without everyday days is the Bundle it was (the byte-for-byte
guard of test_fhir_report, and no activity Observation but the walks').
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirelementfactory import FHIRElementFactory
from tests.integration.test_everyday import health_xml
from tests.integration.test_fhir_report import FIXED_DOCUMENT, FIXED_SHA256

from backstride.core.errors import InputError
from backstride.fhir import CODE_SYSTEM, export_bundle
from backstride.fhir.export import STEPS_LOINC
from backstride.services.everyday import MEASURE_COLUMNS, Everyday
from backstride.services.records import Records
from backstride.services.sharing import make_export
from backstride.web.app import create_app
from backstride.web.settings import Settings

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
EXPORT = health_xml(
    ("StepCount", "2026-11-18", 4321, "count"),
    ("DistanceWalkingRunning", "2026-11-18", 2.81, "km"),
    ("WalkingSpeed", "2026-11-18", 3.78, "km/hr"),
    ("WalkingStepLength", "2026-11-18", 61, "cm"),
    ("WalkingAsymmetryPercentage", "2026-11-18", 0.034, "%"),
    ("WalkingDoubleSupportPercentage", "2026-11-18", 0.281, "%"),
    ("StepCount", "2026-11-19", 2500, "count"),
    ("SixMinuteWalkTestDistance", "2026-11-19", 410, "m"),
)


def _observations(bundle: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The everyday Observations by (day, code)."""
    out = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        names = [i["value"] for i in resource.get("identifier", ())]
        if resource["resourceType"] == "Observation" and any(
            n.startswith("everyday_walking/") for n in names
        ):
            out[(resource["effectiveDateTime"], resource["code"]["coding"][0]["code"])] = resource
    return out


def _day(**measures: Any) -> dict[str, Any]:
    """A day as ``Records.export_all`` writes it, with nothing measured but ``measures``."""
    return {
        "day": "2026-11-19",
        "source": "apple_health",
        "counted_by": None,
        **dict.fromkeys(MEASURE_COLUMNS),
        **measures,
        "imported_at": "2026-11-20T09:00:00+00:00",
    }


def _bundle(records: Records) -> dict[str, Any]:
    return dict(json.loads(make_export(records, "fhir", note_download=False).text))


def test_each_day_is_an_observation_per_measure_with_the_stored_values_and_ucum_units(
    records: Records,
) -> None:
    records = Records(records.db, clock=lambda: NOW)
    Everyday(records).import_file("export.xml", EXPORT)
    stored = {d.day.isoformat(): d for d in Everyday(records).list_days()}
    bundle = _bundle(records)
    found = _observations(bundle)
    assert sorted(found) == [
        ("2026-11-18", STEPS_LOINC),
        ("2026-11-18", "everyday_distance"),
        ("2026-11-18", "everyday_double_support"),
        ("2026-11-18", "everyday_step_length"),
        ("2026-11-18", "everyday_walking_asymmetry"),
        ("2026-11-18", "everyday_walking_speed"),
        ("2026-11-19", STEPS_LOINC),
        ("2026-11-19", "everyday_six_minute_walk_estimate"),  # no speed that day: no Observation of it
    ]
    steps = found[("2026-11-18", STEPS_LOINC)]
    assert steps["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "41950-7",
        "display": "Number of steps in 24 hour Measured",
    }
    assert steps["valueQuantity"] == {
        "value": 4321,
        "unit": "steps/day",
        "system": "http://unitsofmeasure.org",
        "code": "/d",
    }
    assert steps["category"][0]["coding"][0]["code"] == "activity"
    assert steps["device"] == {"display": "Jo iPhone"}  # the device whose steps were kept
    day = stored["2026-11-18"]
    expected = {
        "everyday_distance": (day.distance_m, "m"),
        "everyday_walking_speed": (day.walking_speed_mps, "m/s"),
        "everyday_step_length": (day.step_length_m, "m"),
        "everyday_walking_asymmetry": (day.asymmetry_fraction * 100, "%"),  # type: ignore[operator]
        "everyday_double_support": (day.double_support_fraction * 100, "%"),  # type: ignore[operator]
    }
    for code, (value, unit) in expected.items():
        resource = found[("2026-11-18", code)]
        assert resource["code"]["coding"][0]["system"] == CODE_SYSTEM
        quantity = resource["valueQuantity"]
        assert quantity["value"] == pytest.approx(value, abs=1e-9) and quantity["code"] == unit, code
        assert quantity["system"] == "http://unitsofmeasure.org"
    assert found[("2026-11-18", "everyday_walking_speed")]["valueQuantity"]["value"] == pytest.approx(1.05)
    assert found[("2026-11-18", "everyday_walking_asymmetry")]["valueQuantity"]["value"] == pytest.approx(3.4)
    six = found[("2026-11-19", "everyday_six_minute_walk_estimate")]
    assert six["valueQuantity"]["value"] == 410 and "not a test done" in six["code"]["text"]
    for resource in found.values():  # each reads strictly as R4; the whole Bundle too
        type(FHIRElementFactory.instantiate("Observation", None))(resource, strict=True)
        assert resource["subject"]["reference"] in {e["fullUrl"] for e in bundle["entry"]}
        assert resource["issued"] == "2026-11-20T09:00:00+00:00"
    Bundle(bundle, strict=True)


def test_an_export_without_everyday_days_is_the_bundle_it_was() -> None:
    for document in (FIXED_DOCUMENT, {k: v for k, v in FIXED_DOCUMENT.items() if k != "everyday_walking"}):
        bundle = export_bundle(document)
        assert not _observations(bundle)
    text = json.dumps(export_bundle(FIXED_DOCUMENT), ensure_ascii=False, indent=1) + "\n"
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == FIXED_SHA256
    # the days are added after everything else: the other entries keep their order and kinds
    with_days = export_bundle(
        {
            **FIXED_DOCUMENT,
            "format_version": 3,
            "everyday_walking": [_day(steps=100)],
        }
    )
    kinds = [e["resource"]["resourceType"] for e in with_days["entry"]]
    plain = [e["resource"]["resourceType"] for e in export_bundle(FIXED_DOCUMENT)["entry"]]
    assert kinds == [*plain, "Observation"] and "device" not in with_days["entry"][-1]["resource"]


def test_everyday_days_alone_are_a_patients_records() -> None:
    empty = {**FIXED_DOCUMENT, "diary_entries": []}
    assert [e["resource"]["resourceType"] for e in export_bundle(empty)["entry"]] == ["Device"]
    day = {**_day(steps=1200), "counted_by": "Jo iPhone"}
    bundle = export_bundle({**empty, "everyday_walking": [day]})
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Device", "Patient", "Observation"]


@pytest.mark.parametrize(
    ("everyday", "named"),
    [
        ({"day": "2026-11-19"}, "everyday_walking is a dict"),
        ([["2026-11-19"]], "everyday_walking[0] is a list"),
        ([{"day": "2026-11-19", "source": "apple_health"}], "everyday_walking[0] has no key 'steps'"),
    ],
)
def test_a_damaged_everyday_part_is_refused_naming_it(everyday: Any, named: str) -> None:
    with pytest.raises(InputError, match=named.replace("[", r"\[").replace("]", r"\]")):
        export_bundle({**FIXED_DOCUMENT, "everyday_walking": everyday})


def test_the_api_export_has_each_persons_own_days(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as web:
        assert web.post("/api/everyday", files={"file": ("export.xml", EXPORT)}).status_code == 201
        bob = web.post("/api/people", json={"label": "Bob"}).json()["id"]
        mine = _observations(web.get("/api/export/fhir?person_id=1").json())
        his = web.get(f"/api/export/fhir?person_id={bob}").json()
    assert len(mine) == 8 and mine[("2026-11-19", STEPS_LOINC)]["valueQuantity"]["value"] == 2500
    assert _observations(his) == {} and [e["resource"]["resourceType"] for e in his["entry"]] == ["Device"]

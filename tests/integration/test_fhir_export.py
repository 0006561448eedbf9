"""The FHIR R4 export of a real database: a clinician assessment of a dev vignette linked to a real
lab walk, an emergency vignette answered in person mode with a "don't know", an unfinished
assessment and a pain diary; every resource is read back by the fhirclient R4 4.0.1 models, and
each finished assessment's relief plan is a CarePlan that says back every item with its sources."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirelementfactory import FHIRElementFactory
from tests.conftest import MOBILISED_LAB, VIGNETTES

from backstride.core.voice import about_them_text
from backstride.fhir import FHIR_VERSION, export_bundle
from backstride.fhir.export import GAIT_NOTICE, NOTICE, RESULT_NOTICE
from backstride.knowledge import load_knowledge
from backstride.relief.plan import level_action
from backstride.services.records import Records
from backstride.services.wording import number
from backstride.storage.db import Database, sqlite_url

WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
DIARY = [(6, 10), (6, 12), (5, None), (5, 15), (4, 18)]


RULES = load_knowledge().red_flag_rules


def _vignette(vid: str) -> dict[str, Any]:
    for line in VIGNETTES.read_text("utf-8").splitlines():
        v = json.loads(line)
        if v["id"] == vid:
            return v
    raise LookupError(vid)


def _fill(path: Path) -> Records:
    now = [datetime(2026, 11, 20, 9, 0, tzinfo=UTC)]
    records = Records(Database(sqlite_url(path)).migrate(), clock=lambda: now[0])
    hip = _vignette("dev-003")["findings"]
    a = records.start_assessment("clinician")
    records.answer(a.id, hip)
    records.upload_walk(
        "imu.csv",
        WALK.read_bytes(),
        height_cm=175,
        acc_unit="m/s^2",
        gyr_unit="deg/s",
        symptom_at="8",
        stop_at="12",
    )
    records.result(a.id)
    aaa = {k: v for k, v in _vignette("dev-012")["findings"].items() if not k.startswith("exam_")}
    b = records.start_assessment("person")
    records.answer(b.id, {**aaa, "fever": None})
    records.result(b.id)
    c = records.start_assessment("person")
    records.answer(c.id, {"age_years": 40})
    for i, (pain, minutes) in enumerate(DIARY):
        now[0] = datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(days=3 * i)
        records.add_diary_entry(
            entry_date=now[0].date().isoformat(),
            pain_0_10=pain,
            walking_tolerance_min=minutes,
            notes=f"day {i}",
        )
    return records


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Records:
    return _fill(tmp_path_factory.mktemp("fhir") / "export.sqlite3")


@pytest.fixture(scope="module")
def document(records: Records) -> dict[str, Any]:
    return records.export_all()


@pytest.fixture(scope="module")
def bundle(document: dict[str, Any]) -> dict[str, Any]:
    return export_bundle(document)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _by_code(bundle: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [r for r in _resources(bundle, "Observation") if r["code"]["coding"][0]["code"] == code]


def _references(resource: dict[str, Any]) -> list[str]:
    return re.findall(r'"reference": "([^"]+)"', json.dumps(resource))


def test_every_entry_and_the_whole_bundle_read_strictly_as_r4(bundle: dict[str, Any]) -> None:
    assert FHIR_VERSION == "4.0.1"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = FHIRElementFactory.instantiate(resource["resourceType"], None)
        type(model)(resource, strict=True)  # raises FHIRValidationError on any problem
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    parsed = Bundle(bundle, strict=True)
    assert parsed.type == "collection" and len(parsed.entry) == len(bundle["entry"])


def test_a_json_round_trip_parses_and_serialises_to_the_same_bundle(bundle: dict[str, Any]) -> None:
    text = json.dumps(bundle, allow_nan=False)
    parsed = Bundle(json.loads(text), strict=True)
    assert parsed.as_json() == json.loads(text)


def test_counts_per_resource_type(bundle: dict[str, Any], document: dict[str, Any]) -> None:
    counts = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    walk = document["gait_recordings"][0]["result"]
    factors = len(walk["gait_factors"])
    diary = len(DIARY) + sum(m is not None for _, m in DIARY)
    assert factors == 5
    # summary + walking test + one per factor, and per diary entry pain (+ minutes when given)
    assert counts == {
        "Device": 1,
        "Patient": 1,
        "Observation": 2 + factors + diary,
        "QuestionnaireResponse": 3,
        "RiskAssessment": 2,
        "CarePlan": 2,
    }


def test_pain_values_and_dates_equal_the_diary(bundle: dict[str, Any], document: dict[str, Any]) -> None:
    pains = [r for r in _resources(bundle, "Observation") if r["code"]["coding"][0]["code"] == "72514-3"]
    assert all(r["code"]["coding"][0]["system"] == "http://loinc.org" for r in pains)
    assert [(r["effectiveDateTime"], r["valueInteger"]) for r in pains] == [
        (e["entry_date"], e["pain_0_10"]) for e in document["diary_entries"]
    ]
    assert [r["note"][0]["text"] for r in pains] == [f"day {i}" for i in range(len(DIARY))]
    minutes = _by_code(bundle, "walking_tolerance_min")
    assert [
        (r["effectiveDateTime"], r["valueQuantity"]["value"], r["valueQuantity"]["code"]) for r in minutes
    ] == [
        (e["entry_date"], e["walking_tolerance_min"], "min")
        for e in document["diary_entries"]
        if e["walking_tolerance_min"] is not None
    ]


def test_probabilities_rationale_and_sources_equal_the_result(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    risks = _resources(bundle, "RiskAssessment")
    results = [a["result"] for a in document["assessments"] if a["result"] is not None]
    assert len(risks) == len(results) == 2
    for risk, result in zip(risks, results, strict=True):
        predictions = risk["prediction"]
        assert [(p["outcome"]["coding"][0]["code"], p["probabilityDecimal"]) for p in predictions] == [
            (c["code"], c["probability"]) for c in result["conditions"]
        ]
        for p, c in zip(predictions, result["conditions"], strict=True):
            assert p["outcome"]["text"] == c["name"]
            for step in c["because"]:
                # a rule's floor lifts the odds by what it needs: said as that, not as a likelihood ratio
                # (the lift rounded as the result page says it: "LR 192.16")
                floor = step["finding"] in RULES
                said = "odds multiplied by" if floor else "likelihood ratio"
                ratio = number(step["likelihood_ratio"], 2) if floor else step["likelihood_ratio"]
                assert f"{said} {ratio}" in p["rationale"]
                for key in step["sources"]:
                    assert key in p["rationale"]
        # said about the person, as the bundle's other texts (test_fhir_speaks_about_the_person.py)
        assert risk["mitigation"] == about_them_text(result["disposition_text"])


def test_red_flags_are_noted_with_rule_and_sources(bundle: dict[str, Any], document: dict[str, Any]) -> None:
    emergency = document["assessments"][1]["result"]
    assert emergency["disposition"] == "emergency" and emergency["red_flags"]
    notes = " ".join(n["text"] for n in _resources(bundle, "RiskAssessment")[1]["note"])
    assert "Disposition: emergency" in notes
    for hit in emergency["red_flags"]:
        assert f"(rule {hit['code']})" in notes
        for key in hit["sources"]:
            assert key in notes


def test_every_reference_resolves_to_an_entry(bundle: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    references = [r for e in bundle["entry"] for r in _references(e["resource"])]
    assert len(references) > len(bundle["entry"])
    assert set(references) <= urls


def test_the_risk_assessment_rests_on_the_answers_and_the_linked_walk(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    first = document["assessments"][0]
    assert first["gait_recording_id"] == document["gait_recordings"][0]["id"]
    url = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    answers = url[_resources(bundle, "QuestionnaireResponse")[0]["id"]]
    walk = url[_by_code(bundle, "gait_summary")[0]["id"]]
    assert [b["reference"] for b in _resources(bundle, "RiskAssessment")[0]["basis"]] == [answers, walk]


def test_not_a_diagnosis_is_said_where_conclusions_are(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    device = _resources(bundle, "Device")[0]
    assert [n["text"] for n in device["note"]] == [NOTICE]
    assert "not a diagnosis" in NOTICE and "never replaces an examination" in NOTICE
    for risk in _resources(bundle, "RiskAssessment"):
        assert any("This is not a diagnosis" in n["text"] for n in risk["note"])
    for plan in _resources(bundle, "CarePlan"):
        assert "not a diagnosis" in plan["title"] and "not a diagnosis" in plan["description"]
        assert any("This is not a diagnosis" in n["text"] for n in plan["note"])
    gait = [r for r in _resources(bundle, "Observation") if r.get("device")]
    assert len(gait) == 7
    for observation in gait:
        assert any("not a diagnosis" in n["text"] for n in observation["note"])


def test_the_not_a_diagnosis_lines_speak_to_the_clinicians_who_read_the_record(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    # the Device's notice was the JSON export's "backstride helps you and your clinician think"; the
    # RiskAssessment's "If you are worried ...", the walk's "how you walked": a clinic's system is
    # read by clinicians, so each says it about the person, with the same meaning
    assert re.search(r"\bhelps you\b", document["notice"])  # the person's own file keeps its words
    said = [
        (e["resource"]["resourceType"], n["text"])
        for e in bundle["entry"]
        for n in e["resource"].get("note") or ()
        if "not a diagnosis" in n["text"].lower()
    ]
    assert {kind for kind, _ in said} == {"Device", "RiskAssessment", "CarePlan", "Observation"}
    lines = [text for _, text in said]
    second_person = [t for t in lines if re.search(r"\b(you|your|yourself)\b", t, re.IGNORECASE)]
    assert not second_person, second_person
    for line in (NOTICE, RESULT_NOTICE):
        assert line.startswith("This is not a diagnosis.") and "never replaces an examination" in line
        assert "the person" in line and "their clinician" in line
    assert GAIT_NOTICE.endswith("They are not a diagnosis.") and "the person walked" in GAIT_NOTICE


def test_versions_travel_with_the_results(bundle: dict[str, Any], document: dict[str, Any]) -> None:
    device = _resources(bundle, "Device")[0]
    assert device["deviceName"] == [{"name": "backstride", "type": "model-name"}]
    versions = {v["type"]["coding"][0]["code"]: v["value"] for v in device["version"]}
    knowledge = document["assessments"][0]["result"]["knowledge_version"]
    walk = document["gait_recordings"][0]
    assert versions == {
        "package_version": document["package_version"],
        "knowledge_version": knowledge,
        "gait_algorithm_version": walk["algorithm_parameters"]["algorithm_version"],
    }
    for risk in _resources(bundle, "RiskAssessment"):
        assert (
            f"backstride {document['package_version']}, knowledge base {knowledge}" in risk["method"]["text"]
        )
    summary = _by_code(bundle, "gait_summary")[0]
    assert walk["algorithm_parameters"]["algorithm_version"] in summary["method"]["text"]
    parameters = next(
        n["text"] for n in summary["note"] if n["text"].startswith("Algorithm parameters (JSON): ")
    )
    assert (
        json.loads(parameters.removeprefix("Algorithm parameters (JSON): ")) == walk["algorithm_parameters"]
    )


def test_the_walk_summary_carries_si_numbers_with_ucum_units(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    summary = document["gait_recordings"][0]["result"]["summary"]
    components = {c["code"]["coding"][0]["code"]: c for c in _by_code(bundle, "gait_summary")[0]["component"]}
    expected = {
        "cadence_spm": (summary["cadence_spm"], "/min"),
        "walking_speed_mps": (summary["walking_speed_mps"], "m/s"),
        "stride_length_m": (summary["stride_length_m"], "m"),
        "step_time_asymmetry_pct": (summary["step_time_asymmetry_pct"], "%"),
        "pelvis_rotation_rom_deg": (summary["pelvis"]["rotation_rom_deg"], "deg"),
        "impact_peak_g": (summary["impact_peak_g"], "[g]"),
    }
    for code, (value, unit) in expected.items():
        quantity = components[code]["valueQuantity"]
        assert (quantity["value"], quantity["system"], quantity["code"]) == (
            value,
            "http://unitsofmeasure.org",
            unit,
        )
    assert components["total_steps"]["valueInteger"] == summary["total_steps"]


def test_gait_factors_say_present_value_threshold_and_sources(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    for factor in document["gait_recordings"][0]["result"]["gait_factors"]:
        (observation,) = _by_code(bundle, factor["code"])
        assert observation["valueBoolean"] is factor["present"]
        assert observation["component"][0]["valueQuantity"]["value"] == factor["value"]
        notes = " ".join(n["text"] for n in observation["note"])
        assert all(key in notes for key in factor["sources"])
        assert all(str(v) in notes for v in factor["threshold"].values())
    tolerance = document["gait_recordings"][0]["result"]["walking_tolerance"]
    (test,) = _by_code(bundle, "walking_test")
    values = {c["code"]["coding"][0]["code"]: c["valueQuantity"]["value"] for c in test["component"]}
    assert values["time_to_stop_s"] == tolerance["time_to_stop_s"]
    assert values["distance_to_first_symptom_m"] == tolerance["distance_to_first_symptom_m"]


def test_answers_keep_their_types_and_dont_know(bundle: dict[str, Any], document: dict[str, Any]) -> None:
    responses = _resources(bundle, "QuestionnaireResponse")
    assert [r["status"] for r in responses] == ["completed", "completed", "in-progress"]
    items = {i["linkId"]: i for i in responses[1]["item"]}
    assert list(items) == list(document["assessments"][1]["answers"])
    assert items["fever"]["answer"] == [
        {"valueCoding": {"system": "urn:backstride:code", "code": "unknown", "display": "Don't know"}}
    ]
    first = {i["linkId"]: i["answer"][0] for i in responses[0]["item"]}
    assert first["age_years"] == {"valueInteger": 72}
    assert first["pain_groin"] == {"valueBoolean": True}
    assert first["pain_buttock"]["valueCoding"]["code"] == "pain_buttock.one_side"
    assert responses[0]["item"][0]["text"] == "How old are you, in years?"


def test_the_same_data_gives_the_same_bundle_byte_for_byte(records: Records, bundle: dict[str, Any]) -> None:
    again = export_bundle(records.export_all())
    assert json.dumps(again, sort_keys=False) == json.dumps(bundle, sort_keys=False)


def test_other_data_shares_no_ids(document: dict[str, Any], bundle: dict[str, Any]) -> None:
    changed = {**document, "diary_entries": document["diary_entries"][:-1]}
    other = export_bundle(changed)
    assert not {e["fullUrl"] for e in other["entry"]} & {e["fullUrl"] for e in bundle["entry"]}


def _values(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)


def test_no_null_or_empty_value_anywhere(bundle: dict[str, Any]) -> None:
    values = list(_values(bundle))
    assert len(values) > 1000
    assert not [v for v in values if v is None or v in ("", [], {}) or (isinstance(v, str) and not v.strip())]


def test_an_empty_database_gives_a_bundle_with_just_the_device(tmp_path: Path) -> None:
    records = Records(
        Database(sqlite_url(tmp_path / "empty.sqlite3")).migrate(),
        clock=lambda: datetime(2026, 1, 2, tzinfo=UTC),
    )
    bundle = export_bundle(records.export_all())
    Bundle(bundle, strict=True)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Device"]
    assert bundle["timestamp"] == "2026-01-02T00:00:00+00:00"


def test_a_walk_without_walking_gives_observations_without_numbers(document: dict[str, Any]) -> None:
    still = copy.deepcopy(document)
    result = still["gait_recordings"][0]["result"]
    result["walking_bouts"] = []
    result["summary"] = {k: (0 if k in ("n_bouts", "total_steps") else None) for k in result["summary"]}
    result["walking_tolerance"] = {k: None for k in result["walking_tolerance"]} | {
        "sources": ["D7"],
        "quality": [],
    }
    for factor in result["gait_factors"]:
        factor.update(present=False, value=None, quality=[])
    bundle = export_bundle(still)
    Bundle(bundle, strict=True)
    summary = _by_code(bundle, "gait_summary")[0]
    assert [c["code"]["coding"][0]["code"] for c in summary["component"]] == ["n_bouts", "total_steps"]
    assert not _by_code(bundle, "walking_test")
    for factor in result["gait_factors"]:
        (observation,) = _by_code(bundle, factor["code"])
        assert observation["valueBoolean"] is False and "component" not in observation


# ------------------------------------------------------------------------------------ relief plan

SOURCES = re.compile(r"Sources: \[([^\]]*)\]\.$")


def _plans(bundle: dict[str, Any], document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(assessment, CarePlan) for each finished assessment, matched by the CarePlan's identifier."""
    plans = {p["identifier"][0]["value"]: p for p in _resources(bundle, "CarePlan")}
    return [(a, plans[f"assessment/{a['id']}/plan"]) for a in document["assessments"] if a["result"]]


def _cited(text: str) -> list[str]:
    """The source keys a text ends with ("... Sources: [C1, C8].")."""
    found = SOURCES.search(text)
    assert found, text
    return [k.strip() for k in found.group(1).split(",")]


def _advice(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [*plan["immediate"], *plan["home"], *plan["stretches"]]


def test_one_care_plan_per_finished_assessment_and_none_for_the_unfinished(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    finished = [a["id"] for a in document["assessments"] if a["result"] is not None]
    unfinished = [a["id"] for a in document["assessments"] if a["result"] is None]
    assert len(finished) == 2 and len(unfinished) == 1
    plans = _resources(bundle, "CarePlan")
    assert [p["identifier"][0]["value"] for p in plans] == [f"assessment/{i}/plan" for i in finished]
    url = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    patient, device = url[_resources(bundle, "Patient")[0]["id"]], url[_resources(bundle, "Device")[0]["id"]]
    for assessment, plan in _plans(bundle, document):
        assert (plan["status"], plan["intent"]) == ("active", "proposal")
        assert plan["subject"]["reference"] == patient
        assert plan["author"]["reference"] == device
        assert [c["reference"] for c in plan["contributor"]] == [device]
        assert plan["created"] == assessment["updated_at"]
        assert plan["category"][0]["coding"][0] == {
            "system": "urn:backstride:code",
            "code": "relief_plan",
            "display": plan["category"][0]["text"],
        }
        assert "addresses" not in plan


def test_the_plan_rests_on_the_risk_assessment_the_answers_and_the_walk(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    url = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    risks = _resources(bundle, "RiskAssessment")
    walk = url[_by_code(bundle, "gait_summary")[0]["id"]]
    plans = _plans(bundle, document)
    for (assessment, plan), risk in zip(plans, risks, strict=True):
        assert assessment["gait_recording_id"] == document["gait_recordings"][0]["id"]
        supporting = [r["reference"] for r in plan["supportingInfo"]]
        assert supporting == [url[risk["id"]], *(b["reference"] for b in risk["basis"])]
        assert supporting[-1] == walk


def test_one_activity_per_plan_item_in_the_results_order(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    plans = _plans(bundle, document)
    assert [a["result"]["disposition"] for a, _ in plans] == ["routine", "emergency"]
    for assessment, care_plan in plans:
        plan = assessment["result"]["plan"]
        # e2: last, the article's advice an emergency plan leaves for later, on hold (not to do now)
        later = [
            c
            for h in plan.get("held_back") or ()
            if h["reason"] not in plan["see_clinician"]
            for c in h["advice"]
        ]
        assert bool(later) is (assessment["result"]["disposition"] == "emergency")
        expected = [
            *(i["code"] for i in _advice(plan)),
            *(["timeline_step"] * len(plan["timeline"])),
            "see_clinician",
            *later,
        ]
        activities = care_plan["activity"]
        assert len(activities) == len(_advice(plan)) + len(plan["timeline"]) + 1 + len(later) >= 3
        assert [a["detail"]["code"]["coding"][0]["code"] for a in activities] == expected
        held = activities[len(activities) - len(later) :]
        for activity, code in zip(held, later, strict=True):
            detail = activity["detail"]
            assert detail["code"]["coding"][0]["code"] == code
            assert detail["status"] == "on-hold" and detail["description"].startswith("Not for now: ")
            # r5: R4 reads an activity without doNotPerform as one "to be engaged in when following
            # the plan" (on-hold only pauses it): these are not to be done while the plan stands
            assert detail["doNotPerform"] is True
            # r5: not given, so not "supported for this cause" (its support is for another cause)
            assert "for this cause" not in detail["description"]
            assert (
                "Wait until a clinician has seen them." in detail["description"]
                and "Evidence: " in detail["description"]
            )
        activities = activities[: len(activities) - len(later)]
        for activity, item in zip(activities, _advice(plan), strict=False):
            detail = activity["detail"]
            assert detail["status"] == "not-started" and "kind" not in detail
            assert "doNotPerform" not in detail  # r5: the advice given is to be done
            # the advice as the person got it, said about them to the clinicians who read it (R4)
            assert detail["code"]["coding"][0]["display"] == about_them_text(item["title"])
            assert detail["code"]["coding"][0]["version"] == assessment["result"]["knowledge_version"]
            assert detail["description"].startswith(about_them_text(item["text"]))
            assert (
                detail.get("scheduledString"),
                about_them_text(f"Timing: {item.get('timing')}.") in detail["description"],
            ) == ((item["timing"], True) if "timing" in item else (None, False))
        steps = activities[len(_advice(plan)) : -1]
        assert [
            (a["detail"]["scheduledString"], a["detail"]["description"].split(": ", 1)[1]) for a in steps
        ] == [
            (t["when"], about_them_text(f"{t['text']} Sources: [{', '.join(t['sources'])}]."))
            for t in plan["timeline"]
        ]
        assert activities[-1]["detail"]["description"].startswith(about_them_text(plan["see_clinician"]))


def test_each_activity_cites_exactly_the_sources_of_its_item(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    kb = load_knowledge()
    for assessment, care_plan in _plans(bundle, document):
        result = assessment["result"]
        plan = result["plan"]
        # e2: the article's advice left for later cites the keys of what made the plan urgent
        later = [h for h in plan.get("held_back") or () if h["reason"] not in plan["see_clinician"]]
        on_hold = [a for a in care_plan["activity"] if a["detail"]["status"] == "on-hold"]
        assert [_cited(a["detail"]["description"]) for a in on_hold] == [
            h["sources"] for h in later for _ in h["advice"]
        ]
        activities = [a for a in care_plan["activity"] if a["detail"]["status"] != "on-hold"]
        for activity, item in zip(activities, _advice(plan), strict=False):
            assert _cited(activity["detail"]["description"]) == item["sources"]
            (evidence,) = activity["progress"]
            assert _cited(evidence["text"]) == item["sources"]
            assert item["note"] in evidence["text"] and f"({item['evidence_grade']})" in evidence["text"]
        for activity, step in zip(activities[len(_advice(plan)) : -1], plan["timeline"], strict=True):
            assert _cited(activity["detail"]["description"]) == step["sources"]
        see = _cited(activities[-1]["detail"]["description"])
        # the level's own keys: an aneurysm emergency's are its own [A24] (relief.plan.level_action)
        disposition = list(level_action(result["disposition"], result["disposition_because"], kb)[1])
        assert see[: len(disposition)] == disposition
        if result["disposition"] == "routine":  # the likeliest cause's hint for the clinician is in the text
            hint = kb.conditions[result["conditions"][0]["code"]].clinician_hint
            if assessment["mode"] == "clinician":  # the reader is the clinician: no hint, nor its sources
                assert hint not in plan["see_clinician"] and see == disposition
                continue
            assert hint in plan["see_clinician"]
            assert see == list(dict.fromkeys(disposition + result["conditions"][0]["evidence"]))


def test_where_studies_disagree_with_the_article_the_plan_says_so(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    assessment, care_plan = _plans(bundle, document)[0]
    codes = [i["code"] for i in _advice(assessment["result"]["plan"])]
    evidence = {
        a["detail"]["code"]["coding"][0]["code"]: a["progress"][0]["text"]
        for a in care_plan["activity"][: len(codes)]
    }
    assert {"walking_cane", "cold_pack", "supportive_footwear"} <= set(codes)
    assert "a walking stick did not help people with nerve pain" in evidence["walking_cane"]
    assert "(not_supported)" in evidence["walking_cane"] and "[C10]" in evidence["walking_cane"]
    assert "not enough evidence to say whether cold helps" in evidence["cold_pack"]
    assert "insoles and arch supports did not prevent back pain" in evidence["supportive_footwear"]
    assert "The article backstride started from gives this advice." in evidence["walking_cane"]


def test_advice_the_walk_put_in_the_plan_points_to_that_gait_factor(
    bundle: dict[str, Any], document: dict[str, Any]
) -> None:
    kb = load_knowledge()
    resource = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    assessment, care_plan = _plans(bundle, document)[0]
    plan = assessment["result"]["plan"]
    assert plan["gait_factors"]
    pointed = []
    for activity, item in zip(care_plan["activity"], _advice(plan), strict=False):
        hits = [g for g in kb.advice[item["code"]].gait_factors if g in plan["gait_factors"]]
        references = [r["reference"] for r in activity["detail"].get("reasonReference", [])]
        if hits:
            (observation,) = (resource[r] for r in references)
            assert observation["code"]["coding"][0]["code"] == hits[0] and observation["valueBoolean"] is True
            assert "reason" in item
            pointed.append(item["code"])
        else:
            assert not references
    assert pointed
    (note,) = [n["text"] for n in care_plan["note"] if "walking recording showed" in n["text"]]
    for code in plan["gait_factors"]:
        assert f"{code} ({kb.gait_factors[code].text} [{', '.join(kb.gait_factors[code].sources)}])" in note


def test_care_plan_ids_do_not_change_with_the_export_time(
    document: dict[str, Any], bundle: dict[str, Any]
) -> None:
    later = export_bundle({**document, "exported_at": "2027-01-01T00:00:00+00:00"})
    ids = [p["id"] for p in _resources(bundle, "CarePlan")]
    assert [p["id"] for p in _resources(later, "CarePlan")] == ids and len(set(ids)) == 2
    assert later["timestamp"] != bundle["timestamp"]


def test_the_answers_are_dated_by_when_the_check_was_finished(document: dict[str, Any]) -> None:
    # a result worked out again later (a new walk, a new knowledge version) moves updated_at; the
    # answers were given when the check was finished (format 5's finished_at), not then
    later = copy.deepcopy(document)
    assert "finished_at" in later["assessments"][0]  # format 5 (these checks were answered in one go)
    finished = later["assessments"][0]["finished_at"] = "2026-11-20T09:00:00+00:00"
    later["assessments"][0]["updated_at"] = "2026-12-24T09:00:00+00:00"
    responses = _resources(export_bundle(later), "QuestionnaireResponse")
    assert responses[0]["authored"] == finished
    # half-way (no finish time): when its answers last changed, as before
    assert later["assessments"][2]["finished_at"] is None
    assert responses[2]["authored"] == later["assessments"][2]["updated_at"]


def test_the_patient_is_named_by_the_persons_label_and_the_automatic_me_is_not_a_name(
    document: dict[str, Any],
) -> None:
    named = copy.deepcopy(document)
    named["person"]["label"] = "Ana Ruiz"
    bundle = export_bundle(named)  # checked as R4 (fhir.r4.check_bundle) before it is returned
    patients = _resources(bundle, "Patient")
    assert [p.get("name") for p in patients] == [[{"use": "usual", "text": "Ana Ruiz"}]]
    FHIRElementFactory.instantiate("Patient", patients[0])  # fhirclient reads it too
    for label in ("Me", "me", None):  # the home install's automatic person, a file before people
        unnamed = copy.deepcopy(document)
        unnamed["person"]["label"] = label
        assert [set(p) for p in _resources(export_bundle(unnamed), "Patient")] == [{"resourceType", "id"}]
    format_1 = {k: v for k, v in document.items() if k != "person"} | {"format_version": 1}
    assert [set(p) for p in _resources(export_bundle(format_1), "Patient")] == [{"resourceType", "id"}]


def test_the_automatic_label_is_the_one_the_people_feature_gives() -> None:
    from backstride.fhir.export import AUTOMATIC_LABEL
    from backstride.services.people import FIRST_PERSON_LABEL

    assert AUTOMATIC_LABEL == FIRST_PERSON_LABEL

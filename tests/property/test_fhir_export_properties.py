"""Hypothesis invariants of the FHIR R4 export: whatever the answers (any finding, any allowed value,
"don't know") and whatever the diary (any pain, minutes or none, any notes), the Bundle is valid R4
4.0.1 as the fhirclient models read it strictly, and it says back what it was given: the answers,
the probabilities, one CarePlan activity per plan item with the item's sources, the diary."""

from __future__ import annotations

import json
import math
from typing import Any

from fhirclient.models.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride import assess
from backstride.fhir import export_bundle
from backstride.knowledge import FindingDef, load_knowledge

KB = load_knowledge()
CODES = sorted(KB.findings)
STAMP = "2026-11-20T09:00:00+00:00"


def value_of(f: FindingDef) -> st.SearchStrategy[object]:
    if f.kind == "bool":
        known: st.SearchStrategy[object] = st.booleans()
    elif f.kind == "enum":
        known = st.sampled_from(f.values)
    else:
        assert f.min is not None and f.max is not None
        known = st.one_of(
            st.integers(int(math.ceil(f.min)), int(f.max)),
            st.floats(f.min, f.max, allow_nan=False, allow_infinity=False),
        )
    return st.one_of(st.none(), known)


@st.composite
def assessment(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=20))
    answers = {code: draw(value_of(KB.findings[code])) for code in chosen}
    known = {k: v for k, v in answers.items() if v is not None}
    result = json.loads(json.dumps(assess(known).to_dict())) if draw(st.booleans()) else None
    return {
        "id": 1,
        "mode": draw(st.sampled_from(["person", "clinician"])),
        "answers": answers,
        "result": result,
        "disposition": result["disposition"] if result else None,
        "knowledge_version": KB.version if result else None,
        "package_version": "0.1.0",
        "gait_recording_id": None,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


diary_entry = st.builds(
    lambda i, pain, minutes, notes: {
        "id": i,
        "entry_date": f"2026-10-{i:02d}",
        "pain_0_10": pain,
        "walking_tolerance_min": minutes,
        "notes": notes,
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    st.integers(1, 28),
    st.integers(0, 10),
    st.one_of(st.none(), st.floats(0, 600, allow_nan=False)),
    st.text(max_size=40),
)


@settings(max_examples=60, deadline=None)
@given(assessment(), st.lists(diary_entry, max_size=4, unique_by=lambda e: e["id"]))
def test_any_answers_and_diary_give_a_valid_bundle_that_says_them_back(
    a: dict[str, Any], entries: list[dict[str, Any]]
) -> None:
    document = {
        "format": "backstride-export",
        "format_version": 1,
        "exported_at": STAMP,
        "package_version": "0.1.0",
        "notice": "This is not a diagnosis.",
        "assessments": [a],
        "gait_recordings": [],
        "diary_entries": entries,
        "settings": {},
    }
    bundle = export_bundle(document)
    Bundle(json.loads(json.dumps(bundle, allow_nan=False)), strict=True)
    resources = [e["resource"] for e in bundle["entry"]]
    (response,) = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    assert [i["linkId"] for i in response.get("item", [])] == list(a["answers"])
    unknown = [
        i["linkId"]
        for i in response.get("item", [])
        if i["answer"][0].get("valueCoding", {}).get("code") == "unknown"
    ]
    assert unknown == [k for k, v in a["answers"].items() if v is None]
    risks = [r for r in resources if r["resourceType"] == "RiskAssessment"]
    plans = [r for r in resources if r["resourceType"] == "CarePlan"]
    if a["result"] is None:
        assert not risks and not plans and response["status"] == "in-progress"
    else:
        assert [p["probabilityDecimal"] for p in risks[0]["prediction"]] == [
            c["probability"] for c in a["result"]["conditions"]
        ]
        plan = a["result"]["plan"]
        advice = [*plan["immediate"], *plan["home"], *plan["stretches"]]
        (care_plan,) = plans
        activities = care_plan["activity"]
        # e2: and last, on hold, each piece of the article's advice an urgent plan leaves for later
        later = [
            c
            for h in plan.get("held_back") or ()
            if h["reason"] not in plan["see_clinician"]
            for c in h["advice"]
        ]
        assert len(activities) == len(advice) + len(plan["timeline"]) + 1 + len(later)
        assert [a["detail"]["status"] for a in activities[len(activities) - len(later) :]] == [
            "on-hold"
        ] * len(later)
        for activity, item in zip(activities, advice, strict=False):
            cited = f"Sources: [{', '.join(item['sources'])}]."
            assert activity["detail"]["code"]["coding"][0]["code"] == item["code"]
            assert activity["detail"]["description"].endswith(cited)
            assert activity["progress"][0]["text"].endswith(cited)
    pains = [
        r["valueInteger"]
        for r in resources
        if r.get("code", {}).get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert pains == [e["pain_0_10"] for e in entries]

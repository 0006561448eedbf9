"""Hypothesis invariants of the relief steps tried in the FHIR export: whatever steps a diary's days
ticked (any of the diary's steps, in any order, some named twice, some days none), the Bundle is
valid R4 as fhirclient reads it strictly, and it has exactly one Observation per step and day ticked,
dated the day, with the step's advice code and the plan's title."""

from __future__ import annotations

import json
from typing import Any

from fhirclient.models.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.core.voice import about_them_text
from backstride.diary.steps import diary_steps
from backstride.fhir import export_bundle
from backstride.fhir.export import TRIED_CODE

STEPS = diary_steps()
STAMP = "2026-11-20T09:00:00+00:00"

entry = st.builds(
    lambda i, pain, tried: {
        "id": i,
        "entry_date": f"2026-10-{i:02d}",
        "pain_0_10": pain,
        "walking_tolerance_min": None,
        "notes": "",
        "tried": tried,
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    st.integers(1, 28),
    st.integers(0, 10),
    st.lists(st.sampled_from(sorted(STEPS)), max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(entry, max_size=5, unique_by=lambda e: e["id"]))
def test_one_observation_per_step_and_day_ticked(entries: list[dict[str, Any]]) -> None:
    document = {
        "format": "backstride-export",
        "format_version": 4,
        "exported_at": STAMP,
        "package_version": "0.1.0",
        "notice": "This is not a diagnosis.",
        "assessments": [],
        "gait_recordings": [],
        "diary_entries": entries,
        "everyday_walking": [],
        "settings": {},
    }
    bundle = export_bundle(document)
    Bundle(json.loads(json.dumps(bundle)), strict=True)
    found = [
        (
            r["effectiveDateTime"],
            r["valueCodeableConcept"]["coding"][0]["code"],
            r["valueCodeableConcept"]["text"],
        )
        for r in (e["resource"] for e in bundle["entry"])
        if r.get("code", {}).get("coding", [{}])[0].get("code") == TRIED_CODE
    ]
    # the step's title said about the person, as the CarePlan's activity for it (review R4)
    titles = {code: about_them_text(step.name) for code, step in STEPS.items()}
    expected = [(e["entry_date"], c, titles[c]) for e in entries for c in dict.fromkeys(e["tried"])]
    assert found == expected

"""The relief steps tried on a diary day in the FHIR export (``backstride export fhir``, ``GET
/api/export/fhir``): one survey Observation per step ticked, dated the entry's day, with backstride's
code ``relief_step_tried`` and the step (its advice code and the plan's title, as the CarePlan's
activity writes it) as ``valueCodeableConcept``. The steps and days are the stored entries' (read back
from the database, on SQLite and PostgreSQL), every resource reads strictly as R4 (fhirclient), a
day without steps adds nothing, and an export without steps is the Bundle it was (the byte-for-byte
guard of test_fhir_report).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhirclient.models.bundle import Bundle
from fhirclient.models.observation import Observation
from tests.integration.test_fhir_report import FIXED_DOCUMENT, FIXED_SHA256

from backstride.core.errors import InputError
from backstride.diary.steps import CANNOT_SHOW
from backstride.fhir import CODE_SYSTEM, export_bundle
from backstride.fhir.export import TRIED_CODE
from backstride.knowledge import load_knowledge
from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DAYS: list[tuple[str, int, list[str]]] = [
    ("2026-11-16", 6, []),
    ("2026-11-17", 4, ["knee_to_chest", "heat_after_48h"]),
    ("2026-11-18", 5, ["slower_pace"]),
    ("2026-11-18", 3, ["heat_after_48h"]),  # a second entry the same day
    ("2026-11-19", 4, []),
]


def _tried(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == TRIED_CODE
    ]


def _filled(records: Records) -> Records:
    records = Records(records.db, clock=lambda: NOW)
    for day, pain, tried in DAYS:
        records.add_diary_entry(entry_date=day, pain_0_10=pain, tried=tried)
    return records


def test_each_step_ticked_is_an_observation_of_its_entrys_day(records: Records) -> None:
    records = _filled(records)
    bundle = export_bundle(records.export_all())
    found = _tried(bundle)
    stored = {
        (e.entry_date.isoformat(), code, f"diary_entry/{e.id}")
        for e in records.list_diary_entries()
        for code in e.tried
    }
    assert len(stored) == 4  # from the database: 2 + 1 + 1 steps on 3 entries
    got = {
        (
            r["effectiveDateTime"],
            r["valueCodeableConcept"]["coding"][0]["code"],
            r["identifier"][0]["value"].rsplit("/tried/", 1)[0],
        )
        for r in found
    }
    assert got == stored and len(found) == 4
    advice = load_knowledge().advice
    urls = {e["fullUrl"] for e in bundle["entry"]}
    for r in found:
        step = r["valueCodeableConcept"]["coding"][0]
        # the advice's code and title: what the CarePlan's activity for the same advice says
        assert step["system"] == CODE_SYSTEM and step["display"] == advice[step["code"]].title
        assert r["valueCodeableConcept"]["text"] == step["display"]
        assert r["status"] == "final" and r["category"][0]["coding"][0]["code"] == "survey"
        assert r["subject"]["reference"] in urls and r["performer"] == [r["subject"]]
        assert r["code"]["coding"][0]["system"] == CODE_SYSTEM
        assert "cannot show that a step helped" in r["note"][0]["text"]
        Observation(r, strict=True)  # reads strictly as R4
    Bundle(bundle, strict=True)
    heat = sorted(
        r["effectiveDateTime"] for r in found if "heat" in r["valueCodeableConcept"]["text"].lower()
    )
    assert heat == ["2026-11-17", "2026-11-18"]
    assert "cannot show" in CANNOT_SHOW  # the note says what the diary's caveat says


def test_the_steps_follow_their_entrys_pain_and_a_day_without_steps_adds_nothing(records: Records) -> None:
    records = _filled(records)
    bundle = export_bundle(records.export_all())
    names = [
        e["resource"]["identifier"][0]["value"] for e in bundle["entry"] if "identifier" in e["resource"]
    ]
    expected = []
    for entry in records.list_diary_entries():  # the steps as stored: in the plan's order
        expected += [
            f"diary_entry/{entry.id}/pain",
            *(f"diary_entry/{entry.id}/tried/{c}" for c in entry.tried),
        ]
    assert [n for n in names if n.startswith("diary_entry/")] == expected


def test_an_export_without_steps_is_the_bundle_it_was() -> None:
    text = json.dumps(export_bundle(FIXED_DOCUMENT), ensure_ascii=False, indent=1) + "\n"
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == FIXED_SHA256
    # a format-4 document whose entry ticked nothing gives the same resources as one without tried
    (entry,) = FIXED_DOCUMENT["diary_entries"]
    none = export_bundle({**FIXED_DOCUMENT, "format_version": 4, "diary_entries": [{**entry, "tried": []}]})
    assert _tried(none) == [] and _without_ids(none) == _without_ids(export_bundle(FIXED_DOCUMENT))
    some = export_bundle(
        {**FIXED_DOCUMENT, "format_version": 4, "diary_entries": [{**entry, "tried": ["cat_cow", "cat_cow"]}]}
    )
    (step,) = _tried(some)  # a step named twice is one Observation
    assert step["valueCodeableConcept"]["coding"][0]["display"] == "Cat-cow stretch"


def _without_ids(bundle: dict[str, Any]) -> str:
    """The Bundle as text with its document-made UUIDs numbered in order of appearance."""
    text = json.dumps(bundle, sort_keys=True)
    seen: dict[str, str] = {}
    for uid in re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text):
        seen.setdefault(uid, f"id{len(seen)}")
    for uid, name in seen.items():
        text = text.replace(uid, name)
    return text


@pytest.mark.parametrize(
    ("tried", "named"),
    [
        ("heat_after_48h", "diary_entries[0].tried is not a list"),
        ([3], "diary_entries[0].tried is not a list"),
    ],
)
def test_a_damaged_tried_is_refused_naming_it(tried: Any, named: str) -> None:
    (entry,) = FIXED_DOCUMENT["diary_entries"]
    document = {**FIXED_DOCUMENT, "format_version": 4, "diary_entries": [{**entry, "tried": tried}]}
    with pytest.raises(InputError, match=named.replace("[", r"\[").replace("]", r"\]")):
        export_bundle(document)


def test_the_api_export_has_the_persons_steps(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as web:
        day = {"entry_date": "2026-11-02", "pain_0_10": 4, "tried": ["walking_cane"]}
        assert web.post("/api/diary", json=day).status_code == 201
        exported = web.get("/api/export/fhir").json()
    (step,) = _tried(exported)
    assert step["effectiveDateTime"] == "2026-11-02"
    assert step["valueCodeableConcept"]["coding"][0]["code"] == "walking_cane"

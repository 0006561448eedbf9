"""walks.csv, bouts.csv and the FHIR bundle leave out what the pages do not judge (review 2026-11-28).

A pocket walk stored before the "tipped more than a pelvis" check keeps its speed, stride length and
distances in its stored summary. Its page, the walks list, the speed chart and the report say "not
judged", and walks.csv said ``used_by_checks: no``, yet walks.csv, bouts.csv and the FHIR summary still
gave its speed (0.99 m/s), stride length and distance as numbers. Now they are empty (null) and the walk
says why (walks.csv ``not_judged``, the FHIR summary's note), as for a pocket walk judged today. Real
files: a phone in a pocket (phyphox walk50, it tips about 73 degrees) and a lower-back lab sensor."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhirclient.models.bundle import Bundle
from tests.integration.test_walks_worn_at_shown import walks  # noqa: F401  (the three walks, stored)

from backstride.fhir.export import export_bundle
from backstride.services.records import Records
from backstride.services.tables import csv_table
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.settings import Settings


def _words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


LOWER_BACK = ("walking_speed_mps", "stride_length_m", "total_distance_m", "longest_bout_m")


@pytest.fixture(scope="module")
def document(walks: Any) -> Iterator[tuple[dict[str, Any], dict[str, int]]]:  # noqa: F811
    """A pocket walk, the same walk as stored before the tilt check (its speed 0.99 m/s, stride length
    and distances kept), and a lab walk at the lower back: the "all data" export of them."""
    url, ids, _ = walks
    db = Database(url)
    out = Records(db).export_all()
    db.dispose()
    old = next(w["result"] for w in out["gait_recordings"] if w["id"] == ids["old"])
    assert all(old["summary"][k] > 0 for k in ("walking_speed_mps", "stride_length_m", "total_distance_m"))
    assert old["walking_tolerance"]["longest_bout_m"] > 0  # stored, so exported before
    yield out, ids


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_walks_csv_leaves_out_an_old_pocket_walks_speed_stride_and_distances(document: Any) -> None:
    doc, ids = document
    rows = {row["walk_id"]: row for row in _rows(csv_table(doc, "walks"))}
    pocket, old, lab = (rows[str(ids[k])] for k in ("pocket", "old", "lab"))
    for row in (old, pocket):
        assert [row[c] for c in LOWER_BACK] == ["", "", "", ""], row
        assert row["used_by_checks"] == "no"
        assert "not worn at the lower back" in row["not_judged"] and "[D5]" in row["not_judged"]
        assert int(row["total_steps"]) > 0 and float(row["cadence_spm"]) > 0  # steps and times stay
        assert float(row["longest_bout_s"]) > 0
    assert all(float(lab[c]) > 0 for c in LOWER_BACK) and lab["not_judged"] == ""


def test_bouts_csv_leaves_them_out_too(document: Any) -> None:
    doc, ids = document
    rows = _rows(csv_table(doc, "bouts"))
    old = [r for r in rows if r["walk_id"] == str(ids["old"])]
    lab = [r for r in rows if r["walk_id"] == str(ids["lab"])]
    assert old and lab
    for row in old:
        assert (row["walking_speed_mps"], row["stride_length_m"], row["distance_m"]) == ("", "", ""), row
        assert float(row["cadence_spm"]) > 0
    assert all(float(r["walking_speed_mps"]) > 0 and float(r["distance_m"]) > 0 for r in lab)


def _walk_observations(bundle: dict[str, Any], walk_id: int) -> dict[str, dict[str, Any]]:
    name = f"gait_recording/{walk_id}"
    out = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        for ident in resource.get("identifier") or ():
            value = str(ident.get("value", ""))
            if value == name:
                out["summary"] = resource
            elif value.startswith(f"{name}/"):
                out[value[len(name) :]] = resource
    return out


def _codes(resource: dict[str, Any]) -> set[str]:
    return {c["code"]["coding"][0]["code"] for c in resource.get("component") or ()}


def test_the_fhir_bundle_leaves_them_out_and_says_why(document: Any) -> None:
    doc, ids = document
    bundle = export_bundle(doc)
    old = _walk_observations(bundle, ids["old"])
    lab = _walk_observations(bundle, ids["lab"])
    assert "summary" in old and "summary" in lab, list(old)
    gone = {"walking_speed_mps", "stride_length_m", "total_distance_m"}
    assert not gone & _codes(old["summary"]) and {"cadence_spm", "total_steps"} <= _codes(old["summary"])
    notes = " ".join(n["text"] for n in old["summary"].get("note") or ())
    assert "not worn at the lower back" in notes
    test = old.get("/walking_test")
    assert test is None or "longest_bout_m" not in _codes(test)
    assert gone <= _codes(lab["summary"])
    assert "not worn at the lower back" not in " ".join(n["text"] for n in lab["summary"].get("note") or ())


def test_an_old_pocket_walks_stored_gait_factors_are_not_judged_anywhere(document: Any, walks: Any) -> None:  # noqa: F811
    """Its stored verdicts (walk50: 'uneven steps' found, 40 %) went into walks.csv's gait_factors_found,
    the FHIR factor Observations and the walk page ('Found'), while its speed said 'not judged'. Now each
    factor is not judged there too, and says why (it tipped as no pelvis does), as a pocket walk judged
    today says it."""
    doc, ids = document
    stored = next(w["result"] for w in doc["gait_recordings"] if w["id"] == ids["old"])
    assert any(f["present"] is True for f in stored["gait_factors"])  # 'uneven_steps', as stored then
    rows = {row["walk_id"]: row for row in _rows(csv_table(doc, "walks"))}
    for key in ("old", "pocket"):
        assert (rows[str(ids[key])]["gait_factors_found"], rows[str(ids[key])]["gait_factor_sources"]) == (
            "",
            "",
        )
    bundle = export_bundle(doc)
    Bundle(bundle, strict=True)  # valid FHIR R4
    pocket = [v for k, v in _walk_observations(bundle, ids["pocket"]).items() if "/gait_factor/" in k]
    assert pocket and all("valueBoolean" not in r and "dataAbsentReason" in r for r in pocket)
    factors = {k: v for k, v in _walk_observations(bundle, ids["old"]).items() if "/gait_factor/" in k}
    assert len(factors) == len(stored["gait_factors"])
    for resource in factors.values():
        notes = " ".join(n["text"] for n in resource.get("note") or ())
        # not judged is no 'false' (it was, for a pocket walk judged today too): no value, and why
        assert "valueBoolean" not in resource and "component" not in resource, resource
        assert resource["dataAbsentReason"]["text"] == "Not judged"
        assert "Not judged: the sensor tipped forward and back about 73 degrees" in notes, notes
        assert "not_worn_at_lower_back" in notes
    url, _, _ = walks
    with TestClient(create_app(Settings(database_url=url))) as web:
        page = web.get(f"/walks/{ids['old']}").text  # the report's latest walk is this page's words
    habits = _words(page.split("Walking habits", 1)[1].split("</section>", 1)[0])
    assert "Found" not in habits and "Not found" not in habits and "40 %" not in habits, habits
    assert habits.count("Not judged: the sensor tipped") == len(stored["gait_factors"]), habits

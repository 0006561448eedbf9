"""The FHIR export's differential, as a clinician reads it in a record system: plain, accurate words
with the keys to check them.

Each prediction's rationale said "Probability before any answer: 0.1" beside a probabilityDecimal of
0.7947, with no word on what the number is: the engine scales every cause's odds so the probabilities
of all the causes weighed add up to 1, so it ranks causes; it is not a post-test probability a reader
can work out from the prior and the likelihood ratios listed (10% with these ratios gives about 61%,
not 79%). The rationale now says it, with the percentage the result page shows beside each decimal,
and a rule's floor as a floor (not as a "likelihood ratio ... set by judgement").

A CarePlan's advice graded ``supported_mechanism`` read "supported for this cause by how it works",
though a record names no cause there, and the advice may be given on an answer when the person's likely
cause is another: it now names the causes it is supported for, with their codes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import VIGNETTES

from backstride.fhir import export_bundle
from backstride.knowledge import load_knowledge
from backstride.services.records import Records
from backstride.services.wording import number
from backstride.storage.db import Database, sqlite_url


def _findings(vid: str) -> dict[str, Any]:
    for line in VIGNETTES.read_text("utf-8").splitlines():
        v = json.loads(line)
        if v["id"] == vid:
            return dict(v["findings"])
    raise LookupError(vid)


def _bundle(path: Path, *checks: tuple[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    records = Records(Database(sqlite_url(path)).migrate())
    for mode, vid in checks:
        check = records.start_assessment(mode)
        records.answer(check.id, _findings(vid))
        records.result(check.id)
    document = records.export_all()
    return document, export_bundle(document)


def _kind(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_a_predictions_rationale_says_what_its_probability_is(tmp_path: Path) -> None:
    document, bundle = _bundle(tmp_path / "d.sqlite3", ("clinician", "dev-002"))
    (risk,) = _kind(bundle, "RiskAssessment")
    conditions = document["assessments"][0]["result"]["conditions"]
    top, rationale = conditions[0], risk["prediction"][0]["rationale"]
    assert top["code"] == "lumbar_radiculopathy" and risk["prediction"][0]["probabilityDecimal"] == 0.7947
    assert rationale.startswith(
        f"Probability 79% (0.7947): this cause's share among the {len(conditions)} causes backstride "
        "weighs, whose probabilities add up to 100%. It ranks the causes against each other; it is not "
        "the chance of this cause on its own. Prior probability (before any answer): 10% (0.1). "
    )
    assert "each cause's odds were divided by the sum of all the causes' odds" in rationale
    assert (
        'Pain below the knee (pain_leg = "below_knee"): likelihood ratio 3.0 (set by judgement) [B13, B25]'
        in rationale
    )
    assert "Probability before any answer" not in rationale
    # what the text says is true: the shares add up to 100%, and the prior with the ratios is not it
    assert sum(p["probabilityDecimal"] for p in risk["prediction"]) == pytest.approx(1, abs=1e-3)
    odds = top["prior"] / (1 - top["prior"])
    for step in top["because"]:
        odds *= step["likelihood_ratio"]
    assert abs(odds / (1 + odds) - top["probability"]) > 0.1


def test_a_rules_floor_is_said_as_a_floor_not_a_likelihood_ratio(tmp_path: Path) -> None:
    document, bundle = _bundle(tmp_path / "c.sqlite3", ("person", "dev-016"))
    rules = load_knowledge().red_flag_rules
    conditions = document["assessments"][0]["result"]["conditions"]
    floors = [
        (i, step) for i, c in enumerate(conditions) for step in c["because"] if step["finding"] in rules
    ]
    assert floors, "dev-016 (sudden sciatica in both legs) fires a rule with a floor"
    (risk,) = _kind(bundle, "RiskAssessment")
    for i, step in floors:
        rule = rules[step["finding"]]
        rationale = risk["prediction"][i]["rationale"]
        assert (
            f"rule {rule.code} fired, so this cause's share was raised to the floor that rule sets, "
            in rationale
        )
        assert f"({rule.post_test_probability})" in rationale
        # the floor's note (a share among people referred with the signs) is said as where the floor
        # comes from, never beside "not the chance of this cause on its own" as a chance on its own
        assert (
            f"the rule takes that floor from “{rule.post_test_note}”; the floor is the lowest this cause's "
            "share can be among the causes weighed, not its chance on its own"
        ) in rationale
        assert f"{rule.post_test_probability})): {rule.post_test_note}" not in rationale
        assert f"({step['finding']} = true): likelihood ratio" not in rationale
        # the lift the floor needed, rounded as the result page's "LR 192.16", not 192.15975719631066
        lift = number(step["likelihood_ratio"], 2)
        assert f"(odds multiplied by {lift})" in rationale and str(step["likelihood_ratio"]) not in rationale
        for key in step["sources"]:
            assert key in rationale


def test_a_rationale_says_what_the_stored_result_said_not_the_knowledge_of_now(tmp_path: Path) -> None:
    """A result stored with an older knowledge base (its rule since renamed, its floor and note other)
    is said as it was worked out: the rationale read today's rules for its floor and note, and said a
    rule this knowledge does not have as a "likelihood ratio ... (set by judgement)"."""
    document, _ = _bundle(tmp_path / "k.sqlite3", ("person", "dev-016"))
    result = document["assessments"][0]["result"]
    current = load_knowledge().red_flag_rules["sudden_bilateral_sciatica"]
    for hit in result["red_flags"]:
        if hit["code"] == "sudden_bilateral_sciatica":
            hit["code"] = "RF_before_renamed"
    (cause,) = [c for c in result["conditions"] if c["code"] == "cauda_equina_syndrome"]
    (step,) = [s for s in cause["because"] if s["finding"] == "sudden_bilateral_sciatica"]
    step["finding"], step["note"], cause["probability"] = "RF_before_renamed", "Older note: 1 in 5.", 0.2
    document["assessments"][0]["knowledge_version"] = result["knowledge_version"] = "0.9.0"
    (risk,) = _kind(export_bundle(document), "RiskAssessment")
    (said,) = [
        p["rationale"] for p in risk["prediction"] if p["outcome"]["coding"][0]["code"] == cause["code"]
    ]
    assert (
        "rule RF_before_renamed fired, so this cause's share was raised to the floor that rule sets, "
        "20% (0.2)" in said
    )
    assert "the rule takes that floor from “Older note: 1 in 5.”" in said
    assert "(RF_before_renamed = true): likelihood ratio" not in said  # a floor, not an answer's ratio
    assert f"({current.post_test_probability})" not in said and str(current.post_test_note) not in said


def test_a_floor_not_found_among_people_referred_is_never_said_to_be(tmp_path: Path) -> None:
    """The cancer rule's floor is a share in primary care (its note: "In primary care, about 1 in 22
    ..."), not among people referred with the signs, which the rationale said of every floor: a
    clinician read a primary-care figure (and the artery rule's judgement floor) as a referral series."""
    records = Records(Database(sqlite_url(tmp_path / "cancer.sqlite3")).migrate())
    check = records.start_assessment("clinician")
    records.answer(check.id, {"history_of_cancer": True, "age_years": 45})
    result = records.result(check.id).result
    (cause,) = [c for c in result["conditions"] if c["code"] == "spinal_malignancy"]
    assert "cancer_history" in [s["finding"] for s in cause["because"]], "the cancer floor lifted it"
    (risk,) = _kind(export_bundle(records.export_all()), "RiskAssessment")
    (said,) = [
        p["rationale"] for p in risk["prediction"] if p["outcome"]["coding"][0]["code"] == "spinal_malignancy"
    ]
    rule = load_knowledge().red_flag_rules["cancer_history"]
    assert f"the rule takes that floor from “{rule.post_test_note}”" in said
    assert "referred" not in said
    assert "the floor is the lowest this cause's share can be among the causes weighed" in said
    records.db.dispose()


def test_advice_supported_by_how_it_works_names_the_causes(tmp_path: Path) -> None:
    _, bundle = _bundle(tmp_path / "s.sqlite3", ("person", "dev-005"))
    kb = load_knowledge()
    (plan,) = _kind(bundle, "CarePlan")
    graded = [
        (a["detail"]["code"]["coding"][0]["code"], a["progress"][0]["text"])
        for a in plan["activity"]
        if "(supported_mechanism)" in a.get("progress", [{}])[0].get("text", "")
    ]
    assert graded, "dev-005 (narrow spinal canal, eased by bending forward) gets such advice"
    for code, text in graded:
        assert "for this cause" not in text
        causes = kb.advice[code].for_conditions
        named = " and ".join(kb.conditions[c].name for c in causes)
        codes = " and ".join(causes)
        said = f"supported by how it works and by studies for {named}, codes {codes} (supported_mechanism)."
        assert f"Evidence: {said}" in text


def test_a_cause_no_answer_weighed_does_not_read_as_unchanged(tmp_path: Path) -> None:
    """A cause without a likelihood ratio among the answers kept its prior odds, but not its share:
    the others' odds moved it (dev-002: prior 5%, share 3%), so "No answer changed it" beside the two
    numbers read as a contradiction."""
    document, bundle = _bundle(tmp_path / "n.sqlite3", ("clinician", "dev-002"))
    (risk,) = _kind(bundle, "RiskAssessment")
    conditions = document["assessments"][0]["result"]["conditions"]
    untouched = [(c, p) for c, p in zip(conditions, risk["prediction"], strict=True) if not c["because"]]
    assert untouched, "dev-002 leaves some causes without a likelihood ratio"
    for condition, prediction in untouched:
        assert condition["probability"] != condition["prior"]  # what the words must not hide
        rationale = prediction["rationale"]
        assert "No answer changed it" not in rationale
        assert (
            "No answer has a likelihood ratio for this cause, so its odds stayed those of its prior; its "
            "share is those odds divided by the sum of all the causes' odds, so it moved as the others' "
            "odds did." in rationale
        )

"""Mimics stay visible: narrowed leg arteries are named while they cannot be excluded."""

from __future__ import annotations

from backstride import assess

STRONG_NERVE_PATTERN = {
    "age_years": 71,
    "worse_walking": True,
    "relief_sitting": True,
    "relief_flexion": True,
    "leg_symptoms_side": "both_sides",
}


def _cannot_exclude(findings: dict) -> list[str]:
    return [m["code"] for m in assess(findings).to_dict()["cannot_exclude"]]


def test_an_older_smoker_keeps_vascular_claudication_visible_despite_a_nerve_pattern():
    result = assess({**STRONG_NERVE_PATTERN, "smoker": True}).to_dict()
    assert result["conditions"][0]["code"] == "lumbar_spinal_stenosis"
    vascular = [m for m in result["cannot_exclude"] if m["code"] == "vascular_claudication"]
    assert vascular, "a 71-year-old smoker with walking leg pain must keep the arteries in view"
    assert "ankle" in vascular[0]["what_settles_it"]


def test_checked_foot_pulses_settle_it():
    findings = {**STRONG_NERVE_PATTERN, "smoker": True, "exam_pulses_reduced": False}
    assert "vascular_claudication" not in _cannot_exclude(findings)


def test_a_young_person_without_risk_factors_is_not_told_about_arteries():
    findings = {**STRONG_NERVE_PATTERN, "age_years": 35, "smoker": False, "diabetes": False}
    assert "vascular_claudication" not in _cannot_exclude(findings)

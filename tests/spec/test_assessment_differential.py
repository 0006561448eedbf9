"""The differential: calibrated probabilities with a because-trail (EVIDENCE.md B)."""

from __future__ import annotations

import math

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge


def test_every_condition_is_scored_and_probabilities_sum_to_one() -> None:
    a = evaluate({})
    assert {c.code for c in a.conditions} == set(load_knowledge().conditions)
    assert math.isclose(sum(c.probability for c in a.conditions), 1.0, abs_tol=1e-9)
    probs = [c.probability for c in a.conditions]
    assert probs == sorted(probs, reverse=True)


def test_no_answers_ranks_by_prior() -> None:
    a = evaluate({})
    assert a.conditions[0].code == "mechanical_gait_related"
    assert all(c.contributions == () for c in a.conditions)


def test_because_trail_shows_lr_and_log_odds_with_sources() -> None:
    a = evaluate({"no_pain_seated": True, "age_years": 75})
    lss = next(c for c in a.conditions if c.code == "lumbar_spinal_stenosis")
    entry = next(x for x in lss.contributions if x.finding == "no_pain_seated")
    assert entry.likelihood_ratio == 7.4
    assert math.isclose(entry.log_odds, math.log(7.4))
    assert entry.sources == ("B1",) and not entry.judgement
    assert "no_pain_seated" in lss.supporting and "B1" in lss.evidence


def test_evidence_against_is_listed() -> None:
    a = evaluate({"age_years": 45, "worse_walking": False})
    lss = next(c for c in a.conditions if c.code == "lumbar_spinal_stenosis")
    assert set(lss.against) >= {"age_years", "worse_walking"}


def test_bayes_worked_example_direction() -> None:
    """EVIDENCE.md worked example: flexion relief (LR 6.4) raises stenosis."""
    before = next(c for c in evaluate({"age_years": 65}).conditions if c.code == "lumbar_spinal_stenosis")
    after = next(
        c
        for c in evaluate({"age_years": 65, "relief_flexion": True}).conditions
        if c.code == "lumbar_spinal_stenosis"
    )
    assert math.isclose(after.log_odds - before.log_odds, math.log(6.4))
    assert after.probability > before.probability


def test_vascular_vs_neurogenic_single_best_question() -> None:
    """Calf pain relieved just by standing still -> vascular (LR 20, [B8])."""
    a = evaluate(
        {"age_years": 68, "pain_calf_main": True, "relief_standing_still": True, "worse_walking": True}
    )
    assert a.conditions[0].code == "vascular_claudication"


def test_vascular_mimic_stays_visible_until_settled() -> None:
    lss_like = {
        "age_years": 72,
        "smoker": True,
        "leg_symptoms_side": "both_sides",
        "worse_walking": True,
        "relief_sitting": True,
        "leg_cramping": True,
    }
    a = evaluate(lss_like)
    assert a.conditions[0].code == "lumbar_spinal_stenosis"
    mimic = next(m for m in a.mimics if m.condition == "vascular_claudication")
    assert "ankle-brachial index" in mimic.what_settles_it and "pulses" in mimic.what_settles_it
    settled = evaluate({**lss_like, "exam_pulses_reduced": False, "exam_abi_low": False})
    assert all(m.condition != "vascular_claudication" for m in settled.mimics)


def test_red_flag_floor_keeps_cauda_equina_in_view() -> None:
    """A CES sign puts CES at least at the referral confirmation rate (7.5-22%, [A11][A12][A17])."""
    a = evaluate({"age_years": 40, "pain_low_back": True, "pain_leg": "none", "urinary_retention": True})
    ces = next(c for c in a.conditions if c.code == "cauda_equina_syndrome")
    assert ces.probability >= 0.15 - 1e-9
    assert [c.code for c in a.conditions[:3]].count("cauda_equina_syndrome") == 1


# Textbook pictures from EVIDENCE.md B.10 (not the dev vignettes): the leading cause and disposition.
PICTURES = [
    (
        "outer hip, woman 52 [B20]",
        {
            "age_years": 52,
            "sex": "female",
            "pain_outer_hip": True,
            "worse_walking": True,
            "pain_leg": "above_knee",
            "leg_symptoms_side": "one_side",
        },
        "greater_trochanteric_pain",
        "routine",
    ),
    (
        "groin, hip rotation, 68 [B19]",
        {"age_years": 68, "pain_groin": True, "worse_walking": True, "pain_hip_rotation": True},
        "hip_osteoarthritis",
        "routine",
    ),
    (
        "inflammatory, 24 [A25][A26]",
        {
            "age_years": 24,
            "morning_stiffness_long": True,
            "better_with_exercise": True,
            "duration_weeks": 20,
            "pain_low_back": True,
        },
        "axial_spondyloarthritis",
        "routine",
    ),
    (
        "Cook cluster [B5]",
        {
            "age_years": 66,
            "leg_symptoms_side": "both_sides",
            "worse_walking": True,
            "worse_standing": True,
            "relief_sitting": True,
        },
        "lumbar_spinal_stenosis",
        "routine",
    ),
    (
        "disc sciatica [B25]",
        {
            "age_years": 35,
            "pain_leg": "below_knee",
            "leg_symptoms_side": "one_side",
            "worse_cough_sneeze": True,
            "worse_sitting": True,
        },
        "lumbar_radiculopathy",
        "routine",
    ),
    (
        "deep buttock [B11]",
        {
            "age_years": 40,
            "pain_buttock": "one_side",
            "buttock_tender": True,
            "worse_sitting": True,
            "pain_low_back": False,
        },
        "piriformis_syndrome",
        "self_care",
    ),
    (
        "back only, 75, a week [A3]",
        {
            "age_years": 75,
            "pain_low_back": True,
            "worse_walking": True,
            "pain_leg": "none",
            "duration_weeks": 1,
        },
        "mechanical_gait_related",
        "self_care",
    ),
]


def test_textbook_pictures_lead_with_the_expected_cause() -> None:
    for label, findings, cause, disposition in PICTURES:
        a = evaluate(findings)
        assert (a.conditions[0].code, a.disposition) == (cause, disposition), label


def test_an_age_between_whole_years_counts_on_the_side_it_is_on() -> None:
    # found in review: "Age under 60" was stored as age <= 59 and "Under 50" as <= 49, so 59.5 (the
    # web form and the terminal take decimals) was neither under 60 nor 60-or-over for stenosis
    def ratios(age: float, condition: str) -> list[float]:
        score = next(c for c in evaluate({"age_years": age}).conditions if c.code == condition)
        return [c.likelihood_ratio for c in score.contributions if c.finding == "age_years"]

    assert ratios(59.5, "lumbar_spinal_stenosis") == ratios(59, "lumbar_spinal_stenosis") == [0.4]
    assert ratios(60, "lumbar_spinal_stenosis") == []
    assert ratios(49.5, "vascular_claudication") == ratios(49, "vascular_claudication") == [0.3]
    assert ratios(50, "vascular_claudication") == []

"""A positive straight-leg raise (or crossed straight-leg raise) never lowers the disposition.

Found in review: the raise lowered sacroiliac joint pain and stenosis (both a routine visit) but not
non-specific mechanical back pain (self-care), so with sacroiliac tests positive and a positive raise
the result fell from a visit to self-care (dev-028's findings with the raise positive). A positive
raise is a nerve-root sign [B13]: it argues against non-specific pain (which has no nerve signs
[B18]), and a nerve-root sign found on examination is a routine review (EVIDENCE.md A.9: a
radiculopathy without deficit is a routine visit). The ranking of causes may still change (a disc
cause rises); the disposition never drops, here or in thousands of random answer sets.
"""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from tests.conftest import VIGNETTES

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge

SIGNS = ("exam_slr_positive", "exam_crossed_slr_positive")
SIJ = {
    "age_years": 34,
    "sex": "female",
    "pain_low_back": True,
    "pain_buttock": "one_side",
    "worse_walking": True,
    "pain_leg": "none",
    "exam_si_provocation_3plus": True,
    "exam_hip_ir_limited": False,
}


def rank(findings: dict) -> int:
    return DISPOSITION_RANK[evaluate(findings).disposition]


@pytest.mark.parametrize("sign", SIGNS)
def test_a_positive_raise_keeps_the_sacroiliac_case_at_a_visit(sign: str) -> None:
    assert evaluate(SIJ).disposition == "routine"
    after = evaluate({**SIJ, sign: True})
    assert after.disposition == "routine"  # was self-care: mechanical back pain led
    assert "nerve_root_sign_on_examination" in {h.code for h in after.escalations}
    hit = next(h for h in after.escalations if h.code == "nerve_root_sign_on_examination")
    assert "B13" in hit.sources and sign in hit.findings


def test_a_positive_raise_counts_against_non_specific_back_pain() -> None:
    before = {c.code: c for c in evaluate(SIJ).conditions}
    after = {c.code: c for c in evaluate({**SIJ, "exam_slr_positive": True}).conditions}
    assert after["lumbar_radiculopathy"].probability > before["lumbar_radiculopathy"].probability
    assert after["mechanical_gait_related"].probability < before["mechanical_gait_related"].probability


def _vignette_findings() -> list[dict]:
    return [json.loads(line)["findings"] for line in VIGNETTES.read_text().splitlines() if line.strip()]


def sign_ages(kb) -> frozenset[str]:
    """The answers that say a foot drop, weakness or unsteady walk is old (their rules' long-standing
    clauses read them, so a yes lowers a visit today on purpose): the one answer for all three of
    knowledge 1.18.0 and the answers per sign that replaced it in 1.20.0."""
    return frozenset({"leg_signs_long_standing", *kb.findings["leg_signs_long_standing"].replaced_by})


def _random_findings(n: int, seed: int = 11, *, sign_ages: bool = False) -> list[dict]:
    kb = load_knowledge()
    rng = random.Random(seed)
    # every finding but the answers per sign that replaced leg_signs_long_standing (1.20.0): it is
    # drawn and stands for them, so the draws and what they mean are those of 1.19.0 (``sign_ages``:
    # each sign's own answer is drawn too)
    replaced = () if sign_ages else kb.findings["leg_signs_long_standing"].replaced_by
    # every other yes/no finding is drawn, warning signs added since too (1.25.0: a foot short of blood;
    # review R9: leaving it out meant no random set ever held it)
    bools = sorted(
        c for c, d in kb.findings.items() if d.kind == "bool" and c not in SIGNS and c not in replaced
    )
    enums = sorted(c for c, d in kb.findings.items() if d.kind == "enum")
    numbers = sorted(c for c, d in kb.findings.items() if d.kind == "number")
    out = []
    for _ in range(n):
        f: dict = {c: rng.random() < 0.4 for c in rng.sample(bools, rng.randint(1, 12))}
        for c in rng.sample(enums, rng.randint(0, len(enums))):
            f[c] = rng.choice(kb.findings[c].values)
        for c in rng.sample(numbers, rng.randint(0, len(numbers))):
            d = kb.findings[c]
            f[c] = float(round(rng.uniform(d.min, min(d.max, 100.0))))
        out.append(f)
    return out


def test_a_positive_raise_never_lowers_the_disposition() -> None:
    cases = _vignette_findings() + _random_findings(1500)
    dropped = []
    for findings in cases:
        base = {k: v for k, v in findings.items() if k not in SIGNS}
        before = rank(base)
        for sign in SIGNS:
            if rank({**base, sign: True}) < before:
                dropped.append((sign, base))
    assert not dropped, dropped[:3]


# Long-term steroids, severe pain, leg pain: a broken bone is more likely than not (56%), a visit
# today. A low ankle-brachial index (narrowed arteries, which explain the leg pain) says nothing
# about the bone, but lowered it to 49% by raising another cause, and the result to a routine visit.
# Pain in one buttock since knowledge 1.26.0 (it was both): "Neither leg" beside pain in both buttocks
# no longer counts against a narrowed canal, which then holds the bone at 44%, below a visit today
# (until 1.28.1: a serious cause is now judged on its own evidence, and both buttocks keep it urgent,
# tests/property/test_serious_cause_own_evidence.py).
STEROIDS = {
    "vascular_disease": True,
    "cycling_tolerated": False,
    "long_term_steroids": True,
    "sway_back": True,
    "trend": "improving",
    "pain_leg": "below_knee",
    "leg_symptoms_side": "none",
    "pain_buttock": "one_side",
    "pain_severity_nrs": 9.0,
}


@pytest.mark.parametrize("sign", ["exam_abi_low", "exam_romberg_positive", "exam_pulses_reduced"])
def test_a_test_of_another_cause_keeps_a_likely_broken_bone_urgent(sign: str) -> None:
    assert evaluate(STEROIDS).disposition == "urgent"
    after = evaluate({**STEROIDS, sign: True})
    assert after.disposition == "urgent"  # was routine for the low ankle-brachial index
    assert "condition:vertebral_fracture" in after.disposition_because


def test_a_positive_examination_test_never_lowers_the_disposition() -> None:
    kb = load_knowledge()
    exams = sorted(c for c, d in kb.findings.items() if d.group == "examination" and d.kind == "bool")
    dropped = []
    for findings in _vignette_findings() + _random_findings(400, seed=3):
        base = {k: v for k, v in findings.items() if k not in exams}
        before = rank(base)
        dropped += [(sign, base) for sign in exams if rank({**base, sign: True}) < before]
    assert not dropped, dropped[:3]


# Found by these draws once every finding was in them: 95, one buttock, pain below the knee, getting
# better, mild. Stenosis led (a routine visit); the calf as the worst place lowered stenosis and raised
# narrowed arteries (6% to 21%), a mild improving sciatica took the lead at 22% and its self-care rule
# gave self-care. The rule now needs the calf not to be the worst place (judgement [B8, B9]).
OLD_MAN = {
    "age_years": 95.0,
    "sex": "male",
    "pain_leg": "below_knee",
    "trend": "improving",
    "pain_buttock": "one_side",
    "duration_weeks": 36.0,
    "walking_tolerance_min": 26.0,
    "height_cm": 80.0,
    "pain_severity_nrs": 4.0,
    "extension_sport": False,
}


def test_calf_pain_keeps_a_95_year_old_at_a_visit() -> None:
    assert evaluate(OLD_MAN).disposition == "routine"
    after = evaluate({**OLD_MAN, "pain_calf_main": True})
    assert after.disposition == "routine"  # was self-care
    # the sciatica's self-care rule needs the calf not to be the worst place (1.19.0), and since
    # 1.23.0 the calf is a reason for a routine visit of its own (calf_walking_pain)
    assert after.disposition_because == ("calf_walking_pain", "condition:lumbar_radiculopathy")
    arteries = next(c for c in after.conditions if c.code == "vascular_claudication")
    assert arteries.probability > 0.15  # near the lead, and it needs a visit
    # a mild, improving sciatica in one leg is still self-care when the calf is not the worst place;
    # with it, the arteries need checking at a visit
    one_leg = {**OLD_MAN, "leg_symptoms_side": "one_side"}
    assert evaluate({**one_leg, "pain_calf_main": False}).disposition == "self_care"
    assert evaluate({**one_leg, "pain_calf_main": True}).disposition == "routine"


def test_calf_pain_as_the_worst_place_never_lowers_the_disposition() -> None:
    # found trying every yes-answer after the straight-leg raise: the calf as the worst place lowered
    # stenosis (a visit) but not non-specific back pain (self-care), which stays in the back or upper
    # buttock [B18]; calf pain is typical of narrowed arteries (a visit) [B8, B9]
    dropped = []
    for findings in _random_findings(800, seed=7):
        base = {k: v for k, v in findings.items() if k != "pain_calf_main"}
        if rank({**base, "pain_calf_main": True}) < rank(base):
            dropped.append(base)
    assert not dropped, dropped[:2]


# Long-term steroids with a positive straight-leg raise: a broken bone is more likely than not (52%
# then; 48% as weighed for the level, since 1.23.0), a visit today. A second positive test that says
# nothing about the bone (a crossed raise, the FAIR test, weak foot pulses) lowered it to routine:
# "weighed without the tests that say nothing about it" also took away what the first raise said
# against other causes (non-specific pain, LR 0.4), which had made the bone likelier. Found in review
# trying a second examination test.
# Pain in one leg: the raise "reproduces leg pain" and the legs "feel heavy", which "Neither leg"
# (no leg has pain, numbness or heaviness) contradicts; the interview never gives that set (the raise
# is asked only with leg pain, docs/knowledge-base.md "Settled by the clinical lead" 7). With "Neither
# leg" the engine reads "no leg pain" too (assessment.read_answers), as every interface does.
STEROIDS_RAISE = {
    "long_term_steroids": True,
    "significant_trauma": False,
    "exam_slr_positive": True,
    "relief_standing_still": True,
    "relief_lying": True,
    "leg_heaviness": True,
    "no_pain_seated": False,
    "worse_uphill": False,
    "foot_drop": False,
    "diabetes": False,
    "buttock_tender": False,
    "exam_hip_ir_limited": False,
    "leg_symptoms_side": "one_side",
}


@pytest.mark.parametrize("sign", ["exam_crossed_slr_positive", "exam_fair_positive", "exam_pulses_reduced"])
def test_a_second_test_of_another_cause_keeps_a_likely_broken_bone_urgent(sign: str) -> None:
    assert evaluate(STEROIDS_RAISE).disposition == "urgent"
    after = evaluate({**STEROIDS_RAISE, sign: True})
    assert after.disposition == "urgent"  # was routine
    assert "condition:vertebral_fracture" in after.disposition_because


def test_a_further_positive_examination_test_never_lowers_the_disposition() -> None:
    # as above, but the answer sets keep their own positive tests: a test added to another
    kb = load_knowledge()
    exams = sorted(c for c, d in kb.findings.items() if d.group == "examination" and d.kind == "bool")
    rng = random.Random(5)
    dropped = []
    for findings in _random_findings(300, seed=5):
        base = {k: v for k, v in findings.items() if k not in exams}
        base.update(dict.fromkeys(rng.sample(exams, rng.randint(1, 3)), True))
        before = rank(base)
        added = [sign for sign in exams if sign not in base]
        dropped += [(sign, base) for sign in added if rank({**base, sign: True}) < before]
    assert not dropped, dropped[:3]


# A big fall long ago, 78, sudden severe pain, a measurable weakness and a Romberg test: a broken bone
# just more likely than not (50%), a visit today. Weak foot pulses (nothing about the bone) fire the
# artery check, whose 5% floor for narrowed arteries lowered the bone to 48% and the result to a
# routine visit: the floor is set by that test alone, so it is left out like the test's own ratios.
# Since knowledge 1.28.0 "Neither leg" and "walking does not bring it on" count B1's "neurogenic
# claudication absent" once, so standing still does not bring it on either ([B8], a narrowed canal
# x0.3), which holds the bone at 50% as before.
OLD_FALL = {
    "significant_trauma": True,
    "onset": "sudden",
    "duration_weeks": 55.0,
    "trend": "improving",
    "age_years": 78.0,
    "sex": "male",
    "pain_severity_nrs": 8.0,
    "immunosuppressed": True,
    "exam_weakness_myotomal": True,
    "leg_signs_long_standing": True,  # the weakness is old too (knowledge 1.18.0): its rule is routine
    "exam_romberg_positive": True,
    "exam_fair_positive": False,
    "worse_walking": False,
    "worse_standing": False,  # since knowledge 1.28.0: B1's "no walking symptoms" counts once (below)
    "pain_leg": "none",
    "pain_buttock": "none",
    "leg_symptoms_side": "none",
}


def test_a_floor_set_by_a_test_of_another_cause_keeps_a_likely_broken_bone_urgent() -> None:
    # weighed without the broken bone's long-standing clause (knowledge 1.15.0): with it, a fall more
    # than 3 months ago whose pain is getting better is a routine check whatever the tests say
    # (tests/knowledge/test_long_standing_serious_lead.py); the floors are weighed the same either way
    kb = dataclasses.replace(load_knowledge(), long_standing_checks={})
    assert evaluate(OLD_FALL).disposition == "routine"
    assert evaluate(OLD_FALL, kb).disposition == "urgent"
    after = evaluate({**OLD_FALL, "exam_pulses_reduced": True}, kb)
    assert "artery_signs" in {h.code for h in after.escalations}
    assert after.disposition == "urgent"  # was routine
    assert "condition:vertebral_fracture" in after.disposition_because
    # with cold pale feet the artery check fires without the test: its floor stays, the bone is 48%
    cold = {**OLD_FALL, "cold_pale_feet": True}
    assert evaluate(cold, kb).disposition == evaluate({**cold, "exam_pulses_reduced": True}, kb).disposition


def test_the_artery_floor_from_cold_feet_keeps_a_likely_broken_bone_urgent() -> None:
    # cold pale feet fire the same artery check: its 5% floor keeps narrowed arteries in view and
    # says nothing against the bone, but lowered it below one in two and the result to routine
    after = evaluate({**STEROIDS_RAISE, "cold_pale_feet": True})
    assert "artery_signs" in {h.code for h in after.escalations}
    assert after.disposition == "urgent"  # was routine
    assert "condition:vertebral_fracture" in after.disposition_because

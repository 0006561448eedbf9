"""When one more symptom is answered yes, how often does the result fall from a visit to self-care?

Answer sets with no warning sign: a yes to a symptom may point to a cause cared for at home, and the
result may then fall from a routine visit to self-care. That is right when the symptom is a sign of
the home-care cause or against the cause that needed the visit; it is wrong when the lead changes on
evidence no source gives. Knowledge 1.16.0 took out the largest wrong group: "just standing still
relieves it" counted against stenosis (LR 0.4, judgement) with no ratio for non-specific back pain,
so with leg pain that was not in the calf the lead went to back pain managed at home (34 of the 140
falls of a scan over 3,000 random sets, unanswered or no -> yes). Nadeau's figure is for calf pain
relieved by standing still (LR+ 20 for narrowed arteries); each single attribute is weakly valid on
its own [B8], so the 0.4 now needs the calf to be the worst place. The sign still counts for narrowed
arteries (ECQ item, LR 2.5 [B9]). The groups left, and why each is allowed, are listed below.
"""

from __future__ import annotations

import collections

import pytest
from tests.knowledge.test_positive_sign_never_lowers import _random_findings, sign_ages

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge

MECHANICAL = "mechanical_gait_related"
PIRIFORMIS = "piriformis_syndrome"
NERVE_ROOT = "lumbar_radiculopathy"
# A fall is allowed for one of two reasons, each tied to one cause, never to the draw: the symptom is
# a sign of the cause that leads after (and that cause is cared for at home), or it counts against
# the cause that set the visit. Until review R9 (knowledge 1.25.2) the list named whole (symptom,
# before, after) groups, so a new finding that shifted the random draws (foot_rest_pain_or_sore)
# met two groups of a listed kind and failed, and was left out of the draws; other seeds met more.
# (symptom, cause after) -> why its yes may hand the lead to that cause
SIGN_OF = {
    # a yes to lower back pain fits non-specific pain, which stays in the back [B18]; stenosis and a
    # nerve root are led by leg pain worse than back pain [B5, B25]: only near-ties fall (LR 1.5)
    ("pain_low_back", MECHANICAL): "back pain fits mechanical pain [B18]",
    # walking bringing the pain on fits pain that comes with walking ("no" counts against it [B18])
    ("worse_walking", MECHANICAL): "walking-related pain fits mechanical gait pain [B18]",
    # a tender buttock, pain turning the hip and pain sitting are features of piriformis syndrome
    # [B11], which EVIDENCE.md B.5 cares for at home or at a routine visit
    ("buttock_tender", PIRIFORMIS): "a piriformis feature [B11]",
    ("pain_hip_rotation", PIRIFORMIS): "a piriformis feature [B11]",
    ("worse_sitting", PIRIFORMIS): "a piriformis feature [B11]",
    # coughing or bending forward sends pain down the leg: nerve-root signs [B25]; a mild, improving
    # sciatica is cared for at home (EVIDENCE.md B.4)
    ("worse_cough_sneeze", NERVE_ROOT): "a nerve-root sign [B25]",
    ("worse_bending_forward", NERVE_ROOT): "a nerve-root sign [B25]",
}
# (symptom, cause before) -> why its yes counts against the cause that set the visit
AGAINST = {
    # inflammatory back pain eases with activity: walking making it worse argues against it [A25]
    ("worse_walking", "axial_spondyloarthritis"): "inflammatory pain eases walking [A25]",
    # outer hip pain is more like tendon pain than hip arthritis (LR 0.7 [B20])
    ("pain_outer_hip", "hip_osteoarthritis"): "outer hip pain is less like arthritis [B20]",
    # worse uphill: stenosis is often easier uphill, leaning forward (EVIDENCE.md B.2 table)
    ("worse_uphill", "lumbar_spinal_stenosis"): "stenosis is often easier uphill (B.2)",
    # disc sciatica is usually worse sitting, so relief or no pain seated argues against it [B25]
    ("relief_sitting", NERVE_ROOT): "disc sciatica is usually worse sitting [B25]",
    ("no_pain_seated", NERVE_ROOT): "disc sciatica is usually worse sitting [B25]",
    # pain that standing still brings on is not artery pain, which never starts at rest [B9, B8]
    ("worse_standing", "vascular_claudication"): "artery pain never starts standing still [B9, B8]",
    # back pain is not part of narrowed leg arteries [B8]
    ("pain_low_back", "vascular_claudication"): "back pain is not part of PAD [B8]",
}
#: falls in the sample below (3,000 sets, seed 5) at knowledge 1.30.0, the draws with every finding:
#: 31, all in the allowed groups. 1.30.0: "Neither leg" no longer also counts as "no leg pain" against
#: a narrowed canal, so one more set led by it falls to mechanical pain with a yes to worse uphill,
#: which argues against the canal (B.2). 30 at 1.29.0, which adds the warning sign
#: sudden_pain_with_faintness: it is drawn, which shifts every later draw, and set "no" in every set
#: here, so no answer's meaning changed. 24 at 1.25.2; 28 at 1.23.0 without foot_rest_pain_or_sore;
#: 32 at 1.19.0-1.22.1 (since 1.23.0 walking pain worst in the calf is a routine visit of its own,
#: calf_walking_pain); 24 at 1.16.0
MAX_FALLS = 31


def _falls(count: int = 3000, seed: int = 5) -> collections.Counter[tuple[str, str, str]]:
    kb = load_knowledge()
    warning = {c for c, d in kb.findings.items() if d.group == "red_flags"}
    # a leg sign's age is no symptom: it is the answer a warning sign's long-standing clause reads, and
    # its yes lowers a visit today on purpose (tests/knowledge/test_leg_signs_long_standing.py)
    symptoms = sorted(
        c
        for c, d in kb.findings.items()
        if d.kind == "bool"
        and d.group not in ("red_flags", "examination", "gait_and_posture")
        and c not in sign_ages(kb)
    )
    falls: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for findings in _random_findings(count, seed=seed):
        base = {**findings, **dict.fromkeys(warning, False)}  # no warning sign
        before = evaluate(base)
        for code in symptoms:
            if base.get(code) is False:  # no -> yes
                after = evaluate({**base, code: True})
                if DISPOSITION_RANK[after.disposition] < DISPOSITION_RANK[before.disposition]:
                    why = (before.disposition_because[-1], after.disposition_because[-1])
                    falls[(code, *(c.removeprefix("condition:") for c in why))] += 1
    return falls


def _allowed(fall: tuple[str, str, str]) -> bool:
    code, before, after = fall
    return (code, after) in SIGN_OF or (code, before) in AGAINST


def test_a_symptom_yes_lowers_the_level_only_in_the_allowed_groups() -> None:
    falls = _falls()
    assert all(map(_allowed, falls)), sorted(f for f in falls if not _allowed(f))
    assert sum(falls.values()) <= MAX_FALLS, falls


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_allowed_groups_hold_for_other_draws(seed: int) -> None:
    # the list holds for reasons, not for one draw: other seeds meet only the same kinds
    falls = _falls(1500, seed)
    assert all(map(_allowed, falls)), sorted(f for f in falls if not _allowed(f))


def test_every_allowed_reason_is_in_the_knowledge() -> None:
    # each reason is a likelihood ratio the knowledge holds: a yes (or no) to the symptom raises the
    # cause it is a sign of, or lowers the cause it counts against
    conditions = load_knowledge().conditions

    def moves(code: str, cause: str) -> set[bool]:  # True: a yes raises the cause; False: lowers it
        lrs = [x for x in conditions[cause].likelihood_ratios if x.finding == code]
        return {(x.lr > 1) == (x.value is True) for x in lrs if x.lr != 1 and x.requires is None}

    assert all(moves(code, cause) == {True} for code, cause in SIGN_OF), SIGN_OF
    assert all(moves(code, cause) == {False} for code, cause in AGAINST), AGAINST


# One of the 34: leg pain above the knee in both legs, better bending forward; a yes to "just
# standing still relieves it" took stenosis from 39% to 19% and the result to self-care.
BOTH_LEGS = {
    "exam_si_provocation_3plus": True,
    "no_pain_seated": False,
    "leg_symptoms_side": "both_sides",
    "pain_leg": "above_knee",
    "sex": "male",
    "trend": "stable",
    "pain_buttock": "both_sides",
    "duration_weeks": 3.0,
}


def test_relief_standing_still_without_calf_pain_keeps_the_visit() -> None:
    kb = load_knowledge()
    no_warning = dict.fromkeys((c for c, d in kb.findings.items() if d.group == "red_flags"), False)
    base = {**BOTH_LEGS, **no_warning}
    assert evaluate(base).disposition == "routine"
    after = evaluate({**base, "relief_standing_still": True})
    assert after.disposition == "routine"  # was self-care
    arteries = next(c for c in after.conditions if c.code == "vascular_claudication")
    raised = [x for x in arteries.contributions if x.finding == "relief_standing_still"]
    assert raised and raised[0].likelihood_ratio > 1


def test_with_calf_pain_it_still_counts_against_stenosis() -> None:
    base = {**BOTH_LEGS, "pain_calf_main": True}
    before = {c.code: c.probability for c in evaluate(base).conditions}
    after = {c.code: c.probability for c in evaluate({**base, "relief_standing_still": True}).conditions}
    assert after["lumbar_spinal_stenosis"] < before["lumbar_spinal_stenosis"]
    assert after["vascular_claudication"] > 2 * before["vascular_claudication"]

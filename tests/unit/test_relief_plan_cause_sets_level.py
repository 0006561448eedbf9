"""The plan says which cause set how soon to get help when it is not plain from the ranking.

Since knowledge 1.13.0 the level is weighed without the gait and posture answers (they count for the
ranking only), so a cause that needs a visit can keep it while another is ranked first; and a serious
cause likely enough sets a visit today with no warning rule. The result said "Book a visit" under a
first cause that needs none, or "See a doctor today" with no reason at all.
"""

from __future__ import annotations

import re

from tests.knowledge.test_positive_sign_never_lowers import SIJ, STEROIDS_RAISE

from backstride import assess
from backstride.fhir.export import _see_clinician_sources
from backstride.knowledge import load_knowledge
from backstride.relief.plan import cause_setting_level


def test_a_cause_ranked_second_that_keeps_the_visit_is_named_with_its_sources() -> None:
    result = assess({**SIJ, "long_strides": True, "flat_feet": True})
    d = result.to_dict()
    assert d["disposition"] == "routine" and d["conditions"][0]["code"] == "mechanical_gait_related"
    said = d["plan"]["see_clinician"]
    assert re.search(
        r"Why: Sacroiliac joint pain .* may still be the cause \(about \d+%\), and it needs a visit", said
    )
    assert "even though mechanical back pain loaded by walking is more likely [B17]." in said
    # the hint is the cause's that needs the visit
    assert "pelvic tests" in said
    keys = _see_clinician_sources(d, load_knowledge())
    assert "B17" in keys


def test_a_likely_broken_bone_says_why_a_doctor_today() -> None:
    d = assess(STEROIDS_RAISE).to_dict()
    assert d["disposition"] == "urgent" and not d["red_flags"]
    said = d["plan"]["see_clinician"]
    assert (
        "Why: Broken bone in the spine is the most likely cause (about 52%), and it needs a doctor today [A"
        in said
    )


def test_nothing_is_added_when_the_first_cause_or_a_rule_sets_the_level() -> None:
    plain = assess(SIJ)
    assert plain.to_dict()["disposition"] == "routine"
    assert cause_setting_level(plain.assessment) is None and "Why:" not in plain.plan.see_clinician
    ruled = assess({**SIJ, "fever": True, "age_years": 40})
    assert ruled.to_dict()["red_flags"] and "Why:" not in ruled.plan.see_clinician

"""``warning_now`` (what a check's answers already mean, where no result is shown: Home, the report's
later checks) calls for help exactly when the engine does: emergency or a doctor today, at the same
level. It works no result out, but it must never say less than the result would; a new-user test
(2026-11-27) found a likely serious cause that set "see a doctor today" with no warning rule, which
the warning rules alone never said."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from tests.property.test_interview_foresight import findings_strategy

from backstride.assessment import evaluate
from backstride.services import interview
from backstride.services.interview import warning_now

# a broken bone in the spine more likely than not: a visit today, though no rule sets it [A3]
THIN_BONES_ON_STEROIDS = {"osteoporosis": True, "long_term_steroids": True, "night_pain": False}


# Steroids with "Neither leg" and the leg's pain not given: the engine alone weighed the leg's pain as
# unknown (a broken bone 51 %, a visit today), but a check's result reads "Neither leg" as "the pain
# does not go down a leg", the answer the interview no longer asks (questions 1.4.0; 43 %, routine).
# The test compared the engine alone and failed with --hypothesis-seed=5 (2026-11-27); since then the
# engine reads it so itself (assessment.read_answers), and the test compares the engine alone again.
STEROIDS_NEITHER_LEG = {
    "long_term_steroids": True,
    "leg_symptoms_side": "none",
    "night_pain": False,
    "age_years": 0.0,
    "abdominal_pulsation": False,
    "morning_stiffness_long": False,
    "pain_low_back": False,
    "better_with_exercise": False,
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings=findings_strategy)
@example(findings=THIN_BONES_ON_STEROIDS)
@example(findings=STEROIDS_NEITHER_LEG)
def test_warning_now_calls_for_help_when_the_engine_does(findings: dict[str, Any]) -> None:
    # the level a check's result gives these answers: with what they already answer (read_answers)
    level = evaluate(findings).disposition
    warning = warning_now(findings)
    if level not in ("emergency", "urgent"):
        assert warning is None
        return
    assert warning is not None and warning["disposition"] == level
    # and it says why: a rule at that level, or the cause that set it, each with its sources
    reasons = [*warning["red_flags"], *([warning["cause"]] if warning["cause"] else [])]
    assert reasons and all(r["message"] and r["sources"] for r in reasons)


def test_a_likely_serious_cause_is_said_with_its_reason_and_sources() -> None:
    assert not [h for h in interview._fired(THIN_BONES_ON_STEROIDS, ("emergency", "urgent"))]  # no rule
    warning = warning_now({**THIN_BONES_ON_STEROIDS, "fever": None})  # a "don't know" changes nothing
    assert warning is not None
    assert warning["disposition"] == "urgent" and warning["says"] == "see a doctor today"
    assert warning["red_flags"] == []
    cause = warning["cause"]
    assert cause["code"] == "vertebral_fracture"
    assert cause["message"].startswith("Broken bone in the spine is the most likely cause (about ")
    assert cause["message"].endswith("%), and it needs a doctor today.")
    assert cause["sources"] == ["A3", "A1", "A21"]  # conditions.yaml vertebral_fracture's evidence


def test_an_emergency_rule_is_said_without_weighing_the_causes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The differential never sets an emergency: with an emergency rule fired, nothing more is worked
    out (Home shows such a warning for every check not finished)."""
    monkeypatch.setattr(interview, "evaluate", lambda *a, **k: pytest.fail("weighed the causes"))
    warning = warning_now({**THIN_BONES_ON_STEROIDS, "urinary_retention": True})
    assert warning is not None and warning["disposition"] == "emergency" and warning["cause"] is None

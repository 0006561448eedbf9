"""An unknown age (not asked, or "don't know") names the under-16 rule (``child_or_young_teen``, at
least a routine visit [A9, A21]) among the warning signs, like the red-flag rules: before, an
escalation rule was never named, so a child whose age was not known got a self-care result with
no word that being under 16 changes it."""

from __future__ import annotations

from backstride import Interview
from backstride.services.foresight import question_plan

# Every warning sign "no", a short mild improving pain: self-care for an adult.
SELF_CARE = {
    **{c: False for c in question_plan("person").screening_codes},
    "duration_weeks": 1,
    "leg_symptoms_side": "none",
    "onset": "gradual",
    "trend": "improving",
    "pain_severity_nrs": 3,
    "pain_leg": "none",
}


def test_age_dont_know_names_the_under_16_rule_among_the_signs_not_known() -> None:
    interview = Interview(answers={**SELF_CARE, "age_years": None})
    assert interview.result().disposition == "self_care"
    signs = {s.code: s for s in interview.uncertain_warning_signs()}
    assert "age_years" in signs  # was empty: "don't know" how old passed in silence
    sign = signs["age_years"]
    assert sign.disposition == "routine" and set(sign.sources) >= {"A9", "A21"}
    assert "under 16" in sign.text and sign.question_id == "age"


def test_age_not_asked_names_the_under_16_rule_among_the_questions_not_asked() -> None:
    interview = Interview(answers=SELF_CARE)
    rules = {s.code: s for s in interview.unasked_warning_rules()}
    assert "child_or_young_teen" in rules
    assert rules["child_or_young_teen"].disposition == "routine"
    assert rules["child_or_young_teen"].question_id == "age"


def test_the_interview_asks_the_age_before_ending_on_self_care() -> None:
    interview = Interview(answers=SELF_CARE)
    question = interview.next_question()
    assert question is not None and question.id == "age"  # was walking_minutes: the age could wait
    interview.answer("age_years", 12)
    assert interview.result().disposition == "routine"
    assert not interview.unasked_warning_rules() and not interview.uncertain_warning_signs()


def test_a_known_adult_age_names_nothing() -> None:
    interview = Interview(answers={**SELF_CARE, "age_years": 40})
    assert "child_or_young_teen" not in {s.code for s in interview.unasked_warning_rules()}
    assert "age_years" not in {s.code for s in interview.uncertain_warning_signs()}


def test_at_a_routine_level_already_the_age_adds_no_notice() -> None:
    # the notices name what would call for quicker help than the result; a visit is a visit
    interview = Interview(answers={**SELF_CARE, "trend": "worsening", "age_years": None})
    assert interview.result().disposition == "routine"
    assert "age_years" not in {s.code for s in interview.uncertain_warning_signs()}


def test_stopped_before_the_age_the_not_finished_notice_names_the_under_16_rule() -> None:
    # found in review (R2): stopped after the first checklist (the age comes after the checklists),
    # the "not finished" notice named the checklists' signs only, and "Questions not asked" is not
    # shown until they are all asked, so a child's partial self-care result said nothing of age
    interview = Interview()
    question = interview.next_question()
    assert question is not None
    for code in question.codes:
        interview.answer(code, False)
    assert interview.result().disposition == "self_care"
    signs = {s.code: s for s in interview.unscreened_warning_signs()}
    assert "child_or_young_teen" in signs
    young = signs["child_or_young_teen"]
    assert young.disposition == "routine" and "under 16" in young.text
    interview.answer("age_years", 40)
    assert "child_or_young_teen" not in {s.code for s in interview.unscreened_warning_signs()}


def test_once_the_checklists_are_asked_the_not_finished_notice_stays_empty() -> None:
    # the rule is then named among "Questions not asked" (above), never as "not finished"
    interview = Interview(answers=SELF_CARE)
    assert interview.unscreened_warning_signs() == ()

"""Two warning signs of the checklists, both answered "don't know", that together would fire a more
urgent rule than either alone are named together at that level, in the rule's words. Before, each was
said at its own level: a fever and injecting drugs, both not known, read "see a doctor today" twice,
though together they are an emergency [A18, A19, A20]; the "don't know" pairs outside the checklists
(which legs + how long; a fever + numb legs) were already named."""

from __future__ import annotations

import pytest

from backstride import Interview
from backstride.knowledge import load_knowledge
from backstride.services.foresight import question_plan
from backstride.services.interview import UNCERTAIN_ADVICE, group_warning_signs

SCREENING = question_plan("person").screening_codes


def unsure(*codes: str) -> Interview:
    """Every warning sign answered no, except ``codes``: "don't know"."""
    return Interview(answers={c: (None if c in codes else False) for c in SCREENING})


@pytest.mark.parametrize(
    ("pair", "rule"),
    [
        (("fever", "iv_drug_use"), "fever_with_infection_risk"),
        (("fever", "immunosuppressed"), "fever_with_infection_risk"),
        (("fever", "foot_drop"), "fever_with_nerve_symptoms"),
        (("history_of_cancer", "foot_drop"), "cancer_with_nerve_symptoms"),
    ],
)
def test_a_pair_of_unsure_checklist_signs_is_named_at_the_level_they_make_together(
    pair: tuple[str, str], rule: str
) -> None:
    interview = unsure(*pair)
    signs = {s.code: s for s in interview.uncertain_warning_signs()}
    assert all(signs[c].disposition == "urgent" for c in pair)  # each alone: a visit today
    assert rule in signs, sorted(signs)  # was missing: nothing said "emergency"
    combined = signs[rule]
    assert combined.disposition == "emergency"
    assert combined.text == load_knowledge().red_flag_rules[rule].message
    assert combined.sources == load_knowledge().red_flag_rules[rule].sources
    assert combined.question_id in {q for q in question_plan("person").code_to_question.values()}
    groups = group_warning_signs(interview.uncertain_warning_signs(), UNCERTAIN_ADVICE)
    assert groups[0].level == "emergency" and combined in groups[0].signs
    assert interview.uncertain_warning_signs()[0] == combined  # most urgent first


def test_a_sign_already_an_emergency_alone_adds_no_pair() -> None:
    signs = {s.code: s for s in unsure("fever", "saddle_numbness").uncertain_warning_signs()}
    assert set(signs) == {"fever", "saddle_numbness"}
    assert signs["saddle_numbness"].disposition == "emergency"


def test_a_pair_that_fires_nothing_together_adds_nothing() -> None:
    signs = unsure("night_pain", "chills").uncertain_warning_signs()
    assert {s.code for s in signs} == {"night_pain", "chills"}


def test_a_pair_with_one_sign_known_false_is_not_named() -> None:
    interview = unsure("fever", "iv_drug_use").answer("fever", False)
    assert "fever_with_infection_risk" not in {s.code for s in interview.uncertain_warning_signs()}


def test_a_pair_of_warning_signs_not_asked_yet_is_named_at_the_level_they_make_together() -> None:
    # the "not finished" notice had the same gap: stopped after the first checklist, a fever and
    # injecting drugs were each "see a doctor today", though together they are an emergency
    interview = Interview()
    first = interview.next_question()
    assert first is not None
    for code in first.codes:
        interview.answer(code, False)
    signs = {s.code: s for s in interview.unscreened_warning_signs()}
    assert signs["fever"].disposition == "urgent" and signs["iv_drug_use"].disposition == "urgent"
    pair = signs["fever_with_infection_risk"]  # was missing
    assert pair.disposition == "emergency"
    assert pair.text == load_knowledge().red_flag_rules["fever_with_infection_risk"].message
    assert pair.question_id == "rf_infection"


def test_a_sign_not_known_and_one_not_asked_are_named_together_once() -> None:
    answers = {c: False for c in SCREENING if c not in ("iv_drug_use", "immunosuppressed", "fever")}
    interview = Interview(answers={**answers, "fever": None})  # the injecting drugs: not asked
    unasked = {s.code for s in interview.unscreened_warning_signs()}
    not_sure = {s.code for s in interview.uncertain_warning_signs()}
    assert "fever_with_infection_risk" in unasked  # named where a sign is still to ask
    assert "fever_with_infection_risk" not in not_sure  # ... not twice
    both_unsure = unsure("fever", "iv_drug_use")
    assert "fever_with_infection_risk" not in {s.code for s in both_unsure.unscreened_warning_signs()}

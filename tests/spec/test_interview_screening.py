"""Whether red-flag screening is complete: a result before it is done must not reassure."""

from __future__ import annotations

from backstride.knowledge.questions import load_questions
from backstride.services.interview import Interview

SCREENING = [q for q in load_questions().questions if q.screen]
SCREENING_CODES = [c for q in SCREENING for c in q.codes]


def answer_none(interview: Interview, question_id: str) -> None:
    for code in load_questions().by_id(question_id).codes:
        interview.answer(code, False)


def test_a_new_interview_has_every_warning_sign_unscreened() -> None:
    interview = Interview()
    assert interview.screening_complete is False
    assert interview.unscreened_red_flags == tuple(SCREENING_CODES)
    assert [q.id for q in interview.unscreened_questions()] == [q.id for q in SCREENING]
    assert interview.complete is False


def test_two_checklists_answered_leave_the_other_two_unscreened() -> None:
    interview = Interview()
    answer_none(interview, SCREENING[0].id)
    answer_none(interview, SCREENING[1].id)
    rest = [c for q in SCREENING[2:] for c in q.codes]
    assert interview.unscreened_red_flags == tuple(rest)
    assert [q.id for q in interview.unscreened_questions()] == [q.id for q in SCREENING[2:]]
    assert interview.screening_complete is False
    # the result is still the engine's result of the answers so far (the contract is unchanged)
    assert interview.result().to_dict()["disposition"] in {"self_care", "routine"}


def test_dont_know_counts_as_asked() -> None:
    interview = Interview()
    for code in SCREENING_CODES:
        interview.answer(code, None)
    assert interview.screening_complete is True
    assert interview.unscreened_red_flags == ()
    assert interview.unscreened_questions() == ()
    assert interview.complete is (interview.next_question() is None)


def test_a_partly_answered_checklist_lists_only_its_unasked_items() -> None:
    first = SCREENING[0]
    interview = Interview(answers={first.codes[0]: False})
    questions = interview.unscreened_questions()
    assert questions[0].id == first.id
    assert questions[0].codes == tuple(first.codes[1:])
    assert first.codes[0] not in interview.unscreened_red_flags


def test_screening_is_complete_once_the_screening_questions_are_done() -> None:
    interview = Interview()
    asked = 0
    while not interview.screening_complete:
        question = interview.next_question()
        assert question is not None and question.screening is True
        for code in question.codes:
            interview.answer(code, False)
        asked += 1
    assert asked == len(SCREENING)
    question = interview.next_question()
    assert question is None or question.screening is False


def test_a_finished_interview_is_complete_and_screened() -> None:
    interview = Interview()
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            interview.answer(code, None)
    assert interview.complete is True
    assert interview.screening_complete is True


def test_each_unasked_warning_sign_says_how_soon_to_get_help() -> None:
    interview = Interview()
    answer_none(interview, SCREENING[0].id)
    every = {s.code: s for s in interview.unscreened_warning_signs()}
    # each sign, then the rules two of them fire together above each one's level (in the rule's words),
    # then the under-16 rule while the age is not asked (it comes after the checklists)
    signs = {c: every[c] for c in interview.unscreened_red_flags}
    assert every.pop("child_or_young_teen").disposition == "routine"
    pairs = set(every) - set(signs)
    assert pairs == {"fever_with_nerve_symptoms", "fever_with_infection_risk", "cancer_with_nerve_symptoms"}
    assert all(every[p].disposition == "emergency" for p in pairs)
    labels = {c: text for q in SCREENING for c, text in q.labels.items()}
    assert all(s.text == labels[s.code] for s in signs.values())
    # what the engine says for that sign alone: never lower than it would be if answered "yes"
    from backstride.services.assessment import assess

    rank = {"self_care": 0, "routine": 1, "urgent": 2, "emergency": 3}
    for code, sign in signs.items():
        alone = assess({**interview.known, code: True}).to_dict()["disposition"]
        assert rank[sign.disposition] >= rank[alone], code
        assert sign.disposition in {"emergency", "urgent", "routine"} and sign.sources
    assert signs["leg_weakness_progressive"].disposition == "emergency"
    assert signs["abdominal_pulsation"].disposition == "emergency"


def test_sciatica_spreading_to_the_other_leg_is_screened_with_the_nerve_signs() -> None:
    """Three weeks of sciatica, and since last night the other leg as well (BASS: one-sided sciatica
    that becomes two-sided [A16]): neither the episode's start nor its length can say that the second
    leg is new, so the warning-sign checklist asks it of everyone."""
    interview = Interview(answers={"age_years": 37, "duration_weeks": 3, "onset": "gradual"})
    question = interview.next_question()
    assert question is not None and "leg_symptoms_spread_to_other_leg" in question.codes
    for code in question.codes:
        interview.answer(code, code == "leg_symptoms_spread_to_other_leg")
    result = interview.result()
    assert result.disposition == "emergency"
    assert [h.code for h in result.red_flags] == ["sciatica_spread_to_both_legs"]

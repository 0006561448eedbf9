"""How the interview behaves, as a table of small stories (public contract, section 1)."""

from __future__ import annotations

import pytest

from backstride.core.errors import FindingValueError, UnknownCodeError
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import Interview, Question


def run_all_unknown(mode: str) -> list[Question]:
    """Answer "don't know" to everything; return every question asked."""
    interview = Interview(mode=mode)
    asked = []
    while (question := interview.next_question()) is not None:
        asked.append(question)
        for code in question.codes:
            interview.answer(code, None)
        assert len(asked) < 100
    return asked


def test_red_flag_checklists_come_first_in_file_order() -> None:
    screening = [q for q in load_questions().questions if q.screen]
    asked = run_all_unknown("person")
    assert [q.id for q in asked[: len(screening)]] == [q.id for q in screening]
    first = asked[0]
    assert first.kind == "checklist" and len(first.codes) >= 2
    assert first.screening is True
    assert [o.value for o in first.options] == list(first.codes)


def test_every_red_flag_finding_is_screened() -> None:
    kb = load_knowledge()
    red_flags = {code for code, f in kb.findings.items() if f.group == "red_flags"}
    screened = {c for q in load_questions().questions if q.screen for c in q.codes}
    assert red_flags <= screened


def test_every_question_has_plain_text_and_a_why_line() -> None:
    for question in run_all_unknown("clinician"):
        assert question.text.strip() and question.why.strip()
        assert question.sources


def test_person_mode_never_asks_examination_findings() -> None:
    kb = load_knowledge()
    # answers that make the examination matter: older, walking-provoked bilateral leg symptoms
    stories = [
        {"age_years": 72, "worse_walking": True, "leg_symptoms_side": "both_sides", "relief_sitting": True},
        {"age_years": 45, "pain_leg": "below_knee", "leg_symptoms_side": "one_side"},
        {"age_years": 34, "pain_buttock": "one_side", "worse_walking": True},
    ]
    for story in stories:
        interview = Interview(mode="person")
        while (question := interview.next_question()) is not None:
            assert all(kb.findings[c].who == "person" for c in question.codes), question.id
            for code in question.codes:
                interview.answer(code, story.get(code))


def test_clinician_mode_asks_an_examination_question_when_it_matters() -> None:
    story = {
        "age_years": 45,
        "pain_leg": "below_knee",
        "leg_symptoms_side": "one_side",
        "worse_walking": True,
    }
    interview = Interview(mode="clinician")
    codes: list[str] = []
    while (question := interview.next_question()) is not None:
        codes.extend(question.codes)
        for code in question.codes:
            interview.answer(code, story.get(code))
    assert any(c.startswith("exam_") for c in codes)


def test_next_question_is_none_when_complete_and_result_follows_the_contract() -> None:
    interview = Interview()
    run = 0
    while (question := interview.next_question()) is not None:
        run += 1
        for code in question.codes:
            interview.answer(code, None)
    assert interview.next_question() is None
    result = interview.result()
    assert result.disposition in {"emergency", "urgent", "routine", "self_care"}
    assert set(result.to_dict()) >= {"disposition", "red_flags", "conditions", "plan", "knowledge_version"}


def test_a_cauda_equina_answer_in_screening_makes_it_an_emergency() -> None:
    interview = Interview()
    question = interview.next_question()
    assert question is not None and "urinary_retention" in question.codes
    for code in question.codes:
        interview.answer(code, code == "urinary_retention")
    assert interview.result().disposition == "emergency"


def test_none_of_these_answers_every_checklist_item_false() -> None:
    interview = Interview()
    question = interview.next_question()
    assert question is not None
    for code in question.codes:
        interview.answer(code, False)
    assert all(interview.answers[c] is False for c in question.codes)
    assert interview.next_question() != question


def test_dont_know_is_recorded_but_not_seen_by_the_engine() -> None:
    interview = Interview()
    interview.answer("fever", None).answer("age_years", 40)
    assert interview.answers == {"fever": None, "age_years": 40}
    assert interview.known == {"age_years": 40}
    assert interview.result().to_dict() == Interview(answers={"age_years": 40}).result().to_dict()


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("age_years", "old", "age_years"),
        ("age_years", 130, "age_years"),
        ("fever", "yes", "fever"),
        ("sex", "alien", "sex"),
        ("pain_leg", True, "pain_leg"),
    ],
)
def test_a_bad_value_raises_value_error_naming_the_code(code: str, value: object, expected: str) -> None:
    with pytest.raises(ValueError) as info:
        Interview().answer(code, value)
    assert isinstance(info.value, FindingValueError)
    assert expected in str(info.value)


def test_an_unknown_code_raises_naming_the_code() -> None:
    with pytest.raises(UnknownCodeError) as info:
        Interview().answer("knee_pain", True)
    assert "knee_pain" in str(info.value)


@pytest.mark.parametrize("code", [["fever"], None, 7, ("fever",)])
def test_a_code_that_is_not_text_raises_naming_it_not_a_type_error(code: object) -> None:
    # found in review: a list as the code was a bare TypeError (unhashable type: 'list')
    with pytest.raises(UnknownCodeError) as info:
        Interview().answer(code, True)  # type: ignore[arg-type]
    assert "unknown finding code" in str(info.value) and repr(code) in str(info.value)


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode"):
        Interview(mode="doctor")


def test_back_undoes_the_last_question_and_asks_it_again() -> None:
    interview = Interview()
    first = interview.next_question()
    assert first is not None
    for code in first.codes:
        interview.answer(code, False)
    second = interview.next_question()
    assert second is not None and second.id != first.id
    for code in second.codes:
        interview.answer(code, True)
    again = interview.back()
    assert again is not None and again.id == second.id
    assert not set(second.codes) & set(interview.answers)
    assert all(interview.answers[c] is False for c in first.codes)
    assert interview.next_question() == second
    assert interview.back() is not None and interview.back() is None
    assert interview.answers == {}


def test_prefilled_answers_are_not_asked_again() -> None:
    given = {"urinary_retention": False, "urinary_incontinence": False, "age_years": 60}
    interview = Interview(answers=given)
    while (question := interview.next_question()) is not None:
        assert not set(question.codes) & set(given), question.id
        for code in question.codes:
            interview.answer(code, None)


def test_a_partly_answered_checklist_asks_only_the_rest() -> None:
    interview = Interview(answers={"urinary_retention": False})
    question = interview.next_question()
    assert question is not None and question.kind == "checklist"
    assert "urinary_retention" not in question.codes
    assert "saddle_numbness" in question.codes


def test_number_questions_carry_unit_and_range() -> None:
    interview = Interview()
    for question in run_all_unknown("person"):
        if question.kind == "number":
            f = load_knowledge().findings[question.codes[0]]
            assert (question.unit, question.min, question.max) == (f.unit, f.min, f.max)
    assert interview.answers == {}


def test_a_question_is_plain_json_data() -> None:
    import json

    question = Interview().next_question()
    assert question is not None
    data = json.loads(json.dumps(question.to_dict()))
    assert data["codes"] == list(question.codes)
    assert [o["value"] for o in data["options"]] == list(question.codes)
    assert data["kind"] == "checklist" and data["why"] == question.why


def _screen_all(interview: Interview, value: object = False) -> None:
    screening = {q.id for q in load_questions().questions if q.screen}
    while (question := interview.next_question()) is not None and question.id in screening:
        for code in question.codes:
            interview.answer(code, value)


def test_a_rule_needing_two_answers_is_decided_before_information_gain() -> None:
    # once both legs are affected, how long (the new-bilateral rule: two weeks or less) and a sudden
    # start (the sudden-bilateral-sciatica rule) each decide an emergency: both come first
    interview = Interview(answers={"age_years": 40})
    _screen_all(interview)
    interview.answer("leg_symptoms_side", "both_sides")
    answers = {"duration_weeks": 10.0, "onset": "sudden"}  # not new, but it started suddenly
    asked = []
    for _ in answers:
        question = interview.next_question()
        assert question is not None
        asked.append(question.codes)
        (code,) = question.codes
        interview.answer(code, answers[code])
    assert sorted(asked) == [("duration_weeks",), ("onset",)]
    assert interview.result().disposition == "emergency"


def test_a_clear_emergency_ends_the_interview_after_screening() -> None:
    interview = Interview()
    question = interview.next_question()
    assert question is not None
    for code in question.codes:
        interview.answer(code, code == "saddle_numbness")
    _screen_all(interview, None)  # every red flag is still screened
    asked = 0
    while (question := interview.next_question()) is not None:
        asked += 1
        assert set(question.codes) & {"duration_weeks", "trend"}, question.id  # only the chronic check
        for code in question.codes:
            interview.answer(code, None)
    assert asked <= 2
    assert interview.result().disposition == "emergency"


def test_parameters_are_recorded() -> None:
    interview = Interview(mode="clinician", min_gain_bits=0.2)
    assert interview.parameters["mode"] == "clinician"
    assert interview.parameters["min_gain_bits"] == 0.2


def test_a_stricter_stop_rule_asks_fewer_questions() -> None:
    # sciatica in one leg, getting better: with every answer "don't know" both rules ask the same
    # since questions 1.7.0, the questions that decide a warning rule and walking (``always``) alone
    findings = {
        "age_years": 45.0,
        "duration_weeks": 3.0,
        "leg_symptoms_side": "one_side",
        "pain_leg": "below_knee",
        "worse_walking": True,
        "pain_low_back": True,
        "trend": "improving",
        "onset": "gradual",
    }

    def count(**parameters: float) -> int:
        interview = Interview(**parameters)  # type: ignore[arg-type]
        while (question := interview.next_question()) is not None:
            for code in question.codes:
                interview.answer(code, findings.get(code, False if question.id.startswith("rf_") else None))
        return interview.questions_asked

    assert count(min_gain_bits=10, min_disposition_change=2, min_leader_change=2) < count()

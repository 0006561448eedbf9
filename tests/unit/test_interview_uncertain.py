"""Warning signs answered "don't know": kept unknown by the engine, never passed over in silence."""

from __future__ import annotations

from backstride import Interview
from backstride.knowledge import DISPOSITION_RANK
from backstride.knowledge.questions import load_questions
from backstride.services.interview import more_urgent_signs


def _dont_know_to_everything() -> Interview:
    interview = Interview()
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            interview.answer(code, None)
    return interview


def test_every_warning_sign_answered_dont_know_is_listed_most_urgent_first() -> None:
    interview = _dont_know_to_everything()
    # the contract: unknown is never true, so the engine's disposition stays as it is
    assert interview.result().disposition == "self_care" and interview.screening_complete
    signs = interview.uncertain_warning_signs()
    screening = [c for q in load_questions().questions if q.screen for c in q.codes]
    # every warning sign, and the answers that together decide a warning rule (which legs and how
    # long: both legs within two weeks; age with a sudden start: a broken bone over 70; numb legs
    # with a fever: an infection pressing on nerves), and the rules two checklist signs fire together
    # above each one's own level (a fever and injecting drugs: an emergency, each alone urgent)
    deciding = {"age_years", "duration_weeks", "leg_symptoms_side", "leg_numbness_tingling"}
    pairs = {"fever_with_infection_risk", "fever_with_nerve_symptoms", "cancer_with_nerve_symptoms"}
    assert {s.code for s in signs} == {*screening, *deciding, *pairs}
    ranks = [DISPOSITION_RANK[s.disposition] for s in signs]
    assert ranks == sorted(ranks, reverse=True)
    by_code = {s.code: s for s in signs}
    assert by_code["urinary_retention"].disposition == "emergency"
    assert by_code["fever"].disposition == "urgent"
    assert "A15" in by_code["urinary_retention"].sources
    assert by_code["saddle_numbness"].text.startswith("Numbness between your legs")
    assert all(s.sources for s in signs)
    assert more_urgent_signs(signs, "self_care") == signs
    assert {s.code for s in more_urgent_signs(signs, "urgent")} >= {"urinary_retention", "saddle_numbness"}
    assert more_urgent_signs(signs, "emergency") == ()


def test_only_dont_know_answers_count_not_no_or_unasked() -> None:
    interview = Interview().answer("urinary_retention", None).answer("saddle_numbness", False)
    assert [s.code for s in interview.uncertain_warning_signs()] == ["urinary_retention"]
    interview.answer("urinary_retention", False)
    assert interview.uncertain_warning_signs() == ()
    # a non-warning-sign answered "don't know" is not a warning sign
    assert Interview().answer("relief_sitting", None).uncertain_warning_signs() == ()


def test_one_grouping_of_warning_signs_by_how_soon_for_both_notices() -> None:
    from backstride.services.interview import (
        UNCERTAIN_ADVICE,
        WARNING_SIGN_ADVICE,
        WARNING_SIGN_SOURCES,
        WarningSign,
        group_warning_signs,
    )

    def sign(code: str, level: str, *sources: str) -> WarningSign:
        return WarningSign(code=code, text=code, question_id="q", disposition=level, sources=sources)

    # given least urgent first and mixed: grouped most urgent first, each group in the given order
    signs = [
        sign("r1", "routine", "B1"),
        sign("e1", "emergency", "A16", "A15"),
        sign("u1", "urgent", "A1"),
        sign("e2", "emergency", "A12"),
    ]
    groups = group_warning_signs(signs, WARNING_SIGN_ADVICE)
    assert [g.level for g in groups] == ["emergency", "urgent", "routine"]
    assert [[s.code for s in g.signs] for g in groups] == [["e1", "e2"], ["u1"], ["r1"]]
    assert [g.advice for g in groups] == [WARNING_SIGN_ADVICE[g.level] for g in groups]
    # the emergency advice carries its own sources; the sign's follow, each key once
    assert groups[0].sources == WARNING_SIGN_SOURCES and groups[1].sources == ()
    assert groups[0].all_sources == ("A15", "A22", "A16", "A12")
    assert groups[1].all_sources == ("A1",)
    unsure = group_warning_signs(signs[:1], UNCERTAIN_ADVICE)
    assert [(g.level, g.advice) for g in unsure] == [("routine", UNCERTAIN_ADVICE["routine"])]
    assert group_warning_signs([], UNCERTAIN_ADVICE) == ()


def test_dont_know_to_a_question_that_decides_a_warning_rule_is_named_too() -> None:
    # found in review: sudden pain for a week, "don't know" which legs: self-care with nothing said,
    # though both legs would make it an emergency (new_bilateral_leg_symptoms, sudden_bilateral_sciatica)
    interview = Interview()
    for code in [c for q in load_questions().questions if q.screen for c in q.codes]:
        interview.answer(code, False)
    interview.answer("age_years", 40).answer("duration_weeks", 1).answer("onset", "sudden")
    interview.answer("leg_symptoms_side", None)
    assert interview.result().disposition == "self_care"
    signs = interview.uncertain_warning_signs()
    assert [s.code for s in signs] == ["leg_symptoms_side"]
    sign = signs[0]
    assert sign.disposition == "emergency" and "both legs" in sign.text
    assert "A16" in sign.sources
    assert more_urgent_signs(signs, "self_care") == signs


def test_dont_know_to_a_number_that_decides_a_warning_rule_is_named() -> None:
    # both legs, "don't know" how long: within two weeks it is an emergency
    interview = Interview().answer("leg_symptoms_side", "both_sides").answer("duration_weeks", None)
    assert [(s.code, s.disposition) for s in interview.uncertain_warning_signs()] == [
        ("duration_weeks", "emergency")
    ]
    # sudden onset, age not known: over 70 it may be a broken bone, seen the same day
    interview = Interview().answer("onset", "sudden").answer("age_years", None)
    assert [(s.code, s.disposition) for s in interview.uncertain_warning_signs()] == [("age_years", "urgent")]


def test_dont_know_to_a_question_that_cannot_raise_anything_is_not_a_warning_sign() -> None:
    # a gradual start, how long not given: which legs alone cannot fire a warning rule
    assert (
        Interview().answer("onset", "gradual").answer("leg_symptoms_side", None).uncertain_warning_signs()
        == ()
    )
    # already an emergency: nothing is more urgent
    interview = Interview().answer("urinary_retention", True).answer("leg_symptoms_side", None)
    assert interview.uncertain_warning_signs() == ()


def _screened() -> Interview:
    interview = Interview()
    for question in interview.unscreened_questions():
        for code in question.codes:
            interview.answer(code, False)
    return interview


def test_warning_rules_that_unasked_questions_could_fire_are_named_until_asked() -> None:
    # found in review: quitting at "Which legs?" after a new pain showed a plain self-care result
    interview = _screened().answer("age_years", 40).answer("duration_weeks", 1)
    rules = interview.unasked_warning_rules()
    assert [r.code for r in rules] == ["sudden_bilateral_sciatica", "new_bilateral_leg_symptoms"]
    assert all(r.disposition == "emergency" and r.question_id == "leg_side" and r.sources for r in rules)
    assert "both legs" in rules[1].text
    interview.answer("leg_symptoms_side", "one_side")
    assert interview.unasked_warning_rules() == ()


def test_no_unasked_warning_rule_is_left_when_the_interview_ends() -> None:
    # the interview asks these right after the warning-sign checklists
    for person in ({}, {"onset": "sudden", "duration_weeks": 1}, {"leg_symptoms_side": "both_sides"}):
        interview = _screened()
        while (question := interview.next_question()) is not None:
            for code in question.codes:
                interview.answer(code, person.get(code))
        assert interview.unasked_warning_rules() == (), person


def test_a_warning_sign_that_fires_nothing_alone_cites_the_rules_that_read_it() -> None:
    # found in review: osteoporosis, steroids and night pain were cited with their checklist's keys,
    # among them A24 (the aortic aneurysm source); they belong to the fracture and cancer rules
    signs = {s.code: s for s in Interview().unscreened_warning_signs()}
    assert "A24" not in signs["osteoporosis"].sources and "A1" in signs["osteoporosis"].sources
    assert "A24" not in signs["long_term_steroids"].sources and "A1" in signs["long_term_steroids"].sources
    assert "A24" not in signs["night_pain"].sources and "A2" in signs["night_pain"].sources
    assert signs["abdominal_pulsation"].sources == ("A24",)


def test_two_dont_know_answers_that_together_decide_a_warning_rule_are_named() -> None:
    # found in review: "don't know" which legs and "don't know" how long (or how it started) gave a
    # self-care result with nothing said, though both legs within two weeks is an emergency: each
    # answer alone could not fire the rule, and both had been asked, so neither notice named it
    interview = _screened().answer("age_years", 40)
    interview.answer("duration_weeks", None).answer("leg_symptoms_side", None).answer("onset", None)
    assert interview.result().disposition == "self_care"
    assert interview.unasked_warning_rules() == ()
    signs = more_urgent_signs(interview.uncertain_warning_signs(), "self_care")
    assert [(s.code, s.disposition) for s in signs] == [
        ("duration_weeks", "emergency"),
        ("leg_symptoms_side", "emergency"),
    ]
    assert "began in the last two weeks" in signs[0].text and "came on suddenly" in signs[1].text
    assert all("A16" in s.sources for s in signs)
    # one answer given: the other "don't know" alone decides it, said once
    interview.answer("duration_weeks", 1)
    assert [s.code for s in interview.uncertain_warning_signs()] == ["leg_symptoms_side"]
    interview.answer("leg_symptoms_side", "one_side")
    assert interview.uncertain_warning_signs() == ()


def test_an_unasked_warning_rule_already_long_standing_and_stable_is_said_at_its_chronic_level() -> None:
    # found in review: three years of stable pain, unsteady walking (routine), age not asked yet:
    # 'Sudden back pain ... over the age of 70 ... See a clinician today' was named as urgent, though
    # its chronic clause (12 weeks or more, stable) already holds and sets at most a routine visit
    interview = _screened().answer("unsteady_gait", True).answer("onset", None)
    interview.answer("duration_weeks", 156).answer("trend", "stable").answer("leg_signs_long_standing", True)
    assert interview.result().disposition == "routine"
    assert "suspected_fracture" not in {r.code for r in interview.unasked_warning_rules()}
    # not yet known to be long-standing: it is named at its own level
    interview = _screened().answer("onset", "sudden")
    rules = {r.code: r for r in interview.unasked_warning_rules()}
    assert rules["suspected_fracture"].disposition == "urgent"


def test_a_dont_know_that_with_a_warning_sign_not_known_makes_an_emergency_is_named() -> None:
    # found in review: a fever and numb legs, both "don't know": the fever was said as a visit today,
    # though a fever with numb legs is an emergency (fever_with_nerve_symptoms [A18, A19, A20])
    interview = _screened().answer("fever", None).answer("age_years", 40).answer("duration_weeks", 3)
    interview.answer("leg_numbness_tingling", None)
    assert interview.result().disposition == "self_care"
    signs = {s.code: s for s in interview.uncertain_warning_signs()}
    assert signs["fever"].disposition == "urgent"  # a fever alone
    numb = signs["leg_numbness_tingling"]
    assert numb.disposition == "emergency" and numb.text.startswith("Fever with back pain and numbness")
    assert numb.sources == ("A18", "A19", "A20")
    # no fever: numb legs alone raise nothing
    interview.answer("fever", False)
    assert [s.code for s in interview.uncertain_warning_signs()] == []

"""What changed between two finished checks (``services.check_changes.compare_checks``): warning
signs new since last time come first and loud with their own sources, how soon to get help up or
down in plain words, warning signs gone, the most likely cause changed, pain and walking tolerance
up or down, other answers in the question's words; nothing calmer than the new check; checks of
different modes compared but said; not a diagnosis.

The results are the engine's own (``backstride.assess``) for answers chosen here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from backstride import assess
from backstride.knowledge import load_knowledge
from backstride.services.check_changes import KIND_ORDER, CheckChanges, FinishedCheck, compare_checks

KB = load_knowledge()
STENOSIS = {  # walking hurts, sitting eases it, older: spinal stenosis first, a routine visit
    "age_years": 71,
    "worse_walking": True,
    "relief_sitting": True,
    "relief_flexion": True,
    "pain_leg": "below_knee",
    "leg_symptoms_side": "both_sides",
    "pain_severity_nrs": 7,
    "walking_tolerance_min": 15,
}
CALM_WORDS = re.compile(
    r"\b(better|improv\w*|good|less|lower|longer|gone|no longer|safe|relax\w*|reassur\w*|wait)\b", re.I
)


def check(
    answers: dict[str, Any], *, number: int = 1, mode: str = "person", unsure: bool = False
) -> FinishedCheck:
    return FinishedCheck(
        assessment_id=number,
        mode=mode,
        checked_at=datetime(2026, 11, number, 10, 0, tzinfo=UTC),
        answers=answers,
        result=assess(answers).to_dict(),
        unsure_more_urgent=unsure,
    )


def compare(before: dict[str, Any], after: dict[str, Any], **kwargs: Any) -> CheckChanges:
    return compare_checks(check(before, number=1), check(after, number=2), KB, **kwargs)


def kinds(changes: CheckChanges) -> list[str]:
    return [c.kind for c in changes.changes]


def all_words(changes: CheckChanges) -> str:
    parts = [changes.first or "", changes.headline, changes.mode_note or "", changes.nothing_changed or ""]
    return " ".join(parts + [c.text for c in changes.changes])


def test_a_new_red_flag_comes_first_loud_with_its_own_sources_and_the_answers_behind_it() -> None:
    changes = compare(STENOSIS, {**STENOSIS, "urinary_retention": True})
    first = changes.changes[0]
    assert first.kind == "warning_sign_new" and first.loud and first.direction == "new"
    fired = next(f for f in assess({**STENOSIS, "urinary_retention": True}).to_dict()["red_flags"])
    assert first.sources == tuple(fired["sources"]) and "A15" in first.sources
    assert fired["message"] in first.text and first.text.startswith("New warning sign since last time")
    assert first.findings == ("urinary_retention",)
    assert first.because == ("New trouble peeing, or you can't empty your bladder (you said yes)",)
    assert changes.new_warning_signs == (first,) and first not in changes.others
    # how soon: sooner, in plain words, because of the new sign
    assert changes.headline.startswith("You should now get help sooner than last time.")
    assert "This time: Get emergency help now. Last time: Book a visit with a clinician." in changes.headline
    up = next(c for c in changes.changes if c.kind == "disposition")
    assert up.direction == "higher" and up.findings == ("urinary_retention",) and "A15" in up.sources
    assert changes.first == "Get emergency help now. What changed since last time does not change that."


def test_an_emergency_now_is_never_worded_as_good_news() -> None:
    # pain down, walking further, the stenosis answers the same: the new check is an emergency
    after = {**STENOSIS, "pain_severity_nrs": 3, "walking_tolerance_min": 40, "saddle_numbness": True}
    changes = compare(STENOSIS, after)
    assert changes.later.disposition == "emergency"
    pain = next(c for c in changes.changes if c.kind == "pain")
    walking = next(c for c in changes.changes if c.kind == "walking_tolerance")
    assert pain.direction == "lower" and walking.direction == "higher"  # the facts, for programs
    assert "3 out of 10 now, 7 last time" in pain.text and "40 min now, 15 min last time" in walking.text
    assert not CALM_WORDS.search(all_words(changes)), CALM_WORDS.findall(all_words(changes))
    # the same change to a routine check may say it plainly
    calm = compare(STENOSIS, {**STENOSIS, "pain_severity_nrs": 3, "walking_tolerance_min": 40})
    assert "Your worst pain is lower: 3 out of 10 now, 7 last time." in all_words(calm)
    assert "You can walk for longer before the pain stops you" in all_words(calm)


def test_an_unsure_warning_sign_keeps_the_words_from_reading_as_an_all_clear() -> None:
    earlier = check({**STENOSIS, "urinary_retention": True}, number=1)
    later = check(STENOSIS, number=2, unsure=True)
    changes = compare_checks(earlier, later, KB)
    assert changes.headline.startswith("How soon to get help has changed since last time.")
    assert 'if none of the warning signs answered "don\'t know" is true' in changes.headline
    assert "less soon" not in changes.headline


def test_disposition_down_and_the_warning_sign_gone_say_what_changed_in_the_answers() -> None:
    changes = compare({**STENOSIS, "urinary_retention": True}, STENOSIS)
    assert changes.headline.startswith("This time the advice is to get help less soon than last time.")
    gone = next(c for c in changes.changes if c.kind == "warning_sign_unknown")
    assert gone.direction == "unknown" and not gone.loud and "A15" in gone.sources
    # the question was not asked this time (these answers leave it out)
    assert gone.because == ("New trouble peeing, or you can't empty your bladder (not asked this time)",)
    assert gone.text == "A warning sign from last time was not asked about this time."  # unknown, not gone
    down = next(c for c in changes.changes if c.kind == "disposition")
    assert down.direction == "lower" and down.findings == ("urinary_retention",)
    assert changes.first is None and changes.new_warning_signs == ()


def test_gone_sign_answered_no_now_shows_both_answers() -> None:
    changes = compare({**STENOSIS, "urinary_retention": True}, {**STENOSIS, "urinary_retention": False})
    gone = next(c for c in changes.changes if c.kind == "warning_sign_gone")
    assert gone.because == ("New trouble peeing, or you can't empty your bladder (yes last time, no now)",)
    assert gone.text == "A warning sign from last time is not in your answers this time."
    # the answer is the sign's: not repeated as an "other answer"
    assert "answer" not in kinds(changes)


def test_the_most_likely_cause_changed_names_both_with_the_answers_that_moved_it() -> None:
    hip = {**STENOSIS, "relief_sitting": False, "relief_flexion": False, "pain_groin": True, "age_years": 71}
    hip.update({"pain_leg": "above_knee", "leg_symptoms_side": "one_side", "hip_rotation_pain": True})
    hip = {k: v for k, v in hip.items() if k in KB.findings}
    before, after = assess(STENOSIS).to_dict(), assess(hip).to_dict()
    top_before, top_after = before["conditions"][0]["code"], after["conditions"][0]["code"]
    assert top_before != top_after, (top_before, top_after)
    changes = compare(STENOSIS, hip)
    cause = next(c for c in changes.changes if c.kind == "likely_cause")
    assert cause.details == {"from": top_before, "to": top_after}
    assert after["conditions"][0]["name"] in cause.text and before["conditions"][0]["name"] in cause.text
    assert "not a diagnosis" in cause.text
    assert cause.sources == tuple(after["conditions"][0]["evidence"])
    moved = {b["finding"] for b in after["conditions"][0]["because"]}
    assert cause.findings and set(cause.findings) <= moved


def test_a_change_in_chances_alone_is_not_news() -> None:
    # age moves the chances, not the ranking's top
    changes = compare(STENOSIS, {**STENOSIS, "age_years": 55})
    before, after = assess(STENOSIS).to_dict(), assess({**STENOSIS, "age_years": 55}).to_dict()
    assert before["conditions"][0]["probability"] != after["conditions"][0]["probability"]
    assert "likely_cause" not in kinds(changes)
    age = next(c for c in changes.changes if c.kind == "answer")
    assert age.text == "Your age (71 years last time, 55 years now)."


def test_pain_down_by_two_points_matters_and_by_one_does_not() -> None:
    changes = compare(STENOSIS, {**STENOSIS, "pain_severity_nrs": 5})
    pain = next(c for c in changes.changes if c.kind == "pain")
    assert pain.direction == "lower" and pain.details["important"] and pain.sources == ("E5",)
    assert "is one that matters [E5]" in pain.text
    assert pain.because == ("Your worst pain in the last day, from 0 to 10 (7 last time, 5 now)",)
    small = next(
        c for c in compare(STENOSIS, {**STENOSIS, "pain_severity_nrs": 8}).changes if c.kind == "pain"
    )
    assert small.direction == "higher" and not small.details["important"]
    assert small.text.startswith("Your worst pain is higher: 8 out of 10 now, 7 last time.")


def test_walking_for_less_time_is_said_with_the_thirty_percent_rule() -> None:
    changes = compare(STENOSIS, {**STENOSIS, "walking_tolerance_min": 12})
    walking = next(c for c in changes.changes if c.kind == "walking_tolerance")
    assert walking.direction == "lower" and not walking.details["important"]
    assert walking.text == (
        "You can walk for less time before the pain stops you: 12 min now, 15 min last time. "
        "That is a change of less than 30%."
    )


def test_nothing_changed_is_said_and_lists_nothing() -> None:
    changes = compare(STENOSIS, dict(STENOSIS))
    assert changes.changes == ()
    assert changes.headline == "How soon to get help is the same as last time: Book a visit with a clinician."
    assert changes.nothing_changed and changes.mode_note is None
    assert "not a diagnosis" in changes.notice.lower()


def test_an_answer_changed_to_dont_know_is_said_in_the_questions_words() -> None:
    changes = compare(STENOSIS, {**STENOSIS, "pain_severity_nrs": None})
    answer = next(c for c in changes.changes if c.kind == "answer")
    assert answer.text == "Your worst pain in the last day, from 0 to 10 (7 last time, don't know now)."
    assert "pain" not in kinds(changes)


def test_a_question_asked_only_once_is_not_a_change() -> None:
    changes = compare(STENOSIS, {**STENOSIS, "night_pain": False})
    assert changes.changes == ()


def test_checks_of_different_modes_are_compared_and_say_so() -> None:
    earlier = check(STENOSIS, number=1, mode="person")
    later = check({**STENOSIS, "exam_slr_positive": False}, number=2, mode="clinician")
    changes = compare_checks(earlier, later, KB)
    assert changes.mode_note is not None
    assert changes.mode_note.startswith(
        "Last time you answered; this time a clinician answered, with an examination."
    )
    assert changes.to_dict()["modes_differ"] is True
    other_way = compare_checks(later, check(STENOSIS, number=3), KB).mode_note
    assert other_way is not None
    assert other_way.startswith(
        "Last time a clinician answered, with an examination; this time you answered."
    )


def test_the_first_check_has_nothing_to_compare() -> None:
    changes = compare_checks(None, check(STENOSIS), KB)
    assert changes.changes == () and changes.earlier is None
    assert changes.headline == "This is your first finished check, so there is nothing to compare yet."
    assert changes.to_dict()["compared_with"] is None and changes.to_dict()["changes"] == []


def test_the_report_speaks_of_the_person() -> None:
    changes = compare(
        STENOSIS, {**STENOSIS, "walking_tolerance_min": 5, "pain_severity_nrs": 9}, voice="person"
    )
    words = all_words(changes)
    assert "The person can walk for less time before the pain stops them" in words
    assert "Their worst pain is higher" in words
    # backstride's own words (a rule's message is the knowledge base's, as the report shows it anyway)
    own = [c.text for c in changes.changes if c.direction != "new"] + [changes.headline, changes.notice]
    assert not re.search(r"\byou(r)?\b", " ".join(own), re.I)
    with pytest.raises(Exception, match="voice 'them' is not known"):
        compare(STENOSIS, STENOSIS, voice="them")


def test_changes_come_in_their_order_warning_signs_first() -> None:
    after = {**STENOSIS, "fever": True, "pain_severity_nrs": 9, "age_years": 72}
    changes = compare(STENOSIS, after)
    order = [KIND_ORDER.index(k) for k in kinds(changes)]
    assert order == sorted(order) and kinds(changes)[0] == "warning_sign_new"


def test_a_warning_sign_answered_dont_know_this_time_is_not_said_to_be_gone() -> None:
    """Found in review: urinary retention "yes" last time and "don't know" now read 'A warning sign
    from last time is not in your answers this time', as if it had gone; a "don't know" is unknown."""
    earlier = check({**STENOSIS, "urinary_retention": True}, number=1)
    later = check({**STENOSIS, "urinary_retention": None}, number=2, unsure=True)
    changes = compare_checks(earlier, later, KB)
    assert "warning_sign_gone" not in kinds(changes)
    unknown = next(c for c in changes.changes if c.kind == "warning_sign_unknown")
    assert unknown.direction == "unknown" and "A15" in unknown.sources
    assert unknown.text == (
        'A warning sign from last time may still be there: you answered "don\'t know" this time.'
    )
    assert unknown.because == (
        "New trouble peeing, or you can't empty your bladder (yes last time, don't know now)",
    )
    # a reason for a clinician to check answered "don't know" now (pain 8 last time) likewise
    pain = compare({**STENOSIS, "pain_severity_nrs": 8}, {**STENOSIS, "pain_severity_nrs": None})
    assert "review_gone" not in kinds(pain) and "review_unknown" in kinds(pain)


def test_a_warning_sign_that_cannot_hold_now_is_gone_even_with_a_dont_know() -> None:
    """Both legs for under two weeks [A15]: the legs now 'one side' rule it out, whatever 'how long'
    is; with both legs still and 'how long' unknown it may still be there."""
    sudden = {**STENOSIS, "leg_symptoms_side": "both_sides", "duration_weeks": 1}
    gone = compare(sudden, {**sudden, "leg_symptoms_side": "one_side", "duration_weeks": None})
    assert "warning_sign_gone" in kinds(gone) and "warning_sign_unknown" not in kinds(gone)
    unsure = compare(sudden, {**sudden, "duration_weeks": None})
    assert "warning_sign_unknown" in kinds(unsure) and "warning_sign_gone" not in kinds(unsure)


def test_a_reason_that_neither_leg_rules_out_is_gone_as_the_result_reads_it() -> None:
    """Sudden, severe pain down one leg last time; "Neither leg" now, so the leg pain's question is not
    asked and reads as "it does not go down a leg" (questions.yaml ``otherwise``), as the result reads
    it: the reason is gone, not "not asked about this time" (the engine read it so since 2026-11-27)."""
    sudden = {"onset": "sudden", "pain_severity_nrs": 8, "age_years": 40}
    earlier = {**sudden, "leg_symptoms_side": "one_side", "pain_leg": "below_knee"}
    changes = compare(earlier, {**sudden, "leg_symptoms_side": "none"})
    assert "sudden_severe_leg_pain" in {h["code"] for h in check(earlier).result["reasons_for_review"]}
    gone = [c for c in changes.changes if c.kind == "review_gone"]
    assert gone and "review_unknown" not in kinds(changes), kinds(changes)
    assert not any("not asked" in c.text for c in changes.changes)
    # a "don't know" given to the leg pain is read as given: it may still be there
    unsure = compare(earlier, {**sudden, "leg_symptoms_side": "none", "pain_leg": None})
    assert "review_unknown" in kinds(unsure) and "review_gone" not in kinds(unsure)


def test_walking_from_zero_minutes_is_a_change_of_thirty_percent_or_more() -> None:
    """Found in review: 0 minutes last time (could not walk at all) and 20 now read 'That is a change
    of less than 30%'; any walking after none is more than 30% more."""
    changes = compare({**STENOSIS, "walking_tolerance_min": 0}, {**STENOSIS, "walking_tolerance_min": 20})
    walking = next(c for c in changes.changes if c.kind == "walking_tolerance")
    assert walking.direction == "higher" and walking.details["important"]
    assert walking.text.endswith("20 min now, 0 min last time. That is a change of 30% or more.")


def test_the_report_voice_never_says_your_in_the_answers_behind_a_change() -> None:
    """Found in review: the report for a clinician read 'Your age (71 years last time, 55 years now)'
    and 'How long you have had this pain (they said 0.3 weeks)', as if the clinician had answered."""
    after = {**STENOSIS, "age_years": 55, "pain_severity_nrs": 9, "walking_tolerance_min": 5}
    after.update({"pain_leg": "above_knee", "duration_weeks": 1, "sex": "female"})
    changes = compare({**STENOSIS, "duration_weeks": 30, "sex": "male"}, after, voice="person")
    words = [c.text for c in changes.changes if c.direction != "new"]  # new: the rule's own message
    words += [b for c in changes.changes for b in c.because]
    assert words and not re.search(r"\byou(r)?\b", " ".join(words), re.I), words
    assert "Age (71 years last time, 55 years now)." in [c.text for c in changes.changes]


def test_a_warning_sign_answered_dont_know_last_time_is_not_called_new() -> None:
    """Found in review: "don't know" about passing urine last time and "yes" now read 'New warning
    sign since last time', as if it had started since; it is loud and first, and says last time
    was "don't know"."""
    earlier = check({**STENOSIS, "urinary_retention": None}, number=1, unsure=True)
    changes = compare_checks(earlier, check({**STENOSIS, "urinary_retention": True}, number=2), KB)
    sign = changes.changes[0]
    assert sign.kind == "warning_sign_new" and sign.loud and "A15" in sign.sources
    assert sign.text.startswith('Warning sign this time (last time you answered "don\'t know"): ')
    assert sign.because == (
        "New trouble peeing, or you can't empty your bladder (don't know last time, yes now)",
    )


def test_pain_behind_a_reason_is_not_said_twice_when_it_is_dont_know_now() -> None:
    """Found in review: pain 8 last time and "don't know" now was said under the reason for a
    clinician to check and again as an answer that changed."""
    changes = compare({**STENOSIS, "pain_severity_nrs": 8}, {**STENOSIS, "pain_severity_nrs": None})
    said = [c for c in changes.changes if "pain_severity_nrs" in c.findings]
    assert [c.kind for c in said] == ["review_unknown"], [c.text for c in said]
    # not behind a sign: a pain answer that is no longer a number is still an answer that changed
    lower = compare({**STENOSIS, "pain_severity_nrs": 5}, {**STENOSIS, "pain_severity_nrs": None})
    assert [c.kind for c in lower.changes if "pain_severity_nrs" in c.findings] == ["answer"]


@pytest.mark.parametrize(
    ("earlier", "later", "today", "words"),
    [
        ((2026, 11, 26, 9, 15), (2026, 11, 26, 11, 0), (2026, 11, 26), "earlier today, at 09:15"),
        ((2026, 11, 26, 9, 15), (2026, 11, 26, 11, 0), None, "earlier on 26 Nov, at 09:15"),
        ((2026, 11, 20, 9, 15), (2026, 11, 20, 11, 0), (2026, 11, 26), "earlier on 20 Nov, at 09:15"),
        ((2026, 11, 25, 16, 40), (2026, 11, 26, 11, 0), (2026, 11, 26), "yesterday"),
        ((2026, 11, 25, 16, 40), (2026, 11, 25, 18, 0), (2026, 11, 26), "yesterday, at 16:40"),
        ((2026, 11, 12, 10, 0), (2026, 11, 26, 11, 0), (2026, 11, 26), "on 12 Nov"),
        ((2026, 11, 12, 10, 0), (2026, 11, 26, 11, 0), None, "on 12 Nov"),
        ((2025, 12, 30, 10, 0), (2026, 1, 5, 11, 0), (2026, 1, 5), "on 30 Dec 2025"),
        ((2026, 11, 12, 10, 0), (2026, 11, 26, 11, 0), (2027, 2, 1), "on 12 Nov 2026"),
        ((2026, 1, 1, 8, 5), (2026, 1, 1, 9, 0), (2026, 1, 2), "yesterday, at 08:05"),
    ],
)
def test_when_the_check_before_was_is_said_in_plain_words(
    earlier: tuple[int, int, int, int, int],
    later: tuple[int, int, int, int, int],
    today: tuple[int, int, int] | None,
    words: str,
) -> None:
    from datetime import date

    from backstride.services.check_changes import since_when

    local = [datetime(*moment).astimezone() for moment in (earlier, later)]
    assert since_when(local[0], local[1], None if today is None else date(*today)) == words


def test_a_change_of_exactly_30_percent_in_floats_matters_as_in_the_diary() -> None:
    """Found in review: 7 -> 9.1 minutes is 30% but 2.0999999999999996 / 7 read 'less than 30%', while
    the diary's trend (diary.trends.reaches) counts the same change as one that matters."""
    changes = compare({**STENOSIS, "walking_tolerance_min": 7}, {**STENOSIS, "walking_tolerance_min": 9.1})
    walking = next(c for c in changes.changes if c.kind == "walking_tolerance")
    assert walking.details["important"] and walking.text.endswith("That is a change of 30% or more.")


def test_a_sign_gone_by_what_the_walk_filled_in_is_gone_not_a_dont_know() -> None:
    """Review R2: a reason for a check from last time (walking only 5 minutes) read "may still be there:
    you answered "don't know" this time" when this check went by its walk's 20 minutes instead, with which
    the reason is not there (what the person says wins; the walk fills in what they do not know)."""
    earlier = check({**STENOSIS, "walking_tolerance_min": 5}, number=1)
    went_by = {**STENOSIS, "walking_tolerance_min": 20}
    later = FinishedCheck(
        assessment_id=2,
        mode="person",
        checked_at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC),
        answers={**STENOSIS, "walking_tolerance_min": None},
        result=assess(went_by).to_dict(),  # as Records._assess works it out: the walk fills it in
        walk={"walking_tolerance_min": 20},
    )
    changes = compare_checks(earlier, later, KB)
    gone = [c for c in changes.changes if c.details.get("rule") == "short_walking_tolerance"]
    assert [c.kind for c in gone] == ["review_gone"], [c.text for c in changes.changes]
    assert gone[0].because == (
        "How long you can walk before the pain makes you stop or slow down (5 min last time, 20 min "
        "from this walk now)",
    )
    assert "don't know" not in all_words(changes)

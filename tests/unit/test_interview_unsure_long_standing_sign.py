"""A warning sign not known (answered "don't know", or not asked yet) that would be said at a
long-standing clause's lower level is said in that clause's words, which say what to do if it is new.

Pain for 20 weeks, not getting worse, and "don't know" to "your foot slaps down or your toes catch":
the box listed the foot under "If any of these is true, tell a doctor or physio soon" and nothing
more. The level is the rule's chronic clause's (a routine check), which reads how long the *pain*
has lasted: the answers cannot say when the foot began to drop, and a new foot drop is a visit the
same day (EVIDENCE.md A.6 [A22]); the rule's own words say so ("If the foot problem is new or gets
worse, see a clinician today", knowledge 1.17.2), the box did not.

Since knowledge 1.18.0 the clause also needs the sign itself to be old (``leg_signs_long_standing``,
"there for 12 weeks or more, without getting worse"): with that answer the sign is said in the
clause's words (what to do if it gets worse); without it the sign is said at its own level, today.
"""

from __future__ import annotations

import pytest

from backstride import Interview
from backstride.knowledge.questions import load_questions

SCREENING = [c for q in load_questions().questions if q.screen for c in q.codes]
LONG_STABLE = {"age_years": 52.0, "sex": "female", "duration_weeks": 20.0, "trend": "stable"}
IF_WORSE = {
    "foot_drop": "If the foot problem gets worse, see a clinician today",
    "unsteady_gait": "If the unsteadiness gets worse, see a clinician today",
}
# Since knowledge 1.18.0 the clause also needs the sign itself to be old (``leg_signs_long_standing``):
# the pain's length alone no longer lowers a foot drop or unsteady walking (EVIDENCE.md A.6 [A22])
OLD_SIGN = {"leg_signs_long_standing": True}


def _interview(answers: dict) -> Interview:
    interview = Interview()
    for code, value in answers.items():
        interview.answer(code, value)
    return interview


@pytest.mark.parametrize("code", sorted(IF_WORSE))
def test_a_sign_not_known_says_what_to_do_if_it_gets_worse(code: str) -> None:
    answers = {**dict.fromkeys(SCREENING, False), **LONG_STABLE, **OLD_SIGN, code: None}
    interview = _interview(answers)
    (sign,) = [s for s in interview.uncertain_warning_signs() if s.code == code]
    assert sign.disposition == "routine"  # the rule's chronic clause, as the engine says it if true
    assert IF_WORSE[code] in sign.text, sign.text


@pytest.mark.parametrize("code", sorted(IF_WORSE))
def test_a_sign_not_asked_yet_says_what_to_do_if_it_gets_worse(code: str) -> None:
    # an answers file that gives the pain's length but leaves this checklist out
    asked = [c for c in SCREENING if c not in {"leg_weakness_progressive", "foot_drop", "unsteady_gait"}]
    interview = _interview({**dict.fromkeys(asked, False), **LONG_STABLE, **OLD_SIGN})
    (sign,) = [s for s in interview.unscreened_warning_signs() if s.code == code]
    assert sign.disposition == "routine"
    assert IF_WORSE[code] in sign.text, sign.text


@pytest.mark.parametrize("code", sorted(IF_WORSE))
def test_a_sign_not_known_to_be_old_is_said_as_a_visit_today(code: str) -> None:
    """Long stable pain without the sign's own age: the sign may be new, so it is said at its level."""
    interview = _interview({**dict.fromkeys(SCREENING, False), **LONG_STABLE, code: None})
    (sign,) = [s for s in interview.uncertain_warning_signs() if s.code == code]
    assert sign.disposition == "urgent"
    assert "12 weeks" not in sign.text, sign.text


def test_a_sign_said_at_its_own_level_keeps_its_label() -> None:
    answers = {**dict.fromkeys(SCREENING, False), **LONG_STABLE, "duration_weeks": 3.0, "foot_drop": None}
    (sign,) = [s for s in _interview(answers).uncertain_warning_signs() if s.code == "foot_drop"]
    assert sign.disposition == "urgent"
    assert sign.text == "Your foot slaps down or your toes catch; you can't lift the front of your foot"


def test_two_signs_said_in_one_clauses_words_are_one_line() -> None:
    """Injecting drugs and a weak immune system, both not known, after 20 stable weeks: each is said
    in the infection rule's long-standing words; the box says them once, the codes stay both."""
    from backstride.services.interview import UNCERTAIN_ADVICE, group_warning_signs

    unsure = {"iv_drug_use": None, "immunosuppressed": None}
    interview = _interview({**dict.fromkeys(SCREENING, False), **LONG_STABLE, **unsure})
    signs = [s for s in interview.uncertain_warning_signs() if s.code in unsure]
    assert len(signs) == 2 and signs[0].text == signs[1].text and "6 weeks or more" in signs[0].text
    (group,) = [g for g in group_warning_signs(signs, UNCERTAIN_ADVICE)]
    assert [s.code for s in group.signs] == ["iv_drug_use"]

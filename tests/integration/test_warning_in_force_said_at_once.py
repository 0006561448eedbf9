"""Whatever warning is in force during the terminal's interview (``backstride assess``), the person is
told it at once, once, when it changes: not only when an answer raises it
(test_cli_urgent_said_at_once.py) but also when a later answer lowers it, when ``back`` undoes the
answer that set it, and when the very last answer sets it (2026-11-28, items 1-3 of the session).

1. A later answer may lower an emergency by a rule's chronic clause: sudden pain in both legs
   (``sudden_bilateral_sciatica``) with pain for 2 weeks or more, not getting worse, is the urgent
   tier of the cauda equina pathway [A15] (EVIDENCE.md A.2: "emergency (symptoms arising within the
   last ~2 weeks) and urgent (longer-standing)"); a big fall (``major_trauma``) with pain for 6 weeks
   or more, not getting worse, is a routine check (red_flags.yaml, judgement). Before, the emergency's
   box was said and then nothing until the result.
2. ``back`` undoing the answer that set "see a doctor today" withdrew nothing; an emergency the
   person still has by other answers stays (never dropped).
3. The last question's answer that made it urgent (or an emergency) was said only in the result.

Each test types into the real command (typer's CliRunner)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.services.interview import Interview, warning_now

runner = CliRunner()
URGENT = "URGENT: SEE A DOCTOR TODAY"
EMERGENCY = "EMERGENCY: GET HELP NOW"
CHANGED = "THE ADVICE HAS CHANGED"
LATER = "Your last answer changes the advice above."
TAKEN_BACK = "You took an answer back, so the advice above has changed."
# sudden pain in both legs, for 10 weeks, not getting worse (sudden_bilateral_sciatica's chronic clause)
BOTH_LEGS = {"leg_symptoms_side": "both_sides", "onset": "sudden", "duration_weeks": 10, "trend": "stable"}
BOTH_LEGS_TODAY = "Pain or numbness that came on suddenly in both legs should be checked by a clinician today"
TRAUMA = {"significant_trauma": True, "duration_weeks": 10, "trend": "stable"}
TRAUMA_ROUTINE = "book a check with a clinician to make sure no bone was broken"


def _line(question: Any, given: Mapping[str, Any]) -> str:
    """What a person types to ``question`` to give ``given``'s answers (a checklist's items not in it:
    not ticked; any other question not in it: "?")."""
    if question.kind == "checklist":
        return ",".join(str(i + 1) for i, o in enumerate(question.options) if given.get(o.value)) or "0"
    code = question.codes[0]
    if code not in given:
        return "?"
    value = given[code]
    if question.kind == "bool":
        return "1" if value else "2"
    if question.kind == "enum":
        return str([o.value for o in question.options].index(value) + 1)
    return str(value)


def _typed(given: Mapping[str, Any], mode: str = "person") -> tuple[list[str], list[str], list[str | None]]:
    """Each line typed to answer every question with ``given``, each question as shown ("4. " and its
    words) and the warning in force after each answer (``warning_now``)."""
    interview, lines, shown, levels = Interview(mode), [], [], []
    while (question := interview.next_question()) is not None:
        shown.append(f"{len(shown) + 1}. {' '.join(question.text.split())}")
        lines.append(_line(question, given))
        for code in question.codes:
            value = given.get(code, False if question.kind == "checklist" else None)
            interview.answer(code, value)
        warning = warning_now(interview.answers)
        levels.append(None if warning is None else warning["disposition"])
    return lines, shown, levels


def _said(lines: list[str], mode: str = "person") -> str:
    done: Result = runner.invoke(app, ["assess", "--mode", mode], input="\n".join(lines) + "\n")
    assert done.exit_code == 0, done.output
    return " ".join(re.sub("[─│╭╮╰╯]", " ", done.stdout).split())  # a panel's edges left out


def test_an_emergency_a_later_answer_lowers_to_a_doctor_today_is_said_at_once() -> None:
    lines, shown, levels = _typed(BOTH_LEGS)
    # the emergency at "sudden" (question 8), a doctor today from "about the same" (question 9) on
    n = levels.index("emergency")
    assert levels[n + 1] == "urgent" and set(levels[n + 1 :]) == {"urgent"}
    said = _said(lines)
    assert said.count(EMERGENCY) == 1 and said.count(URGENT) == 1  # each said once
    box = said[said.index(URGENT) :]
    # at once: after the answer that lowers it, before the next question
    assert said.index(EMERGENCY) < said.index(URGENT) < said.index(shown[n + 2])
    assert box.startswith(f"{URGENT} {LATER} Your answers so far mean: see a doctor today.")
    assert BOTH_LEGS_TODAY in box  # the rule's own words at its lower level [A15]
    assert "This is not a diagnosis." in box[: box.index(shown[n + 2])]


def test_an_emergency_a_later_answer_takes_away_is_not_dropped_in_silence() -> None:
    lines, shown, levels = _typed(TRAUMA)
    n = levels.index("emergency")
    assert levels[n + 1] == "emergency" and levels[n + 2] is None  # the pain's length, then its trend
    said = _said(lines)
    assert said.count(EMERGENCY) == 1 and said.count(CHANGED) == 1 and URGENT not in said
    box = said[said.index(CHANGED) :]
    assert said.index(EMERGENCY) < said.index(CHANGED) < said.index(shown[n + 3])
    assert box.startswith(f"{CHANGED} {LATER} Your answers so far no longer mean: get emergency help now.")
    assert TRAUMA_ROUTINE in box  # what still holds, in the rule's words
    before_next = box[: box.index(shown[n + 3])]
    assert "Your result will say what to do. If you are not sure, get help now." in before_next
    assert "Sources: A15, A22, A1" in before_next and "This is not a diagnosis." in before_next


def test_back_withdraws_a_doctor_today_it_undoes() -> None:
    # a fever ticked at the third question (urgent, fever_or_chills [A18, A19]), then back, then "none"
    lines, shown, _levels = _typed({"fever": True})
    said = _said([*lines[:3], "back", "0", *lines[3:]])
    assert said.count(URGENT) == 1 and said.count(CHANGED) == 1
    assert said.index(URGENT) < said.index(CHANGED) < said.rindex(shown[2])  # before it is asked again
    box = said[said.index(CHANGED) :]
    assert box.startswith(f"{CHANGED} {TAKEN_BACK} Your answers so far no longer mean: see a doctor today.")
    assert "If you are not sure, see a doctor today." in box
    # and the result is not urgent: the fever answered "no" at last
    assert "See a doctor today" not in said[said.index("Thank you.") :].split("Why:")[0]


def test_a_clinician_reads_it_about_the_person_and_back_as_their_own() -> None:
    # the clinician typed "back": not "They took an answer back"; what no longer holds is the person's
    lines, shown, _levels = _typed({"fever": True}, mode="clinician")
    said = _said([*lines[:3], "back", "0", *lines[3:]], mode="clinician")
    box = said[said.index(CHANGED) :]
    assert box.startswith(
        f"{CHANGED} {TAKEN_BACK} Their answers so far no longer mean: they must see a doctor"
    )
    assert "If they are not sure, they must see a doctor today." in box


def test_back_never_drops_an_emergency_other_answers_still_hold() -> None:
    # new trouble peeing (question 1, an emergency [A15]) and a fever (question 3); back undoes the fever
    given = {"urinary_retention": True, "fever": True}
    lines, shown, _levels = _typed(given)
    said = _said([*lines[:3], "back", *lines[2:]])
    assert said.count(EMERGENCY) == 1  # said once, not withdrawn, not said again
    assert CHANGED not in said and URGENT not in said and TAKEN_BACK not in said


def test_back_to_a_doctor_today_after_an_emergency_says_it() -> None:
    # a fever (urgent), then a big fall before the pain began (question 4: an emergency [A1]) taken
    # back: the doctor today still in force is said
    lines, shown, _levels = _typed({"fever": True})
    fall = "4"  # the cancer and bone checklist's fourth: significant_trauma
    said = _said([*lines[:3], fall, "back", *lines[3:]])
    assert said.count(EMERGENCY) == 1 and said.count(URGENT) == 2
    second = said.rindex(URGENT)
    assert said.index(URGENT) < said.index(EMERGENCY) < second < said.rindex(shown[3])
    assert said[second:].startswith(f"{URGENT} {TAKEN_BACK} Your answers so far mean: see a doctor today.")


def test_the_last_answer_that_makes_it_urgent_is_said_at_once_as_the_others() -> None:
    # thin bones on steroids, gradual pain, getting worse: the last question (the trend) makes a broken
    # bone likely enough for a visit today (the engine's serious-cause rule [A1, A3])
    given = {
        "weight_loss_unexplained": True,
        "long_term_steroids": True,
        "age_years": 10,
        "duration_weeks": 10,
        "leg_symptoms_side": "none",
        "onset": "gradual",
        "pain_buttock": "none",
        "pain_low_back": True,
        "relief_sitting": True,
        "pain_severity_nrs": 10,
        "sex": "female",
        "trend": "worsening",
    }
    lines, shown, levels = _typed(given)
    assert levels[-1] == "urgent" and set(levels[:-1]) == {None}  # the last answer alone sets it
    said = _said(lines)
    assert said.count(URGENT) == 1
    # at once, as after every other question: before "Thank you" and the result
    box = said[said.index(URGENT) : said.index("Thank you.")]
    assert "Your answers so far mean: see a doctor today." in box
    assert "Broken bone in the spine may still be the cause" in box and "This is not a diagnosis." in box


def test_the_last_answer_that_makes_it_an_emergency_is_said_at_once_too() -> None:
    # sudden pain with feeling faint (the aneurysm [A24]): the check stops after the warning signs
    lines, shown, levels = _typed({"sudden_pain_with_faintness": True})
    assert len(lines) == 4 and levels[-1] == "emergency"
    said = _said(lines)
    assert said.count(EMERGENCY) == 1
    box = said[said.index(EMERGENCY) : said.index("Thank you.")]
    assert "That answer is a warning sign." in box
    assert "Type quit" not in box  # no question is left to answer or skip

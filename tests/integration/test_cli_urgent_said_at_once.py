"""The terminal's interview (``backstride assess``) says "see a doctor today" as soon as the answer that
means it is given, as the web's question page does (test_warning_before_finished.py), not only with the
result after the last question: the same words, reasons, sources and "not a diagnosis" line as
``services.interview.warning_now`` gives (``assess --continue``'s ``warning_so_far``, one way for both).
Said once, not again at every later answer; an emergency wins when both apply [A15, A18, A22].

Each test types into the real command (typer's CliRunner)."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.services.interview import EMERGENCY_ALERT, Interview, warning_now

runner = CliRunner()
URGENT = "URGENT: SEE A DOCTOR TODAY"
EMERGENCY = "EMERGENCY: GET HELP NOW"
FEVER_RULE = "Fever, chills or night sweats with back pain need a same-day check for infection."


def _typed(ticked: set[str], stop_after: int | None = None) -> tuple[str, dict[str, Any], list[str]]:
    """What a person types to each question: the options of ``ticked`` in each checklist ("0" when
    none), "?" to any other question; ``quit`` after ``stop_after`` questions. Also the answers given
    and each question as it is shown ("4. " and its words)."""
    interview, lines, shown = Interview("person"), [], []
    while (question := interview.next_question()) is not None:
        shown.append(f"{len(shown) + 1}. {' '.join(question.text.split())}")
        if stop_after is not None and len(lines) == stop_after:
            lines.append("quit")
            break
        if question.kind == "checklist":
            picked = [str(i + 1) for i, o in enumerate(question.options) if o.value in ticked]
            lines.append(",".join(picked) or "0")
            for option in question.options:
                interview.answer(option.value, option.value in ticked)
        else:
            lines.append("?")
            for code in question.codes:
                interview.answer(code, None)
    return "\n".join(lines) + "\n", interview.answers, shown


def _run(typed: str) -> Result:
    done = runner.invoke(app, ["assess"], input=typed)
    assert done.exit_code == 0, done.output
    return done


def _said(result: Result) -> str:
    return " ".join(result.stdout.replace("│", " ").split())  # a panel's sides left out


def test_a_doctor_today_is_said_as_soon_as_its_answer_is_given() -> None:
    # fever (the third question, the infection checklist): fever_or_chills is urgent [A18, A19]
    typed, answers, shown = _typed({"fever"}, stop_after=4)
    said = _said(_run(typed))
    assert said.count(URGENT) == 1
    box = said[said.index(URGENT) :]
    # before the fourth question (the cancer and bone checklist), not only with the result
    assert said.index(URGENT) < said.index(shown[3])
    warning = warning_now(answers)
    assert warning is not None and warning["disposition"] == "urgent"
    assert "Your answers so far mean: see a doctor today." in box
    assert " ".join(warning["message"].split()) in box  # the plan's advice for a visit today
    assert FEVER_RULE in box  # the rule's reason
    for key in warning["sources"] + [k for f in warning["red_flags"] for k in f["sources"]]:
        assert key in box.split("Sources:", 1)[1].split("not a diagnosis")[0]
    assert "This is not a diagnosis." in box[: box.index(shown[3])]


def test_a_doctor_today_is_said_once_not_again_at_every_later_answer() -> None:
    typed, _answers, shown = _typed({"fever"})  # every question answered after it
    said = _said(_run(typed))
    assert said.count(URGENT) == 1
    assert said.count("Your answers so far mean: see a doctor today.") == 1


def test_no_warning_no_box() -> None:
    typed, answers, shown = _typed(set())
    assert warning_now(answers) is None
    said = _said(_run(typed))
    assert URGENT not in said and EMERGENCY not in said


def test_an_emergency_wins_over_a_doctor_today() -> None:
    # new trouble peeing (the first question: emergency [A15]) and a fever after it: the emergency's
    # box only, never a weaker one after it
    typed, _answers, shown = _typed({"urinary_retention", "fever"})
    said = _said(_run(typed))
    assert said.count(EMERGENCY) == 1
    assert EMERGENCY_ALERT in said  # an answer just given: the running interview's words
    assert URGENT not in said


def test_an_emergency_after_a_doctor_today_is_said_too() -> None:
    # a fever first, then a bad fall before the pain began (major_trauma: an emergency [A1])
    typed, _answers, shown = _typed({"fever", "significant_trauma"}, stop_after=6)
    said = _said(_run(typed))
    assert said.count(URGENT) == 1 and said.count(EMERGENCY) == 1
    assert said.index(URGENT) < said.index(EMERGENCY) < said.index(shown[4])

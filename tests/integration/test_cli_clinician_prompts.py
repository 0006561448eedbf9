"""``backstride assess --mode clinician``: every line of the interview speaks to the clinician at the
keyboard, about the person ("they").

The line under a question the clinician asks the person said "? if they don't know", but a wrong answer
was met with "please type the numbers that apply ... or ? (don't know)" and "please type a number from
0 to 120 years", the emergency notice said "If they can, answer the last few questions ..." (who
answers?), and the end said "You answered 20 questions" to the clinician. Now a hint about the person
says "that fit them", "their answer" and "? (they don't know)", the notice tells the clinician to ask
them, and the end says how many questions were answered. The person's own check is unchanged.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from backstride.cli.assess_cmd import _parse_answer
from backstride.cli.main import app
from backstride.knowledge.questions import load_questions
from backstride.services import interview as words
from backstride.services.interview import _to_question

runner = CliRunner()
# a checklist answered wrongly, three "none of these", an age typed wrongly twice, 6 weeks, the legs
# typed wrongly, then both legs, slowly, and "don't know" to the rest
TYPED = "abc\n0\n0\n0\n0\nabc\n999\n45\n6\nxyz\n3\n2\n" + "?\n" * 60
YOU = re.compile(r"\b(you|your|yourself)\b", re.IGNORECASE)


def _out(mode: str, typed: str = TYPED) -> str:
    result = runner.invoke(app, ["assess", "--mode", mode], input=typed, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _sorry(out: str) -> list[str]:
    return [" ".join(line.split()) for line in out.splitlines() if "Sorry," in line]


def test_a_clinicians_wrong_answer_is_met_with_words_about_the_person() -> None:
    sorry = _sorry(_out("clinician"))
    assert sorry == [
        "> Sorry, please type the numbers they say yes to (like 1,3), 0 for none of these, or ? (they don't "
        "know).",
        "> Sorry, please type their answer, a number from 0 to 120 years, or ? (they don't know).",
        "> Sorry, please type their answer, a number from 0 to 120 years, or ? (they don't know).",
        "> Sorry, please answer with a number from 1 to 3, a word, or ? (they don't know).",
    ]


def test_the_persons_own_check_keeps_its_words() -> None:
    sorry = _sorry(_out("person"))
    assert sorry == [
        "> Sorry, please type the numbers that apply (like 1,3), 0 for none of these, or ? (don't know).",
        "> Sorry, please type a number from 0 to 120 years, or ? (don't know).",
        "> Sorry, please type a number from 0 to 120 years, or ? (don't know).",
        "> Sorry, please answer with a number from 1 to 3, a word, or ? (don't know).",
    ]


@pytest.mark.parametrize(
    ("ask", "said"),
    [
        (True, "please answer 1 (yes), 2 (no) or ? (they don't know)"),
        (False, "please answer 1 (yes), 2 (no) or ? (don't know)"),
    ],
)
def test_a_yes_or_no_question_says_it_too(ask: bool, said: str) -> None:
    walking = _to_question(load_questions().by_id("walking"))
    with pytest.raises(ValueError, match=re.escape(said)):
        _parse_answer(walking, "perhaps", ask)


def test_the_end_of_a_clinicians_interview_says_how_many_were_answered() -> None:
    out = " ".join(_out("clinician").split())
    assert re.search(r"Thank you\. \d+ questions were answered\.", out)
    assert "You answered" not in out
    assert re.search(r"Thank you\. You answered \d+ questions\.", " ".join(_out("person").split()))


def _notice(mode: str) -> str:
    out = " ".join(_out(mode, "1\n" + "0\n" * 3).replace("│", " ").split())  # new trouble peeing
    notice = out[out.index("EMERGENCY: GET HELP NOW") :]
    return notice[: notice.index("result now.") + len("result now.")]


def test_a_clinicians_emergency_notice_asks_them_to_ask_the_person() -> None:
    notice = _notice("clinician")
    assert words.EMERGENCY_ALERT_NEXT_CLINICIAN in notice
    assert (
        "If they can answer, ask them the last few questions about other warning signs, for the people "
        "who see them next. Type quit to stop and see the result now."
    ) in notice
    assert "If they can, answer" not in notice
    assert not YOU.search(notice), notice


def test_the_persons_emergency_notice_is_unchanged() -> None:
    notice = _notice("person")
    assert words.EMERGENCY_ALERT_NEXT in notice
    assert "If you can, answer the last few questions" in notice

"""The terminal's emergency notice says who must do what, in one voice (``backstride assess``).

Sudden pain in both legs for 6 weeks makes it an emergency, and the next question (how it is changing)
may change that advice. In a clinician's check the line read "If they are not sure, they must get help
now, or type quit to stop and see the result now": the person must get help, or type quit? The person
is spoken about ("they"); typing quit is for whoever sits at the terminal, a sentence of its own. In the
person's own check it speaks to them ("you") and never about them.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

from backstride.cli.main import app

# four warning-sign checklists "none of these", age 45, 6 weeks, both legs (3), sudden (1), then "?"
TYPED = "0\n0\n0\n0\n45\n6\n3\n1\n1\n" + "?\n" * 60
YOU = re.compile(r"\b(you|your|yourself)\b", re.IGNORECASE)
THEY = re.compile(r"\b(they|them|their|themselves)\b", re.IGNORECASE)


def _may_change_line(mode: str) -> str:
    result = CliRunner().invoke(app, ["assess", "--mode", mode], input=TYPED, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.replace("│", " ").split())
    notice = out[out.index("EMERGENCY: GET HELP NOW") :]
    line = notice[notice.index("One more answer") :]
    return line[: line.index("result now.") + len("result now.")]


def test_a_clinicians_notice_speaks_about_the_person_and_tells_the_typist_to_type_quit() -> None:
    line = _may_change_line("clinician")
    assert "If they are not sure, they must get help now." in line
    assert not YOU.search(line), line
    sentences = [s for s in re.split(r"(?<=\.)\s+", line) if s]
    # typing quit is never something the person "must" do
    assert not [s for s in sentences if "quit" in s and THEY.search(s)], sentences
    assert "Type quit to stop and see the result now." in sentences


def test_the_persons_notice_speaks_to_them() -> None:
    line = _may_change_line("person")
    assert "If you are not sure, get help now." in line
    assert not THEY.search(line), line
    assert "Type quit to stop and see the result now." in line

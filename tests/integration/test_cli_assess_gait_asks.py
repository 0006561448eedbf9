"""``backstride assess --gait walk.json`` asks the questions, then adds the walk, as the web's check does.

The README's terminal path is ``backstride gait analyze`` then ``backstride assess --gait``. Before,
``--gait`` without ``--answers`` asked nothing: it printed a "Not finished" result made from the walk
alone, and what the person typed was never read. Now the questions come first; the walk's findings
are added under the person's answers (what they say wins), and ``--answers FILE --gait`` still asks
nothing. A real phyphox walk (lucadomene, accelerometer and gyroscope at the belt, 48 s) with a stop
after 40 s gives "walking only 10 minutes or less" (``short_walking_tolerance``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli.main import app

PHYPHOX_WALK = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"
FIRST_QUESTION = "Since this pain began, have you had any of these?"
runner = CliRunner()


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = runner.invoke(app, ["gait", "analyze", str(PHYPHOX_WALK), "--stop-at", "40", "--json"])
    assert made.exit_code == 0, made.stderr
    path = tmp_path_factory.mktemp("walk") / "walk.json"
    path.write_text(made.stdout, encoding="utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_assess_with_a_walk_asks_the_questions_and_adds_the_walk(walk: Path) -> None:
    # none of the four warning-sign lists, then 67 years old, then stop
    done = runner.invoke(app, ["assess", "--gait", str(walk), "--json"], input="0\n0\n0\n0\n67\nquit\n")
    assert done.exit_code == 0, done.stderr
    assert FIRST_QUESTION in _flat(done.stderr)  # the questions were asked (on stderr with --json)
    result = json.loads(done.stdout)
    assert result["screening_complete"] is True  # the typed "none of these" were read
    assert "short_walking_tolerance" in {r["code"] for r in result["reasons_for_review"]}  # the walk


def test_what_the_person_says_wins_over_the_walk(walk: Path) -> None:
    # the same, but stopping after the age: the walk's 40 s is kept; an answers file with 45 minutes
    # and the walk: the person's 45 minutes win (as before)
    answers = walk.parent / "case.json"
    answers.write_text(json.dumps({"walking_tolerance_min": 45, "age_years": 67}), encoding="utf-8")
    done = runner.invoke(app, ["assess", "--answers", str(answers), "--gait", str(walk), "--json"])
    assert done.exit_code == 0, done.stderr
    assert FIRST_QUESTION not in _flat(done.stderr)  # an answers file: nothing is asked
    assert "short_walking_tolerance" not in {r["code"] for r in json.loads(done.stdout)["reasons_for_review"]}


def test_a_bad_walk_file_is_refused_before_any_question(tmp_path: Path) -> None:
    bad = tmp_path / "walk.json"
    bad.write_text("{oops", encoding="utf-8")
    done = runner.invoke(app, ["assess", "--gait", str(bad)], input="0\n")
    assert done.exit_code == 2
    assert "walk.json" in done.stderr and FIRST_QUESTION not in _flat(done.stdout + done.stderr)

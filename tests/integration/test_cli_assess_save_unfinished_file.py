"""``backstride assess --answers FILE --save`` keeps a check unfinished when the file leaves questions
unanswered (every warning sign first): it says so when it saves it, naming the questions the file does
not answer (their codes, as the file writes them) and how to finish it. Before, it said only "It is not
finished: the web app can go on with it" (or nothing to tell which answers were missing).

Each test works on a temporary SQLite file through the real command (typer's CliRunner), on the real
dev vignettes in ../shared."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.services.interview import question_plan

runner = CliRunner()
DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "vignettes" / "dev.jsonl"


def _save(answers: Path, *more: str) -> Result:
    return runner.invoke(app, ["assess", "--answers", str(answers), "--save", *more])


def _said(result: Result, stream: str = "stdout") -> str:
    return " ".join(getattr(result, stream).split())


def _finished(db: Path) -> list[bool]:
    with sqlite3.connect(db) as connection:
        return [row[0] is not None for row in connection.execute("SELECT finished_at FROM assessments")]


def _vignette_file(tmp_path: Path, extra: dict[str, object] | None = None) -> Path:
    case = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])  # dev-001: no warning sign given
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": {**case["findings"], **(extra or {})}}), encoding="utf-8")
    return path


def test_a_file_without_the_warning_signs_says_which_and_how_to_finish(tmp_path: Path) -> None:
    answers, db = _vignette_file(tmp_path), tmp_path / "home.sqlite3"
    done = _save(answers, "--db", str(db))
    assert done.exit_code == 0, done.output
    said = _said(done)
    unasked = question_plan("person").screening_codes
    assert f"It is kept unfinished: case.json does not answer {len(unasked)} warning signs" in said
    assert "so the check cannot yet say how urgent this is" in said
    assert all(code in said for code in unasked)  # each code the file can give
    assert "Since this pain began, have you had any of these?" in said  # the question, in its words
    assert f"To finish it: run backstride assess --continue 1 --db {db}: it asks only the questions" in said
    assert f"Or run backstride serve --db {db} and open /check/1" in said
    assert f"backstride assess --answers {answers} --continue 1 --db {db}" in said
    assert "It is not finished: the web app can go on with it" not in said  # said once, fully
    assert _finished(db) == [False]


def test_a_file_with_every_warning_sign_names_the_next_question(tmp_path: Path) -> None:
    signs = dict.fromkeys(question_plan("person").screening_codes, False)
    answers, db = _vignette_file(tmp_path, signs), tmp_path / "home.sqlite3"
    document = json.loads(answers.read_text(encoding="utf-8"))
    document["findings"].pop("duration_weeks")
    answers.write_text(json.dumps(document), encoding="utf-8")
    done = _save(answers, "--db", str(db), "--json")
    assert done.exit_code == 0, done.output
    said = _said(done, "stderr")  # beside the JSON, as every saved line
    assert (
        "It is kept unfinished: case.json answers every warning sign, but the check has more questions"
        in said
    )
    assert "(duration_weeks)" in said
    assert json.loads(done.stdout)["screening_complete"] is True
    assert _finished(db) == [False]


def test_a_clinic_s_file_is_finished_for_the_same_person(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    assert runner.invoke(app, ["people", "add", "Ann", "--db", str(db)]).exit_code == 0
    done = _save(_vignette_file(tmp_path), "--person", "Ann", "--db", str(db))
    assert done.exit_code == 0, done.output
    assert "--continue 1 --person 2 --db" in _said(done)

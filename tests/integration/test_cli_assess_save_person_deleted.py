"""A check to ``--save`` for a person deleted meanwhile (in the web app, while the questions were
answered): the answers file written so nothing is lost said to save it with ``--person`` of that same
deleted person, and that command then only said nobody has that id. Now the failed save says the person
was deleted and how to save the file for another person or as 'Me'; the file's own ``--save --person``
of a deleted person says so too: exit 2, nothing stored, the file kept. Real CLI, temporary SQLite."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_cli_assess_save import _typed
from typer.testing import CliRunner

from backstride.cli import assess_cmd
from backstride.cli.main import app

runner = CliRunner()


def _checks(db: Path) -> list[tuple[int, dict[str, Any]]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT person_id, answers FROM assessments ORDER BY id").fetchall()
    return [(person, json.loads(answers)) for person, answers in rows]


@pytest.fixture
def deleted_while_answered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, str]:
    """Ann (person 2) deleted while her check was answered: the database, her answers file, stderr."""
    db = tmp_path / "clinic.sqlite3"
    assert runner.invoke(app, ["people", "add", "Ann", "--db", str(db)]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    real = assess_cmd._interactive

    def deleted_meanwhile(*args: Any, **kwargs: Any) -> Any:
        answered = real(*args, **kwargs)
        assert runner.invoke(app, ["people", "delete", "Ann", "--yes", "--db", str(db)]).exit_code == 0
        return answered

    monkeypatch.setattr(assess_cmd, "_interactive", deleted_meanwhile)
    failed = runner.invoke(app, ["assess", "--save", "--person", "Ann", "--db", str(db)], input=_typed())
    monkeypatch.setattr(assess_cmd, "_interactive", real)
    assert failed.exit_code == 2, failed.output
    [kept] = list(tmp_path.glob("backstride-answers-*.json"))
    return db, kept, " ".join(failed.stderr.split())


def test_the_failed_save_says_the_person_was_deleted_and_never_names_them_to_save_again(
    deleted_while_answered: tuple[Path, Path, str],
) -> None:
    db, kept, said = deleted_while_answered
    assert "'Ann' (person 2) is no longer in this database: they were deleted after the check began" in said
    assert f"Your answers are not lost: they are in {kept.absolute()}" in said
    assert "--person 2" not in said  # the deleted person is not offered again
    assert f"backstride assess --answers {kept.name} --save --db {db} --person PERSON" in said
    assert "with PERSON one of 'Me' (person 1)" in said
    assert _checks(db) == []


def test_saving_the_file_for_the_deleted_person_says_so_and_keeps_the_file(
    deleted_while_answered: tuple[Path, Path, str],
) -> None:
    db, kept, _ = deleted_while_answered
    before = kept.read_bytes()
    again = runner.invoke(app, ["assess", "--answers", kept.name, "--save", "--person", "2", "--db", str(db)])
    assert again.exit_code == 2, again.output
    said = " ".join(again.stderr.split())
    assert "--person '2': nobody in this database has that id or label (they may have been deleted)" in said
    assert f"Nothing was saved, and your answers are still in {kept.name}" in said
    assert f"backstride assess --answers {kept.name} --save --db {db} --person PERSON" in said
    assert "Traceback" not in again.output
    assert kept.read_bytes() == before and _checks(db) == []
    # as the message says: for 'Me', person 1
    saved = runner.invoke(
        app, ["assess", "--answers", kept.name, "--save", "--person", "Me", "--db", str(db)]
    )
    assert saved.exit_code == 0, saved.output
    assert [person for person, _ in _checks(db)] == [1]


def test_with_nobody_left_it_says_how_to_save_them_as_me(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    assert runner.invoke(app, ["people", "add", "Ann", "--db", str(db)]).exit_code == 0
    for person in ("Me", "Ann"):
        assert runner.invoke(app, ["people", "delete", person, "--yes", "--db", str(db)]).exit_code == 0
    answers = tmp_path / "backstride-answers-20261127-120000.json"
    answers.write_text(json.dumps({"findings": {"age_years": 70}}), encoding="utf-8")
    refused = runner.invoke(
        app, ["assess", "--answers", str(answers), "--save", "--person", "Ann", "--db", str(db)]
    )
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert f"To save them as 'Me': backstride assess --answers {answers} --save --db {db}" in said
    saved = runner.invoke(app, ["assess", "--answers", str(answers), "--save", "--db", str(db)])
    assert saved.exit_code == 0, saved.output


def test_a_file_whose_person_is_deleted_while_it_is_read_is_kept_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "clinic.sqlite3"
    assert runner.invoke(app, ["people", "add", "Ann", "--db", str(db)]).exit_code == 0
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps({"findings": {"age_years": 70}}), encoding="utf-8")
    real = assess_cmd._assess_file

    def deleted_meanwhile(*args: Any, **kwargs: Any) -> Any:
        assert runner.invoke(app, ["people", "delete", "Ann", "--yes", "--db", str(db)]).exit_code == 0
        return real(*args, **kwargs)

    monkeypatch.setattr(assess_cmd, "_assess_file", deleted_meanwhile)
    refused = runner.invoke(
        app, ["assess", "--answers", str(answers), "--save", "--person", "Ann", "--db", str(db)]
    )
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.stderr.split())
    assert "'Ann' (person 2) is no longer in this database" in said
    assert f"your answers are still in {answers}" in said
    assert "with PERSON one of 'Me' (person 1)" in said
    assert answers.exists() and _checks(db) == []


def test_a_missing_answers_file_is_never_said_to_hold_the_answers(tmp_path: Path) -> None:
    """An answers file that is not there, with a --person nobody has: it was said 'your answers are
    still in missing.json', and the command offered saved that file, which does not exist."""
    db = tmp_path / "clinic.sqlite3"
    assert runner.invoke(app, ["people", "add", "Ann", "--db", str(db)]).exit_code == 0
    missing = tmp_path / "missing.json"
    refused = runner.invoke(
        app, ["assess", "--answers", str(missing), "--save", "--person", "Anne", "--db", str(db)]
    )
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.stderr.split())
    assert "--person 'Anne'" in said
    assert "answers are still in" not in said
    assert _checks(db) == []

"""A database file that does not exist is named with what is really wrong: 'assess --save --person X
--db MISSING' said "give the database with --db" though --db was given; now it says the file --db
names holds nothing yet, so X cannot be in it, and how to go on. Without --db the old words stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize("with_file", [True, False])
def test_save_for_a_person_in_a_missing_database_names_db_and_the_person(
    tmp_path: Path, with_file: bool
) -> None:
    missing = tmp_path / "none.sqlite3"
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps({"age_years": 60}), "utf-8")
    given = ["--answers", str(answers)] if with_file else []
    done = runner.invoke(app, ["assess", *given, "--save", "--person", "Ann", "--db", str(missing)], input="")
    said = " ".join(done.stderr.split())
    assert done.exit_code == 2, done.output
    assert f"no saved data at {missing}" in said
    assert "nobody is there for --person 'Ann'" in said
    assert "give the database with --db" not in said.lower()  # said "Give ..." without --db
    assert "add them first ('backstride people add NAME'), with the same --db" in said
    assert not missing.exists()


def test_a_missing_database_given_with_db_is_not_told_to_give_db(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    done = runner.invoke(app, ["diary", "list", "--db", str(missing)])
    said = " ".join(done.stderr.split())
    assert done.exit_code == 2 and f"no saved data at {missing}" in said
    assert "give the database with --db" not in said.lower() and "Check the file name --db gives" in said

"""``backstride assess`` in the terminal keeps no record without ``--save``: it says so, and how a check
is kept (``--save``, or the web app). A person who answered its questions found no check in the web
app's History, and 'backstride changes' and the report for a clinician went by an older check from the
web app, without a word why. ``--save``: ``tests/integration/test_cli_assess_save.py``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()
NOT_SAVED = "This check is not saved"


def test_the_terminal_check_says_it_is_not_saved_and_where_checks_are_kept() -> None:
    result = runner.invoke(app, ["assess"], input="0\n" * 4 + "quit\n")
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert NOT_SAVED in said
    assert "backstride serve" in said
    # said before the result, whose notice stays last
    assert said.index(NOT_SAVED) < said.index("This is not a diagnosis")


def test_the_json_of_a_terminal_check_stays_one_json_document() -> None:
    result = runner.invoke(app, ["assess", "--json"], input="0\n" * 4 + "quit\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["disposition"]
    assert NOT_SAVED in " ".join(result.stderr.split())


def test_the_line_speaks_to_whoever_typed_the_answers() -> None:
    # to a clinician it said "put them in the report for a clinician" (review B3): it is their report
    person = runner.invoke(app, ["assess"], input="0\n" * 4 + "quit\n")
    clinician = runner.invoke(app, ["assess", "--mode", "clinician"], input="0\n" * 4 + "quit\n")
    for result in (person, clinician):
        assert result.exit_code == 0, result.stderr
    to_person = " ".join(person.stdout.split())
    to_clinician = " ".join(clinician.stdout.split())
    assert "start it with: backstride assess --save" in to_person
    assert "start it with: backstride assess --save" in to_clinician
    assert (
        "Kept checks show what changed since the last one and go in the report for a clinician." in to_person
    )
    assert "Kept checks show what changed since the last one and go in the person's report." in to_clinician
    assert "report for a clinician" not in to_clinician
    assert NOT_SAVED in to_clinician

"""``backstride activity --limit`` and ``--before`` say a wrong number naming the option, as
``report --weeks`` does, in numbers a person can read. Before, the service's words came through:
"limit must be a whole number from 1 to 1000" (no ``--limit``) and "before must be a whole number
from 1 to 9223372036854775807" for ``--before 0``. ``--help`` shows --limit's range as its value
(1-1000), as --weeks shows 1-520."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.integration.test_cli_usage_errors import backstride
from typer.testing import CliRunner

from backstride.cli.main import app as cli
from backstride.storage.db import sqlite_url

runner = CliRunner()


@pytest.mark.parametrize(
    ("option", "typed", "said"),
    [
        ("--limit", "0", "invalid value for '--limit': expected a whole number from 1 to 1000, got '0'"),
        (
            "--limit",
            "1001",
            "invalid value for '--limit': expected a whole number from 1 to 1000, got '1001'",
        ),
        ("--before", "0", "invalid value for '--before': expected a whole number of 1 or more, got '0'"),
        ("--before", "-3", "invalid value for '--before': expected a whole number of 1 or more, got '-3'"),
    ],
)
def test_a_wrong_number_is_said_naming_the_option(tmp_path: Path, option: str, typed: str, said: str) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite3")
    assert runner.invoke(cli, ["people", "add", "Room 4", "--db", url]).exit_code == 0
    bad = backstride("activity", option, typed, "--db", url)
    assert bad.returncode == 2, bad.stderr
    (line,) = bad.stderr.strip().splitlines()
    assert line.startswith("error: ") and said in line, line
    assert "9223372036854775807" not in line


def test_the_limits_still_taken_show_the_lines(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite3")
    for label in ("Room 4", "Room 5"):
        assert runner.invoke(cli, ["people", "add", label, "--db", url]).exit_code == 0
    one = runner.invoke(cli, ["activity", "--limit", "1", "--json", "--db", url])
    assert one.exit_code == 0, one.output
    assert [line["person_label"] for line in json.loads(one.stdout)] == ["Room 5"]
    full = runner.invoke(cli, ["activity", "--limit", "1000", "--before", "2", "--json", "--db", url])
    assert full.exit_code == 0, full.output


def test_help_shows_the_range_of_limit() -> None:
    shown = runner.invoke(cli, ["activity", "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0
    assert "--limit" in shown.output and "1-1000" in shown.output

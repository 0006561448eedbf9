"""Small things a new user found on the command line (2026-11-27).

``backstride serve`` on a port another program took just after the check printed uvicorn's own
"ERROR:    [Errno 98] ..." above backstride's "error: port ... is already in use", where every other
command says "error:". And ``backstride report --check 99`` (or ``changes --check 99``) said only
"check 99 does not exist", not where to find the checks' numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.integration.test_cli_serve_start_failure_keeps_no_database import (
    _free_port,
    taken_after_the_check,  # noqa: F401 - a fixture
)
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()


def test_serve_says_error_in_lower_case_as_every_command_does(taken_after_the_check, tmp_path: Path) -> None:  # noqa: F811
    port = _free_port()
    result = runner.invoke(
        app, ["serve", "--no-browser", "--port", str(port), "--db", str(tmp_path / "a.sqlite3")]
    )
    assert result.exit_code == 2, result.output
    problems = [line for line in result.output.splitlines() if "rror" in line.split(" ", 1)[0].lower()]
    assert len(problems) >= 2, result.output  # uvicorn's line and backstride's
    assert all(line.startswith("error: ") for line in problems), result.output


@pytest.mark.parametrize("command", ["report", "changes"])
def test_an_unknown_check_says_where_the_checks_are_listed(command: str, tmp_path: Path) -> None:
    db = str(tmp_path / "b.sqlite3")
    assert runner.invoke(app, ["diary", "add", "--pain", "3", "--db", db]).exit_code == 0
    out = tmp_path / "report.html"
    extra = ["--out", str(out)] if command == "report" else []
    result = runner.invoke(app, [command, "--check", "99", "--db", db, *extra])
    assert result.exit_code == 2
    assert "error: check 99 does not exist; 'backstride export checks' lists the checks" in result.output
    assert "check_id" in result.output
    assert not out.exists()  # nothing written half-way
    # the command it names does list them
    listed = runner.invoke(app, ["export", "checks", "--db", db, "--out", "-"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.startswith("check_id,")

"""Every command's --help: exit 0, and no flag shows a value type such as ``<bool>`` (flags take no value)."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()


def _command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(command: object, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            paths.append([*path, name])
            walk(sub, [*path, name])

    walk(root, [])
    return paths


def test_every_command_is_reached() -> None:
    names = {" ".join(p) for p in _command_paths()}
    assert {"", "assess", "gait", "gait analyze", "serve", "explain", "knowledge validate"} <= names
    assert {"staff add", "staff list", "staff remove", "staff password"} <= names


def test_help_of_every_command_shows_flags_without_a_type() -> None:
    for path in _command_paths():
        out = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
        assert out.exit_code == 0, (path, out.output)
        assert "--help" in out.stdout, path
        assert "<bool>" not in out.stdout, (path, out.stdout)

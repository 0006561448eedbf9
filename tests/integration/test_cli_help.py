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


def test_every_db_option_says_the_same_what_it_takes_and_its_default() -> None:
    # found by a new-user test (helper U): the diary commands said "Database URL (default: the web
    # app's)." and password, staff and activity "Database URL (...)", though each also takes a plain
    # SQLite file's path and reads DATABASE_URL, as the other commands' help says
    from backstride.cli.options import DB_HELP

    said = " ".join(DB_HELP.split())
    with_db = []
    for path in _command_paths():
        out = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "400"})
        if "--db" not in out.stdout:
            continue
        with_db.append(" ".join(path))
        flat = " ".join(out.stdout.replace("│", " ").split())
        assert said in flat, (path, flat[flat.index("--db") :][:300])
    assert {"diary add", "diary list", "password set", "staff add", "activity", "serve", "report"} <= set(
        with_db
    )

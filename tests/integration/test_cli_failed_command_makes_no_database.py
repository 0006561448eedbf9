"""A command that fails leaves no new database behind (``options.kept_only_if_stored``).

A new user's ``backstride import pic.png --db new.sqlite3`` exited 2 but left an empty 114 KB
``new.sqlite3``; so did a ``diary add`` with an unknown step or a day in the future. Bad input writes
nothing half-way: every command that may make a database to store something is tried here with a
bad input on a ``--db`` that does not exist yet, and must leave no file (nor its journal). A database
that was there before is never removed, whatever fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()
# a real phone recording: a walk, not a backstride export nor an Apple Health export
RECORDING = (
    FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00" / "Accelerometer.csv"
)

BAD_INPUTS = {  # command family -> the arguments of one bad input (each exits 2)
    "import, not an export": ["import", str(RECORDING)],
    "import, a picture": ["import", "{tmp}/pic.png"],
    "import-health, not a Health export": ["import-health", str(RECORDING)],
    "diary add, an unknown step": ["diary", "add", "--pain", "3", "--tried", "banana"],
    "diary add, a day in the future": ["diary", "add", "--pain", "3", "--date", "2030-01-01"],
    "diary add, --person with no database yet": ["diary", "add", "--pain", "3", "--person", "Me"],
    "diary walking-test, too long": ["diary", "walking-test", "--total", "99", "--pain", "3"],
    "diary walking-test, a day in the future": [
        "diary",
        "walking-test",
        "--total",
        "5",
        "--pain",
        "3",
        "--date",
        "2030-01-01",
    ],  # fmt: skip
    "people add, an empty label": ["people", "add", " "],
    "people add, a birth date in the future": ["people", "add", "Ann", "--birth-date", "2999-01-01"],
    "password set, too short": ["password", "set", "--stdin"],
    "staff add, too short a password": ["staff", "add", "Dr Lee", "--stdin"],
}


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("args", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_a_bad_input_leaves_no_new_database(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    before = _files(tmp_path)
    typed = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, [*typed, "--db", str(tmp_path / "new.sqlite3")], input="short\n")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: "), result.output
    assert _files(tmp_path) == before  # no new.sqlite3, no -wal, -shm or -journal


def test_the_default_database_is_not_made_by_a_bad_input(tmp_path: Path, monkeypatch) -> None:
    # the same without --db: DATABASE_URL names a file that is not there yet
    monkeypatch.setenv("DATABASE_URL", str(tmp_path / "default.sqlite3"))
    result = runner.invoke(app, ["diary", "add", "--pain", "3", "--tried", "banana"])
    assert result.exit_code == 2 and "'banana' is not a step" in result.output, result.output
    assert _files(tmp_path) == set()


def test_serve_refused_leaves_no_new_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: pytest.fail("served"))
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    refused = runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--no-browser", "--db", str(tmp_path / "new.sqlite3")]
    )
    assert refused.exit_code == 2 and "no password is set" in refused.output, refused.output
    assert _files(tmp_path) == set()


def test_what_is_stored_keeps_the_new_database_and_a_failure_keeps_an_old_one(tmp_path: Path) -> None:
    db = str(tmp_path / "new.sqlite3")
    saved = runner.invoke(app, ["diary", "add", "--pain", "3", "--notes", "first day", "--db", db])
    assert saved.exit_code == 0, saved.output
    assert (tmp_path / "new.sqlite3").is_file()
    refused = runner.invoke(app, ["diary", "add", "--pain", "3", "--tried", "banana", "--db", db])
    assert refused.exit_code == 2
    refused = runner.invoke(app, ["import", str(RECORDING), "--db", db])
    assert refused.exit_code == 2
    listed = runner.invoke(app, ["diary", "list", "--json", "--db", db])
    assert listed.exit_code == 0 and "first day" in listed.output, listed.output


def test_a_database_something_was_stored_in_meanwhile_is_kept(tmp_path: Path, monkeypatch) -> None:
    # another command (or the web app) stored a diary day in the new database while this one ran: its
    # failure must not take that day with it
    from backstride.cli.data_cmd import open_records
    from backstride.core.errors import InputError

    db = str(tmp_path / "new.sqlite3")

    def stored_meanwhile_then_refused(*_args: object, **_kwargs: object) -> None:
        open_records(db).add_diary_entry(entry_date="2026-11-20", pain_0_10=4, notes="kept meanwhile")
        raise InputError("not a backstride export")

    monkeypatch.setattr("backstride.services.restore.restore_export", stored_meanwhile_then_refused)
    refused = runner.invoke(app, ["import", str(RECORDING), "--db", db])
    assert refused.exit_code == 2 and "not a backstride export" in refused.output, refused.output
    listed = runner.invoke(app, ["diary", "list", "--json", "--db", db])
    assert listed.exit_code == 0 and "kept meanwhile" in listed.output, listed.output


def _refused_after(monkeypatch, meanwhile) -> None:  # noqa: ANN001
    """'import' refuses its file after ``meanwhile()`` ran, with the new database already made."""
    from backstride.core.errors import InputError

    def run_then_refuse(*_args: object, **_kwargs: object) -> None:
        meanwhile()
        raise InputError("not a backstride export")

    monkeypatch.setattr("backstride.services.restore.restore_export", run_then_refuse)


def test_a_new_database_another_program_has_open_is_kept(tmp_path: Path, monkeypatch) -> None:
    # 'backstride serve' (another process) opened the database this command made, with nothing in it
    # yet: removing the file would leave the server writing into a file nobody can find again, so
    # everything stored on its pages from then on would be lost when it stops
    import subprocess
    import sys

    db = tmp_path / "new.sqlite3"
    server: list[subprocess.Popen[str]] = []

    def a_server_opens_it() -> None:
        server.append(
            subprocess.Popen(  # noqa: S603 - this Python, a fixed script
                [
                    sys.executable,
                    "-c",
                    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
                    "c.execute('SELECT count(*) FROM people').fetchall(); print('open', flush=True);"
                    "sys.stdin.readline()",
                    str(db),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
        assert server[0].stdout is not None and server[0].stdout.readline() == "open\n"

    _refused_after(monkeypatch, a_server_opens_it)
    try:
        refused = runner.invoke(app, ["import", str(RECORDING), "--db", str(db)])
        assert refused.exit_code == 2 and "not a backstride export" in refused.output, refused.output
        assert db.is_file()  # still where the server (and every later command) finds it
    finally:
        server[0].communicate("\n", timeout=30)


def test_a_new_database_whose_person_was_given_details_meanwhile_is_kept(tmp_path: Path, monkeypatch) -> None:
    # someone gave the one person their clinic's details (people edit, or the web's person page) while
    # this command ran: those details are something stored
    db = str(tmp_path / "new.sqlite3")

    def edited_meanwhile() -> None:
        edited = runner.invoke(
            app, ["people", "edit", "1", "--name", "Ann Lee", "--birth-date", "1950-03-04", "--db", db]
        )
        assert edited.exit_code == 0, edited.output

    _refused_after(monkeypatch, edited_meanwhile)
    refused = runner.invoke(app, ["import", str(RECORDING), "--db", db])
    assert refused.exit_code == 2 and "not a backstride export" in refused.output, refused.output
    from backstride.cli.data_cmd import open_records

    assert open_records(db).people.get(1).name == "Ann Lee"


def test_a_link_already_at_the_path_is_never_removed(tmp_path: Path) -> None:
    # --db names a symbolic link to a file not there yet: the link was there before the command
    link = tmp_path / "new.sqlite3"
    link.symlink_to(tmp_path / "elsewhere.sqlite3")
    refused = runner.invoke(app, ["diary", "add", "--pain", "3", "--tried", "banana", "--db", str(link)])
    assert refused.exit_code == 2, refused.output
    assert link.is_symlink()

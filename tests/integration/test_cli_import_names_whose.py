"""``backstride import FILE`` without ``--person`` says whose records a file made for someone else went into.

A clinic moving to a new database ran ``backstride import ana.json`` before adding Ana: the new
database's one person is "Me", so Ana's checks, walks and diary went into "Me", and the command said
only "Restored from ana.json: 3 checks, 1 walk, 4 diary entries added." (and that Ana's details were
not taken). With ``--person`` it already said "Note: the file was made for 'Ana'; it is now in the
records of ..."; without it, it now says so too, so the clinic can move them (docs/clinic.md).
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url


def _ok(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_file_made_for_someone_else_says_it_is_now_in_the_one_persons_records(tmp_path: Path) -> None:
    clinic = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(clinic, "people", "add", "Ana Ruiz")
    _ok(clinic, "diary", "add", "--pain", "5", "--date", "2026-11-20", "--person", "Ana Ruiz")
    backup = tmp_path / "ana.json"
    _ok(clinic, "export", "json", "--person", "Ana Ruiz", "--out", str(backup))

    fresh = sqlite_url(tmp_path / "fresh.sqlite3")  # made by the import, with its one person "Me"
    said = _ok(fresh, "import", str(backup))
    assert "1 diary entry added" in said
    assert "Note: the file was made for 'Ana Ruiz'; it is now in the records of 'Me' (person 1)." in said


def test_a_file_made_for_the_one_person_adds_no_note(tmp_path: Path) -> None:
    home = sqlite_url(tmp_path / "home.sqlite3")
    _ok(home, "diary", "add", "--pain", "5", "--date", "2026-11-20")
    backup = tmp_path / "me.json"
    _ok(home, "export", "json", "--out", str(backup))
    other = sqlite_url(tmp_path / "other.sqlite3")
    said = _ok(other, "import", str(backup))
    assert "1 diary entry added" in said and "Note" not in said

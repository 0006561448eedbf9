"""A clinic's first 'backstride people add': the database's own first person, 'Me', is named.

Every database is made with one person, "Me" (a home user's records). A clinic that adds its first
person then has two, one of them an empty "Me" it never asked for: the command says so once, and
how to remove it, so the People list and every "say whose" question are not about nobody.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url

HINT = "There is also 'Me' (person 1), made with the database, with no records."


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_first_person_added_to_a_new_database_names_the_empty_me(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    first = _run(url, "people", "add", "Room 4")
    assert HINT in first and "backstride people delete 1" in first
    assert HINT not in _run(url, "people", "add", "Room 5")  # said once
    _run(url, "people", "delete", "1", "--yes")
    assert "Me" not in _run(url, "people", "list")


def test_no_word_about_me_when_me_has_records_or_another_name(tmp_path: Path) -> None:
    home = sqlite_url(tmp_path / "home.sqlite3")
    _run(home, "diary", "add", "--pain", "3")  # a home user's own records
    assert HINT not in _run(home, "people", "add", "Partner")
    renamed = sqlite_url(tmp_path / "renamed.sqlite3")
    _run(renamed, "people", "add", "Room 1")
    _run(renamed, "people", "delete", "Room 1", "--yes")
    _run(renamed, "people", "rename", "1", "Room 1")
    assert "There is also" not in _run(renamed, "people", "add", "Room 2")

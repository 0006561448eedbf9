"""``--db`` on every command: a mistyped folder is named and never made; a plain file path is a
SQLite file; ``serve`` says which database it uses (a file's path; never a password)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.storage.db import sqlite_url


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A JSON export of a database with one diary entry."""
    db = sqlite_url(tmp_path / "home.sqlite3")
    added = CliRunner().invoke(cli_app, ["diary", "add", "--pain", "4", "--minutes", "12", "--db", db])
    assert added.exit_code == 0, added.output
    out = tmp_path / "export.json"
    done = CliRunner().invoke(cli_app, ["export", "json", "--db", db, "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


@pytest.mark.parametrize(
    "args",
    [
        ["import", "{export}"],
        ["diary", "add", "--pain", "3", "--minutes", "10"],
        ["people", "add", "Room 4"],
        ["password", "set", "--stdin"],
        ["serve", "--no-browser"],
    ],
)
@pytest.mark.parametrize("as_url", [True, False])
def test_a_mistyped_folder_is_named_and_nothing_is_created(
    saved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], as_url: bool
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    missing = tmp_path / "nonexistent" / "deeper"
    target = missing / "x.db"
    db = sqlite_url(target) if as_url else str(target)
    args = [arg.replace("{export}", str(saved)) for arg in args]
    result = CliRunner().invoke(cli_app, [*args, "--db", db], input="a long clinic password\n")
    assert result.exit_code == 2, result.output
    assert f"the folder {missing} does not exist; nothing was created" in result.output
    assert "Restored" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "nonexistent").exists()


def test_the_apps_own_data_folder_is_made(
    saved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "user-data" / "backstride"
    monkeypatch.setattr("backstride.storage.db.default_folder", lambda: own)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli_app, ["import", str(saved)])
    assert result.exit_code == 0, result.output
    assert (own / "backstride.sqlite3").is_file()


def test_a_plain_file_path_is_a_sqlite_file(saved: Path, tmp_path: Path) -> None:
    target = tmp_path / "x1.db"
    result = CliRunner().invoke(cli_app, ["import", str(saved), "--db", str(target)])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output and target.is_file()
    listed = CliRunner().invoke(cli_app, ["diary", "list", "--db", str(target)])
    assert listed.exit_code == 0 and "12" in listed.output


def test_a_stray_word_is_still_not_a_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["diary", "list", "--db", "x1"])
    assert result.exit_code == 2
    assert "sqlite:////path/file.sqlite3" in result.output


def test_serve_says_which_database_it_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    target = tmp_path / "served.sqlite3"
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--db", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Database: the SQLite file {target}" in result.output
    from backstride.cli.serve_cmd import _database_shown

    shown = _database_shown("postgresql://ann:secret@db.example:5432/clinic")
    assert "secret" not in shown and "db.example:5432/clinic" in shown


@pytest.mark.parametrize("name", ["/" + "x" * 300 + "/a.db", "~no-such-user-here/a.db"])
def test_a_name_the_system_cannot_take_is_refused_by_name(name: str) -> None:
    result = CliRunner().invoke(cli_app, ["people", "list", "--db", name])
    assert result.exit_code == 2, result.output
    assert "--db cannot be used as a file name" in result.output


def test_serve_refuses_a_mistyped_folder_in_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path / "nonexistent" / "x.db"))
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser"])
    assert result.exit_code == 2, result.output
    assert "DATABASE_URL" in result.output and "does not exist; nothing was created" in result.output
    assert not (tmp_path / "nonexistent").exists()


def test_database_url_takes_a_plain_file_path_as_db_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README: --db takes a SQLite file's path, 'DATABASE_URL sets it too'. DATABASE_URL set to
    /path/file.sqlite3 was refused: 'database URL ... is not valid; expected a SQLite file's path,
    e.g. /path/file.sqlite3'. Now read as that file, by the commands and by the web app."""
    from backstride.web.settings import Settings

    target = tmp_path / "home.sqlite3"
    monkeypatch.setenv("DATABASE_URL", str(target))
    added = CliRunner().invoke(cli_app, ["diary", "add", "--pain", "4", "--minutes", "12"])
    assert added.exit_code == 0, added.output
    assert target.is_file()
    listed = CliRunner().invoke(cli_app, ["diary", "list", "--db", sqlite_url(target)])
    assert listed.exit_code == 0 and "12" in listed.output, listed.output
    assert Settings().database_url == sqlite_url(target)
    monkeypatch.setenv("DATABASE_URL", str(tmp_path / "nonexistent" / "x.db"))
    refused = CliRunner().invoke(cli_app, ["diary", "add", "--pain", "4", "--minutes", "12"])
    assert refused.exit_code == 2 and "does not exist; nothing was created" in refused.output
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ann@db.example:5432/clinic?password=secret&sslmode=require",
        "postgresql://ann:secret@db.example/clinic?sslpassword=secret",
        "postgresql://ann@db.example/clinic?PASSWORD=secret",
        "postgresql://ann@db.example:notaport/clinic?password=secret",  # not read by SQLAlchemy
    ],
)
def test_a_password_in_the_urls_query_is_never_shown(url: str) -> None:
    """libpq and psycopg take the password as a query parameter too ('?password=...'): serve printed
    it at every start ('Database: postgresql+psycopg://ann@db.example:5432/clinic?password=secret'),
    and the database's errors named it."""
    from backstride.cli.serve_cmd import _database_shown
    from backstride.storage.db import masked_url

    for shown in (_database_shown(url), masked_url(url)):
        assert "secret" not in shown and "db.example" in shown, shown

"""``backstride staff``: add, list, remove and change the password of staff who sign in by name.

A refusal is one ``error: ...`` line, exit 2, and writes nothing; a declined question is exit 1.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli import people_cmd
from backstride.cli.main import app
from backstride.services.access import Access
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

PASSWORD = "lee's own long password"
runner = CliRunner()


def staff(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, ["staff", *args], input=stdin)


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        return {
            t: connection.execute(f"SELECT * FROM {t}").fetchall() for t in ("staff", "events", "settings")
        }  # noqa: S608


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "clinic.sqlite3"
    url = sqlite_url(path)
    added = staff("add", "Dr Lee", "--stdin", "--db", url, stdin=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert "Added 'Dr Lee'" in added.stdout and "now asks everyone to sign in" in added.stdout
    return path, url


def test_add_and_list_never_show_a_password(db: tuple[Path, str]) -> None:
    path, url = db
    assert staff("add", "Nurse Ann", "--stdin", "--db", url, stdin="ann's long password\n").exit_code == 0
    listed = staff("list", "--json", "--db", url)
    assert listed.exit_code == 0
    members = json.loads(listed.stdout)
    assert [m["name"] for m in members] == ["Dr Lee", "Nurse Ann"]
    assert set(members[0]) == {"id", "name", "created_at", "admin"} and members[0]["admin"] is False
    table = runner.invoke(app, ["staff", "list", "--db", url], env={"COLUMNS": "120"})
    assert "Dr Lee" in table.stdout and "Nurse Ann" in table.stdout
    assert "scrypt" not in table.stdout + listed.stdout and PASSWORD not in table.stdout + listed.stdout
    assert Access(Database(url)).sign_in("nurse ann", "ann's long password") is not None


@pytest.mark.parametrize(
    ("name", "stdin", "words"),
    [
        ("dr lee", PASSWORD, "already a staff member called 'Dr Lee'"),
        ("DR  LEE", "", "already a staff member called 'Dr Lee'"),  # said before any password
        ("", PASSWORD, "the name is empty"),
        ("x" * 81, PASSWORD, "use at most 80"),
        ("Dr:Who", PASSWORD, "holds ':'"),
        ("Dr\tWho\x1b", PASSWORD, "cannot be seen"),
        ("Nurse Ann", "short", "use at least 10"),
        ("Nurse Ann", "", "use at least 10"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(
    db: tuple[Path, str], name: str, stdin: str, words: str
) -> None:
    path, url = db
    before = rows(path)
    refused = staff("add", name, "--stdin", "--db", url, stdin=stdin + "\n")
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.startswith("error: ") and words in refused.stderr
    assert "Traceback" not in refused.output
    assert rows(path) == before


def test_a_refused_first_member_makes_no_database(tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite3"
    for name, password in (("Dr Lee", "short"), ("", PASSWORD)):
        refused = staff("add", name, "--stdin", "--db", sqlite_url(new), stdin=password + "\n")
        assert refused.exit_code == 2 and refused.stderr.startswith("error: ")
    assert not new.exists()
    no_terminal = staff("add", "Dr Lee", "--db", sqlite_url(new), stdin=PASSWORD + "\n")
    assert no_terminal.exit_code == 2 and "--stdin" in no_terminal.stderr and not new.exists()
    empty = staff("list", "--db", sqlite_url(new))
    assert empty.exit_code == 0 and "No staff yet" in empty.stdout and not new.exists()


def test_remove_asks_first_and_removes_only_when_told(
    db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, url = db
    before = rows(path)
    no_terminal = staff("remove", "Dr Lee", "--db", url)
    assert no_terminal.exit_code == 2 and no_terminal.stdout == ""
    # a question and a notice, as `people delete` says it, not an error ("error: removing ... cannot be")
    assert no_terminal.stderr.splitlines() == [
        "Remove 'Dr Lee'? They can no longer sign in.",
        "Nothing was removed. To remove them, run the command again with --yes.",
    ]
    assert rows(path) == before
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)
    declined = staff("remove", "dr lee", "--db", url, stdin="n\n")
    assert declined.exit_code == 1 and "Nothing was removed." in declined.stderr
    assert rows(path) == before
    unknown = staff("remove", "Dr Leigh", "--yes", "--db", url)
    assert unknown.exit_code == 2 and "no staff member is called 'Dr Leigh'" in unknown.stderr
    assert rows(path) == before
    removed = staff("remove", "DR LEE", "--db", url, stdin="y\n")
    assert removed.exit_code == 0 and "Removed 'Dr Lee'" in removed.stdout
    assert "No staff and no password are left" in removed.stdout
    assert json.loads(staff("list", "--json", "--db", url).stdout) == []


def test_password_changes_it_and_refuses_an_unknown_name_before_asking(db: tuple[Path, str]) -> None:
    path, url = db
    before = rows(path)
    unknown = staff("password", "Nobody", "--stdin", "--db", url, stdin="a new long password\n")
    assert unknown.exit_code == 2 and "no staff member is called 'Nobody'" in unknown.stderr
    short = staff("password", "Dr Lee", "--stdin", "--db", url, stdin="short\n")
    assert short.exit_code == 2 and "use at least 10" in short.stderr
    assert rows(path) == before
    changed = staff("password", "dr lee", "--stdin", "--db", url, stdin="a new long password\n")
    assert changed.exit_code == 0 and "The password of 'Dr Lee' is changed" in changed.stdout
    access = Access(Database(url))
    assert access.sign_in("Dr Lee", "a new long password") is not None
    assert access.sign_in("Dr Lee", PASSWORD) is None


def test_activity_shows_who_did_what(db: tuple[Path, str]) -> None:
    _, url = db
    with TestClient(create_app(Settings(database_url=url))) as client:
        credentials = base64.b64encode(f"Dr Lee:{PASSWORD}".encode()).decode()
        added = client.post(
            "/api/people", json={"label": "Room 4"}, headers={"Authorization": f"Basic {credentials}"}
        )
        assert added.status_code == 201
    shown = runner.invoke(app, ["activity", "--json", "--db", url])
    lines = json.loads(shown.stdout)
    assert [(e["action"], e["staff_name"], e["detail"]) for e in lines] == [
        ("person_added", "Dr Lee", ""),
        ("staff_added", None, "Dr Lee"),
    ]
    table = runner.invoke(app, ["activity", "--db", url], env={"COLUMNS": "220"})
    assert "Dr Lee, through the API, from testclient" in table.stdout
    assert "Added a staff member" in table.stdout and "at the command line" in table.stdout


def test_password_status_and_clear_speak_of_staff(db: tuple[Path, str]) -> None:
    _, url = db
    status = runner.invoke(app, ["password", "status", "--db", url])
    assert "No password is set." in status.stdout
    assert "1 staff member signs in with their own name and password" in status.stdout
    runner.invoke(app, ["password", "set", "--stdin", "--db", url], input="a shared long password\n")
    cleared = runner.invoke(app, ["password", "clear", "--db", url])
    assert cleared.exit_code == 0 and "Staff still sign in with their own names" in cleared.stdout
    assert Access(Database(url)).required


def test_serve_on_the_network_starts_with_staff_and_no_shared_password(
    db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda asgi_app, **kwargs: started.append(kwargs))
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    _, url = db
    served = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--no-browser", "--db", url])
    assert served.exit_code == 0, served.output
    assert started and started[0]["host"] == "0.0.0.0"
    nobody = sqlite_url(tmp_path / "nobody.sqlite3")
    refused = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--no-browser", "--db", nobody])
    assert refused.exit_code == 2 and "backstride staff add NAME" in refused.output
    assert len(started) == 1

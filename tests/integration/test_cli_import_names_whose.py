"""``backstride import FILE`` without ``--person`` says whose records a file made for someone else went into.

A clinic moving to a new database ran ``backstride import ana.json`` before adding Ana: the new
database's one person is "Me", so Ana's checks, walks and diary went into "Me", and the command said
only "Restored from ana.json: 3 checks, 1 walk, 4 diary entries added." (and that Ana's details were
not taken). With ``--person`` it already said "Note: the file was made for 'Ana'; it is now in the
records of ..."; without it, it now says so too, so the clinic can move them (docs/clinic.md).
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


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


def _anas_backup(tmp_path: Path, *details: str) -> tuple[Path, str]:
    """Ana's backup (one diary day, ``details`` as 'people add' takes them) and a fresh database with
    Ana and Bo added, as docs/clinic.md moves a clinic."""
    clinic = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(clinic, "people", "add", "Ana Ruiz", *details)
    _ok(clinic, "diary", "add", "--pain", "5", "--date", "2026-11-20", "--person", "Ana Ruiz")
    backup = tmp_path / "ana.json"
    _ok(clinic, "export", "json", "--person", "Ana Ruiz", "--out", str(backup))
    fresh = sqlite_url(tmp_path / "fresh.sqlite3")
    _ok(fresh, "people", "add", "Ana Ruiz")
    _ok(fresh, "people", "add", "Bo Chen")
    return backup, fresh


def test_a_restore_that_gives_the_person_their_clinic_details_says_so(tmp_path: Path) -> None:
    """Found moving a clinic to a fresh database as docs/clinic.md says: Ana's full name, birth date,
    gender and clinic number came back, but the command said only "2 walks and their height added", so
    it read as if they were lost and would be typed again."""
    backup, fresh = _anas_backup(tmp_path, "--height-cm", "163", "--birth-date", "1961-04-23", "--mrn", "M-4")
    said = _ok(fresh, "import", str(backup), "--person", "Ana Ruiz")
    assert "1 diary entry, their height and the details a clinic matches its record by added" in said, said
    again = _ok(fresh, "import", str(backup), "--person", "Ana Ruiz")  # nothing new: not said again
    assert "matches its record by" not in again, again


def test_the_data_page_says_the_clinic_details_came_back_too(tmp_path: Path) -> None:
    backup, fresh = _anas_backup(tmp_path, "--birth-date", "1961-04-23", "--gender", "female")
    with TestClient(create_app(Settings(database_url=fresh))) as web:
        sent = {"file": ("ana.json", backup.read_bytes())}
        page = web.post("/data/import", data={"person_id": "2"}, files=sent)
    text = " ".join(page.text.split())
    assert "Restored: 1 diary entry and the details a clinic matches its record by added." in text, text


def test_the_api_says_the_height_and_the_clinic_details_came_back_too(tmp_path: Path) -> None:
    """POST /api/import counted the height as one 'settings' and the details not at all."""
    backup, fresh = _anas_backup(tmp_path, "--height-cm", "163", "--mrn", "M-4")
    with TestClient(create_app(Settings(database_url=fresh))) as api:
        sent = {"file": ("ana.json", backup.read_bytes())}
        first = api.post("/api/import?person_id=2", files=sent).json()
        again = api.post("/api/import?person_id=2", files=sent).json()
    assert (first["height_added"], first["details_added"]) == (True, True), first
    assert (again["height_added"], again["details_added"]) == (False, False), again

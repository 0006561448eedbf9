"""A deleted walk's note names the clock it was recorded on after a backup and a restore, as before it.

A check whose walk was deleted says "Your walk from 6 Nov 2025, 00:52 Shanghai time ..." (the note keeps
the zone's name: ``DeletedWalk.to_stored``). Up to export format 12 the backup kept only the start with
its offset, so after ``backstride import`` (or POST /api/import) the same note said "00:52 where it was
recorded". Format 13 carries the zone's name (``walk_deleted.time_zone``): a round trip keeps the words
exactly, and a file of format 12 still restores, saying "where it was recorded" as it did (SQLite and
PostgreSQL for the source; each restore into a new SQLite file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.conftest import time_zone
from tests.integration.test_check_walk import WALK, finish_at, setup, upload
from tests.integration.test_walk_deleted_dated_where_recorded import _recorded_in_shanghai
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

WALKED = "Your walk from 6 Nov 2025, 00:52 Shanghai time, which this check used, was deleted on"


def _message(records: Records) -> str:
    (check,) = [a["id"] for a in records.export_all()["assessments"]]
    return str(records.result(check).to_dict()["walk_deleted"]["message"])


def _backup(setup: Any) -> tuple[dict[str, Any], str]:
    """The export of a check whose walk, recorded in Shanghai, was deleted; and what its note said."""
    _url, records, clock = setup
    walk = upload(records, clock, WALK, -10)
    _recorded_in_shanghai(records, walk)
    finish_at(records, clock, 0)
    records.delete_walk(walk)
    return records.export_all(), _message(records)


def _restored(path: Path, file: Path) -> Records:
    result = CliRunner().invoke(cli_app, ["import", str(file), "--db", sqlite_url(path)])
    assert result.exit_code == 0, result.output
    return Records(Database(sqlite_url(path)))


def test_a_restored_note_names_the_zone_as_before(setup: Any, tmp_path: Path) -> None:
    with time_zone("America/New_York"):
        document, said = _backup(setup)
        assert said.startswith(WALKED)
        assert document["format_version"] == 13
        (check,) = document["assessments"]
        assert check["walk_deleted"]["time_zone"] == "Asia/Shanghai"
        file = tmp_path / "backup.json"
        file.write_text(json.dumps(document), encoding="utf-8")
        restored = _restored(tmp_path / "restored.sqlite3", file)
        assert _message(restored) == said  # the same words, word for word
        again = restored.export_all()["assessments"][0]
        assert again["walk_deleted"] == check["walk_deleted"]  # and a backup of the restore keeps it
        restored.db.dispose()


def test_the_api_restore_keeps_the_zone_too(setup: Any, tmp_path: Path) -> None:
    with time_zone("America/New_York"):
        document, said = _backup(setup)
        url = sqlite_url(tmp_path / "api.sqlite3")
        with TestClient(create_app(Settings(database_url=url))) as api:
            answer = api.post("/api/import", files={"file": ("backup.json", json.dumps(document))})
            assert answer.status_code == 200, answer.text
        records = Records(Database(url))
        assert _message(records) == said
        records.db.dispose()


def test_a_file_of_format_12_restores_and_says_where_it_was_recorded(setup: Any, tmp_path: Path) -> None:
    with time_zone("America/New_York"):
        document, _said = _backup(setup)
        document["format_version"] = 12
        del document["assessments"][0]["walk_deleted"]["time_zone"]
        file = tmp_path / "format12.json"
        file.write_text(json.dumps(document), encoding="utf-8")
        restored = _restored(tmp_path / "restored.sqlite3", file)
        message = _message(restored)
        assert message.startswith("Your walk from 6 Nov 2025, 00:52 where it was recorded, which")
        assert restored.export_all()["assessments"][0]["walk_deleted"]["time_zone"] is None
        restored.db.dispose()


@pytest.mark.parametrize(
    ("zone", "named"), [("", "time_zone"), ("Asia/\x00", "NUL"), ("x" * 65, "time_zone")]
)
def test_a_zone_name_that_is_no_text_is_refused_and_nothing_saved(
    setup: Any, tmp_path: Path, zone: str, named: str
) -> None:
    document, _said = _backup(setup)
    document["assessments"][0]["walk_deleted"]["time_zone"] = zone
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    path = tmp_path / "target.sqlite3"
    Database(sqlite_url(path)).migrate().dispose()
    result = CliRunner().invoke(cli_app, ["import", str(file), "--db", sqlite_url(path)])
    assert result.exit_code == 2, result.output
    assert named in result.output and "nothing was saved" in result.output.lower()
    db = Database(sqlite_url(path))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Assessment)) == 0
    db.dispose()

"""Notes with control characters (a pasted ESC or BEL, restored from a file an older backstride
wrote) never reach the FHIR export, whose R4 strings forbid them, nor the terminal of
'backstride diary list', where an ESC sequence would recolour or rewrite the screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.errors import ExportError
from backstride.fhir.r4 import check_resource
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.db import Database, sqlite_url

NOTES = "bell\x07 esc\x1b[31m red\x0b"


def _restored_with_control_characters(records: Records) -> None:
    records.add_diary_entry(entry_date=records.today().isoformat(), pain_0_10=3, notes="x")
    document = records.export_all(note_download=False)
    records.delete_all()
    document["diary_entries"][0]["notes"] = NOTES
    document["diary_entries"].append({**document["diary_entries"][0], "id": 99, "notes": "\x07\x1b"})
    restore_export(records, json.dumps(document))


def test_the_fhir_export_drops_control_characters_of_restored_notes(records: Records) -> None:
    _restored_with_control_characters(records)
    text = make_export(records, "fhir", note_download=False).text
    assert "\\u0007" not in text and "\\u001b" not in text and "\\u000b" not in text
    notes = [
        n["text"]
        for e in json.loads(text)["entry"]
        for n in e["resource"].get("note", ())
        if "bell" in n["text"]
    ]
    assert notes == ["bell esc[31m red"]


def test_the_r4_check_names_a_control_character() -> None:
    patient = {"resourceType": "Patient", "id": "p", "name": [{"text": "Jo\x1b[2J"}]}
    with pytest.raises(ExportError, match="control character"):
        check_resource(patient)


def test_diary_list_never_prints_a_control_character(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    _restored_with_control_characters(Records(Database(url).migrate()))
    result = CliRunner().invoke(cli_app, ["diary", "list", "--db", url])
    assert result.exit_code == 0, result.output
    assert "esc[31m" in result.output
    assert not any(c in result.output for c in "\x07\x1b\x0b")

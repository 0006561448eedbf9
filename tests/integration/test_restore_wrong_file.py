"""Restoring the wrong file, as people do: the Apple Health export (2 GB, XML or zip) given to
'backstride import' instead of 'import-health', a CSV table or the FHIR export instead of the JSON
backup. Each is named with what to do instead, exit 2, nothing saved; a file bigger than any backup
is refused before it is read into memory."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import InputError
from backstride.services.restore import RESTORE_MAX_BYTES, read_export
from backstride.storage.db import sqlite_url

HEALTH_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n]>\n<HealthData locale="en_US">'
)


def _zip(member: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (HEALTH_XML + b"</HealthData>", "an Apple Health export: bring it in with 'backstride import-health"),
        (_zip("apple_health_export/export.xml", HEALTH_XML), "an Apple Health export: bring it in with"),
        (_zip("apple_health_export/exportar.xml", HEALTH_XML), "an Apple Health export: bring it in with"),
        (b"entry_id,entry_date,pain_0_10\r\n1,2026-11-01,4\r\n", "a CSV table"),
        (json.dumps({"resourceType": "Bundle", "type": "collection"}).encode(), "the FHIR export"),
    ],
)
def test_the_wrong_file_is_named_with_what_to_do_instead(data: bytes, said: str) -> None:
    with pytest.raises(InputError) as caught:
        read_export(data, "export.xml")
    assert said in " ".join(str(caught.value).split())


def test_a_file_bigger_than_any_backup_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "export.xml"
    with big.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(RESTORE_MAX_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the whole file was read"))
    url = sqlite_url(tmp_path / "d.sqlite3")
    done = CliRunner().invoke(app, ["import", str(big), "--db", url])
    assert done.exit_code == 2, done.output
    message = " ".join(done.output.split())
    assert "is bigger than any backstride export (at most 256 MB)" in message
    assert "nothing was saved" in message
    assert not (tmp_path / "d.sqlite3").exists()

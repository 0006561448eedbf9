"""A person who sends one of backstride's own files as a walk (the backup from the Data page, the FHIR
export, a CSV table, the report's PDF) or a photo is told in plain words what the file is and what to
send instead. Before, a diary table read 'no accelerometer columns acc_x, acc_y, acc_z (or ax, ay, az) in
the header ['entry_id', 'entry_date', ...]; expected e.g. time_s,acc_x_mps2,...', the backup 'JSON files
are read only as Sensor Logger exports (a list of records with 'sensor')' and the PDF 'this is a binary
file, not a text table'. The files are made by backstride itself, as a person would get them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstride.core.errors import RecordingError
from backstride.core.export_format import EXPORT_FORMAT, EXPORT_FORMAT_VERSION
from backstride.gait.readers import detect_format, read_recording
from backstride.services.tables import TABLE_NAMES, csv_table

WALK_FILE = "To measure a walk, send the file that phyphox or Sensor Logger made"
TECH_WORDS = ("acc_x", "Sensor Logger exports (a list", "binary file", "text table")


def _refusal(path: Path) -> str:
    with pytest.raises(RecordingError) as info:
        read_recording(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert WALK_FILE in message
    assert not any(word in message for word in TECH_WORDS), message
    return message


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_a_csv_table_backstride_wrote_is_named_as_one(tmp_path: Path, table: str) -> None:
    path = tmp_path / f"{table}.csv"
    path.write_text(csv_table({"diary_entries": [], "gait_recordings": [], "assessments": []}, table))
    assert "a table that backstride wrote" in _refusal(path)


def test_the_backup_says_to_restore_it_on_the_data_page(tmp_path: Path) -> None:
    path = tmp_path / "backstride-2026-11-27.json"
    document = {"format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION, "diary": []}
    path.write_text(json.dumps(document, indent=1))
    message = _refusal(path)
    assert "a backstride backup" in message and "Restore" in message and "backstride import" in message


def test_the_fhir_export_is_named(tmp_path: Path) -> None:
    path = tmp_path / "records.fhir.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}, indent=1))
    assert "FHIR export" in _refusal(path)


@pytest.mark.parametrize(
    ("name", "head", "what"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n\x00\x00", "a PDF document"),
        ("IMG_0042.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "a picture"),
        ("screenshot.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a picture"),
    ],
)
def test_a_pdf_or_a_photo_is_named(tmp_path: Path, name: str, head: bytes, what: str) -> None:
    path = tmp_path / name
    path.write_bytes(head + bytes(range(256)) * 4)
    assert what in _refusal(path)


def test_a_sensor_logger_json_is_still_read_as_one(tmp_path: Path) -> None:
    # the JSON check above must not take a real export for a backstride file
    from tests.conftest import FORMATS

    assert detect_format(FORMATS / "sensor_logger/mhaberler__sensorlogger-util/2022-06-14_03-15-05.json") == (
        "sensor-logger"
    )

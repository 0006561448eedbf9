"""``backstride gait analyze RECORDING --save`` hashes the file before it reads it: the same file kept
already is refused before the (maybe long) analysis, and a file that changed while it was analysed is
refused, never stored under the hash of other bytes (before, it was hashed as it was stored, after the
analysis). An unzipped phyphox export folder is kept as the zip of its files the Walks page takes (the
same row the page stores of that zip; the folder itself is analysed, the zip never written: see
test_cli_walk_save_folder_no_temp.py); before, a folder was refused.

Each test works on a temporary SQLite file through the real command (typer's CliRunner), on real
recordings in ../shared (the Mobilise-D lab data, a phyphox export folder)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.test_cli_walk_save import UNITS, _said, _stored, _walks
from typer.testing import CliRunner, Result

from backstride.cli.gait_save import folder_as_zip
from backstride.cli.main import app
from backstride.gait.long_recording import LongRecordingAnalyzer
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

runner = CliRunner()
TRIAL = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "formats"
PHYPHOX = SHARED / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"  # Accelerometer.csv, Gyroscope.csv


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each analysis the command runs (its recording's file), counted."""
    seen: list[Path] = []
    analyze = LongRecordingAnalyzer.analyze

    def counted(self: LongRecordingAnalyzer, stream: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(Path(str(getattr(stream, "where", ""))))
        return analyze(self, stream, *args, **kwargs)

    monkeypatch.setattr(LongRecordingAnalyzer, "analyze", counted)
    return seen


def test_a_file_kept_already_is_refused_before_it_is_analysed(tmp_path: Path, analyses: list[Path]) -> None:
    db = tmp_path / "home.sqlite3"
    assert _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db)).exit_code == 0
    assert len(analyses) == 1
    again = _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db))
    assert again.exit_code == 2
    assert "you added this file already" in _said(again, "stderr")
    assert len(analyses) == 1  # not analysed again
    assert len(_walks(db)) == 1


def test_a_file_changed_while_it_is_analysed_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = tmp_path / "imu.csv"
    shutil.copyfile(TRIAL, recording)
    analyze = LongRecordingAnalyzer.analyze

    def changed_meanwhile(self: LongRecordingAnalyzer, *args: Any, **kwargs: Any) -> Any:
        result = analyze(self, *args, **kwargs)
        with recording.open("a", encoding="utf-8") as file:  # the phone app still writing to it
            file.write(recording.read_text(encoding="utf-8").splitlines()[-1] + "\n")
        return result

    monkeypatch.setattr(LongRecordingAnalyzer, "analyze", changed_meanwhile)
    db = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(recording), *UNITS, "--save", "--db", str(db))
    assert done.exit_code == 2
    assert "imu.csv changed while it was read" in _said(done, "stderr")
    assert "nothing was stored" in _said(done, "stderr")
    assert not db.exists()  # the database made for it, removed again: nothing half-written


def test_an_export_folder_is_kept_as_the_zip_the_walks_page_takes(
    tmp_path: Path, analyses: list[Path]
) -> None:
    db = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(PHYPHOX), "--save", "--db", str(db))
    assert done.exit_code == 0, done.output
    assert "Saved as walk 1." in _said(done)
    assert analyses == [PHYPHOX]  # the folder as it lies: no zip of it written anywhere
    [stored] = _stored(db)
    assert stored[:2] == (f"{PHYPHOX.name}.zip", "phyphox")
    by_web = tmp_path / "web.sqlite3"
    zipped = folder_as_zip(PHYPHOX, tmp_path)
    Records(Database(sqlite_url(by_web)).migrate()).upload_walk(zipped.name, zipped.read_bytes())
    assert _stored(by_web) == [stored]  # the row the Walks page stores of that zip
    analyses.clear()
    again = _run("gait", "analyze", str(PHYPHOX), "--save", "--db", str(db))
    assert again.exit_code == 2 and "you added this folder already" in _said(again, "stderr")
    assert analyses == []  # the same files make the same zip: refused before the analysis


def test_a_folder_stored_already_is_named_as_typed_not_as_its_zip(tmp_path: Path) -> None:
    """Before, the refusal named ``FOLDER.zip``, a file the person never typed nor has."""
    db = tmp_path / "home.sqlite3"
    assert _run("gait", "analyze", str(PHYPHOX), "--save", "--db", str(db)).exit_code == 0
    again = _run("gait", "analyze", str(PHYPHOX), "--save", "--db", str(db))
    assert again.exit_code == 2
    said = _said(again, "stderr")
    assert f"--save: {PHYPHOX}: you added this folder already on " in said
    assert ".zip" not in said and "walk 1; it was not stored again" in said
    assert len(_walks(db)) == 1


def test_a_folder_the_reader_refuses_is_named_as_typed(tmp_path: Path) -> None:
    folder = SHARED / "phyphox" / "sannatikk__walking-data-analysis"  # acceleration without gravity only
    db = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(folder), "--save", "--db", str(db))
    assert done.exit_code == 2
    said = _said(done, "stderr")
    assert f"{folder}: has only acceleration with gravity removed" in said
    assert ".zip" not in said
    assert not db.exists()

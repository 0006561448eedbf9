"""``backstride gait analyze FOLDER --save`` keeps an unzipped export folder as the zip of its files
without writing that zip anywhere. Before, the folder was zipped into the temporary folder first (and
``upload_walk`` copied that zip there again): room taken on a small disk for as long as the analysis
ran, and a file left behind when the command was killed. Now the zip is made a piece at a time, only
counted and hashed, and the folder is analysed as it lies; the row stored is the one the Walks page
stores for that zip (``test_cli_walk_save_hash_first``), and the zip's bytes are those ``zipfile``
writes to a file on disk. On Ctrl-C, on an error and when it works, the temporary folder stays empty.

On real exports in ../shared (a phyphox folder, a Sensor Logger folder), through the real command."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_cli_walk_save import _rows, _said, _stored
from tests.integration.test_cli_walk_save_hash_first import PHYPHOX, SHARED
from typer.testing import CliRunner

from backstride.cli.gait_save import folder_as_zip, folder_zip_pieces
from backstride.cli.main import app
from backstride.gait.long_recording import LongRecordingAnalyzer
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

runner = CliRunner()
SENSOR_LOGGER = SHARED / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"


@pytest.fixture
def tmpdir_watched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """TMPDIR pointed at an empty folder of its own (``tempfile`` reads it anew)."""
    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setenv("TMPDIR", str(own))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield own
    tempfile.tempdir = None


def _zip_on_disk(folder: Path, into: Path) -> bytes:
    """The folder's zip as it was made before (written by ``zipfile`` into a file on disk)."""
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    target = into / "reference.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            with path.open("rb") as source, archive.open(entry, "w") as out:
                shutil.copyfileobj(source, out, 1 << 20)
    return target.read_bytes()


@pytest.mark.parametrize("folder", [PHYPHOX, SENSOR_LOGGER], ids=["phyphox", "sensor-logger"])
def test_the_pieces_are_the_bytes_of_the_zip_on_disk(folder: Path, tmp_path: Path) -> None:
    assert b"".join(folder_zip_pieces(folder)) == _zip_on_disk(folder, tmp_path)


def test_nothing_is_written_to_the_temporary_folder(
    tmp_path: Path, tmpdir_watched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    analyze = LongRecordingAnalyzer.analyze

    def looked(self: LongRecordingAnalyzer, *args: Any, **kwargs: Any) -> Any:
        seen.append(sorted(p.name for p in tmpdir_watched.rglob("*")))  # while it analyses
        return analyze(self, *args, **kwargs)

    monkeypatch.setattr(LongRecordingAnalyzer, "analyze", looked)
    db = tmp_path / "home.sqlite3"
    done = runner.invoke(app, ["gait", "analyze", str(PHYPHOX), "--save", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert seen == [[]]  # before: backstride-folder-…/lucadomene__DFB_Lab04_GaitAnalysis.zip
    [walk] = _rows(db, "SELECT size_bytes, sha256 FROM gait_recordings")
    kept = b"".join(folder_zip_pieces(PHYPHOX))
    assert walk == (len(kept), hashlib.sha256(kept).hexdigest())
    assert list(tmpdir_watched.iterdir()) == []


@pytest.mark.parametrize("stopped_by", [KeyboardInterrupt, OSError])
def test_ctrl_c_or_an_error_leaves_nothing_behind(
    tmp_path: Path, tmpdir_watched: Path, monkeypatch: pytest.MonkeyPatch, stopped_by: type[BaseException]
) -> None:
    def stopped(self: LongRecordingAnalyzer, *args: Any, **kwargs: Any) -> Any:
        raise stopped_by("stopped")

    monkeypatch.setattr(LongRecordingAnalyzer, "analyze", stopped)
    db = tmp_path / "home.sqlite3"
    done = runner.invoke(app, ["gait", "analyze", str(SENSOR_LOGGER), "--save", "--db", str(db)])
    assert done.exit_code != 0
    assert list(tmpdir_watched.iterdir()) == []
    assert not db.exists()  # the database made for it, removed again


def test_a_folder_that_changes_before_it_is_kept_is_refused(
    tmp_path: Path, tmpdir_watched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "walk"
    shutil.copytree(PHYPHOX, folder)
    analyze = LongRecordingAnalyzer.analyze

    def changed_meanwhile(self: LongRecordingAnalyzer, *args: Any, **kwargs: Any) -> Any:
        result = analyze(self, *args, **kwargs)
        (folder / "notes.txt").write_text("added while it was analysed", encoding="utf-8")
        return result

    monkeypatch.setattr(LongRecordingAnalyzer, "analyze", changed_meanwhile)
    db = tmp_path / "home.sqlite3"
    done = runner.invoke(app, ["gait", "analyze", str(folder), "--save", "--db", str(db)])
    assert done.exit_code == 2
    assert "changed while it was read" in _said(done, "stderr")
    assert not db.exists() and list(tmpdir_watched.iterdir()) == []


def test_a_sensor_logger_folder_is_kept_as_the_walks_page_keeps_its_zip(tmp_path: Path) -> None:
    """Read as it lies, the folder gives the row the Walks page stores of its zip (as phyphox does:
    ``test_cli_walk_save_hash_first``)."""
    db = tmp_path / "home.sqlite3"
    done = runner.invoke(app, ["gait", "analyze", str(SENSOR_LOGGER), "--save", "--db", str(db)])
    assert done.exit_code == 0, done.output
    zipped = folder_as_zip(SENSOR_LOGGER, tmp_path)
    assert zipped.read_bytes() == _zip_on_disk(SENSOR_LOGGER, tmp_path)
    by_web = tmp_path / "web.sqlite3"
    Records(Database(sqlite_url(by_web)).migrate()).upload_walk(zipped.name, zipped.read_bytes())
    assert _stored(by_web) == _stored(db)

"""A zip of several phone exports is refused naming them, as a folder of several recordings is.

Two phyphox exports zipped together (sannatikk's iPhone walk and Emz-oamk's Android one, each with its
``meta/``) were read as one: the message said the recording 'has only acceleration with gravity removed
(Linear Accelerometer, Linear Acceleration)', mixing the two exports' files, and never that the zip held
two recordings.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from tests.conftest import FORMATS

from backstride.core.errors import RecordingError
from backstride.gait.readers import open_recording, read_recording

PHYPHOX = FORMATS / "phyphox"


def _zip_of(tmp_path: Path, *exports: str) -> Path:
    path = tmp_path / "walks.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name in exports:
            for f in sorted((PHYPHOX / name).rglob("*")):
                if f.is_file():
                    zf.write(f, f"{name}/{f.relative_to(PHYPHOX / name).as_posix()}")
    return path


def test_a_zip_of_two_phyphox_exports_is_refused_naming_both(tmp_path: Path) -> None:
    path = _zip_of(tmp_path, "sannatikk__walking-data-analysis", "Emz-oamk__FysiikanLP")
    for read in (read_recording, open_recording):
        with pytest.raises(RecordingError) as caught:
            read(path)
        said = str(caught.value)
        assert "this zip holds 2 different recordings" in said, said
        assert "sannatikk__walking-data-analysis" in said and "Emz-oamk__FysiikanLP" in said, said
        assert "give just one of them" in said, said


def test_a_zip_of_one_export_in_its_folder_is_read_as_one(tmp_path: Path) -> None:
    # its own problem is said (it has no gravity), not that it holds several recordings
    path = _zip_of(tmp_path, "sannatikk__walking-data-analysis")
    with pytest.raises(RecordingError) as caught:
        read_recording(path)
    assert "gravity removed (Linear Accelerometer)" in str(caught.value)
    assert "different recordings" not in str(caught.value)
    # and unzipped, the folder of the two is refused the same way (as before)
    folder = tmp_path / "both"
    for name in ("sannatikk__walking-data-analysis", "Emz-oamk__FysiikanLP"):
        shutil.copytree(PHYPHOX / name, folder / name)
    with pytest.raises(RecordingError, match="this folder holds 2 different recordings"):
        read_recording(folder)


def test_an_export_without_meta_zipped_beside_another_is_refused_naming_both(tmp_path: Path) -> None:
    # lucadomene's gait-lab export has no meta/ (its Accelerometer.csv and Gyroscope.csv only): beside
    # sannatikk's export (with its meta/) the zip was read as sannatikk's walk, lucadomene's not a word
    path = _zip_of(tmp_path, "sannatikk__walking-data-analysis", "lucadomene__DFB_Lab04_GaitAnalysis")
    for read in (read_recording, open_recording):
        with pytest.raises(RecordingError) as caught:
            read(path)
        said = str(caught.value)
        assert "this zip holds 2 different recordings" in said, said
        assert "sannatikk__walking-data-analysis" in said and "lucadomene__DFB_Lab04_GaitAnalysis" in said
    # lucadomene's export zipped alone, in its folder, is still read as one walk
    (tmp_path / "alone").mkdir()
    alone = _zip_of(tmp_path / "alone", "lucadomene__DFB_Lab04_GaitAnalysis")
    assert read_recording(alone).source_format == "phyphox"


def _nested(folder: Path, top: str, inner: str) -> Path:
    """The export ``top`` (with its ``meta/``) as the folder, and the export ``inner`` in a subfolder."""
    shutil.copytree(PHYPHOX / top, folder)
    shutil.copytree(PHYPHOX / inner, folder / inner)
    return folder


def _zipped(folder: Path, path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(folder).as_posix())
    return path


def test_an_export_in_a_subfolder_of_one_with_meta_at_the_top_is_refused_naming_both(tmp_path: Path) -> None:
    # sannatikk's export with its meta/ at the zip's top, lucadomene's (no meta/) in a subfolder of it: its
    # Accelerometer.csv and Gyroscope.csv were read as part of sannatikk's walk, and nothing said so
    inner = "lucadomene__DFB_Lab04_GaitAnalysis"
    folder = _nested(tmp_path / "walk", "sannatikk__walking-data-analysis", inner)
    path = _zipped(folder, tmp_path / "walk.zip")
    for read in (read_recording, open_recording):
        with pytest.raises(RecordingError) as caught:
            read(path)
        said = str(caught.value)
        assert "this zip holds 2 different recordings ((the zip's top), " + inner + ")" in said, said
        assert "give just one of them" in said, said
    with pytest.raises(RecordingError) as caught:  # unzipped, the folder is refused the same way
        read_recording(folder)
    said = str(caught.value)
    assert "this folder holds 2 different recordings" in said and inner in said, said


def test_an_export_with_its_tables_in_one_subfolder_is_still_one(tmp_path: Path) -> None:
    # Farmapu's export: meta/ beside data/Linear_Acceleration.csv, its only table: one export, read as
    # before (its own problem said: it has no gravity), zipped or not
    folder = PHYPHOX / "Farmapu__IN00CT09-3008"
    path = _zipped(folder, tmp_path / "farmapu.zip")
    for given in (folder, path):
        with pytest.raises(RecordingError) as caught:
            read_recording(given)
        assert "different recordings" not in str(caught.value), str(caught.value)

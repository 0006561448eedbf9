"""A person who gives the wrong thing is told what to give: a folder that keeps an export's zip (or a
phyphox Excel file) beside nothing else, and Sensor Logger's Metadata.csv given alone. Both read as the
shared samples hold them (read in place)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording


def test_a_folder_holding_one_export_zip_names_it() -> None:
    # it read only 'no recording found here: ... or give a single file'
    with pytest.raises(RecordingError, match=r"This folder holds 2022-09-09_13-14-55\.zip: give that file"):
        read_recording(FORMATS / "sensor_logger/Lynch1206__5ARB0_1_1")


def test_a_folder_holding_phyphox_excel_files_names_them() -> None:
    with pytest.raises(
        RecordingError, match=r"This folder holds walk100\.xls, walk50\.xls: give one of them"
    ):
        read_recording(FORMATS / "phyphox/randyakram__giat_fft")


def test_a_zip_holding_a_zip_says_to_unzip_it_first(tmp_path: Path) -> None:
    # a real Sensor Logger export zipped again read 'no recording found here: expected a phyphox export
    # ... or give a single file', the inner zip unnamed; a file inside a zip cannot be given by its name
    inner = FORMATS / "sensor_logger/Lynch1206__5ARB0_1_1/2022-09-09_13-14-55.zip"
    path = tmp_path / "sent-again.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(inner, inner.name)
    with pytest.raises(RecordingError) as err:
        read_recording(path)
    said = str(err.value)
    assert "this zip holds another zip (2022-09-09_13-14-55.zip)" in said
    assert "unzip it first, then give that zip" in said
    assert "no recording found here" not in said and "give that file" not in said
    unzipped = tmp_path / inner.name
    with zipfile.ZipFile(path) as zf:
        unzipped.write_bytes(zf.read(inner.name))
    assert read_recording(unzipped).source_format == "sensor-logger"  # doing as it says reads the walk


def test_sensor_loggers_metadata_given_alone_says_what_it_is() -> None:
    # it read 'no accelerometer columns acc_x, acc_y, acc_z ...; expected e.g. time_s,acc_x_mps2,...'
    path = FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00/Metadata.csv"
    with pytest.raises(RecordingError, match="this is Sensor Logger's Metadata.csv.*holds no samples") as err:
        read_recording(path)
    assert "acc_x_mps2" not in str(err.value)


def _lab_walk_in(folder: Path) -> Path:
    """A real lab walk's table of one's own (time_s, acc_x ...: the generic CSV) in ``folder``."""
    folder.mkdir()
    table = folder / "walk.csv"
    table.write_bytes((MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv").read_bytes())
    return table


def test_a_folder_holding_one_table_of_ones_own_names_it(tmp_path: Path) -> None:
    # it read 'no recording found here: ... or give a single file', the CSV it had looked at unnamed
    table = _lab_walk_in(tmp_path / "walk")
    with pytest.raises(RecordingError, match=r"This folder holds walk\.csv: give that file"):
        read_recording(table.parent)
    assert read_recording(table, acc_unit="m/s^2", gyr_unit="deg/s").duration_s > 10  # what it says to give


def test_a_zip_holding_one_table_of_ones_own_names_it(tmp_path: Path) -> None:
    table = _lab_walk_in(tmp_path / "walk")
    path = tmp_path / "walk.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(table, "walk/walk.csv")
    with pytest.raises(RecordingError, match=r"The zip holds walk/walk\.csv: unzip it and give that file"):
        read_recording(path)


def test_a_folder_of_tables_that_are_no_recording_names_none(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "diary.csv").write_text("day,pain\n1,3\n", encoding="utf-8")
    with pytest.raises(RecordingError, match="no recording found here") as err:
        read_recording(folder)
    assert "diary.csv" not in str(err.value)


def test_a_zip_made_on_a_mac_names_only_the_real_inner_zip(tmp_path: Path) -> None:
    # a Mac's 'Compress' adds __MACOSX/._<name> (the file's Finder details, not a zip) next to each file:
    # it read 'holds other zips (2022-09-09_13-14-55.zip, __MACOSX/._2022-09-09_13-14-55.zip) ... give
    # one of them', and the second one is no recording
    inner = FORMATS / "sensor_logger/Lynch1206__5ARB0_1_1/2022-09-09_13-14-55.zip"
    path = tmp_path / "sent-again.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(inner, inner.name)
        zf.writestr(f"__MACOSX/._{inner.name}", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    with pytest.raises(RecordingError) as err:
        read_recording(path)
    said = str(err.value)
    assert "this zip holds another zip (2022-09-09_13-14-55.zip)" in said
    assert "__MACOSX" not in said and "._" not in said

"""``backstride gait analyze`` on a CSV of the contract's shape (CONTRACT.md section 2): a header row
with a time column and three accelerometer and three gyroscope columns, units read from the header,
never guessed silently; an unreadable file gives exit status 2 and a message naming the problem.

Written from a real Mobilise-D lab walk (HA/001, Test5 Trial1), its columns renamed as people write them.
"""

from __future__ import annotations

import csv
import json
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import RecordingError
from backstride.gait.readers import open_recording, read_recording

IMU = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # m/s^2 and deg/s
START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
G = 9.80665

runner = CliRunner()


def _rows() -> list[list[str]]:
    with IMU.open(newline="") as handle:
        return list(csv.reader(handle))[1:]


def _write(path: Path, header: list[str], time_of=lambda t: t, in_g_and_rad: bool = False) -> Path:
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for row in _rows():
            values = [float(v) for v in row[1:]]
            if in_g_and_rad:
                values = [v / G for v in values[:3]] + [math.radians(v) for v in values[3:]]
            out.writerow([time_of(row[0]), *(f"{v:.9f}" for v in values)])
    return path


def _analyse(path: Path) -> tuple[int, dict, str]:
    done = runner.invoke(app, ["gait", "analyze", str(path), "--json"])
    return done.exit_code, json.loads(done.stdout) if done.exit_code == 0 else {}, done.stderr


def _read_without_gyroscope(path: Path, pieces: bool) -> list[str]:
    """The notes of a file read without a gyroscope, whole or piece by piece (asserted)."""
    if pieces:
        stream = open_recording(path, piece_bytes=4096)
        assert not stream.has_gyroscope
        for _ in stream.blocks():
            pass
        return list(stream.notes)
    recording = read_recording(path)
    assert recording.gyr_dps is None
    return list(recording.notes)


AXES = [f"{s}_{a}" for s in ("acc", "gyr") for a in "xyz"]
NAMED = ["time_s", *(f"{c}_mps2" for c in AXES[:3]), *(f"{c}_dps" for c in AXES[3:])]


@pytest.mark.parametrize(
    "header",
    [
        ["Time (s)", *(f"{c} (m/s^2)" for c in AXES[:3]), *(f"{c} (deg/s)" for c in AXES[3:])],
        ["time (s)", *(f"{c} (m/s²)" for c in AXES[:3]), *(f"{c} (°/s)" for c in AXES[3:])],
        ["Time (s)", *(f"{c} (g)" for c in AXES[:3]), *(f"{c} (rad/s)" for c in AXES[3:])],
    ],
    ids=["deg/s", "degree sign", "g and rad/s"],
)
def test_one_table_with_a_time_s_header_keeps_its_gyroscope(tmp_path: Path, header: list[str]) -> None:
    # a 'Time (s)' header is phyphox's, whose tables hold one sensor each; the gyroscope's columns beside
    # the accelerometer's were dropped without a word, and the notes said the file had no gyroscope; in
    # g, it said 'holds no accelerometer data (only a gyroscope)'
    named = _write(tmp_path / "named.csv", NAMED)
    written = _write(tmp_path / "walk.csv", header, in_g_and_rad="(g)" in header[1])
    recording = read_recording(written)
    assert recording.gyr_dps is not None
    np.testing.assert_allclose(recording.acc_mps2, read_recording(named).acc_mps2, rtol=0, atol=1e-6)
    np.testing.assert_allclose(recording.gyr_dps, read_recording(named).gyr_dps, rtol=0, atol=1e-5)
    assert not any("no gyroscope" in note for note in recording.notes)
    code, got, _ = _analyse(written)
    assert code == 0 and got["recording"]["has_gyroscope"] is True
    _, expected, _ = _analyse(named)
    assert got["walking_bouts"] and [b["pelvis"] for b in got["walking_bouts"]] == [
        b["pelvis"] for b in expected["walking_bouts"]
    ]
    # read piece by piece (a long export) as read whole
    stream = open_recording(written, piece_bytes=4096)
    assert stream.has_gyroscope


def test_a_timestamp_column_of_unix_numbers_says_how_to_name_it(tmp_path: Path) -> None:
    header = ["timestamp", *NAMED[1:]]
    path = _write(tmp_path / "unix.csv", header, lambda t: f"{START.timestamp() + float(t):.2f}")
    code, _, said = _analyse(path)
    assert code == 2
    message = " ".join(said.split())
    assert "timestamp '1795770000.00' is not an ISO 8601 date-time" in message
    assert "for Unix time, name the column by its unit: timestamp_s, timestamp_ms" in message
    # so named, it is read
    path = _write(
        tmp_path / "unix_s.csv", ["timestamp_s", *NAMED[1:]], lambda t: f"{START.timestamp() + float(t):.2f}"
    )
    code, got, _ = _analyse(path)
    assert code == 0 and len(got["walking_bouts"]) == 1
    # an ISO time that is not one still says only that
    path = _write(tmp_path / "iso.csv", header, lambda t: "at ten")
    code, _, said = _analyse(path)
    assert code == 2 and "is not an ISO 8601 date-time" in said and "Unix" not in said


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        # a value no sensor measures in every row read 'accelerometer: too few samples (0)'
        (lambda i: f"{i / 100},1e30,0,0", "every one of the 1000 rows has a value no sensor measures"),
        # one time in every row read 'accelerometer: too few samples (1)'
        (lambda i: "3.5,9.8,0.1,0.2", "the time never goes up: 1000 rows all have the same time"),
    ],
    ids=["impossible values", "one time"],
)
def test_a_file_nothing_can_be_read_from_says_why(tmp_path: Path, cells, said: str) -> None:
    path = tmp_path / "walk.csv"
    path.write_text(
        "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n" + "".join(f"{cells(i)}\n" for i in range(1000)),
        encoding="utf-8",
    )
    code, _, message = _analyse(path)
    assert code == 2
    assert said in " ".join(message.split()), message


def _one_sensor_impossible(path: Path, sensor: str) -> Path:
    """The lab walk with one sensor's three columns holding values no sensor measures in every row (a
    different one each row, so the gyroscope is not read as a logger's constant), the other's as measured."""
    cols = slice(1, 4) if sensor == "accelerometer" else slice(4, 7)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(NAMED)
        for i, row in enumerate(_rows()):
            row[cols] = [f"{(1 + i) * 1e30:g}"] * 3
            out.writerow(row)
    return path


@pytest.mark.parametrize("sensor", ["accelerometer", "gyroscope"])
@pytest.mark.parametrize("pieces", [False, True], ids=["read whole", "read in pieces"])
def test_one_sensor_impossible_in_every_row_is_named(tmp_path: Path, sensor: str, pieces: bool) -> None:
    # the accelerometer's said 'accelerometer: every one of the 1246 rows has an empty or non-number value
    # (NaN)', and the gyroscope's named the accelerometer, whose every value is right
    path = _one_sensor_impossible(tmp_path / "walk.csv", sensor)
    with pytest.raises(RecordingError) as err:
        if pieces:
            open_recording(path, piece_bytes=4096)
        else:
            read_recording(path)
    said = " ".join(str(err.value).split())
    assert f"{sensor}: every one of the 1246 rows has a value no sensor measures (beyond ±1e+06)" in said
    assert "NaN" not in said
    if pieces:
        return
    code, _, message = _analyse(path)
    assert code == 2 and f"{sensor}: every one of the 1246 rows" in " ".join(message.split()), message


@pytest.mark.parametrize("time_header", ["Time (s)", "time_s"])
@pytest.mark.parametrize("pieces", [False, True], ids=["read whole", "read in pieces"])
def test_a_gyroscope_unit_that_cannot_be_right_is_refused_under_a_time_s_header_too(
    tmp_path: Path, time_header: str, pieces: bool
) -> None:
    # the lab walk's deg/s under a header that says rad/s (57 times too fast): refused with time_s, but a
    # 'Time (s)' table, read as phyphox since its gyroscope is kept, was read without a word
    header = [time_header, *(f"{c} (m/s^2)" for c in AXES[:3]), *(f"{c} (rad/s)" for c in AXES[3:])]
    path = _write(tmp_path / "walk.csv", header)
    with pytest.raises(RecordingError) as err:
        if pieces:
            for _ in open_recording(path, piece_bytes=4096).blocks():
                pass
        else:
            read_recording(path)
    said = " ".join(str(err.value).split())
    assert "is the unit wrong (deg/s read as rad/s)?" in said, said
    if not pieces:
        code, _, message = _analyse(path)
        assert code == 2 and "is the unit wrong (deg/s read as rad/s)?" in " ".join(message.split())


@pytest.mark.parametrize(
    ("cell", "note"),
    [
        ("", "the gyroscope columns are empty: read without a gyroscope"),
        ("0", "the gyroscope columns hold the same value in every row"),
    ],
    ids=["empty", "all 0"],
)
@pytest.mark.parametrize("pieces", [False, True], ids=["read whole", "read in pieces"])
def test_a_time_s_table_whose_gyroscope_measured_nothing_is_read_without_it(
    tmp_path: Path, cell: str, note: str, pieces: bool
) -> None:
    # a logger without a gyroscope writing its columns empty, or 0: since the gyroscope of a 'Time (s)'
    # table is kept, the empty ones were refused ('every one of the 1246 rows has an empty or non-number
    # value') and the zeros read as a pelvis turning through 0 degrees; read before, as with time_s now
    header = [*(["Time (s)"] + [f"{c} (m/s^2)" for c in AXES[:3]]), *(f"{c} (deg/s)" for c in AXES[3:])]
    path = tmp_path / "walk.csv"
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for row in _rows():
            out.writerow([*row[:4], cell, cell, cell])
    notes = _read_without_gyroscope(path, pieces)
    assert any(n.startswith(note) for n in notes), notes
    if not pieces:
        code, got, message = _analyse(path)
        assert code == 0, message
        assert got["recording"]["has_gyroscope"] is False


def test_a_time_s_table_whose_axes_name_different_units_says_so(tmp_path: Path) -> None:
    # it said 'holds no accelerometer data (only a gyroscope)' of a file whose accelerometer was there,
    # in two units; the same file with time_s names them
    units = ["g", "m/s^2", "m/s^2"]
    acc = [f"{c} ({u})" for c, u in zip(AXES[:3], units, strict=True)]
    header = ["Time (s)", *acc, *(f"{c} (deg/s)" for c in AXES[3:])]
    code, _, message = _analyse(_write(tmp_path / "walk.csv", header))
    said = " ".join(message.split())
    assert code == 2 and "only a gyroscope" not in said, said
    assert "name different units" in said and "'g', 'm/s^2'" in said, said


def test_a_time_s_table_whose_gyroscope_starts_later_keeps_it_read_in_pieces_too(tmp_path: Path) -> None:
    # its first piece holds no gyroscope value: read in pieces, that piece alone dropped the gyroscope for
    # the whole file, where read whole it is kept (the rows before its first value left out)
    header = ["Time (s)", *(f"{c} (m/s^2)" for c in AXES[:3]), *(f"{c} (deg/s)" for c in AXES[3:])]
    path = tmp_path / "walk.csv"
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for i, row in enumerate(_rows()):
            out.writerow(row if i >= 200 else [*row[:4], "", "", ""])
    assert read_recording(path).gyr_dps is not None
    assert open_recording(path, piece_bytes=4096).has_gyroscope

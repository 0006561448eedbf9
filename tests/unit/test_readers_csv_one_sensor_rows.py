"""A generic CSV with rows where only the gyroscope (or only the acceleration) is empty: read whole, such
a row kept the other sensor; read piece by piece (a file of 4 MB or more) the whole row was dropped, so
the same walk gave other samples, gaps and notes by its size. Both now keep the row and fill in the
missing sensor from its own rows around it: the same recording either way. Real lab walks (Mobilise-D,
../shared), written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.core.errors import RecordingError
from backstride.gait.evaluation import load_lab_trials
from backstride.gait.readers import read_recording
from backstride.gait.readers.csv_generic import STREAM_MIN_BYTES
from backstride.gait.readers.stream import open_recording

FS = 100.0
HEADER = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"


@pytest.fixture(scope="module")
def lab() -> np.ndarray:
    trials = load_lab_trials(MOBILISED_LAB, with_reference_only=False)
    acc = np.concatenate([t.recording.acc_mps2 for t in trials])
    gyr = np.concatenate([t.recording.gyr_dps for t in trials])
    return np.column_stack([acc, gyr])


def _write(path: Path, lab: np.ndarray, minutes: float) -> Path:
    """The lab walks one after the other for ``minutes``, with rows missing one sensor: one here and
    there, a 1.5 s stretch without the gyroscope (a gap), a value no sensor measures, and the gyroscope
    missing in the first and last rows (left out)."""
    n = int(minutes * 60 * FS)
    values = np.tile(lab, (-(-n // lab.shape[0]), 1))[:n]
    lines = [HEADER] + [f"{i / FS:.2f}," + ",".join(f"{v:.5f}" for v in row) for i, row in enumerate(values)]

    def blank(row: int, cols: slice) -> None:
        cells = lines[row + 1].split(",")
        cells[cols] = [""] * len(cells[cols])
        lines[row + 1] = ",".join(cells)

    gyr, acc = slice(4, 7), slice(1, 4)
    no_gyr = {0, 1, 2, n - 1, n - 2, *range(n // 2, n // 2 + 150), *range(1000, n, 3779)}
    no_acc = set(range(2500, n, 4111))
    assert not no_gyr & no_acc  # no row without both (a dropped row is another matter)
    for row in no_gyr:
        blank(row, gyr)
    for row in no_acc:
        blank(row, acc)
    cells = lines[n // 4 + 1].split(",")
    cells[5] = "1e300"  # gyr_y
    lines[n // 4 + 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    return path


def _same(path: Path, **options: int) -> None:
    whole = read_recording(path)
    stream = open_recording(path, **options)
    assert stream.whole is None  # read piece by piece
    blocks = list(stream.blocks(7_000))
    acc = np.concatenate([b.acc_mps2 for b in blocks])
    gyr = np.concatenate([b.gyr_dps for b in blocks if b.gyr_dps is not None])
    assert stream.sampling_rate_hz == whole.sampling_rate_hz
    assert stream.n_samples == whole.n_samples
    # (numpy parses a file under 4 MB read whole, pandas the pieces: the last digit of a float may differ)
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    np.testing.assert_allclose(gyr, whole.gyr_dps, rtol=0, atol=1e-9)
    assert len(stream.gaps_s) == len(whole.gaps_s)
    np.testing.assert_allclose(
        np.reshape(stream.gaps_s, (-1, 2)), np.reshape(whole.gaps_s, (-1, 2)), atol=1e-9
    )
    assert stream.notes == list(whole.notes)


def walk_with_cell(path: Path, lab: np.ndarray, cell: str, acc_row: int | None = None) -> Path:
    """30 s of the lab walks with ``cell`` as the gyr_y of rows 500 and 1700 (and as the acc_y of
    ``acc_row``)."""
    n = 30 * int(FS)
    values = np.tile(lab, (-(-n // lab.shape[0]), 1))[:n]
    lines = [HEADER]
    for i, row in enumerate(values):
        cells = [f"{i / FS:.2f}"] + [f"{v:.5f}" for v in row]
        if i in (500, 1700):
            cells[5] = cell  # gyr_y
        if i == acc_row:
            cells[2] = cell  # acc_y
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_big_csv_with_rows_missing_one_sensor_is_the_same_read_whole_or_in_pieces(
    tmp_path: Path, lab: np.ndarray
) -> None:
    path = _write(tmp_path / "walk.csv", lab, 12)
    assert path.stat().st_size >= STREAM_MIN_BYTES  # read in pieces as it is, by `gait analyze` too
    whole = read_recording(path)
    notes = "\n".join(whole.notes)
    assert "gyroscope: 170 row(s) had no value (an empty cell, or one no sensor measures)" in notes
    assert "accelerometer: 17 row(s) had no value" in notes
    assert "left out 5 row(s) at the start or end with only one sensor's values" in notes
    assert whole.n_samples == 72_000 - 5  # the row with a time only is filled in on the grid
    (gap,) = whole.gaps_s
    assert gap == pytest.approx((360.0 - 0.04, 361.5 - 0.03))  # from the file's fourth row: 0.03 s
    assert "no gyroscope values from 359.96 s to 361.47 s (1.51 s): filled by interpolation" in notes
    # the acceleration of a row without the gyroscope is the file's
    row = 1000 + 3779 * 3
    np.testing.assert_allclose(whole.acc_mps2[row - 3], np.tile(lab, (20, 1))[row, :3], atol=1e-5)
    _same(path)  # 4 MB pieces, as `gait analyze` reads it
    _same(path, piece_bytes=97_531)  # many pieces: rows without one sensor at their edges


def test_a_small_csv_read_in_pieces_is_the_same_as_read_whole(tmp_path: Path, lab: np.ndarray) -> None:
    path = _write(tmp_path / "walk.csv", lab, 2)
    assert path.stat().st_size < STREAM_MIN_BYTES
    assert open_recording(path).whole is not None  # read whole as it is
    for piece in (4096, 50_000, 200_000):
        _same(path, piece_bytes=piece)


def test_an_acceleration_empty_in_every_row_is_named_beside_a_gyroscope(tmp_path: Path) -> None:
    rows = [f"{i / FS:.2f},,,,1.0,{i % 7}.0,2.0" for i in range(500)]
    path = tmp_path / "no_acc.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    message = "accelerometer: every one of the 500 rows has an empty or non-number value"
    with pytest.raises(RecordingError, match=message):
        read_recording(path)
    with pytest.raises(RecordingError, match=message):
        list(open_recording(path, piece_bytes=1_000_000).blocks())


def test_stretches_without_one_sensor_are_named_in_time_order_either_way(
    tmp_path: Path, lab: np.ndarray
) -> None:
    """The gyroscope missing for 1 s at 10 s, the acceleration for 1 s at 30 s, no row dropped whole: read
    whole, the notes named the acceleration's stretch first (every stretch of one sensor, then the
    other's), piece by piece in time order, so the two reads' notes differed (review R3)."""
    n = 40 * int(FS)
    values = np.tile(lab, (-(-n // lab.shape[0]), 1))[:n]
    lines = [HEADER]
    for i, row in enumerate(values):
        cells = [f"{i / FS:.2f}"] + [f"{v:.5f}" for v in row]
        if 1000 <= i < 1100:
            cells[4:7] = ["", "", ""]
        if 3000 <= i < 3100:
            cells[1:4] = ["", "", ""]
        lines.append(",".join(cells))
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(lines) + "\n")
    notes = [n for n in read_recording(path).notes if n.startswith("no ")]
    assert notes == [
        "no gyroscope values from 9.99 s to 11.00 s (1.01 s): filled by interpolation",
        "no accelerometer values from 29.99 s to 31.00 s (1.01 s): filled by interpolation",
    ]
    _same(path, piece_bytes=50_000)


@pytest.mark.parametrize("cell", [" ", "   "])
def test_a_cell_of_spaces_is_empty_read_whole_or_in_pieces(
    tmp_path: Path, lab: np.ndarray, cell: str
) -> None:
    """A cell holding only spaces is an empty cell read whole (numpy); pandas, which parses the pieces of
    a file of 4 MB or more, refused it: "a value is not a number (' ' at line 502)", so a big file was
    refused where the same rows in a small one were read (review R3)."""
    path = walk_with_cell(tmp_path / "walk.csv", lab, cell)
    assert "gyroscope: 2 row(s) had no value" in "\n".join(read_recording(path).notes)
    _same(path, piece_bytes=50_000)


def test_a_long_stretch_without_one_sensor_is_left_out_and_never_held(
    tmp_path: Path, lab: np.ndarray
) -> None:
    """A stretch of more than 10 s with one sensor only is left out whole, read whole or piece by piece
    (the same samples and gaps), and a piece-by-piece read does not hold it: it was kept until the sensor
    came back or the file ended (a 2-hour file with the gyroscope empty for 118 min: 155 -> 297 MB,
    review R3)."""
    from backstride.gait.readers.csv_generic import OneSensorMissing

    n = int(3 * 60 * FS)
    values = np.tile(lab, (-(-n // lab.shape[0]), 1))[:n]
    lines = [HEADER]
    for i, row in enumerate(values):
        cells = [f"{i / FS:.2f}"] + [f"{v:.5f}" for v in row]
        if 3000 <= i < 6000 or 9000 <= i < 9500 or i >= n - 1500:  # 30 s, 5 s, the last 15 s
            cells[4:7] = ["", "", ""]
        if 12000 <= i < 13200:  # 12 s without the acceleration
            cells[1:4] = ["", "", ""]
        lines.append(",".join(cells))
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = read_recording(path)
    left_out = "left out 5700 row(s) where one sensor had no values for more than 10 s: no samples there"
    assert left_out in "\n".join(whole.notes)
    assert whole.gaps_s == ((29.99, 60.0), (89.99, 95.0), (119.99, 132.0))
    assert whole.n_samples == 16500  # up to the last 15 s

    held: list[int] = []
    feed = OneSensorMissing.feed

    def watched(self: OneSensorMissing, t: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = feed(self, t, v)
        held.append(sum(h[0].size for h in self._held))
        return out

    OneSensorMissing.feed = watched  # type: ignore[method-assign]
    try:
        stream = open_recording(path, piece_bytes=50_000)
        blocks = list(stream.blocks(7_000))
    finally:
        OneSensorMissing.feed = feed  # type: ignore[method-assign]
    assert max(held) <= OneSensorMissing.HOLD_S * FS + 1  # the 30 s stretch was held whole (3,000 rows)
    np.testing.assert_allclose(np.concatenate([b.acc_mps2 for b in blocks]), whole.acc_mps2, atol=1e-9)
    np.testing.assert_allclose(np.concatenate([b.gyr_dps for b in blocks]), whole.gyr_dps, atol=1e-9)
    np.testing.assert_allclose(
        np.reshape(stream.gaps_s, (-1, 2)), np.reshape(whole.gaps_s, (-1, 2)), atol=1e-9
    )
    assert left_out in "\n".join(stream.notes)

"""A generic CSV's messages name the file's own line (as an editor numbers it) and quote a cell as the
file writes it, read whole or piece by piece. Blank lines are no rows for the parsers: a bad value or a
time that goes back was said one line early per blank line above it (and blank lines before the header
shifted every number); a decimal-comma table's bad cell '9,8,1' was quoted '9.8.1' (review P1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording
from backstride.gait.readers.stream import GridFeeder, open_recording

HEADER = ("time_s", "acc_x_mps2", "acc_y_mps2", "acc_z_mps2")
N_ROWS = 3000


def _lines(sep: str = ",", decimal: str = ".") -> list[str]:
    rows = []
    for i in range(N_ROWS):
        values = (i / 100, 0.1 * np.sin(i / 10), 0.2, 9.8 + 0.3 * np.cos(i / 7))
        rows.append(sep.join(f"{v:.4f}".replace(".", decimal) for v in values))
    return [sep.join(HEADER), *rows]


def _set(lines: list[str], row: int, col: int, cell: str, sep: str = ",") -> None:
    cells = lines[row].split(sep)
    cells[col] = cell
    lines[row] = sep.join(cells)


def _message(path: Path, whole: bool) -> str:
    with pytest.raises(RecordingError) as err:
        if whole:
            read_recording(path)
        else:
            stream = open_recording(path, piece_bytes=4096)  # the bad row is in a later piece
            assert stream.whole is None
            list(stream.blocks(7_000))
    return str(err.value)


def _write(tmp_path: Path, lines: list[str], before: int, after_line: int, marker: str) -> tuple[Path, int]:
    """``lines`` with ``before`` blank lines above the header and two after file line ``after_line``;
    the file's own line (from 1) of the row holding ``marker``."""
    out = [""] * before + lines
    out[before + after_line : before + after_line] = ["", ""]
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(out) + "\n")
    return path, next(k for k, line in enumerate(out, 1) if marker in line)


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "pieces"])
@pytest.mark.parametrize("before", [0, 2], ids=["header-first", "blank-lines-before-header"])
@pytest.mark.parametrize("row", [101, 2500])
def test_a_value_that_is_not_a_number_is_named_at_its_own_line(
    tmp_path: Path, whole: bool, before: int, row: int
) -> None:
    lines = _lines()
    _set(lines, row, 1, "x")
    path, line = _write(tmp_path, lines, before, 5, ",x,")
    assert f"a value is not a number at line {line}: column acc_x_mps2 holds 'x'" in _message(path, whole)


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "pieces"])
@pytest.mark.parametrize("before", [0, 2], ids=["header-first", "blank-lines-before-header"])
@pytest.mark.parametrize("row", [101, 2500])
def test_a_time_that_goes_back_is_named_at_its_own_line(
    tmp_path: Path, whole: bool, before: int, row: int
) -> None:
    lines = _lines()
    _set(lines, row, 0, "0.01234")  # (the values have 4 decimals: found by its 5)
    path, line = _write(tmp_path, lines, before, 5, "0.01234,")
    assert f"timestamps go backwards at line {line} (time_s 0.01234 comes after" in _message(path, whole)


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "pieces"])
@pytest.mark.parametrize(
    ("col", "cell", "said"),
    [
        (1, "x", "a value is not a number at line {}: column acc_x_mps2 holds 'x'"),
        (0, "0.01234", "at line {} ("),
    ],
    ids=["not-a-number", "time-back"],
)
def test_lines_are_right_beside_empty_cells_too(
    tmp_path: Path, whole: bool, col: int, cell: str, said: str
) -> None:
    lines = _lines()
    _set(lines, 50, 2, "")  # an empty cell: that row is dropped, the rest read
    _set(lines, 2500, col, cell)
    path, line = _write(tmp_path, lines, 1, 5, f",{cell}," if col else f"{cell},")
    assert said.format(line) in _message(path, whole)


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "pieces"])
@pytest.mark.parametrize("blank", [False, True], ids=["no-blank-lines", "blank-lines"])
def test_a_decimal_comma_cell_is_quoted_as_written(tmp_path: Path, whole: bool, blank: bool) -> None:
    lines = _lines(";", ",")
    _set(lines, 2500, 1, "9,8,1", ";")
    if blank:
        path, line = _write(tmp_path, lines, 0, 5, "9,8,1")
    else:
        path, line = tmp_path / "walk.csv", 2501
        path.write_text("\n".join(lines) + "\n")
    assert f"a value is not a number at line {line}: column acc_x_mps2 holds '9,8,1'" in _message(path, whole)


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "pieces"])
@pytest.mark.parametrize("gyroscope", [False, True], ids=["accelerometer", "with-gyroscope"])
@pytest.mark.parametrize("missing", ["", "NA"])
def test_rows_without_a_time_are_said_to_have_no_time(
    tmp_path: Path, whole: bool, gyroscope: bool, missing: str
) -> None:
    """Empty (or NA) time cells were reported as 'accelerometer: dropped 2 row(s) with a missing value'."""
    lines = _lines()
    if gyroscope:
        lines = [
            line + (",gyr_x_dps,gyr_y_dps,gyr_z_dps" if k == 0 else f",{k % 7}.5,1.25,-2.5")
            for k, line in enumerate(lines)
        ]
    _set(lines, 40, 0, missing)
    _set(lines, 2500, 0, missing)
    _set(lines, 1200, 3, "")  # a missing value in a sensor's column is said as before
    if gyroscope:
        _set(lines, 1200, 4, "")
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(lines) + "\n")
    if whole:
        notes = list(read_recording(path).notes)
    else:
        stream = open_recording(path, piece_bytes=4096)
        list(stream.blocks(7_000))
        notes = stream.notes
    assert "time_s: dropped 2 row(s) with no time" in notes
    assert "accelerometer: dropped 1 row(s) with a missing value" in notes


def test_a_gap_is_not_counted_among_the_samples_the_timing_left_the_grid_at() -> None:
    """A piece with a 2 s gap: its 70 samples are put on the grid by interpolation, the gap's 200 grid rows
    are a gap (listed), not 'samples ... where the timing left it' (270 before)."""
    t = np.arange(1000) / 100.0
    kept = t[(t < 4.0) | (t >= 6.0)]
    v = np.column_stack([kept, 2 * kept, -kept])
    feeder = GridFeeder(0.0, 100.0, regular=True, median_dt_s=0.01)
    feeder.feed(kept[:350], v[:350])  # regular: taken as it is
    rows = feeder.feed(kept[350:420], v[350:420])  # 3.50-3.99 s, then 6.00-6.19 s
    assert rows.shape[0] == 270
    assert feeder.gaps_s == [(pytest.approx(3.99), pytest.approx(6.0))]
    assert feeder.n_interpolated == 70


def test_a_stretch_without_the_gyroscope_read_in_pieces_is_said_as_a_gap(tmp_path: Path) -> None:
    """20 s without the gyroscope in a 3-minute file: read piece by piece the note counted the 2,000 grid
    rows of the gap as samples 'put on the grid where the timing left it'; read whole the gap is a gap and
    the samples are resampled. Both reads list the same gap and the same number of samples."""
    n = 18_000
    lines = [",".join([*HEADER, "gyr_x_dps", "gyr_y_dps", "gyr_z_dps"])]
    for i in range(n):
        acc = f"{0.5 * np.sin(i / 9):.4f},{0.2 + 0.3 * np.cos(i / 13):.4f},{9.8 + np.sin(i / 5):.4f}"
        gyr = (
            ",,"
            if 6000 <= i < 8000
            else f"{20 * np.sin(i / 11):.3f},{15 * np.cos(i / 17):.3f},{5 * np.sin(i / 7):.3f}"
        )
        lines.append(f"{i / 100:.2f},{acc},{gyr}")
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=100_000)
    assert stream.whole is None
    assert sum(b.acc_mps2.shape[0] for b in stream.blocks(7_000)) == whole.n_samples
    assert stream.gaps_s == [(pytest.approx(59.99), pytest.approx(80.0))] == list(whole.gaps_s)
    gap_note = "no samples from 59.99 s to 80.00 s (20.01 s): filled by interpolation"
    assert gap_note in stream.notes and gap_note in whole.notes
    # the whole read's note on resampling (it said '... samples put on the grid ... where the timing left it')
    assert stream.notes == list(whole.notes)


def test_an_iso_timestamp_that_cannot_be_read_is_named_at_its_own_line(tmp_path: Path) -> None:
    """Blank lines before the header: an ISO time stamp was named two lines early."""
    rows = [f"2024-05-01T10:00:{i / 100:05.2f},0.1,0.2,9.8" for i in range(300)]
    rows[200] = "2024-05-01 at ten,0.1,0.2,9.8"
    path = tmp_path / "walk.csv"
    path.write_text("\n\n" + "\n".join(["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2", *rows]) + "\n")
    assert "line 204: timestamp '2024-05-01 at ten' is not an ISO 8601 date-time" in _message(path, True)

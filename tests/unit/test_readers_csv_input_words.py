"""The generic CSV's words for a new user's file (new-user test, 2026-11-27).

* ``time,ax,ay,az`` (short names, no units) was refused as 'no accelerometer columns acc_x, acc_y,
  acc_z': the short names are read now, ``time`` as seconds (a column of milliseconds is still refused
  by the rate check), and the unit is still never guessed (``--acc-unit``, or the unit in the name).
* a cell that is not a number read 'could not convert string 'x' to float64 at line 51, column 3':
  it names the line and the column's name now, read whole or (a large file) by pandas.
* times that go backwards were said counted from the start of the file ('-0.01 s comes after 0.01 s'
  for a file whose times start at 100): the file's own times and line are quoted now.
Files are written to tmp_path; the CLI exits 2 for each.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import RecordingError
from backstride.gait.readers import open_recording, read_recording

G = 9.80665


def _rows(n: int = 3000, start_s: float = 0.0) -> list[list[str]]:
    t = start_s + np.arange(n) / 100.0
    acc = np.column_stack([0.3 * np.sin(2 * np.pi * t), G + 1.5 * np.sin(2 * np.pi * 1.8 * t), 0.2 + 0 * t])
    return [[f"{a:.2f}", *(f"{v:.5f}" for v in row)] for a, row in zip(t, acc, strict=True)]


def _write(path: Path, header: str, rows: list[list[str]]) -> Path:
    path.write_text("\n".join([header, *(",".join(r) for r in rows)]) + "\n")
    return path


def _cli_error(path: Path, *options: str) -> str:
    result = CliRunner().invoke(app, ["gait", "analyze", str(path), *options])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.stderr.split())


def test_short_column_names_are_read_and_the_unit_is_still_asked_for(tmp_path: Path) -> None:
    rows = _rows()
    short = _write(tmp_path / "short.csv", "time,ax,ay,az", rows)
    said = _cli_error(short)
    assert "the acc_x/y/z columns (ax, ay, az) do not say their unit" in said and "--acc-unit" in said
    with pytest.raises(RecordingError, match="do not say their unit"):
        read_recording(short)
    full = _write(tmp_path / "full.csv", "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2", rows)
    read = read_recording(short, acc_unit="m/s^2")
    np.testing.assert_array_equal(read.acc_mps2, read_recording(full).acc_mps2)
    assert read.sampling_rate_hz == pytest.approx(100.0)
    # the unit in a short name, and the gyroscope's short names too
    gyro = [[*r, *(f"{20 * np.sin(i / (10 + k)):.3f}" for k in range(3))] for i, r in enumerate(rows)]
    both = read_recording(
        _write(tmp_path / "g.csv", "time,ax (m/s^2),ay (m/s^2),az (m/s^2),gx_dps,gy_dps,gz_dps", gyro)
    )
    assert both.gyr_dps is not None
    np.testing.assert_allclose(both.acc_mps2, read.acc_mps2)
    # 'axis' is not an accelerometer column
    with pytest.raises(RecordingError, match="no accelerometer columns"):
        read_recording(_write(tmp_path / "axis.csv", "time,axis,ay,az", rows))


def test_a_time_column_of_milliseconds_is_refused_naming_it(tmp_path: Path) -> None:
    rows = [[f"{10 * i}", *r[1:]] for i, r in enumerate(_rows())]
    said = _cli_error(_write(tmp_path / "ms.csv", "time,ax,ay,az", rows), "--acc-unit", "m/s^2")
    assert "does the time column time hold milliseconds" in said, said


@pytest.mark.parametrize("n", [3000, 120_000])  # read whole by numpy; a large file by pandas
def test_a_value_that_is_not_a_number_is_named_by_line_and_column(tmp_path: Path, n: int) -> None:
    rows = _rows(n)
    rows[49][2] = "x"
    path = _write(tmp_path / "nan.csv", "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2", rows)
    said = _cli_error(path)
    assert "a value is not a number at line 51: column acc_y_mps2 holds 'x'" in said, said
    assert "float64" not in said and "convert" not in said


def test_times_going_backwards_are_quoted_as_written_in_the_file(tmp_path: Path) -> None:
    rows = _rows(start_s=100.0)
    rows[2][0] = "99.99"  # line 4, after 100.01 on line 3
    path = _write(tmp_path / "back.csv", "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2", rows)
    said = _cli_error(path)
    assert "timestamps go backwards at line 4 (time_s 99.99 comes after 100.01)" in said, said
    assert "-0.01" not in said
    # read piece by piece, the same words
    with pytest.raises(RecordingError) as whole:
        read_recording(path)
    with pytest.raises(RecordingError) as pieces:
        list(open_recording(path, piece_bytes=8192).blocks())
    assert str(pieces.value) == str(whole.value)


def test_unix_milliseconds_going_backwards_are_quoted_in_milliseconds(tmp_path: Path) -> None:
    rows = [[str(1_714_559_525_000 + 10 * i), *r[1:]] for i, r in enumerate(_rows())]
    rows[1000][0] = "1714559534000"  # 9.99 s -> 9 s
    path = _write(tmp_path / "ms.csv", "timestamp_ms,acc_x_mps2,acc_y_mps2,acc_z_mps2", rows)
    said = _cli_error(path)
    assert "at line 1002 (timestamp_ms 1714559534000 comes after 1714559534990)" in said, said


def test_iso_date_times_going_backwards_are_quoted_as_written(tmp_path: Path) -> None:
    stamps = [f"2026-11-02T10:{i // 6000:02d}:{i % 6000 / 100:05.2f}" for i in range(3000)]
    rows = [[stamp, *r[1:]] for stamp, r in zip(stamps, _rows(), strict=True)]
    rows[2][0] = "2026-11-02T09:59:59.99"
    path = _write(tmp_path / "iso.csv", "timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2", rows)
    said = _cli_error(path)
    assert "at line 4 (timestamp 2026-11-02T09:59:59.99 comes after 2026-11-02T10:00:00.01)" in said, said


@pytest.mark.parametrize("kind", ["timestamp_ms", "timestamp"])
def test_a_time_column_beside_a_named_timestamp_does_not_take_its_place(tmp_path: Path, kind: str) -> None:
    """Review R6: many loggers write a Unix or ISO timestamp and, beside it, a 'time' column for people
    ('10:00:00'). 'time' was taken first as seconds and the file refused ('column time holds
    '10:00:00''), a file read before the short names came; the named timestamp is the time column."""
    rows = _rows()
    if kind == "timestamp_ms":
        stamps = [str(1_714_559_525_000 + 10 * i) for i in range(len(rows))]
    else:
        stamps = [f"2026-11-02T10:{i // 6000:02d}:{i % 6000 / 100:05.2f}" for i in range(len(rows))]
    both = [[stamp, "10:00:00", *r[1:]] for stamp, r in zip(stamps, rows, strict=True)]
    header = f"{kind},time,acc_x_mps2,acc_y_mps2,acc_z_mps2"
    read = read_recording(_write(tmp_path / "both.csv", header, both))
    assert read.sampling_rate_hz == pytest.approx(100.0)
    assert read.acc_mps2.shape[0] == len(rows)


@pytest.mark.parametrize(("column", "per_ms"), [("timestamp_us", 1_000), ("timestamp_ns", 1_000_000)])
def test_unix_micro_and_nanoseconds_going_backwards_are_quoted_as_written(
    tmp_path: Path, column: str, per_ms: int
) -> None:
    """Review R6: the times of a timestamp_us or timestamp_ns column were quoted as
    '1.714559535e+15 comes after 1.71455954499e+15', numbers a person cannot find in the file."""
    start = 1_714_559_525_000 * per_ms + 123 * per_ms // 1000  # not a whole millisecond
    stamps = [start + 10 * per_ms * i for i in range(3000)]
    stamps[2000] = stamps[1000]
    rows = [[str(stamp), *r[1:]] for stamp, r in zip(stamps, _rows(), strict=True)]
    path = _write(tmp_path / "us.csv", f"{column},acc_x_mps2,acc_y_mps2,acc_z_mps2", rows)
    said = _cli_error(path)
    assert f"at line 2002 ({column} {stamps[2000]} comes after {stamps[1999]})" in said, said
    with pytest.raises(RecordingError) as pieces:
        list(open_recording(path, piece_bytes=8192).blocks())
    assert f"({column} {stamps[2000]} comes after {stamps[1999]})" in str(pieces.value)


def test_both_units_missing_are_asked_for_at_once(tmp_path: Path) -> None:
    # N10 (2026-11-28): the lab's own imu.csv (time_s, acc_x.., gyr_x..) was refused for the
    # accelerometer's unit, then, with --acc-unit given, again for the gyroscope's: two runs for one answer
    from tests.conftest import MOBILISED_LAB

    from backstride.core.errors import RecordingOptionError

    lab = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
    said = _cli_error(lab)
    assert said == (
        f"error: {lab}: the acc_x/y/z and gyr_x/y/z columns do not say their units; name them like "
        "acc_x_mps2 or acc_x_g and gyr_x_dps or gyr_x_rads, or pass --acc-unit m/s^2|g and --gyr-unit "
        "deg/s|rad/s"
    )
    with pytest.raises(RecordingOptionError) as caught:
        read_recording(lab)
    assert caught.value.options == {"give_units"}  # the walk page opens its units
    short = _write(tmp_path / "short.csv", "time,ax,ay,az,gx,gy,gz", [[*r, "0", "0", "0"] for r in _rows()])
    assert "columns (ax, ay, az, gx, gy, gz) do not say their units" in _cli_error(short)
    with pytest.raises(RecordingOptionError, match="acc_x/y/z and gyr_x/y/z columns"):
        open_recording(short, piece_bytes=4096)  # in pieces, as a file of 4 MB or more: the same words
    # one unit given: only the other is asked for, as before
    assert "the gyr_x/y/z columns do not say their unit" in _cli_error(lab, "--acc-unit", "m/s^2")
    assert "the acc_x/y/z columns do not say their unit" in _cli_error(lab, "--gyr-unit", "deg/s")
    assert read_recording(lab, acc_unit="m/s^2", gyr_unit="deg/s").gyr_dps is not None

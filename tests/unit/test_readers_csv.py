"""The generic CSV reader and the shared time-grid policy, on small files written in tmp_path."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from backstride.core.errors import InputError, RecordingError
from backstride.gait.readers import detect_format, read_recording

G = 9.80665


def write_csv(
    path: Path,
    t: np.ndarray,
    acc: np.ndarray,
    gyr: np.ndarray | None = None,
    *,
    header: str = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps",
    sep: str = ",",
) -> Path:
    cols = [t[:, None], acc] + ([gyr] if gyr is not None else [])
    data = np.hstack(cols)
    lines = [header.replace(",", sep)] + [sep.join(f"{v:.6f}" for v in row) for row in data]
    path.write_text("\n".join(lines) + "\n")
    return path


def walking_like(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gravity on +x plus a 2 Hz bounce; a small 1 Hz yaw rate."""
    acc = np.column_stack([G + 1.5 * np.sin(2 * np.pi * 2.0 * t), 0.3 * np.sin(2 * np.pi * t), 0 * t])
    gyr = np.column_stack([20 * np.sin(2 * np.pi * t), 0 * t, 5 * np.cos(2 * np.pi * t)])
    return acc, gyr


@pytest.mark.parametrize("rate_hz", [25.0, 400.0])
def test_regular_recording_is_kept_at_its_rate(tmp_path: Path, rate_hz: float) -> None:
    t = np.arange(int(10 * rate_hz)) / rate_hz
    acc, gyr = walking_like(t)
    rec = read_recording(write_csv(tmp_path / "walk.csv", t, acc, gyr))
    assert rec.source_format == "csv"
    assert rec.sampling_rate_hz == pytest.approx(rate_hz, rel=1e-6)
    assert rec.n_samples == t.size
    assert rec.duration_s == pytest.approx(10.0, rel=1e-3)
    np.testing.assert_allclose(rec.acc_mps2, acc, atol=1e-5)
    assert rec.gyr_dps is not None
    np.testing.assert_allclose(rec.gyr_dps, gyr, atol=1e-5)
    assert rec.gaps_s == ()
    assert not any("resampled" in n for n in rec.notes)


def test_units_from_the_header_are_converted(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(
        tmp_path / "g.csv",
        t,
        acc / G,
        np.deg2rad(gyr),
        header="time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_rads,gyr_y_rads,gyr_z_rads",
    )
    rec = read_recording(path)
    np.testing.assert_allclose(rec.acc_mps2, acc, atol=1e-4)
    assert rec.gyr_dps is not None
    np.testing.assert_allclose(rec.gyr_dps, gyr, atol=1e-3)
    assert any("from g to m/s^2" in n for n in rec.notes)


def test_unit_missing_from_header_is_an_error_unless_given(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(
        tmp_path / "nounit.csv", t, acc / G, gyr, header="time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z"
    )
    unsaid = r"nounit\.csv: .*do not say their unit.*give read_recording acc_unit"  # its own arguments
    with pytest.raises(RecordingError, match=unsaid):
        read_recording(path)
    rec = read_recording(path, acc_unit="g", gyr_unit="deg/s")
    np.testing.assert_allclose(rec.acc_mps2, acc, atol=1e-4)


def test_unit_option_contradicting_header_is_an_error(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(tmp_path / "u.csv", t, acc, gyr)
    with pytest.raises(RecordingError, match="header says acc unit 'mps2' but the option says 'g'"):
        read_recording(path, acc_unit="g")


def test_g_read_as_mps2_is_caught_by_the_gravity_check(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(tmp_path / "wrongunit.csv", t, acc / G, gyr)  # values in g, header says m/s^2
    with pytest.raises(RecordingError, match=r"wrongunit\.csv: .*median size of 1\.0.* m/s\^2"):
        read_recording(path)


def test_irregular_phone_timestamps_are_resampled_to_the_rounded_median_rate(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    dt = 1 / 100.7 + rng.uniform(-0.003, 0.003, size=3000)
    t = np.cumsum(dt)
    acc, gyr = walking_like(t)
    rec = read_recording(write_csv(tmp_path / "phone.csv", t, acc, gyr))
    assert rec.sampling_rate_hz == 101.0
    assert any("resampled irregular timestamps" in n and "101 Hz" in n for n in rec.notes)
    # the resampled signal is the same signal: compare with the truth on the new grid
    truth, _ = walking_like(rec.time_s + t[0])  # times are counted from the first row (at t[0])
    assert np.max(np.abs(rec.acc_mps2 - truth)) < 0.1
    assert rec.start_s == 0.0


def test_a_gap_in_the_timestamps_is_filled_flagged_and_listed(tmp_path: Path) -> None:
    t = np.arange(2000) / 100.0
    t = np.concatenate([t[:800], t[1100:]])  # 3 s without samples from 7.99 s to 11.0 s
    acc, gyr = walking_like(t)
    rec = read_recording(write_csv(tmp_path / "gap.csv", t, acc, gyr))
    assert rec.sampling_rate_hz == 100.0
    assert rec.duration_s == pytest.approx(20.0, abs=0.02)
    assert len(rec.gaps_s) == 1
    a, b = rec.gaps_s[0]
    assert a == pytest.approx(7.99) and b == pytest.approx(11.0)
    assert any("no samples from 7.99 s to 11.00 s" in n for n in rec.notes)


def test_non_monotonic_timestamps_are_an_error_naming_the_place(tmp_path: Path) -> None:
    t = np.arange(1000) / 100.0
    t[500] = 1.0
    acc, gyr = walking_like(t)
    with pytest.raises(RecordingError, match=r"back\.csv: .*timestamps go backwards"):
        read_recording(write_csv(tmp_path / "back.csv", t, acc, gyr))


def test_repeated_timestamps_keep_the_first_row(tmp_path: Path) -> None:
    t = np.arange(1000) / 100.0
    t = np.insert(t, 10, t[10])
    acc, gyr = walking_like(t)
    rec = read_recording(write_csv(tmp_path / "dup.csv", t, acc, gyr))
    assert rec.n_samples == 1000
    assert any("repeated timestamp" in n for n in rec.notes)


def test_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(tmp_path / "eu.csv", t, acc, gyr, sep=";")
    path.write_text(path.read_text().replace(".", ","))
    rec = read_recording(path)
    np.testing.assert_allclose(rec.acc_mps2, acc, atol=1e-5)


def test_empty_cells_and_nan_rows_are_filled_in_from_the_sensors_own_rows_with_a_note(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(tmp_path / "holes.csv", t, acc, gyr)
    lines = path.read_text().splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ","  # empty last cell
    lines[9] = lines[9].replace(lines[9].split(",")[1], "NaN", 1)
    path.write_text("\n".join(lines))
    rec = read_recording(path)
    filled = "row(s) had no value (an empty cell, or one no sensor measures), filled in from the rows around"
    filled += " them"
    assert f"accelerometer: 1 {filled}" in rec.notes
    assert f"gyroscope: 1 {filled}" in rec.notes
    assert rec.sampling_rate_hz == 50.0 and rec.n_samples == 500 and not rec.gaps_s
    assert not any("resampled" in n for n in rec.notes)  # the rows keep their times
    # the other sensor's values of those rows are kept as they are in the file
    np.testing.assert_allclose(rec.acc_mps2[4], acc[4], atol=1e-5)  # line 6: no gyr_z
    np.testing.assert_allclose(rec.gyr_dps[8], gyr[8], atol=1e-5)  # line 10: no acc_x
    np.testing.assert_allclose(rec.acc_mps2[8, 0], (acc[7, 0] + acc[9, 0]) / 2, atol=1e-5)


@pytest.mark.parametrize("extra_rows", [0, 80_000])  # a small file (numpy) and one over 4 MB (pandas)
def test_a_short_row_inside_the_file_is_dropped_with_a_note_whatever_the_files_size(
    tmp_path: Path, extra_rows: int
) -> None:
    # found by fuzzing: a row with fewer cells than the header refused a small file ("invalid column
    # index") but was dropped with a note in a large one; a file's size must not decide that
    t = np.arange(500 + extra_rows) / 50.0
    acc, gyr = walking_like(t)
    path = write_csv(tmp_path / "short.csv", t, acc, gyr)
    lines = path.read_text().splitlines()
    lines[7] = ",".join(lines[7].split(",")[:3])  # the time and two accelerometer values only
    path.write_text("\n".join(lines) + "\n")
    rec = read_recording(path)
    assert "accelerometer: dropped 1 row(s) with a missing value" in rec.notes  # neither sensor there
    assert rec.n_samples == len(t)  # the one dropped row is filled in on the uniform grid
    lines[-1] = ",".join(lines[-1].split(",")[:3])  # and a cut-off last row is still a truncated file
    path.write_text("\n".join(lines))
    with pytest.raises(RecordingError, match="looks truncated"):
        read_recording(path)


def test_accelerometer_only_csv_is_read_with_a_note(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, _ = walking_like(t)
    rec = read_recording(
        write_csv(tmp_path / "a.csv", t, acc, header="time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2")
    )
    assert rec.gyr_dps is None
    assert any("no gyroscope" in n for n in rec.notes)


def test_empty_gyroscope_columns_read_as_no_gyroscope(tmp_path: Path) -> None:
    # a logger without a gyroscope that still writes the gyr_* columns, all empty, used to be
    # refused as "gyroscope: too few samples (0)"
    t = np.arange(500) / 50.0
    acc, _ = walking_like(t)
    path = write_csv(tmp_path / "a.csv", t, acc, header="time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2")
    lines = path.read_text().splitlines()
    lines = [lines[0] + ",gyr_x_dps,gyr_y_dps,gyr_z_dps"] + [line + ",,," for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n")
    rec = read_recording(path)
    assert rec.gyr_dps is None
    assert rec.sampling_rate_hz == 50.0 and rec.n_samples == 500
    assert "the gyroscope columns are empty: read without a gyroscope" in rec.notes


def test_unix_millisecond_and_iso_timestamps_give_a_start_time(tmp_path: Path) -> None:
    t = np.arange(500) / 50.0
    acc, gyr = walking_like(t)
    epoch = 1_700_000_000.0
    path = write_csv(
        tmp_path / "ms.csv",
        (epoch + t) * 1000.0,
        acc,
        gyr,
        header="timestamp_ms,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps",
    )
    rec = read_recording(path)
    assert rec.start_datetime is not None and rec.start_datetime.timestamp() == pytest.approx(epoch)
    assert rec.sampling_rate_hz == pytest.approx(50.0, rel=1e-4)

    iso = tmp_path / "iso.csv"
    rows = ["timestamp,acc_x_g,acc_y_g,acc_z_g"]
    rows += [f"2024-05-01T10:32:{5 + i * 0.02:06.3f},1,0,0" for i in range(200)]
    iso.write_text("\n".join(rows) + "\n")
    rec = read_recording(iso)
    # no zone: the clock's own time, read as the clock here (test_readers_start_clock_here.py)
    assert (
        rec.start_datetime is not None and rec.start_datetime == datetime(2024, 5, 1, 10, 32, 5).astimezone()
    )
    assert rec.sampling_rate_hz == pytest.approx(50.0, rel=1e-3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n", "header but no data rows"),
        ("time_s,foo,bar\n0,1,2\n", "no accelerometer columns"),
        ("t,acc_x_mps2,acc_y_mps2,acc_z_mps2\n0,1,2,3\n", "no time column"),
        ("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n0,9.8,0,0\n0.01,9.8,0,0\n", "too few samples"),
        ("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n0,9.8,0,0\n0.01,abc,0,0\n", "not a number"),
        ("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n0,9.8,0,0\n0.01,9.8", "looks truncated"),
        ("just one line of text", "not a header of several columns"),
        (
            "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n" + "".join(f"{i / 50},NaN,0,0\n" for i in range(200)),
            "accelerometer: every one of the 200 rows has an empty or non-number value",
        ),
    ],
)
def test_bad_files_raise_a_recording_error_naming_file_and_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(RecordingError) as info:
        read_recording(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(RecordingError, match="binary file"):
        read_recording(path)


def test_too_low_sampling_rate_is_refused(tmp_path: Path) -> None:
    t = np.arange(100) / 10.0
    acc, gyr = walking_like(t)
    with pytest.raises(RecordingError, match="sampling rate is 10 Hz; gait analysis needs at least 15 Hz"):
        read_recording(write_csv(tmp_path / "slow.csv", t, acc, gyr))


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_recording(tmp_path / "nope.csv")
    path = tmp_path / "x.csv"
    path.write_text("time_s,acc_x_g,acc_y_g,acc_z_g\n0,1,0,0\n")
    with pytest.raises(RecordingError, match="unknown format 'fancy'"):
        read_recording(path, "fancy")
    with pytest.raises(RecordingError, match="the trial argument applies to Mobilise-D"):
        read_recording(path, trial="Test5/Trial1")


def test_detect_format_of_generic_csv(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("time_s,acc_x_g,acc_y_g,acc_z_g\n0,1,0,0\n")
    assert detect_format(path) == "csv"


def _lab_like_walk(seconds: float = 20.0, rate_hz: float = 100.0) -> tuple[np.ndarray, ...]:
    """Gravity on +x, a 2 Hz bounce of 3 m/s^2 and a pelvis turning at up to 60 deg/s, as a real lower-back
    walk (the Mobilise-D lab trials: 99th percentile of the turning rate 74-134 deg/s)."""
    t = np.arange(int(seconds * rate_hz)) / rate_hz
    acc = np.column_stack([G + 3.0 * np.sin(2 * np.pi * 2.0 * t), 0.8 * np.sin(2 * np.pi * t), 0 * t])
    turn = 2 * np.pi * t
    gyr = np.column_stack([60 * np.sin(turn), 30 * np.cos(turn), 10 * np.sin(2 * turn)])
    return t, acc, gyr


def test_deg_per_s_read_as_rad_per_s_is_refused_naming_the_unit(tmp_path: Path) -> None:
    # the header says rad/s, the values are deg/s: read as 57 times too fast, the pelvis "turned through
    # 623 degrees per stride" and the turning model shrank every stride to 0.07 m (speed 0.06 m/s)
    t, acc, gyr = _lab_like_walk()
    header = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_rads,gyr_y_rads,gyr_z_rads"
    path = write_csv(tmp_path / "fast.csv", t, acc, gyr, header=header)
    with pytest.raises(RecordingError, match=r"fast\.csv: .*gyroscope.*deg/s read as rad/s"):
        read_recording(path)


def test_rad_per_s_read_as_deg_per_s_is_refused_when_the_body_moves(tmp_path: Path) -> None:
    # the header says deg/s, the values are rad/s: the pelvis "turned through 0 degrees" and the factor
    # "limited pelvic rotation" was found
    t, acc, gyr = _lab_like_walk()
    path = write_csv(tmp_path / "slow.csv", t, acc, np.radians(gyr))
    with pytest.raises(RecordingError, match=r"slow\.csv: .*gyroscope.*rad/s read as deg/s"):
        read_recording(path)


def test_a_plausible_gyroscope_in_either_unit_is_read(tmp_path: Path) -> None:
    t, acc, gyr = _lab_like_walk()
    header = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_rads,gyr_y_rads,gyr_z_rads"
    in_rads = read_recording(write_csv(tmp_path / "rads.csv", t, acc, np.radians(gyr), header=header))
    in_dps = read_recording(write_csv(tmp_path / "dps.csv", t, acc, gyr))
    assert in_rads.gyr_dps is not None and in_dps.gyr_dps is not None
    np.testing.assert_allclose(in_rads.gyr_dps, in_dps.gyr_dps, atol=1e-3)


def test_a_still_recording_with_a_quiet_gyroscope_is_read(tmp_path: Path) -> None:
    # no movement: a gyroscope near 0 is what a still sensor measures, not a wrong unit
    t = np.arange(2000) / 100.0
    rng = np.random.default_rng(0)
    acc = np.tile([G, 0.0, 0.0], (t.size, 1)) + rng.normal(0, 0.02, (t.size, 3))
    rec = read_recording(write_csv(tmp_path / "still.csv", t, acc, rng.normal(0, 0.005, (t.size, 3))))
    assert rec.gyr_dps is not None


def test_gyroscope_columns_of_zeros_read_as_no_gyroscope(tmp_path: Path) -> None:
    # a logger that writes 0 for a gyroscope it does not have: read as 0 deg/s, every walk's pelvis
    # "turned through 0 degrees" and limited pelvic rotation was found
    t, acc, gyr = _lab_like_walk()
    rec = read_recording(write_csv(tmp_path / "zeros.csv", t, acc, 0 * gyr))
    assert rec.gyr_dps is None
    assert any("the same value" in n and "without a gyroscope" in n for n in rec.notes)


def test_a_time_column_in_milliseconds_is_named_as_the_likely_cause(tmp_path: Path) -> None:
    # time_s holding 0, 10, 20 ... (milliseconds) was 'the sampling rate is 0.1 Hz ... set the app or sensor
    # to 50-100 Hz', advice about the sensor for a mistake in the file's time unit
    t, acc, gyr = _lab_like_walk()
    path = write_csv(tmp_path / "ms.csv", t * 1000.0, acc, gyr)
    said = r"ms\.csv: .*0\.1 Hz.*time_s.*milliseconds.*divide them by 1000"
    with pytest.raises(RecordingError, match=said):
        read_recording(path)
    from backstride.gait.readers.stream import open_recording

    with pytest.raises(RecordingError, match=said):  # a long CSV, read piece by piece
        open_recording(path, piece_bytes=20_000)


def test_a_slow_sensor_in_seconds_keeps_the_sensor_advice(tmp_path: Path) -> None:
    t = np.arange(200) / 10.0  # a real 10 Hz logger: 1,000 times faster would be 10 kHz, no body sensor
    acc, gyr = walking_like(t)
    with pytest.raises(RecordingError, match="set the app or sensor to 50-100 Hz") as err:
        read_recording(write_csv(tmp_path / "slow.csv", t, acc, gyr))
    assert "milliseconds" not in str(err.value)


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,acc_x_g", "acc_x_mps2, acc_x_g"),
        (
            "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps,gyro_z_rads",
            "gyr_z_dps, gyro_z_rads",
        ),
    ],
)
def test_an_axis_given_twice_is_refused_naming_both_columns(tmp_path: Path, header: str, named: str) -> None:
    # the first column of the two was taken in silence, whichever unit or sensor the other held
    t, acc, gyr = _lab_like_walk()
    extra = acc[:, :1] / G if "acc_x_g" in header else np.radians(gyr[:, 2:])
    cols = [acc] + ([gyr] if "gyr_x" in header else []) + [extra]
    path = write_csv(tmp_path / "twice.csv", t, np.hstack(cols), header=header)
    with pytest.raises(RecordingError, match=rf"twice\.csv: .*twice.*{named}"):
        read_recording(path)


def test_a_gyroscope_still_in_the_first_piece_is_kept_when_read_piece_by_piece(tmp_path: Path) -> None:
    # a long recording: the phone lies still first (its gyroscope, written to 2 decimals, reads 0.00 in
    # every row of the first piece), then walks. Read whole, the gyroscope was kept; read piece by piece
    # (files over 64 MB), the first piece alone decided and the whole day was read without a gyroscope
    from backstride.gait.readers import open_recording

    rng = np.random.default_rng(3)
    n_still = 20_000
    t_walk, acc_walk, gyr_walk = _lab_like_walk(seconds=60.0)
    acc = np.vstack([np.tile([G, 0.0, 0.0], (n_still, 1)) + rng.normal(0, 0.02, (n_still, 3)), acc_walk])
    gyr = np.vstack([np.zeros((n_still, 3)), np.round(gyr_walk, 2)])
    t = np.arange(acc.shape[0]) / 100.0
    path = write_csv(tmp_path / "still_then_walk.csv", t, acc, gyr)
    assert read_recording(path).gyr_dps is not None
    stream = open_recording(path, piece_bytes=200_000)  # the first piece holds only the still phone
    assert stream.has_gyroscope
    assert not any("the same value" in n for n in stream.notes)
    gyr_read = np.concatenate([b.gyr_dps for b in stream.blocks(5_000) if b.gyr_dps is not None])
    assert np.abs(gyr_read).max() > 50.0


def test_gyroscope_columns_of_zeros_read_piece_by_piece_are_no_gyroscope(tmp_path: Path) -> None:
    from backstride.gait.readers import open_recording

    t, acc, gyr = _lab_like_walk(seconds=200.0)
    stream = open_recording(write_csv(tmp_path / "zeros.csv", t, acc, 0 * gyr), piece_bytes=200_000)
    assert not stream.has_gyroscope
    assert any("the same value" in n for n in stream.notes)


def test_a_phone_dropped_in_a_short_walk_is_not_a_wrong_unit(tmp_path: Path) -> None:
    # a 10 s walk in deg/s (so said in the header) during which the phone is dropped and spins at 1,500
    # deg/s for 0.2 s: 2 % of the recording, refused as 'deg/s read as rad/s? Name the columns like
    # gyr_x_dps', the name they already have
    t, acc, gyr = _lab_like_walk(seconds=10.0)
    gyr[300:320] = [1500.0, 800.0, 300.0]
    rec = read_recording(write_csv(tmp_path / "dropped.csv", t, acc, gyr))
    assert rec.gyr_dps is not None
    assert np.abs(rec.gyr_dps).max() >= 1500.0


def test_a_1_hz_logger_in_seconds_is_not_told_to_divide_its_times_by_1000(tmp_path: Path) -> None:
    # a real 1 Hz logger (0, 1, 2 ... s) would be 1,000 Hz in milliseconds: it was told 'time_s is in
    # seconds: divide them by 1000' only, and doing so makes a 1,000 Hz recording of a 1 Hz one
    t = np.arange(600) / 1.0
    acc, gyr = walking_like(t)
    with pytest.raises(RecordingError) as err:
        read_recording(write_csv(tmp_path / "one_hz.csv", t, acc, gyr))
    said = str(err.value)
    assert "1 Hz" in said
    assert "set the app or sensor to 50-100 Hz" in said  # the advice for a logger that is truly slow
    assert "if they are seconds" in said


@pytest.mark.parametrize("piece_bytes", [None, 20_000])
def test_unix_milliseconds_in_timestamp_s_are_refused_naming_the_unit(
    tmp_path: Path, piece_bytes: int | None
) -> None:
    # Unix time in milliseconds under timestamp_s: 'ValueError: year 55840 is out of range' and a traceback
    from backstride.gait.readers import open_recording

    t, acc, gyr = _lab_like_walk()
    header = "timestamp_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
    path = write_csv(tmp_path / "epoch.csv", 1.7e12 + t * 1000.0, acc, gyr, header=header)
    said = r"epoch\.csv: .*timestamp_s.*year 55840.*timestamp_ms"
    with pytest.raises(RecordingError, match=said):
        if piece_bytes is None:
            read_recording(path)
        else:
            open_recording(path, piece_bytes=piece_bytes)


@pytest.mark.parametrize(
    ("column", "times", "said"),
    [
        # Unix seconds under timestamp_ms: 'too few samples: 2000 (0.02 s)', as if the walk had been short
        ("timestamp_ms", 1.7e9, r"timestamp_ms.*\d+,\d{3} Hz.*in s \(100 Hz\).*timestamp_s"),
        # milliseconds under timestamp_s: 'the sampling rate is 0.1 Hz ... set the app or sensor to 50-100
        # Hz', the advice for a slow sensor only
        (
            "timestamp_s",
            0.0,
            r"0\.1 Hz.*timestamp_s column in ms.*timestamp_ms.*in s, set the app",
        ),
    ],
)
def test_a_unix_time_column_in_another_unit_is_named(
    tmp_path: Path, column: str, times: float, said: str
) -> None:
    t, acc, gyr = _lab_like_walk()
    scale = 1.0 if column == "timestamp_ms" else 1000.0
    header = f"{column},acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
    path = write_csv(tmp_path / "unix.csv", times + t * scale, acc, gyr, header=header)
    with pytest.raises(RecordingError, match=r"unix\.csv: .*" + said):
        read_recording(path)


def test_a_shaking_ride_with_a_still_body_is_not_a_wrong_gyroscope_unit(tmp_path: Path) -> None:
    # a bus or a wheelchair on rough ground: the acceleration shakes (1.2 m/s^2 a axis, above 10 Hz: the
    # 1 % leaves 1 g by 3 m/s^2), the trunk barely turns (0.5 deg/s of noise). It was refused as 'rad/s read
    # as deg/s? Name the columns like gyr_x_rads', whose advice would make the gyroscope 57 times too fast
    rng = np.random.default_rng(5)
    t = np.arange(30_000) / 100.0
    acc = np.tile([G, 0.0, 0.0], (t.size, 1)) + rng.normal(0, 1.2, (t.size, 3))
    gyr = rng.normal(0, 0.5, (t.size, 3))
    rec = read_recording(write_csv(tmp_path / "bus.csv", t, acc, gyr))
    assert rec.gyr_dps is not None


def test_a_gyroscope_too_fast_under_a_deg_per_s_header_is_not_told_to_say_deg_per_s(tmp_path: Path) -> None:
    # raw counts (32.8 a deg/s, a +-1000 deg/s sensor) under gyr_x_dps: refused as 'deg/s read as rad/s?
    # Name the columns like gyr_x_dps', the name they already had
    t, acc, gyr = _lab_like_walk()
    with pytest.raises(RecordingError) as err:
        read_recording(write_csv(tmp_path / "counts.csv", t, acc, gyr * 32.8))
    said = str(err.value)
    assert "the file says deg/s" in said and "raw counts" in said
    assert "read as rad/s" not in said


def test_a_gyroscope_that_starts_after_the_first_piece_is_kept_as_read_whole(tmp_path: Path) -> None:
    # its cells empty for the first 200 s: read whole, the gyroscope is kept and those rows are left out;
    # read piece by piece the file was read without a gyroscope (6951798 kept it, and then every row of the
    # first piece lacked a gyroscope value: 'too few samples (0)'); now it reads on to the first complete
    # row, as read whole (review R3)
    from backstride.gait.readers import open_recording

    n_still = 20_000
    t_walk, acc_walk, gyr_walk = _lab_like_walk(seconds=60.0)
    acc = np.vstack([np.tile([G, 0.0, 0.0], (n_still, 1)), acc_walk])
    gyr = np.vstack([np.full((n_still, 3), np.nan), gyr_walk])
    t = np.arange(acc.shape[0]) / 100.0
    lines = ["time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"]
    for ti, a, g in zip(t, acc, gyr, strict=True):
        cells = [f"{v:.6f}" for v in (ti, *a)] + ["" if np.isnan(v) else f"{v:.6f}" for v in g]
        lines.append(",".join(cells))
    path = tmp_path / "late_gyro.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = read_recording(path)
    assert whole.gyr_dps is not None and whole.n_samples == acc.shape[0] - n_still
    stream = open_recording(path, piece_bytes=200_000)
    assert stream.has_gyroscope
    blocks = list(stream.blocks(5_000))
    np.testing.assert_allclose(np.concatenate([b.acc_mps2 for b in blocks]), whole.acc_mps2, atol=1e-9)
    np.testing.assert_allclose(np.concatenate([b.gyr_dps for b in blocks]), whole.gyr_dps, atol=1e-9)
    assert stream.notes == list(whole.notes)


def test_every_problem_with_a_recording_is_a_recording_error_naming_the_file(tmp_path: Path) -> None:
    # N10 (2026-11-28): read_recording's docstring says "Every problem is a RecordingError whose message
    # starts with the file name"; a missing file was a NotFoundError only (a batch script's
    # 'except RecordingError' stopped at it) and an unknown format did not name the file
    from backstride.core.errors import NotFoundError

    missing = tmp_path / "no-such-walk.csv"
    with pytest.raises(RecordingError, match=r"no-such-walk\.csv: no such file or folder") as caught:
        read_recording(missing)
    assert isinstance(caught.value, NotFoundError)  # still a NotFoundError, as before
    path = tmp_path / "x.csv"
    path.write_text("time_s,acc_x_g,acc_y_g,acc_z_g\n0,1,0,0\n")
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}: unknown format 'fancy'"):
        read_recording(path, format="fancy")

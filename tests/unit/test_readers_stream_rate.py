"""The grid of a CSV read piece by piece is the whole file's, not its first piece's.

Files are built in tmp_path from real lower-back walking (the Mobilise-D lab imu.csv files in ../shared,
100 Hz, m/s^2 and deg/s) with timestamps that change rate after the first piece, or that are irregular
in the first seconds. The pieces are made small (``piece_bytes``) so that a file of a few megabytes
behaves like a long one read 4 MB at a time: the first piece alone would give the wrong grid. What is
expected: the same samples as the whole-file read, and a note naming where the rate differs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.readers import open_recording, read_recording

HEADER = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
PIECE = 100_000  # ~1,500 rows: the first piece covers the first ~15 s at 100 Hz
CHANGE = re.compile(
    r"accelerometer: the sampling rate changes: from (\S+) s to (\S+) s the samples come at about (\S+) Hz, "
    r"not at the (\S+) Hz of the grid \(expected one steady rate\)"
)


@pytest.fixture(scope="module")
def walking() -> np.ndarray:
    """Real lower-back samples at 100 Hz: acc (m/s^2) and gyr (deg/s), every lab trial one after another."""
    files = sorted(MOBILISED_LAB.glob("HA/*/*/imu.csv"))
    assert len(files) >= 6
    return np.concatenate([np.loadtxt(f, delimiter=",", skiprows=1)[:, 1:7] for f in files])


def _values_at(walking: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The real signal (tiled) at times ``t``, linearly between its 100 Hz samples."""
    grid = np.arange(walking.shape[0]) / 100.0
    tt = np.mod(t, grid[-1])
    return np.column_stack([np.interp(tt, grid, walking[:, k]) for k in range(6)])


def _write(path: Path, t: np.ndarray, values: np.ndarray) -> Path:
    np.savetxt(path, np.column_stack([t, values]), delimiter=",", fmt="%.6f", header=HEADER, comments="")
    return path


def _streamed(path: Path, **kwargs):
    stream = open_recording(path, piece_bytes=PIECE, **kwargs)
    pieces = list(stream.blocks(5_000))
    acc = np.concatenate([p.acc_mps2 for p in pieces])
    gyr = np.concatenate([p.gyr_dps for p in pieces if p.gyr_dps is not None])
    return stream, acc, gyr


def _changes(notes) -> list[tuple[float, float, float, float]]:
    return [tuple(float(x) for x in m.groups()) for n in notes if (m := CHANGE.match(n))]


def test_rate_that_halves_after_the_first_piece(tmp_path: Path, walking: np.ndarray) -> None:
    # 40 s at 100 Hz, then 300 s at 50 Hz: most samples are 20 ms apart, so the whole file is put on a
    # 50 Hz grid; the first piece alone says 100 Hz
    fast = np.arange(4000) / 100.0
    slow = 40.0 + np.arange(15_000) / 50.0
    t = np.concatenate([fast, slow])
    path = _write(tmp_path / "halves.csv", t, _values_at(walking, t))
    assert path.stat().st_size > 10 * PIECE
    whole = read_recording(path)
    stream, acc, gyr = _streamed(path)
    assert whole.sampling_rate_hz == 50.0
    assert stream.sampling_rate_hz == whole.sampling_rate_hz
    assert stream.start_s == whole.start_s
    assert stream.n_samples == whole.n_samples == acc.shape[0]
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert whole.gyr_dps is not None
    np.testing.assert_allclose(gyr, whole.gyr_dps, rtol=0, atol=1e-9)
    # where the rate differs is named, the same way in both reads
    (change,) = _changes(whole.notes)
    assert _changes(stream.notes) == [change]
    start, end, rate_there, grid = change
    assert start == 0.0 and 40.0 - 2.6 <= end <= 40.0 + 5.2  # blocks of 256 intervals
    assert (rate_there, grid) == (100.0, 50.0)
    # the whole read's note, word for word (it said 'measured at 17 places spread over the file' too)
    assert [n for n in stream.notes if n.startswith("resampled")] == [
        n for n in whole.notes if n.startswith("resampled")
    ]


def test_first_seconds_irregular(tmp_path: Path, walking: np.ndarray) -> None:
    # a phone still starting up: 30 s of samples 8-40 ms apart (about 42 a second), then 300 s at 100 Hz.
    # The first piece is mostly the start-up (median about 24 ms): alone it would give a 42 Hz grid.
    rng = np.random.default_rng(7)
    start = np.cumsum(rng.uniform(0.008, 0.040, 1250))
    start = start[start < 30.0]
    t = np.concatenate([start, 30.0 + np.arange(30_000) / 100.0])
    path = _write(tmp_path / "startup.csv", t, _values_at(walking, t))
    whole = read_recording(path)
    stream, acc, gyr = _streamed(path)
    assert whole.sampling_rate_hz == stream.sampling_rate_hz == 100.0
    assert stream.n_samples == whole.n_samples == acc.shape[0]
    assert acc.shape[0] == pytest.approx((t[-1] - t[0]) * 100, abs=1)
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-12)
    assert whole.gyr_dps is not None
    np.testing.assert_allclose(gyr, whole.gyr_dps, rtol=0, atol=1e-12)
    assert any(
        n.startswith("resampled irregular timestamps") and "to a uniform 100 Hz" in n for n in stream.notes
    )
    (change,) = _changes(whole.notes)
    assert _changes(stream.notes) == [change]
    first, end, rate_there, grid = change
    # times counted from the first row (at t[0]), as every time in a result
    assert first == pytest.approx(0.0, abs=0.005) and 30.0 - 2.6 <= end + t[0] <= 30.0 + 2.6
    assert 35.0 < rate_there < 50.0 and grid == 100.0


def test_a_slower_stretch_between_the_places_measured_is_named(
    tmp_path: Path, walking: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the rate is measured at 17 places only; a stretch between them that is slower is still seen, piece
    # by piece, and named; the grid stays the 100 Hz of the rest (as the whole-file read makes it)
    from backstride.gait.readers import csv_generic

    monkeypatch.setattr(csv_generic, "PROBE_BYTES", 8_192)
    before = np.arange(30_000) / 100.0
    slow = 300.0 + np.arange(1_500) / 50.0  # 30 s at 50 Hz, around 35-38 % of the file
    after = 330.0 + np.arange(30_000) / 100.0
    t = np.concatenate([before, slow, after])
    path = _write(tmp_path / "dip.csv", t, _values_at(walking, t))
    whole = read_recording(path)
    stream, acc, _ = _streamed(path)
    assert whole.sampling_rate_hz == 100.0 and stream.sampling_rate_hz == pytest.approx(100.0)
    assert stream.n_samples == whole.n_samples == acc.shape[0]
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-6)
    (change,) = _changes(whole.notes)
    assert _changes(stream.notes) == [change]
    a, b, rate_there, _ = change
    assert 300.0 - 2.6 <= a <= 300.0 + 5.2 and 330.0 - 5.2 <= b <= 330.0 + 2.6
    assert rate_there == 50.0


def test_a_regular_file_is_read_piece_by_piece_exactly_as_whole(tmp_path: Path, walking: np.ndarray) -> None:
    t = np.arange(30_000) / 100.0
    path = _write(tmp_path / "steady.csv", t, _values_at(walking, t))
    whole = read_recording(path)
    stream, acc, gyr = _streamed(path)
    assert stream.sampling_rate_hz == whole.sampling_rate_hz == 100.0
    np.testing.assert_array_equal(acc, whole.acc_mps2)  # kept as they are, bit for bit
    np.testing.assert_array_equal(gyr, whole.gyr_dps)
    assert not _changes(stream.notes) and not _changes(whole.notes)
    assert not any("resampled" in n or "interpolation" in n for n in stream.notes)


def test_rate_watch_finds_the_same_stretches_whatever_the_pieces() -> None:
    from backstride.gait.readers._common import RateWatch

    rng = np.random.default_rng(3)
    dt = np.concatenate(
        [
            np.full(2000, 0.01),
            rng.uniform(0.015, 0.025, 3000),  # ~50 Hz, jittery
            np.full(4000, 0.01),
            np.full(1000, 0.0125),  # 80 Hz: 25 % slower
            np.full(700, 0.01),
        ]
    )
    t = np.concatenate([[0.0], np.cumsum(dt)])
    whole = RateWatch(100.0, "accelerometer")
    whole.feed(t)
    notes = whole.finish()
    assert whole.stretches == [
        (pytest.approx(20, abs=3), pytest.approx(80, abs=3), pytest.approx(50, abs=2)),
        (pytest.approx(120, abs=3), pytest.approx(132.5, abs=3), pytest.approx(80, abs=0.01)),
    ]
    assert len(notes) == 2
    for cuts in ([1, 2, 3], [255, 256, 257, 9000], sorted(rng.choice(t.size, 40, replace=False).tolist())):
        pieces = RateWatch(100.0, "accelerometer")
        for a, b in zip([0, *cuts], [*cuts, t.size], strict=True):
            pieces.feed(t[a:b])
        assert pieces.finish() == notes

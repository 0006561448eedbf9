"""A phone export counts every time from its first sample on the grid (where both sensors have started),
as --symptom-at counts and a CSV does from its first row (CONTRACT.md section 2). A phyphox export whose
gyroscope started 0.5 s after its accelerometer put the recording on the app's clock: a stretch without
samples was said 'from 20.00 s', and '20' typed for it meant 20.5 s there. Files are built in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers.phyphox import write_phyphox
from backstride.gait.time_points import parse_time_point

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
GYRO_LATE_S = 0.5


def _export(folder: Path) -> Path:
    t = np.arange(6000) / 100.0
    t = t[(t < 20.0) | (t >= 25.0)]  # the phone recorded nothing from 20 s to 25 s on the app's clock
    rng = np.random.default_rng(7)
    acc = np.array([0.2, 9.7, 0.5]) + rng.normal(0, 0.05, size=(t.size, 3))
    gyr = rng.normal(0, 3.0, size=(t.size, 3))
    late = t >= GYRO_LATE_S
    write_phyphox(folder, [(t, acc, t[late], gyr[late])], platform="android", start=START)
    return folder


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_times_count_from_where_both_sensors_have_started(tmp_path: Path, kind: str) -> None:
    path = _export(tmp_path / ("export" if kind == "folder" else "export.zip"))
    for rec in (read_recording(path), open_recording(path, piece_bytes=20_000)):
        if hasattr(rec, "blocks"):  # a stream: read it to know its gaps
            list(rec.blocks())
        assert rec.start_s == 0.0
        assert rec.start_datetime == START + timedelta(seconds=GYRO_LATE_S)  # the first sample's moment
        ((a, b),) = rec.gaps_s
        assert a == pytest.approx(20.0 - GYRO_LATE_S, abs=0.02) and b == pytest.approx(
            25.0 - GYRO_LATE_S, abs=0.02
        )
        note = next(n for n in rec.notes if n.startswith("no samples from"))
        shown = float(note.removeprefix("no samples from ").split(" s")[0])
        assert parse_time_point(f"{shown}", rec, "--symptom-at") == pytest.approx(a, abs=0.01)
        assert parse_time_point("08:00:19.99", rec, "--symptom-at") == pytest.approx(a, abs=0.01)


def test_a_csv_whose_gyroscope_starts_later_is_read_whole_and_in_pieces_the_same(tmp_path: Path) -> None:
    # its first rows without a gyroscope value: read whole, times counted from the first complete row;
    # read piece by piece, they started 0.5 s later (start_s 0.5, a stretch without samples at 20.00 s)
    t = np.arange(12000) / 100.0
    t = t[(t < 20.0) | (t >= 25.0)]
    rng = np.random.default_rng(2)
    acc = np.array([0.3, 9.6, 0.4]) + rng.normal(0, 0.05, size=(t.size, 3))
    gyr = rng.normal(0, 3.0, size=(t.size, 3))
    lines = ["time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"]
    for i in range(t.size):
        g = ",," if t[i] < GYRO_LATE_S else ",".join(f"{v:.3f}" for v in gyr[i])
        lines.append(f"{t[i]:.2f},{acc[i, 0]:.3f},{acc[i, 1]:.3f},{acc[i, 2]:.3f},{g}")
    path = tmp_path / "late_gyro.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=100_000)
    assert stream.whole is None
    list(stream.blocks())
    for rec in (whole, stream):
        assert rec.start_s == 0.0
        ((a, b),) = rec.gaps_s
        assert a == pytest.approx(20.0 - GYRO_LATE_S, abs=0.02) and b == pytest.approx(
            25.0 - GYRO_LATE_S, abs=0.02
        )

"""A CSV's time_s column is counted from its first row: every time in a result is from the start of the
recording (CONTRACT.md section 2), as --symptom-at and the walk page count. Files are built in tmp_path from
a real lower-back lab walk (Mobilise-D imu.csv in ../shared, 100 Hz, m/s^2 and deg/s)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import open_recording, read_recording

IMU = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"
HEADER = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"


def _shifted(tmp_path: Path, first_s: float) -> Path:
    data = np.loadtxt(IMU, delimiter=",", skiprows=1)
    data[:, 0] += first_s
    path = tmp_path / f"from_{first_s:g}.csv"
    np.savetxt(path, data, delimiter=",", fmt="%.6f", header=HEADER, comments="")
    return path


@pytest.mark.parametrize("first_s", [1000.0, -30.0, 93_720.5])
def test_times_are_counted_from_the_first_row(tmp_path: Path, first_s: float) -> None:
    # a column from 1000 s gave bouts at '1004.3 s' in a 2 min 18 s recording: the walk page drew them all
    # at its right edge and named them '16 min 44 s'; --symptom-at 30 was 1030 s on that axis
    rec = read_recording(_shifted(tmp_path, first_s))
    assert rec.start_s == 0.0
    assert f"times counted from the first row (time_s {first_s:g} s there)" in rec.notes
    result = analyze_gait(rec).to_dict()
    assert result["walking_bouts"]
    assert all(0.0 <= b["start_s"] < b["end_s"] <= result["duration_s"] for b in result["walking_bouts"])
    same = analyze_gait(read_recording(_shifted(tmp_path, 0.0))).to_dict()
    assert [b["start_s"] for b in result["walking_bouts"]] == [b["start_s"] for b in same["walking_bouts"]]


def test_a_long_csv_read_piece_by_piece_counts_from_its_first_row_too(tmp_path: Path) -> None:
    path = _shifted(tmp_path, 1000.0)
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=100_000)
    pieces = list(stream.blocks(5_000))
    assert stream.start_s == whole.start_s == 0.0
    assert stream.notes[0] == whole.notes[0] == "times counted from the first row (time_s 1000 s there)"
    assert np.array_equal(np.concatenate([p.acc_mps2 for p in pieces]), whole.acc_mps2)

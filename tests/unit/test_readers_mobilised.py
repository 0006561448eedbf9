"""Mobilise-D data.mat: MATLAB v7.3 (HDF5) files are read like the v5 samples; damaged files refused."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import h5py
import numpy as np
import pytest

from backstride.core.errors import RecordingError
from backstride.gait.readers import list_trials, read_recording


def _char(group: h5py.Group, name: str, text: str) -> None:
    ds = group.create_dataset(name, data=np.array([[ord(c)] for c in text], dtype=np.uint16))
    ds.attrs["MATLAB_class"] = b"char"


def write_v73(path: Path, acc_g: np.ndarray, gyr_dps: np.ndarray, unix_s: np.ndarray) -> None:
    """The layout MATLAB's -v7.3 writes: a 512-byte text userblock, structs as groups, arrays transposed."""
    with h5py.File(path, "w", userblock_size=512) as f:
        trial = f.create_group("data/TimeMeasure1/Test5/Trial1")
        _char(trial, "StartDateTime", "2020-12-10T13:57:44.733+01:00")
        lb = trial.create_group("SU/LowerBack")
        lb.create_dataset("Acc", data=acc_g.T)
        lb.create_dataset("Gyr", data=gyr_dps.T)
        lb.create_dataset("Timestamp", data=unix_s[None, :])
        lb.create_dataset("Fs/Acc", data=np.array([[100.0]]))
    with path.open("r+b") as fh:
        fh.write(b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Dec 10 2020 HDF5 schema 1.00 .")


def test_matlab_v73_file(tmp_path: Path) -> None:
    n = 500
    t = np.arange(n) / 100.0
    acc = np.column_stack([1 + 0.1 * np.sin(2 * np.pi * 2 * t), 0 * t, 0.05 + 0 * t])
    gyr = np.column_stack([0 * t, 10 * np.sin(2 * np.pi * t), 0 * t])
    path = tmp_path / "data.mat"
    write_v73(path, acc, gyr, 1607605064.733 + t)
    assert list_trials(path) == ["TimeMeasure1/Test5/Trial1"]
    rec = read_recording(path)  # one trial: no --trial needed
    assert rec.source_format == "mobilised"
    assert rec.sampling_rate_hz == 100.0
    np.testing.assert_allclose(rec.acc_mps2, acc * 9.80665)
    assert rec.gyr_dps is not None
    np.testing.assert_allclose(rec.gyr_dps, gyr)
    assert rec.start_datetime is not None
    # Timestamp is Unix s: the same moment (13:57:44 at the file's +01:00), shown on the clock here
    assert (
        rec.start_datetime.astimezone(timezone(timedelta(hours=1)))
        .isoformat()
        .startswith("2020-12-10T13:57:44.733")
    )
    assert rec.start_datetime.utcoffset() == rec.start_datetime.astimezone().utcoffset()


def test_mat_file_without_lower_back_sensor(tmp_path: Path) -> None:
    path = tmp_path / "data.mat"
    write_v73(path, np.ones((300, 3)), np.zeros((300, 3)), np.arange(300) / 100.0)
    with h5py.File(path, "r+") as f:
        f.move("data/TimeMeasure1/Test5/Trial1/SU/LowerBack", "data/TimeMeasure1/Test5/Trial1/SU/Wrist")
    with pytest.raises(RecordingError, match=r"has no LowerBack sensor \(found: Wrist\)"):
        read_recording(path)


def test_empty_and_foreign_mat_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mat"
    empty.write_bytes(b"")
    with pytest.raises(RecordingError, match="empty"):
        read_recording(empty)
    other = tmp_path / "other.mat"
    other.write_bytes(b"not matlab at all" * 40)
    with pytest.raises(RecordingError, match="is not a MATLAB .mat file"):
        read_recording(other)

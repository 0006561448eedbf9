"""A generic CSV of a few MB and up is read piece by piece (bounded memory), with the whole read's result.

Read whole, a file was held three times as text beside pandas' parse of all of it: a 60-minute 25 MB CSV
peaked at 233 MB (1.35 s) read whole against 142 MB (0.72 s) piece by piece, the same result JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from backstride.gait.long_recording import LongRecordingAnalyzer
from backstride.gait.readers import read_recording
from backstride.gait.readers.csv_generic import STREAM_MIN_BYTES
from backstride.gait.readers.stream import RecordingStream, open_recording

LAB = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mobilised-lab" / "HA"
HEADER = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"


def _tiled_lab_csv(path: Path, minutes: float) -> None:
    data = np.concatenate([np.loadtxt(p, delimiter=",", skiprows=1) for p in sorted(LAB.glob("*/*/imu.csv"))])
    n = int(minutes * 60 * 100)
    tiled = np.tile(data, (-(-n // data.shape[0]), 1))[:n]
    tiled[:, 0] = np.arange(n) / 100.0
    np.savetxt(path, tiled, delimiter=",", fmt="%.6f", header=HEADER, comments="")


def _result(stream: RecordingStream) -> str:
    result = LongRecordingAnalyzer(height_cm=None).analyze(stream, symptom_at_s=None, stop_at_s=None).result_
    return json.dumps(result.to_dict(), sort_keys=True, default=str)


def test_a_csv_of_a_few_mb_is_read_piece_by_piece_with_the_whole_reads_result(tmp_path: Path) -> None:
    path = tmp_path / "twelve_minutes.csv"
    _tiled_lab_csv(path, 12)  # 5 MB: was read whole below 64 MB
    assert 4_000_000 < path.stat().st_size < 6_000_000
    stream = open_recording(path)
    assert stream.whole is None  # piece by piece
    assert _result(stream) == _result(RecordingStream.from_recording(read_recording(path), str(path)))


def test_a_one_minute_csv_is_still_read_whole(tmp_path: Path) -> None:
    # 0.4 MB: numpy parses it without importing pandas (the cold `gait analyze` of a short walk)
    path = tmp_path / "one_minute.csv"
    _tiled_lab_csv(path, 1)
    assert path.stat().st_size < STREAM_MIN_BYTES
    assert open_recording(path).whole is not None


def test_a_gap_in_a_csv_of_one_piece_is_listed_as_the_whole_read_lists_it(tmp_path: Path) -> None:
    # a file no longer than one piece: its gap was found and filled, but never listed, so a walking bout
    # ran across it
    path = tmp_path / "gap.csv"
    t = np.arange(3000) / 100.0
    t[1500:] += 5.0
    rng = np.random.default_rng(1)
    acc = np.column_stack([np.full(t.size, 9.81), np.zeros(t.size), np.zeros(t.size)])
    acc += rng.normal(0, 0.1, acc.shape)
    gyr = rng.normal(0, 5, (t.size, 3))
    rows = np.column_stack([t, acc, gyr])
    np.savetxt(path, rows, delimiter=",", fmt="%.6f", header=HEADER, comments="")
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=path.stat().st_size + 10_000)
    list(stream.blocks())
    assert whole.gaps_s == ((14.99, 20.0),)
    assert stream.gaps_s == list(whole.gaps_s)

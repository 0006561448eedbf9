"""A long stretch without samples in a phone export or an Axivity file read piece by piece is handed on in
parts (``GridFeeder.feed_parts``, ``FILL_CHUNK_ROWS`` grid rows each), never made whole.

A 20-hour gap at 100 Hz is 7.2 million grid rows: 173 MB per sensor of three axes, and a reader that made
it whole (then cut it into pieces) held several copies at once. The memory test reads such a file in a
fresh process whose address space is limited (``RLIMIT_AS``) to what it had after its imports plus
``HEADROOM_MB``: made whole, the gap does not fit (before the change the peak was 1,070 MB of address
space, 735-970 MB resident); in parts it does (about 450 MB of address space, 160 MB resident).
Files are written to tmp_path (a few MB)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from tests.unit.limited_process import READERS, run_limited

from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers.axivity import write_axivity
from backstride.gait.readers.phyphox import write_phyphox
from backstride.gait.readers.sensor_logger import write_sensor_logger
from backstride.gait.readers.stream import PhoneChunk

RATE_HZ = 100.0
PIECE = 200_000  # bytes of text a piece: the phone exports here are read piece by piece
HEADROOM_MB = 500  # address space allowed beyond the imports: the gap made whole needs ~900 MB more


def _signal(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walking-like acceleration with gravity (m/s^2) and angular rate (deg/s) at times ``t``."""
    acc = np.column_stack(
        [9.8 + 1.5 * np.sin(2 * np.pi * 2 * t), 0.3 * np.sin(2 * np.pi * t), 0.1 * np.cos(t)]
    )
    gyr = np.column_stack([20 * np.sin(2 * np.pi * t), 0 * t, 5 * np.cos(2 * np.pi * t)])
    return acc, gyr


def _phone_chunks(gap_h: float, minutes: float = 2.0) -> list[PhoneChunk]:
    """``minutes`` of samples, ``gap_h`` hours without any, ``minutes`` more; on two jittered clocks."""
    rng = np.random.default_rng(7)
    n = int(minutes * 60 * RATE_HZ)
    out = []
    for start in (0.0, minutes * 60 + gap_h * 3600.0):
        k = np.arange(n) / RATE_HZ
        t_a = start + k + rng.normal(0.0, 0.05 / RATE_HZ, n) + 0.001
        t_g = start + k + rng.normal(0.0, 0.05 / RATE_HZ, n) + 0.004
        out.append((t_a, _signal(t_a)[0], t_g, _signal(t_g)[1]))
    return out


def _write(kind: str, folder: Path, gap_h: float) -> Path:
    if kind == "sensor-logger":
        path = folder / "export"
        write_sensor_logger(path, _phone_chunks(gap_h), platform="android")
    elif kind == "phyphox":
        path = folder / "export.zip"
        write_phyphox(path, _phone_chunks(gap_h), platform="ios")
    else:
        path = folder / "walk.cwa"
        n = int(2 * 60 * RATE_HZ)
        acc, gyr = _signal(np.arange(n) / RATE_HZ)
        write_axivity(path, acc, gyr, start=datetime(2026, 3, 2))
        later = n + int(gap_h * 3600 * RATE_HZ)
        write_axivity(path, acc, gyr, start=datetime(2026, 3, 2), append=True, first_sample=later)
    return path


READ_THE_GAP = """
path, piece = args[0], int(args[1])
stream = open_recording(path, piece_bytes=piece or None)
n = sum(block.n_samples for block in stream.blocks(90_000))
print(n, len(stream.gaps_s))
"""


@pytest.mark.parametrize("kind", ["sensor-logger", "phyphox", "axivity"])
def test_a_20_hour_gap_is_read_within_a_memory_limit(kind: str, tmp_path: Path) -> None:
    path = _write(kind, tmp_path, gap_h=20.0)
    piece = 0 if kind == "axivity" else PIECE
    said = run_limited(READERS, READ_THE_GAP, str(path), str(piece), headroom_mb=HEADROOM_MB)
    n, n_gaps = (int(x) for x in said.split())
    assert n > 20 * 3600 * RATE_HZ  # the gap is on the grid, filled in
    assert n_gaps == 1


@pytest.mark.parametrize("kind", ["sensor-logger", "phyphox", "axivity"])
def test_a_gap_handed_on_in_parts_equals_the_whole_files_grid(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backstride.gait.readers import stream

    path = _write(kind, tmp_path, gap_h=1.0)
    whole = read_recording(path)
    monkeypatch.setattr(stream, "FILL_CHUNK_ROWS", 5_000)  # the hour comes in 72 parts
    s = open_recording(path, piece_bytes=None if kind == "axivity" else PIECE)
    assert s.whole is None  # read piece by piece
    blocks = list(s.blocks(30_000))
    acc = np.concatenate([b.acc_mps2 for b in blocks])
    gyr = np.concatenate([b.gyr_dps for b in blocks if b.gyr_dps is not None])
    assert acc.shape == whole.acc_mps2.shape and acc.shape[0] > 3600 * RATE_HZ
    assert whole.gyr_dps is not None
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    np.testing.assert_allclose(gyr, whole.gyr_dps, rtol=0, atol=1e-9)
    np.testing.assert_allclose(s.gaps_s, whole.gaps_s, rtol=0, atol=1e-9)
    assert s.sampling_rate_hz == whole.sampling_rate_hz and s.start_s == whole.start_s

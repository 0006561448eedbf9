"""The gyroscope's unit check sees the whole of a long generic CSV read piece by piece, not its first piece.

A long CSV (over 64 MB) is read 4 MB at a time; ``piece_bytes`` makes a few minutes behave the same. The
first piece used to be the only one checked: a phone lying still at first, then walking with deg/s under
a rad/s header (or the reverse), was read 57 times too fast (or too slow). The safeguards stay: a dropped
phone, a shaking ride, a column of zeros.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from tests.unit.test_readers_csv import G, _lab_like_walk, write_csv

from backstride.core.errors import RecordingError
from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers._common import GyroscopeUnitCheck

PIECE = 200_000  # ~3,000 rows: the first piece holds only the first ~30 s (the phone still)
RADS = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_rads,gyr_y_rads,gyr_z_rads"


def _still_then_walk(walk_gyr_scale: float = 1.0, still_s: float = 200.0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(11)
    n_still = int(still_s * 100)
    _, acc_walk, gyr_walk = _lab_like_walk(seconds=60.0)
    acc = np.vstack([np.tile([G, 0.0, 0.0], (n_still, 1)) + rng.normal(0, 0.02, (n_still, 3)), acc_walk])
    gyr = np.vstack([rng.normal(0, 0.3, (n_still, 3)), gyr_walk * walk_gyr_scale])
    return np.arange(acc.shape[0]) / 100.0, acc, gyr


def _read_all(path: Path) -> int:
    stream = open_recording(path, piece_bytes=PIECE)
    return sum(b.n_samples for b in stream.blocks())


def test_deg_per_s_under_a_rad_per_s_header_after_the_first_piece_is_refused(tmp_path: Path) -> None:
    t, acc, gyr = _still_then_walk()
    path = write_csv(tmp_path / "fast_later.csv", t, acc, gyr, header=RADS)
    said = r"fast_later\.csv: .*gyroscope turns faster than .*deg/s read as rad/s"
    with pytest.raises(RecordingError, match=said):
        read_recording(path)
    with pytest.raises(RecordingError, match=said):  # was read: the walk 57 times too fast
        _read_all(path)


def test_rad_per_s_under_a_deg_per_s_header_after_the_first_piece_is_refused(tmp_path: Path) -> None:
    t, acc, gyr = _still_then_walk(np.radians(1.0))
    path = write_csv(tmp_path / "slow_later.csv", t, acc, gyr)
    said = r"slow_later\.csv: .*gyroscope turns at most about .*rad/s read as deg/s"
    with pytest.raises(RecordingError, match=said):
        read_recording(path)
    with pytest.raises(RecordingError, match=said):
        _read_all(path)


def test_a_phone_dropped_after_the_first_piece_is_read(tmp_path: Path) -> None:
    # a spin of 1,500 deg/s for 0.5 s in the walk: under a second, and under 1 % of the recording
    t, acc, gyr = _still_then_walk()
    gyr[25_000:25_050] = [1500.0, 800.0, 300.0]
    path = write_csv(tmp_path / "dropped_later.csv", t, acc, gyr)
    assert _read_all(path) == t.size
    assert read_recording(path).gyr_dps is not None


def test_a_shaking_ride_after_the_first_piece_is_read(tmp_path: Path) -> None:
    # still first, then a bus: the acceleration shakes above 10 Hz, the trunk barely turns
    rng = np.random.default_rng(5)
    t, acc, gyr = _still_then_walk()
    acc[20_000:] = np.tile([G, 0.0, 0.0], (acc.shape[0] - 20_000, 1)) + rng.normal(0, 1.2, (6_000, 3))
    gyr[20_000:] = rng.normal(0, 0.5, (6_000, 3))
    path = write_csv(tmp_path / "bus_later.csv", t, acc, gyr)
    assert _read_all(path) == t.size


def test_zeros_still_mean_no_gyroscope_when_read_piece_by_piece(tmp_path: Path) -> None:
    t, acc, gyr = _still_then_walk()
    stream = open_recording(write_csv(tmp_path / "zeros.csv", t, acc, 0 * gyr), piece_bytes=PIECE)
    assert not stream.has_gyroscope
    assert sum(b.n_samples for b in stream.blocks()) == t.size


@pytest.mark.parametrize("cut", [1, 7, 10, 333, 5_000])
def test_the_check_in_pieces_counts_as_the_check_of_the_whole(cut: int) -> None:
    # the 0.1 s average of the acceleration runs across the pieces: the same counts, so the same verdict
    rng = np.random.default_rng(2)
    acc = np.tile([G, 0.0, 0.0], (12_000, 1)) + rng.normal(0, 1.5, (12_000, 3))
    gyr = rng.normal(0, 2.0, (12_000, 3))
    whole = GyroscopeUnitCheck("w", 100.0, said_rads=False).add(acc, gyr)
    parts = GyroscopeUnitCheck("w", 100.0, said_rads=False)
    for a in range(0, acc.shape[0], cut):
        parts.add(acc[a : a + cut], gyr[a : a + cut])
    counts = ("n_samples_", "n_fast_", "n_turning_", "n_averaged_", "n_moving_")
    assert [getattr(parts, c) for c in counts] == [getattr(whole, c) for c in counts]
    assert whole.n_moving_ > 0 and whole.n_turning_ > 0


@pytest.mark.parametrize(
    ("scale", "said"), [(57.3, r"faster than ([\d,]+) deg/s"), (1 / 57.3, r"at most about ([\d.]+)")]
)
def test_the_size_said_is_the_99th_percentile_rounded_the_safe_way(scale: float, said: str) -> None:
    t, acc, gyr = _lab_like_walk(seconds=60.0)
    gyr = gyr * scale
    with pytest.raises(RecordingError) as err:
        GyroscopeUnitCheck("f.csv", 100.0, said_rads=scale > 1).add(acc, gyr).check()
    m = re.search(said, str(err.value))
    assert m is not None
    told = float(m.group(1).replace(",", ""))
    exact = float(np.percentile(np.linalg.norm(gyr, axis=1), 99))
    if scale > 1:  # 'faster than': never more than the percentile, within 1.2 % (and the whole number)
        assert exact * 0.987 - 1 <= told <= exact
    else:  # 'at most about' (2 digits): never less than the percentile
        assert exact <= told * 1.05 and told <= exact * 1.1

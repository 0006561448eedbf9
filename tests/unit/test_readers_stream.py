"""readers.stream: samples that arrive piece by piece on one uniform grid (GridFeeder) and in pieces of
the asked size (RecordingStream.blocks), whatever the size of the pieces the decoder made."""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait.readers.stream import GridFeeder, RecordingStream, SampleBlock, _rechunk
from backstride.gait.recording import Recording


def _feed_in_pieces(feeder: GridFeeder, t: np.ndarray, v: np.ndarray, cuts: list[int]) -> np.ndarray:
    edges = [0, *cuts, t.size]
    return np.concatenate([feeder.feed(t[a:b], v[a:b]) for a, b in zip(edges[:-1], edges[1:], strict=True)])


def test_regular_samples_pass_through_unchanged() -> None:
    t = np.arange(1000) / 100.0 + 3.0
    v = np.random.default_rng(1).normal(size=(1000, 3))
    out = _feed_in_pieces(GridFeeder(3.0, 100.0, regular=True, median_dt_s=0.01), t, v, [137, 500, 999])
    np.testing.assert_array_equal(out, v)  # bit for bit, like the whole-file reader keeps them


def test_a_gap_is_filled_on_the_grid_and_listed() -> None:
    t = np.arange(1000) / 100.0
    keep = (t < 4.0) | (t >= 6.0)  # 2 s without samples, cut across two pieces
    v = np.column_stack([t, 2 * t, -t])
    feeder = GridFeeder(0.0, 100.0, regular=True, median_dt_s=0.01)
    out = _feed_in_pieces(feeder, t[keep], v[keep], [350, 420])
    assert out.shape == (1000, 3)
    np.testing.assert_allclose(out, v, atol=1e-9)  # linear data: interpolation is exact
    assert feeder.gaps_s == [(pytest.approx(3.99), pytest.approx(6.0))]
    assert feeder.n_interpolated > 0


def test_irregular_samples_are_interpolated_the_same_whatever_the_pieces() -> None:
    rng = np.random.default_rng(2)
    t = np.cumsum(rng.uniform(0.008, 0.012, 3000))
    v = np.column_stack([np.sin(t), np.cos(t), t])
    whole = GridFeeder(float(t[0]), 100.0, regular=False, median_dt_s=0.01).feed(t, v)
    pieces = _feed_in_pieces(
        GridFeeder(float(t[0]), 100.0, regular=False, median_dt_s=0.01), t, v, [1, 999, 2000]
    )
    np.testing.assert_array_equal(pieces, whole)
    grid = t[0] + np.arange(whole.shape[0]) / 100.0
    assert grid[-1] <= t[-1] < grid[-1] + 0.01
    np.testing.assert_allclose(whole[:, 2], grid, atol=1e-12)


def test_rechunk_gives_pieces_of_exactly_the_asked_size() -> None:
    rng = np.random.default_rng(3)
    sizes = [5, 1, 0, 17, 40, 3, 33]
    src = [SampleBlock(rng.normal(size=(k, 3)), rng.normal(size=(k, 3))) for k in sizes]
    out = list(_rechunk(iter(src), 10))
    assert [p.n_samples for p in out] == [10] * 9 + [9]
    np.testing.assert_array_equal(
        np.concatenate([p.acc_mps2 for p in out]), np.concatenate([p.acc_mps2 for p in src])
    )
    np.testing.assert_array_equal(
        np.concatenate([p.gyr_dps for p in out if p.gyr_dps is not None]),
        np.concatenate([p.gyr_dps for p in src if p.gyr_dps is not None]),
    )


def test_a_stream_is_read_once_and_its_pieces_keep_time_and_gaps() -> None:
    from datetime import datetime

    rec = Recording(
        acc_mps2=np.tile([0.0, 0.0, 9.81], (1000, 1)),
        gyr_dps=None,
        sampling_rate_hz=50.0,
        source_format="csv",
        start_s=2.0,
        start_datetime=datetime(2026, 1, 1, 12, 0, 0),
        gaps_s=((5.0, 6.0), (15.0, 16.0)),
    )
    stream = RecordingStream.from_recording(rec)
    assert [p.n_samples for p in stream.blocks(300)] == [300, 300, 300, 100]
    with pytest.raises(RuntimeError):
        next(stream.blocks(300))
    piece = stream.recording(rec.acc_mps2[400:700], None, 400)
    assert piece.start_s == pytest.approx(10.0)
    assert piece.start_datetime == datetime(2026, 1, 1, 12, 0, 8)
    assert piece.gaps_s == ((15.0, 16.0),)

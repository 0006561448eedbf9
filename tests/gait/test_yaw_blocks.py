"""InitialContactDetector with the yaw rate given per block (what the pipeline passes: the gravity blocks'
means, no per-sample copy) finds the same contacts as with the per-sample yaw, also when the blocks
start before the signal (a chunk edge inside a gravity block). Real data: the Mobilise-D lab trials."""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.evaluation import load_lab_trials
from backstride.gait.events import InitialContactDetector
from backstride.gait.orientation import GravityEstimator


@pytest.fixture(scope="module")
def signals() -> list[tuple[str, float, np.ndarray, np.ndarray]]:
    """Per trial: name, sampling rate, vertical acceleration, yaw rate about gravity (per sample)."""
    out = []
    for t in load_lab_trials(MOBILISED_LAB, with_reference_only=False):
        rec = t.recording
        fs = rec.sampling_rate_hz
        grav = GravityEstimator().estimate(rec.acc_mps2, sampling_rate_hz=fs)
        assert grav.vertical_acc_mps2_ is not None and rec.gyr_dps is not None
        yaw = np.einsum("ij,ij->i", rec.gyr_dps, grav.up_at(np.arange(rec.n_samples)))
        out.append((t.name, fs, grav.vertical_acc_mps2_, yaw))
    return out


def _blocks(yaw: np.ndarray, q: int, first: int) -> np.ndarray:
    m = (yaw.size - first) // q
    return yaw[first : first + m * q].reshape(m, q).mean(axis=1)


def test_block_yaw_gives_the_contacts_of_the_per_sample_yaw(signals) -> None:
    recovered = 0
    for name, fs, vertical, yaw in signals:
        q = int(fs // 10)
        per_sample = InitialContactDetector().detect(vertical, sampling_rate_hz=fs, yaw_dps=yaw)
        blocks = InitialContactDetector().detect(
            vertical, sampling_rate_hz=fs, yaw_block_dps=_blocks(yaw, q, 0), yaw_block=q
        )
        np.testing.assert_array_equal(blocks.ic_idx_, per_sample.ic_idx_, err_msg=name)
        assert blocks.n_yaw_recovered_ == per_sample.n_yaw_recovered_
        recovered += blocks.n_yaw_recovered_
    assert recovered >= 2  # the yaw does take steps in these trials (HA/002's turns)


def test_blocks_that_start_before_the_signal_keep_contacts_in_place(signals) -> None:
    name, fs, vertical, yaw = next(s for s in signals if "HA/002" in s[0] and "Test11" in s[0])
    q = int(fs // 10)
    whole = InitialContactDetector().detect(
        vertical, sampling_rate_hz=fs, yaw_block_dps=_blocks(yaw, q, 0), yaw_block=q
    )
    assert whole.n_yaw_recovered_ >= 1
    s0 = 1234  # the signal now starts 4 samples into a block
    first = (s0 // q) * q
    part = InitialContactDetector().detect(
        vertical[s0:],
        sampling_rate_hz=fs,
        yaw_block_dps=_blocks(yaw, q, first),
        yaw_block=q,
        yaw_block_start=first - s0,
    )
    away = s0 + int(10 * fs)  # the band-pass filters differ near the new start
    np.testing.assert_array_equal(
        part.ic_idx_[part.ic_idx_ + s0 > away] + s0, whole.ic_idx_[whole.ic_idx_ > away]
    )
    assert part.n_yaw_recovered_ == whole.n_yaw_recovered_

"""A walk read without its gyroscope: same steps, longer strides where it turned, and the result says so.

New-user test 2026-11-27: the phyphox walk lucadomene (accelerometer and gyroscope at the belt, 48 s
walking with many turns) gave stride 0.79 m with its gyroscope and 0.97 m from ``Accelerometer.csv``
alone. The contacts, the vertical and the pendulum lengths agree; the whole difference is the turning
model (``spatial.turning_factor``), which needs the gyroscope. Only the JSON's ``turns_not_corrected``
flag said so; the notes (what the terminal shows) now say it too.
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import FORMATS

from backstride.gait import pipeline
from backstride.gait.long_recording import LongRecordingAnalyzer
from backstride.gait.pipeline import TURNS_NOT_CORRECTED_NOTE, analyze_gait
from backstride.gait.readers import open_recording, read_recording
from backstride.gait.recording import NO_GYROSCOPE_NOTE

WALK = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"


def test_without_a_gyroscope_the_notes_say_turns_make_strides_read_long() -> None:
    acc_only = analyze_gait(read_recording(WALK / "Accelerometer.csv")).to_dict()
    both = analyze_gait(read_recording(WALK)).to_dict()
    assert TURNS_NOT_CORRECTED_NOTE in acc_only["notes"]
    assert "turns_not_corrected" in acc_only["walking_bouts"][0]["quality"]["stride_length_m"]
    assert TURNS_NOT_CORRECTED_NOTE not in both["notes"]
    assert "turns_not_corrected" not in both["walking_bouts"][0]["quality"]["stride_length_m"]


def test_a_still_recording_without_a_gyroscope_gets_no_turn_note() -> None:
    rec = read_recording(WALK / "Accelerometer.csv")
    still = type(rec)(
        acc_mps2=np.tile([0.0, 0.0, 9.81], (3000, 1)),
        gyr_dps=None,
        sampling_rate_hz=50.0,
        source_format="csv",
        notes=(NO_GYROSCOPE_NOTE,),  # as a reader gives it
    )
    result = analyze_gait(still).to_dict()
    assert result["walking_bouts"] == []
    assert TURNS_NOT_CORRECTED_NOTE not in result["notes"]
    assert NO_GYROSCOPE_NOTE in result["notes"]  # without walking the reader's note stays, alone


def test_accelerometer_only_strides_differ_only_by_the_turning_model(monkeypatch: pytest.MonkeyPatch) -> None:
    acc_only = analyze_gait(read_recording(WALK / "Accelerometer.csv")).to_dict()
    corrected = analyze_gait(read_recording(WALK)).to_dict()
    monkeypatch.setattr(pipeline, "turning_factor", lambda t: np.ones(np.shape(t)))
    uncorrected = analyze_gait(read_recording(WALK)).to_dict()
    a = np.array([s["length_m"] for s in acc_only["walking_bouts"][0]["strides"]])
    u = np.array([s["length_m"] for s in uncorrected["walking_bouts"][0]["strides"]])
    c = np.array([s["length_m"] for s in corrected["walking_bouts"][0]["strides"]])
    assert a.size == u.size == c.size == 74
    # same steps and pendulum lengths (49.7 Hz as recorded vs 50 Hz after merging the two sensors)
    assert np.abs(a - u).max() < 0.05
    assert abs(a.mean() - u.mean()) < 0.01
    # the turning model shortens the turning strides, never lengthens one
    assert (c <= u + 1e-9).all()
    assert u.mean() - c.mean() > 0.15


def test_both_reads_of_a_nominal_50_hz_walk_judge_the_landing_alike() -> None:
    """Accelerometer.csv alone keeps its measured 49.7 Hz, the two-sensor read resamples to 50 Hz: the
    landing jolt was 'blurred: under 50 samples a second' in one and fine in the other, while the
    terminal said '48.0 s at 50 Hz' for both. The rate is judged as shown, in whole Hz."""
    acc_only = analyze_gait(read_recording(WALK / "Accelerometer.csv")).to_dict()
    both = analyze_gait(read_recording(WALK)).to_dict()
    assert round(acc_only["sampling_rate_hz"], 1) == 49.7 and both["sampling_rate_hz"] == 50.0
    assert acc_only["summary"]["impact_quality"] == both["summary"]["impact_quality"] == []
    slow = read_recording(WALK / "Accelerometer.csv")
    slow = type(slow)(acc_mps2=slow.acc_mps2[::2], gyr_dps=None, sampling_rate_hz=24.86, source_format="csv")
    assert analyze_gait(slow).to_dict()["summary"]["impact_quality"] == ["low_sampling_rate"]


def _gyroscope_notes(notes: list[str]) -> list[str]:
    return [x for x in notes if "gyroscope" in x.lower()]


def test_a_walk_without_a_gyroscope_gets_one_note_about_it() -> None:
    """phyphox's Accelerometer.csv alone said it twice: the reader's "no gyroscope in this recording:
    angles that need one will be flagged", then the pipeline's note on turns. Now only the one that
    says what it changes for the person; the quality flag stays on every bout's stride length."""
    result = analyze_gait(read_recording(WALK / "Accelerometer.csv")).to_dict()
    assert _gyroscope_notes(result["notes"]) == [TURNS_NOT_CORRECTED_NOTE]
    assert all("turns_not_corrected" in b["quality"]["stride_length_m"] for b in result["walking_bouts"])


def test_a_long_recording_without_a_gyroscope_gets_one_note_about_it() -> None:
    """The same walk read in windows (as a recording of hours is): the stream's note and the windows'
    notes are put together, still one note about the gyroscope."""
    stream = open_recording(WALK / "Accelerometer.csv")
    result = LongRecordingAnalyzer(window_s=20.0, pad_s=5.0, max_window_s=30.0).analyze(stream).result_
    data = result.to_dict()
    assert data["walking_bouts"] and data["parameters"]["long_recording"]["n_windows"] > 1
    assert _gyroscope_notes(data["notes"]) == [TURNS_NOT_CORRECTED_NOTE]

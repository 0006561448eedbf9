"""Python API: `analyze_gait` refuses values no walk can have, as `gait analyze` does (N10, 2026-11-28).

A researcher scripting over files wrote the height in metres, ``analyze_gait(rec, height_cm=1.72)``:
the result said "No walking was found in this recording" for a real lab walk (the pendulum was 9 mm
long), with no word about the height. ``height_cm=1000`` gave 2.25 m/s, ``"172"`` was taken, and
``symptom_at_s=500`` in a 12.5 s walk gave a walking tolerance of 495.94 s; a stop before the first
symptom was taken too. The command line refused every one of them (exit 2); the API now says why, as an
``InputError`` naming the argument, before any work.
"""

from __future__ import annotations

import math

import pytest
from tests.conftest import MOBILISED_LAB

import backstride
from backstride import analyze_gait, read_recording
from backstride.core.errors import FieldError, TimePointError

LAB = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # 12.46 s, one bout from 4.1 s


@pytest.fixture(scope="module")
def rec():
    return read_recording(LAB, acc_unit="m/s^2", gyr_unit="deg/s")


@pytest.mark.parametrize(
    ("height", "says"),
    [
        (1.72, "height_cm must be from 50 to 250 cm, got 1.72 (1.72 m is 172 cm)"),
        (1000, "height_cm must be from 50 to 250 cm, got 1000"),
        (-5, "height_cm must be from 50 to 250 cm, got -5"),
        (math.nan, "height_cm must be from 50 to 250 cm, got nan"),
        ("172", "height_cm must be a number of centimetres, got '172'"),
        (True, "height_cm must be a number of centimetres, got True"),
    ],
)
def test_a_height_no_person_has_is_refused_naming_it(rec, height, says):
    with pytest.raises(FieldError) as caught:
        analyze_gait(rec, height_cm=height)
    assert str(caught.value) == says
    assert isinstance(caught.value, backstride.InputError)


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"symptom_at_s": 500}, "symptom_at_s 500 is outside the recording, which runs from 0 to 12.46 s"),
        ({"stop_at_s": -3}, "stop_at_s -3 is outside the recording, which runs from 0 to 12.46 s"),
        ({"symptom_at_s": "10"}, "symptom_at_s must be a number of seconds from the start, got '10'"),
        ({"symptom_at_s": math.inf}, "symptom_at_s must be a number of seconds from the start, got inf"),
        (
            {"symptom_at_s": 10, "stop_at_s": 5},
            "stop_at_s 5 comes before symptom_at_s 10; the stop comes at or after the first symptom",
        ),
    ],
)
def test_a_time_the_walk_cannot_have_is_refused_naming_it(rec, kwargs, says):
    with pytest.raises(TimePointError) as caught:
        analyze_gait(rec, **kwargs)
    assert str(caught.value) == says


def test_a_sensor_height_in_centimetres_is_refused(rec):
    with pytest.raises(
        FieldError, match=r"sensor_height_m must be from 0.2 to 2 m, got 95 \(95 cm is 0.95 m\)"
    ):
        analyze_gait(rec, sensor_height_m=95)


def test_a_path_is_not_a_recording(rec):
    with pytest.raises(
        TypeError, match=r"analyze_gait takes a Recording, got PosixPath: read the file first"
    ):
        analyze_gait(LAB)


def test_good_values_still_give_the_walk(rec):
    d = analyze_gait(rec, height_cm=172.0, symptom_at_s=8, stop_at_s=12.46).to_dict()
    assert d["summary"]["n_bouts"] == 1
    assert d["walking_tolerance"]["time_to_first_symptom_s"] == pytest.approx(
        8 - d["walking_bouts"][0]["start_s"]
    )
    assert d["walking_tolerance"]["time_to_stop_s"] is not None
    # an integer height and numpy numbers are numbers too
    np = pytest.importorskip("numpy")
    again = analyze_gait(rec, height_cm=np.int64(172), symptom_at_s=np.float64(8)).to_dict()
    assert again["summary"]["stride_length_m"] == d["summary"]["stride_length_m"]


def test_the_long_recording_analysis_refuses_them_too(rec):
    # docs/gait-input.md sends a week of data to open_recording + analyze_long_recording: the same mistakes
    from backstride.gait.long_recording import LongRecordingAnalyzer, analyze_long_recording
    from backstride.gait.readers.stream import RecordingStream, open_recording

    with pytest.raises(FieldError, match=r"1\.72 m is 172 cm"):
        analyze_long_recording(RecordingStream.from_recording(rec), height_cm=1.72)
    with pytest.raises(FieldError, match="sensor_height_m must be from 0.2 to 2 m"):
        LongRecordingAnalyzer(sensor_height_m=95)
    with pytest.raises(
        TimePointError, match=r"symptom_at_s 500 is outside the recording, which runs from 0 to 12\.46 s"
    ):
        analyze_long_recording(RecordingStream.from_recording(rec), symptom_at_s=500)
    with pytest.raises(TimePointError, match="stop_at_s 5 comes before symptom_at_s 10"):
        analyze_long_recording(
            open_recording(LAB, acc_unit="m/s^2", gyr_unit="deg/s"), symptom_at_s=10, stop_at_s=5
        )
    d = analyze_long_recording(RecordingStream.from_recording(rec), height_cm=172, symptom_at_s=8).to_dict()
    assert d["walking_tolerance"]["time_to_first_symptom_s"] == pytest.approx(
        8 - d["walking_bouts"][0]["start_s"]
    )


def test_a_long_csv_whose_length_is_not_known_yet_is_held_to_its_start(tmp_path):
    from backstride.gait.pipeline import checked_times

    assert checked_times(0.0, None, 10_000.0, None) == (10_000.0, None)  # checked once it is read (the CLI)
    with pytest.raises(TimePointError, match="symptom_at_s -1 is outside the recording, which starts at 0 s"):
        checked_times(0.0, None, -1, None)


def test_a_recording_made_in_python_below_the_readers_rate_is_refused_as_a_file_is(rec):
    # the readers refuse a file under 15 Hz ('gait analysis needs at least 15 Hz'); analyze_gait took a
    # Recording made in Python at 12 Hz (its own floor was 10 Hz), where steps ~0.1 s long cannot be timed
    from backstride.core.errors import RecordingError
    from backstride.gait.recording import Recording

    slow = Recording(acc_mps2=rec.acc_mps2[::8], gyr_dps=None, sampling_rate_hz=12.5, source_format="csv")
    with pytest.raises(
        RecordingError, match=r"the sampling rate is 12.5 Hz; gait analysis needs at least 15 Hz"
    ):
        analyze_gait(slow)

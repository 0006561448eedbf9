"""Every real sample in ../shared/data/formats (phyphox, Sensor Logger, Axivity, ActiGraph) and every trial
of the Mobilise-D data.mat files is read, or refused with a precise message where it holds no usable IMU data.

The samples are discovered on disk (never copied into the repository). Facts checked against the READMEs
beside the samples: durations, rates, gravity ~9.8 m/s^2, units.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.core.errors import RecordingError
from backstride.gait.readers import detect_format, list_trials, read_recording


def _phyphox_units() -> list[Path]:
    units: list[Path] = []
    for folder in sorted((FORMATS / "phyphox").iterdir()):
        if not folder.is_dir():
            continue
        xls = sorted(folder.glob("*.xls"))
        units.extend(xls if xls else [folder])
    return units


def _sensor_logger_units() -> list[Path]:
    root = FORMATS / "sensor_logger"
    units = sorted(root.rglob("*.zip")) + sorted(root.rglob("*.json"))
    units += sorted({p.parent for p in root.rglob("*.csv")})
    return units


def _axivity_units() -> list[Path]:
    return sorted((FORMATS / "axivity_cwa").rglob("*.cwa"))


def _actigraph_units() -> list[Path]:
    root = FORMATS / "actigraph_gt3x"
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".gt3x", ".csv"))


def _rel(p: Path) -> str:
    return p.relative_to(FORMATS).as_posix()


SAMPLES = _phyphox_units() + _sensor_logger_units() + _axivity_units() + _actigraph_units()
MAT_FILES = sorted((MOBILISED_LAB / "original").rglob("data.mat"))

# Samples that hold no usable IMU data for gait, and the reason the reader must give.
REFUSED = {
    "phyphox/Emz-oamk__FysiikanLP": "gravity removed",
    "phyphox/Farmapu__IN00CT09-3008": "gravity removed",
    "phyphox/raltm2e__imu_phyphox": "gravity removed",
    "phyphox/sannatikk__walking-data-analysis": "gravity removed",
    "sensor_logger/BennyJHui__imu_data": "records with gravity removed",
    "sensor_logger/AZyfen__PDR/x-calibration": "records with gravity removed",
    "sensor_logger/AZyfen__PDR/x-calibration-M": "records with gravity removed",
    "sensor_logger/mhaberler__sensorlogger-util/2022-06-14_03-15-05.json": "sampling rate is 9.96 Hz",
}

# (duration s, nominal rate Hz, has gyroscope) from the sample READMEs / FORMATS.md.
EXPECTED = {
    "phyphox/lucadomene__DFB_Lab04_GaitAnalysis": (48.0, 49.7, True),
    "phyphox/randyakram__giat_fft/walk50.xls": (19.3, 51.8, True),
    "phyphox/randyakram__giat_fft/walk100.xls": (17.9, 103.4, True),
    "sensor_logger/Lynch1206__5ARB0_1_1/2022-09-09_13-14-55.zip": (4.0, 100.4, False),
    "sensor_logger/helloaisvg__Camera-calibration/2ok-2025-11-05_16-52-37.zip": (25.5, 100.2, True),
    "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00": (422.0, 17.1, False),
    "axivity_cwa/wadpac__GGIRread/ax3_testfile.cwa": (17400 / 100, 100.0, False),
    "axivity_cwa/wadpac__GGIRread/ax6_testfile.cwa": (11320 / 100, 100.0, True),
    "axivity_cwa/pfizer-opensource__scikit-digital-health/ax3_sample.cwa": (58800 / 200, 200.0, False),
    "axivity_cwa/pfizer-opensource__scikit-digital-health/ax6_sample.cwa": (10360 / 100, 100.0, True),
    "axivity_cwa/digitalinteraction__openmovement/example-610-steps.cwa": (71400 / 100, 100.0, False),
    # ActiGraph: from the first to the last second with samples (idle sleep inside is a gap)
    "actigraph_gt3x/THLfi__read.gt3x/TAS1H30182785_2019-09-17.gt3x": (2159.0, 100.0, False),
    "actigraph_gt3x/actigraph__pygt3x/ISM_Disabled.gt3x": (300.0, 30.0, False),
    "actigraph_gt3x/actigraph__pygt3x/ISM_Enabled.gt3x": (179.0, 30.0, False),
    "actigraph_gt3x/actigraph__pygt3x/neo.gt3x": (18004 / 30, 30.0, False),
    "actigraph_gt3x/actigraph__pygt3x/neo.csv": (18004 / 30, 30.0, False),
}


def test_samples_are_found_on_disk() -> None:
    assert len(_phyphox_units()) >= 6
    assert len(_sensor_logger_units()) >= 7
    assert len(_axivity_units()) >= 5
    assert len(_actigraph_units()) >= 5
    assert len(MAT_FILES) >= 2


@pytest.mark.parametrize("path", SAMPLES, ids=_rel)
def test_sample_is_read_or_refused_precisely(path: Path) -> None:
    key = _rel(path)
    if key in REFUSED:
        with pytest.raises(RecordingError) as info:
            read_recording(path)
        message = str(info.value)
        assert message.startswith(str(path)), message
        assert REFUSED[key] in message
        return
    rec = read_recording(path)
    assert rec.acc_mps2.shape == (rec.n_samples, 3)
    assert np.isfinite(rec.acc_mps2).all()
    # specific force includes gravity: ~9.8 m/s^2 on average whatever the orientation
    assert 8.8 < float(np.median(np.linalg.norm(rec.acc_mps2, axis=1))) < 11.0
    assert 15.0 <= rec.sampling_rate_hz <= 1000.0
    duration, rate, has_gyr = EXPECTED[key]
    assert rec.duration_s == pytest.approx(duration, rel=0.05)
    assert rec.sampling_rate_hz == pytest.approx(rate, rel=0.05)
    assert (rec.gyr_dps is not None) == has_gyr
    if rec.gyr_dps is not None:
        assert np.isfinite(rec.gyr_dps).all()
        peak = float(np.percentile(np.abs(rec.gyr_dps), 99))
        assert 1.0 < peak < 2000.0  # deg/s: rad/s read as deg/s would be < 1, deg/s read as rad/s > 2000
    top = key.split("/")[0]
    assert (
        rec.source_format
        == {
            "phyphox": "phyphox",
            "sensor_logger": "sensor-logger",
            "axivity_cwa": "axivity",
            "actigraph_gt3x": "actigraph",
        }[top]
    )


def test_every_sample_has_an_expectation() -> None:
    for path in SAMPLES:
        key = _rel(path)
        assert key in REFUSED or key in EXPECTED, f"new sample without an expectation: {key}"


def test_sensor_logger_ios_sign_is_flipped_to_the_android_convention() -> None:
    """helloaisvg (iPhone, resting, uncalibrated z about -0.957 g): after the flip gravity is +z."""
    rec = read_recording(FORMATS / "sensor_logger/helloaisvg__Camera-calibration/2ok-2025-11-05_16-52-37.zip")
    mean = rec.acc_mps2.mean(axis=0)
    assert mean[2] > 8.5
    assert any("iOS acceleration sign flipped" in n for n in rec.notes)
    assert any("0 bytes" in n for n in rec.notes)
    android = read_recording(FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00")
    assert android.acc_mps2.mean(axis=0)[2] > 8.5  # Android, phone flat: +z, no flip
    assert not any("sign flipped" in n for n in android.notes)


def test_phyphox_start_time_comes_from_the_metadata_sheet() -> None:
    rec = read_recording(FORMATS / "phyphox/randyakram__giat_fft/walk50.xls")
    assert rec.start_datetime is not None
    # 'UTC+07:00' in the sheet: the same moment, on the clock where it was recorded (clock times typed
    # for it are read on that clock, whatever this computer's time zone)
    there = rec.start_datetime.astimezone(timezone(timedelta(hours=7)))
    assert there.isoformat().startswith("2024-03-31T14:46:07")
    assert rec.start_datetime.isoformat().startswith("2024-03-31T14:46:07")
    assert rec.start_datetime.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("mat", MAT_FILES, ids=lambda p: p.parent.name)
def test_every_mobilised_trial_is_read(mat: Path) -> None:
    trials = list_trials(mat)
    assert len(trials) == 3
    participant = mat.parent.name
    for trial in trials:
        rec = read_recording(mat, trial=trial)
        test, name = trial.split("/")[1:]
        imu = MOBILISED_LAB / "HA" / participant / f"TimeMeasure1_{test}_{name}" / "imu.csv"
        expected = np.loadtxt(imu, delimiter=",", skiprows=1)
        assert rec.sampling_rate_hz == 100.0
        assert rec.n_samples == expected.shape[0]
        assert rec.axes_hint is not None and rec.axes_hint.startswith("mobilised")
        assert rec.gyr_dps is not None
        # same values as the converted imu.csv (m/s^2, deg/s, 6 decimals)
        np.testing.assert_allclose(rec.acc_mps2, expected[:, 1:4], atol=2e-6)
        np.testing.assert_allclose(rec.gyr_dps, expected[:, 4:7], atol=2e-6)
        assert 7.5 < float(np.mean(rec.acc_mps2[:, 0])) < 10.2  # x up: gravity mostly on +x (also sitting)
        assert rec.start_datetime is not None and rec.start_datetime.utcoffset() is not None


def test_mobilised_file_without_trial_names_the_trials() -> None:
    mat = MAT_FILES[0]
    choose = r"holds 3 trials; choose one with the trial argument \(e\.g\. trial=TimeMeasure1/"  # as called
    with pytest.raises(RecordingError, match=choose):
        read_recording(mat)
    with pytest.raises(RecordingError, match="matches no trial"):
        read_recording(mat, trial="Test99/Trial1")


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        ("apple_health/tdda__applehealthdata/export6s3sample.xml", "Apple Health export"),
        ("apple_health/simonw__healthkit-to-sqlite/export.xml", "Apple Health export"),
        ("physics_toolbox/FABallemand__ProjetIngenieur/2023-02-2811.41.59.csv", "Physics Toolbox"),
    ],
)
def test_unsupported_formats_are_refused_with_the_reason(rel: str, reason: str) -> None:
    path = FORMATS / rel
    with pytest.raises(RecordingError) as info:
        read_recording(path)
    assert str(info.value).startswith(str(path))
    assert reason in str(info.value)


def test_auto_detection_of_the_samples() -> None:
    assert detect_format(FORMATS / "phyphox/lucadomene__DFB_Lab04_GaitAnalysis") == "phyphox"
    assert detect_format(FORMATS / "phyphox/randyakram__giat_fft/walk50.xls") == "phyphox"
    assert detect_format(FORMATS / "phyphox/Farmapu__IN00CT09-3008/data/Linear_Acceleration.csv") == "phyphox"
    assert (
        detect_format(FORMATS / "sensor_logger/Lynch1206__5ARB0_1_1/2022-09-09_13-14-55.zip")
        == "sensor-logger"
    )
    assert detect_format(FORMATS / "sensor_logger/BennyJHui__imu_data/Accelerometer.csv") == "sensor-logger"
    assert detect_format(FORMATS / "axivity_cwa/wadpac__GGIRread/ax6_testfile.cwa") == "axivity"
    assert detect_format(FORMATS / "actigraph_gt3x/actigraph__pygt3x/neo.gt3x") == "actigraph"
    assert detect_format(FORMATS / "actigraph_gt3x/actigraph__pygt3x/neo.csv") == "actigraph"
    assert detect_format(MAT_FILES[0]) == "mobilised"


def test_a_real_android_recording_whose_rate_changes_says_where() -> None:
    """EricCabrol (Pixel 4 XL, 50 ms asked): a median of ~17 Hz, with two long stretches at ~20.5 Hz
    (FORMATS.md: 20.5 Hz seen on this phone). The recording is put on one 17 Hz grid and the notes name
    the stretches that came faster, with their times."""
    rec = read_recording(FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00")
    assert rec.sampling_rate_hz == 17.0
    changes = [n for n in rec.notes if "the sampling rate changes" in n]
    assert len(changes) == 2
    assert changes[0].startswith(
        "acceleration: the sampling rate changes: from 0.00 s to 126.21 s the samples come at about 20.5 Hz, "
        "not at the 17 Hz of the grid"
    )
    assert "from 215.29 s to 277.85 s" in changes[1]  # from the first sample (0.10 s after Start)


@pytest.mark.parametrize(
    ("rel", "where"),
    [
        ("axivity_cwa/wadpac__GGIRread/ax3_testfile.cwa", "right wrist"),  # metadata _p=right+wrist
        ("axivity_cwa/wadpac__GGIRread/ax6_testfile.cwa", None),  # metadata without _p
        ("actigraph_gt3x/actigraph__pygt3x/ISM_Enabled.gt3x", "right wrist"),  # info.txt Limb + Side
        ("actigraph_gt3x/actigraph__pygt3x/ISM_Disabled.gt3x", "wrist"),  # Limb only
        ("actigraph_gt3x/actigraph__pygt3x/neo.gt3x", None),  # no Limb
        ("actigraph_gt3x/actigraph__pygt3x/neo.csv", None),  # an ActiLife export does not say
    ],
)
def test_the_body_location_the_file_records_is_kept(rel: str, where: str | None) -> None:
    from backstride.gait.readers.stream import open_recording

    assert read_recording(FORMATS / rel).body_location == where
    assert open_recording(FORMATS / rel).body_location == where  # read piece by piece too


def test_phone_exports_do_not_say_where_they_were_worn() -> None:
    for unit in _sensor_logger_units()[:2] + _phyphox_units()[:1]:
        try:
            rec = read_recording(unit)
        except RecordingError:
            continue
        assert rec.body_location is None

"""Every reader's recording start is the right moment shown on the clock here (the computer's time zone,
TZ), as the generic CSV's is (test_readers_csv_local_time.py) and the web pages show times, so a clock time
typed for --symptom-at is the one on the person's watch. A file whose times have no zone (the device's
own clock) is read as the clock here, and says so. Real samples from ../shared; the rest built in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import FORMATS, MOBILISED_LAB, time_zone

from backstride.core.errors import InputError
from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers.phyphox import write_phyphox
from backstride.gait.recording import Recording
from backstride.gait.time_points import parse_time_point

CWA = FORMATS / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
NEO = FORMATS / "actigraph_gt3x" / "actigraph__pygt3x"
THL = FORMATS / "actigraph_gt3x" / "THLfi__read.gt3x" / "TAS1H30182785_2019-09-17.gt3x"
SENSOR_LOGGER = FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"
SHANGHAI = FORMATS / "sensor_logger" / "helloaisvg__Camera-calibration" / "2ok-2025-11-05_16-52-37.zip"
MAT = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "001" / "data.mat"


@pytest.fixture
def in_new_york():
    with time_zone("America/New_York"):
        yield


def _shown_here(start: datetime | None) -> datetime:
    assert start is not None and start.tzinfo is not None
    assert start.utcoffset() == start.astimezone().utcoffset()  # the clock here, not the file's zone
    return start


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize(
    ("path", "unix_s", "clock"),
    [
        (NEO / "neo.gt3x", 1640022900.0, "2021-12-20 12:55:00"),  # 11:55 at UTC-06:00 (info.txt)
        (THL, 1568760000.0, "2019-09-17 18:40:00"),  # 18:40 at UTC-04:00 (info.txt)
    ],
)
def test_a_start_with_a_zone_is_the_same_moment_on_the_clock_here(
    path: Path, unix_s: float, clock: str
) -> None:
    # they read in the file's zone (11:55-06:00, 08:57+02:00, 00:52+08:00): --symptom-at typed from the
    # clock here was hours off or 'outside the recording'
    for rec in (read_recording(path), open_recording(path)):
        start = _shown_here(rec.start_datetime)
        assert start.timestamp() == pytest.approx(unix_s, abs=1e-3)
        assert f"{start:%Y-%m-%d %H:%M:%S}" == clock


@pytest.mark.usefixtures("in_new_york")
def test_the_mobilise_d_start_is_shown_on_the_clock_here() -> None:
    # Timestamp is Unix s (UTC); it was shown in the file's zone (14:09+01:00)
    rec = read_recording(MAT, trial="TimeMeasure1/Test11/Trial1")
    start = _shown_here(rec.start_datetime)
    assert start.timestamp() == pytest.approx(1607605743.815, abs=1e-3)
    assert f"{start:%H:%M:%S}" == "08:09:03"


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize(
    ("path", "unix_s", "clock", "zone"),
    [
        (SENSOR_LOGGER, 1718607420.340787, "2024-06-17 08:57:00", "Europe/Paris"),  # Metadata.csv's zone
        (SHANGHAI, 1762361557.998715, "2025-11-06 00:52:37", "Asia/Shanghai"),
    ],
)
def test_a_sensor_logger_start_is_on_the_clock_where_it_was_recorded(
    path: Path, unix_s: float, clock: str, zone: str
) -> None:
    """A Paris walk recorded at 08:57 was shown (and its clock times read) as 02:57 in New York, 06:57 on
    a computer set to UTC: the person's 08:58 was 'outside the recording'. Metadata.csv names the zone, so
    the recording's own clock is used, and a refusal says which."""
    for rec in (read_recording(path), open_recording(path)):
        start = rec.start_datetime
        assert start is not None and start.timestamp() == pytest.approx(unix_s, abs=1e-3)
        assert f"{start:%Y-%m-%d %H:%M:%S}" == clock
        assert any(f"time zone {zone} (Metadata.csv)" in n for n in rec.notes), rec.notes
        later = (start + timedelta(seconds=10)).strftime("%H:%M:%S")
        assert parse_time_point(later, rec, "--symptom-at") == pytest.approx(rec.start_s + 10.0, abs=1.0)
        with pytest.raises(InputError, match=rf"on the clock where it was recorded \({zone}\)"):
            parse_time_point((start - timedelta(hours=1)).strftime("%H:%M:%S"), rec, "--symptom-at")


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize(
    ("path", "clock"), [(CWA, "2012-03-27 11:14:57"), (NEO / "neo.csv", "2021-12-20 11:55:00")]
)
def test_a_device_clock_without_a_zone_is_read_as_the_clock_here_and_says_so(path: Path, clock: str) -> None:
    # the time had no zone at all: a date-time with an offset typed for it had its offset dropped
    rec = read_recording(path)
    start = _shown_here(rec.start_datetime)
    assert f"{start:%Y-%m-%d %H:%M:%S}" == clock
    assert any("no time zone" in n and "read as the time on this computer's clock" in n for n in rec.notes)
    placed = parse_time_point(start.isoformat(), rec, "--symptom-at")  # with the offset here
    assert placed == pytest.approx(rec.start_s)
    later = start.astimezone(UTC) + timedelta(seconds=30)
    assert parse_time_point(later.isoformat(), rec, "--symptom-at") == pytest.approx(rec.start_s + 30.0)


def _phyphox_export(tmp_path: Path, said: str, instead: str) -> Path:
    """A 30 s phyphox export started at 17:00 UTC, ``said`` in its meta/time.csv text replaced."""
    n = 3000
    t = np.arange(n) / 100.0
    rng = np.random.default_rng(5)
    acc = np.array([0.2, 9.7, 0.5]) + rng.normal(0, 0.05, size=(n, 3))
    gyr = rng.normal(0, 3.0, size=(n, 3))
    folder = tmp_path / "export"
    write_phyphox(
        folder, [(t, acc, t, gyr)], platform="android", start=datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    )
    text = (folder / "meta" / "time.csv").read_text().replace(said, instead)
    (folder / "meta" / "time.csv").write_text(text)
    return folder


@pytest.mark.usefixtures("in_new_york")
def test_a_phyphox_start_without_an_offset_is_shown_on_the_clock_here(tmp_path: Path) -> None:
    # meta/time.csv's 'system time' is a Unix time: a text without 'UTC+hh:mm' was shown in UTC
    folder = _phyphox_export(tmp_path, " UTC+00:00", "")
    for rec in (read_recording(folder), open_recording(folder)):
        start = _shown_here(rec.start_datetime)
        assert f"{start:%H:%M}" == "12:00"
        assert parse_time_point("12:00:10", rec, "--symptom-at") == pytest.approx(
            rec.start_s + 10.0, abs=0.02
        )


def _iso_csv(tmp_path: Path, suffix: str) -> Path:
    """A 30 s generic CSV whose ISO timestamps run from 2024-03-01T12:00:00, each ending in ``suffix``."""
    n = 3000
    base = datetime(2024, 3, 1, 12, 0)
    rng = np.random.default_rng(4)
    lines = ["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2"]
    for i in range(n):
        x, y, z = np.array([0.3, 9.6, 0.4]) + rng.normal(0, 0.05, 3)
        stamp = (base + timedelta(seconds=i / 100)).isoformat(timespec="milliseconds")
        lines.append(f"{stamp}{suffix},{x:.4f},{y:.4f},{z:.4f}")
    path = tmp_path / "iso.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize(("suffix", "clock"), [("Z", "07:00"), ("", "12:00")])
def test_iso_timestamps_are_shown_on_the_clock_here(tmp_path: Path, suffix: str, clock: str) -> None:
    # '...T12:00:00Z' read as 12:00 in UTC, a time in UTC as a Unix time is; without a zone the clock's
    # own time, said in a note
    rec = read_recording(_iso_csv(tmp_path, suffix))
    start = _shown_here(rec.start_datetime)
    assert f"{start:%H:%M}" == clock
    assert any("no time zone" in note for note in rec.notes) == (suffix == "")
    assert not any("where it was recorded" in note for note in rec.notes)


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize(("suffix", "zone"), [("+02:00", "UTC+02:00"), ("-05:30", "UTC-05:30")])
def test_iso_timestamps_with_an_offset_are_read_on_their_own_clock(
    tmp_path: Path, suffix: str, zone: str
) -> None:
    # '2024-03-01T12:00:00+02:00' states the clock it was written on, as phyphox's 'UTC+02:00' does: it
    # was shown as 05:00 in New York, so --symptom-at 12:00:10 (the walker's watch) was outside it
    path = _iso_csv(tmp_path, suffix)
    for rec in (read_recording(path), open_recording(path), open_recording(path, piece_bytes=4096)):
        assert rec.start_datetime is not None
        assert f"{rec.start_datetime:%Y-%m-%d %H:%M:%S}" == "2024-03-01 12:00:00"
        assert rec.start_datetime.tzname() == zone
        said = f"times are the clock where it was recorded: time zone {zone} (the timestamps' offset)"
        assert f"{said}, started 12:00:00 there" in rec.notes
        at = parse_time_point("12:00:10", rec, "--symptom-at")
        assert at == pytest.approx(rec.start_s + 10.0, abs=0.02)
        with pytest.raises(InputError) as caught:
            parse_time_point("12:31:00", rec, "--symptom-at")
        assert f"on the clock where it was recorded ({zone})" in str(caught.value)


def test_a_date_time_with_an_offset_for_a_start_without_a_zone_is_refused_plainly() -> None:
    # a Recording built without a zone: '2024-05-01T10:30:30+02:00' was read as 10:30:30 there, its
    # offset dropped
    n = 12000
    rec = Recording(
        acc_mps2=np.tile([0.0, 0.0, 9.81], (n, 1)),
        gyr_dps=None,
        sampling_rate_hz=100.0,
        source_format="csv",
        start_datetime=datetime(2024, 5, 1, 10, 30),
    )
    with pytest.raises(InputError) as caught:
        parse_time_point("2024-05-01T10:30:30+02:00", rec, "--symptom-at")
    assert str(caught.value) == (
        "--symptom-at '2024-05-01T10:30:30+02:00': this recording does not say its time zone, so a time with "
        "an offset cannot be placed; give it without the offset (e.g. 2024-05-01T10:30:30) or as a clock time"
    )
    assert parse_time_point("2024-05-01T10:30:30", rec, "--symptom-at") == pytest.approx(30.0)
    zoned = Recording(
        acc_mps2=rec.acc_mps2,
        gyr_dps=None,
        sampling_rate_hz=100.0,
        source_format="csv",
        start_datetime=datetime(2024, 5, 1, 10, 30, tzinfo=timezone(timedelta(hours=2))),
    )
    assert parse_time_point("2024-05-01T08:31:00Z", zoned, "--symptom-at") == pytest.approx(60.0)


@pytest.mark.usefixtures("in_new_york")
def test_a_clock_time_after_the_change_to_summer_time_is_read_by_the_clock_here() -> None:
    # a day-long recording from 12:00 on 9 March 2024 in New York (clocks went 02:00 -> 03:00 on the 10th):
    # '10:00' the next morning was read 22 h after the start (the start's fixed -05:00), an hour late
    n = 24 * 3600
    rec = Recording(
        acc_mps2=np.tile([0.0, 0.0, 9.81], (n, 1)),
        gyr_dps=None,
        sampling_rate_hz=1.0,
        source_format="csv",
        start_datetime=datetime(2024, 3, 9, 12, 0).astimezone(),
    )
    # (with its seconds: '10:00' is also 10 min from the start, inside it too, so it is asked again)
    assert parse_time_point("10:00:00", rec, "--stop-at") == pytest.approx(21 * 3600.0)
    assert parse_time_point("2024-03-10T10:00", rec, "--stop-at") == pytest.approx(21 * 3600.0)
    assert parse_time_point("11:00:00", rec, "--stop-at") == pytest.approx(22 * 3600.0)
    with pytest.raises(InputError, match="from 2024-03-09 12:00:00 to 2024-03-10 13:00:00"):
        parse_time_point("1 day 1 h", rec, "--stop-at")


@pytest.mark.usefixtures("in_new_york")
def test_a_phyphox_start_with_an_offset_is_on_the_clock_where_it_was_recorded(tmp_path: Path) -> None:
    # meta/time.csv's 'UTC+02:00' names the recording's clock: 19:00 there, not 12:00 in New York
    folder = _phyphox_export(tmp_path, "17:00:00.000 UTC+00:00", "19:00:00.000 UTC+02:00")
    for rec in (read_recording(folder), open_recording(folder)):
        assert rec.start_datetime is not None and f"{rec.start_datetime:%H:%M}" == "19:00"
        assert parse_time_point("19:00:10", rec, "--symptom-at") == pytest.approx(
            rec.start_s + 10.0, abs=0.02
        )
        with pytest.raises(InputError, match=r"on the clock where it was recorded \(UTC\+02:00\)"):
            parse_time_point("12:00:10", rec, "--symptom-at")


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize("said", ["UTC+00:00", "UTCZ"])
def test_a_phyphox_start_at_utc_plus_0_is_on_the_clock_where_it_was_recorded(
    tmp_path: Path, said: str
) -> None:
    # 'UTC+00:00' (and iOS's 'UTCZ', 'Z' for a zero offset) states the clock: a phone set to UTC+0 (London in
    # winter). It was taken as no offset and shown at 12:00 in New York, so --symptom-at 17:00:10 (the
    # walker's watch) was outside the recording
    folder = _phyphox_export(tmp_path, "17:00:00.000 UTC+00:00", f"17:00:00.000 {said}")
    for rec in (read_recording(folder), open_recording(folder), open_recording(folder, piece_bytes=4096)):
        assert rec.start_datetime is not None and f"{rec.start_datetime:%H:%M}" == "17:00"
        assert rec.start_datetime.timestamp() == datetime(2026, 3, 2, 17, 0, tzinfo=UTC).timestamp()
        assert (
            "times are the clock where it was recorded: time zone UTC+00:00 (meta/time.csv), started "
            "17:00:00 there" in rec.notes
        )
        at = parse_time_point("17:00:10", rec, "--symptom-at")
        assert at == pytest.approx(rec.start_s + 10.0, abs=0.02)
    # read whole, its end is known (read in pieces, 12:00:10 may be the next day's)
    with pytest.raises(InputError, match=r"on the clock where it was recorded \(UTC\+00:00\)"):
        parse_time_point("12:00:10", read_recording(folder), "--symptom-at")

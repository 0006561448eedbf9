"""A device's own clock with no time zone (Axivity .cwa, ActiGraph .gt3x without TimeZone, ISO times
without an offset) over the nights the clocks change, spring and autumn (Europe/London, 2026: 01:00 GMT
became 02:00 BST on 29 March, 02:00 BST became 01:00 GMT on 25 October).

The rule (docs/gait-input.md): a device clock is read as the clock here; a clock time typed for
--symptom-at that showed twice in the recording, or never, is refused with the ways to give it. A
recording that runs on across the change is read whole: never refused, never an hour longer or shorter,
nothing moved by an hour in the middle. A device clock does not change with summer time (it runs on from
the time it was set: 01:59:59 is followed by 02:00:00); a logger that follows the clock here writes
01:59:59 then 03:00:00 in spring and 01:59:59 then 01:00:00 in autumn, and is read so too (an hour
skipped or repeated on the clock, not in time). Files are built in tmp_path; TZ is put back after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from tests.conftest import time_zone
from tests.unit.test_readers_actigraph import INFO, _record, _still, _write_gt3x

from backstride.core.errors import TimePointError
from backstride.gait.readers import read_recording
from backstride.gait.readers.axivity import write_axivity
from backstride.gait.time_points import parse_time_point

LONDON = ZoneInfo("Europe/London")
MINUTES = 60
# (the device's clock at its first sample, what the clock here showed then): autumn from 01:20 BST, the
# first of the two 01:20s; spring from 00:40 GMT, on into the hour the clocks skip
AUTUMN = datetime(2026, 10, 25, 1, 20)
SPRING = datetime(2026, 3, 29, 0, 40)


@pytest.fixture(autouse=True)
def in_london():
    with time_zone("Europe/London"):
        yield


def _still_mps2(n: int) -> np.ndarray:
    return np.array([0.3, 9.2, 3.3]) + np.random.default_rng(5).normal(0, 0.05, (n, 3))


def _cwa(path: Path, start: datetime, minutes: int = MINUTES) -> Path:
    n = minutes * 60 * 100
    write_axivity(path, _still_mps2(n), np.zeros((n, 3)), start=start)
    return path


def _gt3x(path: Path, start: datetime, minutes: int = MINUTES) -> Path:
    rate = 30
    t0 = int((start - datetime(1970, 1, 1)).total_seconds())
    values = _still(minutes * 60 * rate, np.random.default_rng(6))
    log = b"".join(
        _record(0x1A, t0 + s, values[s * rate : (s + 1) * rate].astype("<i2").tobytes())
        for s in range(minutes * 60)
    )
    ticks = int((start - datetime(1, 1, 1)).total_seconds()) * 10_000_000
    info = {k: v for k, v in INFO.items() if k != "TimeZone"} | {"Start Date": str(ticks)}
    return _write_gt3x(path, log, info)


def _iso(path: Path, start: datetime, minutes: int = MINUTES, *, follows_clock_here: bool = False) -> Path:
    """ISO times without an offset, 25 Hz: the device's clock running on from ``start``, or (a logger that
    follows the clock here) what the clock here showed at each moment from ``start`` read on it."""
    rate = 25
    n = minutes * 60 * rate
    acc = _still_mps2(n)
    first = start.replace(tzinfo=LONDON)  # fold 0: the first 01:20 in autumn
    rows = ["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2"]
    for i in range(n):
        if follows_clock_here:
            shown = (first.astimezone(UTC) + timedelta(seconds=i / rate)).astimezone(LONDON)
            shown = shown.replace(tzinfo=None)
        else:
            shown = start + timedelta(seconds=i / rate)
        rows.append(
            f"{shown.isoformat(timespec='milliseconds')},{acc[i, 0]:.3f},{acc[i, 1]:.3f},{acc[i, 2]:.3f}"
        )
    path.write_text("\n".join(rows) + "\n")
    return path


DEVICE_CLOCKS = {"axivity": _cwa, "actigraph": _gt3x, "iso": _iso}
SUFFIX = {"axivity": ".cwa", "actigraph": ".gt3x", "iso": ".csv"}


def _read(kind: str, tmp_path: Path, start: datetime, minutes: int = MINUTES):
    return read_recording(DEVICE_CLOCKS[kind](tmp_path / f"walk{SUFFIX[kind]}", start, minutes))


def _at(typed: str, rec) -> float:
    return parse_time_point(typed, rec, "--symptom-at") - rec.start_s


@pytest.mark.parametrize("kind", DEVICE_CLOCKS)
def test_a_recording_across_the_autumn_change_is_read_whole(kind: str, tmp_path: Path) -> None:
    rec = _read(kind, tmp_path, AUTUMN)
    assert rec.duration_s == pytest.approx(MINUTES * 60, abs=0.1) and not rec.gaps_s
    assert f"{rec.start_datetime:%H:%M %Z}" == "01:20 BST"
    assert any("read as the time on this computer's clock" in n for n in rec.notes)
    # the clock here showed 01:20-01:59 BST, then 01:00-01:20 GMT
    assert _at("01:10:00", rec) == pytest.approx(50 * 60)  # once, in its GMT pass
    assert _at("01:30:00", rec) == pytest.approx(10 * 60)  # its GMT pass is after the end
    assert _at("2026-10-25T01:10:00+00:00", rec) == pytest.approx(50 * 60)


@pytest.mark.parametrize("kind", DEVICE_CLOCKS)
def test_a_time_shown_twice_in_it_is_refused_with_both_ways_to_give_it(kind: str, tmp_path: Path) -> None:
    rec = _read(kind, tmp_path, AUTUMN, 90)  # 01:20 BST to 01:50 GMT: 01:30 showed 10 and 70 min in
    assert rec.duration_s == pytest.approx(90 * 60, abs=0.1) and not rec.gaps_s
    with pytest.raises(TimePointError) as said:
        _at("01:30:00", rec)
    assert "came twice" in str(said.value) and "(10 min or 1 h 10 min)" in str(said.value)
    assert "(2026-10-25T01:30:00+01:00 or 2026-10-25T01:30:00+00:00)" in str(said.value)
    assert _at("2026-10-25T01:30:00+00:00", rec) == pytest.approx(70 * 60)  # the ways it names work
    assert _at("1 h 10 min", rec) == pytest.approx(70 * 60)


@pytest.mark.parametrize("kind", DEVICE_CLOCKS)
def test_a_recording_across_the_spring_change_is_read_whole(kind: str, tmp_path: Path) -> None:
    # from 00:40 GMT for an hour: the clock here showed 00:40-00:59 GMT, then 02:00-02:40 BST
    rec = _read(kind, tmp_path, SPRING)
    assert rec.duration_s == pytest.approx(MINUTES * 60, abs=0.1) and not rec.gaps_s
    assert f"{rec.start_datetime:%H:%M %Z}" == "00:40 GMT"
    assert _at("02:30:00", rec) == pytest.approx(50 * 60)
    assert _at("00:50:00", rec) == pytest.approx(10 * 60)
    with pytest.raises(TimePointError, match="never showed on this clock"):
        _at("01:30:00", rec)


@pytest.mark.parametrize(("start", "minutes_in"), [(AUTUMN, 50), (SPRING, 50)])
def test_a_logger_that_follows_the_clock_here_is_read_whole_too(
    start: datetime, minutes_in: int, tmp_path
) -> None:
    # autumn: 01:59:59.96 then 01:00:00 (the second 01:00); spring: 00:59:59.96 then 02:00:00
    rec = read_recording(_iso(tmp_path / "follows.csv", start, follows_clock_here=True))
    assert rec.duration_s == pytest.approx(MINUTES * 60, abs=0.1) and not rec.gaps_s
    typed = "01:10:00" if start == AUTUMN else "02:30:00"
    assert _at(typed, rec) == pytest.approx(minutes_in * 60)


@pytest.mark.parametrize("kind", DEVICE_CLOCKS)
def test_a_device_clock_started_in_the_skipped_hour_keeps_the_time_it_was_set_to(kind: str, tmp_path) -> None:
    # the device was set in winter (GMT) and does not change: its 01:20 on 29 March is 01:20 GMT, 02:20 on
    # the clock here. It was placed an hour early (00:20 GMT, summer time's offset), so '02:30' on a watch
    # read 1 h 10 min in, not 10 min
    rec = _read(kind, tmp_path, datetime(2026, 3, 29, 1, 20))
    assert rec.duration_s == pytest.approx(MINUTES * 60, abs=0.1) and not rec.gaps_s
    assert rec.start_datetime == datetime(2026, 3, 29, 1, 20, tzinfo=UTC)
    assert f"{rec.start_datetime:%H:%M %Z}" == "02:20 BST"
    assert _at("02:30:00", rec) == pytest.approx(10 * 60)

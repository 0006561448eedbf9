"""The one parser of symptom and stop times (CLI flags, API fields, walk page): each interface can name
the option its own way, and the message says which time it is about."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from backstride.core.errors import InputError
from backstride.gait.recording import Recording
from backstride.gait.time_points import (
    STOP_AT,
    SYMPTOM_AT,
    TimePointError,
    parse_symptom_and_stop,
    parse_time_point,
)

G = 9.81


def _rec(seconds: float, start: datetime | None, start_s: float = 1.0) -> Recording:
    n = int(seconds * 100)
    return Recording(
        acc_mps2=np.tile([0.0, 0.0, G], (n, 1)),
        gyr_dps=None,
        sampling_rate_hz=100.0,
        source_format="csv",
        start_s=start_s,
        start_datetime=start,
    )


def test_time_points_in_seconds_and_clock_time_on_the_recording_axis() -> None:
    start = datetime(2024, 5, 1, 23, 59, 0, tzinfo=UTC)
    rec = _rec(300, start, start_s=2.5)
    assert parse_time_point("95", rec, "--symptom-at") == pytest.approx(97.5)
    assert parse_time_point("95.5s", rec, "--symptom-at") == pytest.approx(98.0)
    assert parse_time_point("23:59:30", rec, "--symptom-at") == pytest.approx(32.5)
    assert parse_time_point("00:01:00", rec, "--stop-at") == pytest.approx(122.5)  # after midnight
    assert parse_time_point("2024-05-02T00:02:00+00:00", rec, "--stop-at") == pytest.approx(182.5)
    assert parse_time_point(None, rec, "--stop-at") is None
    with pytest.raises(InputError, match="not a valid clock time"):
        parse_time_point("23:61", rec, "--stop-at")
    with pytest.raises(InputError, match="outside the recording"):
        parse_time_point("400", rec, "--stop-at")


def test_both_times_on_the_recording_axis_with_the_command_line_names_by_default() -> None:
    rec = _rec(120, datetime(2024, 5, 1, 10, 30, 0, tzinfo=UTC))
    assert parse_symptom_and_stop("30s", "10:31:30", rec) == (pytest.approx(31.0), pytest.approx(91.0))
    assert parse_symptom_and_stop(None, None, rec) == (None, None)
    with pytest.raises(TimePointError) as caught:
        parse_symptom_and_stop("60", "20", rec)
    assert str(caught.value) == (
        "--stop-at '20' comes before --symptom-at '60'; the stop comes at or after the first symptom"
    )
    assert caught.value.fields == {SYMPTOM_AT, STOP_AT}
    with pytest.raises(TimePointError) as caught:  # clock times read as typed, not as seconds on the axis
        parse_symptom_and_stop("10:32", "10:31", rec)
    assert str(caught.value).startswith("--stop-at '10:31' comes before --symptom-at '10:32';")


@pytest.mark.parametrize(
    ("symptom", "stop", "field", "expected"),
    [
        ("soon", None, SYMPTOM_AT, "symptom_at 'soon': expected a time from the start"),
        (None, "-5", STOP_AT, "stop_at '-5': expected a time from the start"),
        (None, "500", STOP_AT, "stop_at '500' is outside the recording, which lasts 2 min (120.0 s)"),
        ("25:00", None, SYMPTOM_AT, "symptom_at '25:00': not a valid clock time"),
    ],
)
def test_a_refused_time_names_its_field_and_can_be_renamed(symptom, stop, field, expected) -> None:
    rec = _rec(120, datetime(2024, 5, 1, 10, 30, 0, tzinfo=UTC))
    names = {SYMPTOM_AT: "symptom_at", STOP_AT: "stop_at"}
    with pytest.raises(TimePointError) as caught:
        parse_symptom_and_stop(symptom, stop, rec, names)
    error = caught.value
    assert isinstance(error, InputError)
    assert str(error).startswith(expected)
    assert error.fields == {field}
    renamed = error.phrased({field: "“The time”"})
    assert renamed.startswith("“The time” ") and field not in renamed


def test_a_clock_time_needs_a_start_time_and_braces_in_the_text_are_kept() -> None:
    rec = _rec(60, None)
    with pytest.raises(TimePointError, match="does not say when it started"):
        parse_time_point("10:30:05", rec, "--symptom-at")
    with pytest.raises(TimePointError) as caught:
        parse_time_point("{x}", rec, "symptom_at")
    assert str(caught.value).startswith("symptom_at '{x}': expected")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5min", 300.0), ("5 min", 300.0), ("1 min 30 s", 90.0), ("1m30s", 90.0), ("1 h 5 min", 3900.0),
     ("2h", 7200.0), ("1.5 min", 90.0), ("3 minutes", 180.0)],
)  # fmt: skip
def test_a_time_from_the_start_in_minutes_or_hours_is_read(text: str, seconds: float) -> None:
    # '5min' was refused: 'expected seconds from the start (e.g. 95 or 95s)'
    rec = _rec(3 * 3600, None)
    assert parse_time_point(text, rec, "--symptom-at") == pytest.approx(rec.start_s + seconds)


@pytest.mark.parametrize("text", ["m", "h", "min", "5 mn", "1:30 min"])
def test_a_unit_without_a_number_is_still_refused(text: str) -> None:
    with pytest.raises(InputError, match="expected a time from the start"):
        parse_time_point(text, _rec(600, None), "--symptom-at")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1 min 35", 95.0), ("1 min 35 s", 95.0), ("2 minutes 5", 125.0), ("1 h 2 min 3", 3723.0)],
)  # fmt: skip
def test_seconds_after_minutes_need_no_unit(text: str, seconds: float) -> None:
    # '1 min 35', as people say it, was refused ('expected a time from the start (e.g. 95, 95s or 1 min
    # 35 s)')
    rec = _rec(3 * 3600, None)
    assert parse_time_point(text, rec, "--symptom-at") == pytest.approx(rec.start_s + seconds)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 h 5", "expected a time from the start"), ("1m35", "expected a time from the start"),  # 1.35 m?
     ("1 min 75", "seconds after minutes go up to 59")],
)  # fmt: skip
def test_a_bare_number_after_hours_or_m_or_past_59_is_still_refused(text: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        parse_time_point(text, _rec(3 * 3600, None), "--symptom-at")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("95 sec", 95.0), ("95 seconds", 95.0), ("95 secs", 95.0), ("1 min 59 s", 119.0), ("1 h 59 min", 7140.0),
     ("1m30s", 90.0), ("1h5m", 3900.0), ("0 s", 0.0), (" 95 ", 95.0), ("95 S", 95.0)],
)  # fmt: skip
def test_seconds_in_words_are_read_as_minutes_in_words_are(text: str, seconds: float) -> None:
    # '95 sec' and '95 seconds' were refused ('expected a time from the start') while '3 minutes' was read
    rec = _rec(3 * 3600, None)
    assert parse_time_point(text, rec, "--symptom-at") == pytest.approx(rec.start_s + seconds)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1h60min", "minutes after hours go up to 59"), ("1 h 75 min", "minutes after hours go up to 59"),
     ("1 min 60 s", "seconds after minutes go up to 59"), ("2 h 90 s", "seconds after hours go up to 59"),
     ("200 m", "'m' may mean metres: write minutes as 200 min"), ("5m", "write minutes as 5 min")],
)  # fmt: skip
def test_a_time_that_could_be_read_two_ways_is_refused(text: str, expected: str) -> None:
    # '1 h 60 min' read as 2 h and '1 min 60 s' as 2 min (a clock refuses 1:60); '200 m', most likely how far
    # someone walked, read as 200 minutes: in a day-long recording a walking tolerance of 3 h 20 min [D7]
    with pytest.raises(TimePointError, match=expected):
        parse_time_point(text, _rec(24 * 3600, None), "--stop-at")


@pytest.mark.parametrize(("text", "seconds"), [("10:30:00", 0.0), ("10:30", 0.0), ("10:30:01", 0.6)])
def test_the_clock_time_of_the_starting_second_or_minute_is_the_start(text: str, seconds: float) -> None:
    # the recording started at 10:30:00.4, and the refusal of a time past its end says 'from 10:30:00 to ...':
    # typing 10:30:00 back was 'outside the recording' (0.4 s before its first sample), 10:30 read as the
    # next day's 10:30
    rec = _rec(120, datetime(2024, 5, 1, 10, 30, 0, 400000, tzinfo=UTC))
    assert parse_time_point(text, rec, "--symptom-at") == pytest.approx(rec.start_s + seconds)
    with pytest.raises(TimePointError, match="outside the recording"):
        parse_time_point("10:29:59", rec, "--symptom-at")


def test_a_time_past_the_end_names_the_length_in_the_words_it_was_typed_in() -> None:
    # '5 min' was refused as past '137.6 s': the person had to work out 2 min 18 s
    with pytest.raises(TimePointError) as caught:
        parse_time_point("5 min", _rec(137.6, None), "--stop-at")
    assert str(caught.value) == "--stop-at '5 min' is outside the recording, which lasts 2 min 18 s (137.6 s)"
    with pytest.raises(TimePointError, match=r"which lasts 12\.5 s$"):
        parse_time_point("40", _rec(12.5, None), "--stop-at")


def test_a_clock_time_past_the_end_names_the_span_once_in_words() -> None:
    # it read 'which lasts 10 min (600.1 s) (11:55:00 to 12:05:00)': two brackets in a row
    rec = _rec(600.1, datetime(2021, 12, 20, 11, 55, 0, tzinfo=UTC))
    with pytest.raises(TimePointError) as caught:
        parse_time_point("11:20", rec, "--stop-at")
    assert str(caught.value) == (
        "--stop-at '11:20' is outside the recording, which lasts 10 min (600.1 s), from 11:55:00 to 12:05:00"
        " on this computer's clock"
    )
    a_day = Recording(  # 1 Hz keeps it small
        acc_mps2=np.tile([0.0, 0.0, G], (86_400, 1)),
        gyr_dps=None,
        sampling_rate_hz=1.0,
        source_format="csv",
        start_datetime=datetime(2021, 12, 20, 11, 55, 0, tzinfo=UTC),
    )
    ends = "from 2021-12-20 11:55:00 to 2021-12-21 11:55:00 on this computer's clock$"
    with pytest.raises(TimePointError, match=ends):
        parse_time_point("2021-12-22T08:00", a_day, "--stop-at")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1 day 6 h", 108_000.0), ("1 day", 86_400.0), ("2 days 5 min", 173_100.0), ("1d2h", 93_600.0)],
)
def test_days_are_read_as_a_long_axis_names_them(text: str, seconds: float) -> None:
    # a week's --plot axis reads '1 day 6 h': typed back into --stop-at it was refused
    rec = Recording(
        acc_mps2=np.tile([0.0, 0.0, G], (200_000, 1)), gyr_dps=None, sampling_rate_hz=1.0, source_format="csv"
    )
    assert parse_time_point(text, rec, "--stop-at") == pytest.approx(rec.start_s + seconds)
    with pytest.raises(TimePointError, match="hours after days go up to 23"):
        parse_time_point("1 day 24 h", rec, "--stop-at")

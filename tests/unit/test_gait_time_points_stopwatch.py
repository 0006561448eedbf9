"""A stopwatch's "1:35" on a recording with no start time: the refusal says how to write it.

A physiotherapist (new-user test, 2026-11-27) typed the symptom time as a stopwatch shows it, "1:35"
(and "0:00:40"), and was told "this recording does not say when it started, so a clock time cannot be
placed; give seconds from the start instead (e.g. 95)": it did not say that 1:35 was read as a clock
time, nor that "1 min 35 s" (which the walk page's hint offers) works. It now says both.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from backstride.gait.recording import Recording
from backstride.gait.time_points import (
    STOP_AT,
    SYMPTOM_AT,
    TimePointError,
    parse_symptom_and_stop,
    parse_time_point,
)


def _no_start(seconds: float = 120, start: datetime | None = None) -> Recording:
    n = int(seconds * 100)
    return Recording(
        acc_mps2=np.tile([0.0, 0.0, 9.81], (n, 1)),
        gyr_dps=None,
        sampling_rate_hz=100.0,
        source_format="csv",
        start_datetime=start,
    )


@pytest.mark.parametrize("typed", ["1:35", "0:00:40"])
def test_a_stopwatch_time_is_refused_saying_it_was_read_as_a_clock_and_what_to_type(typed: str) -> None:
    rec = _no_start()
    with pytest.raises(TimePointError) as caught:
        parse_time_point(typed, rec, "--symptom-at")
    said = str(caught.value)
    assert f"{typed!r} is read as a time on the clock" in said, said
    assert "like 95 or 1 min 35 s" in said, said
    assert parse_time_point("1 min 35 s", rec, "--symptom-at") == pytest.approx(95.0)  # what it offers works


def _started(seconds: float = 120) -> Recording:
    """A recording that says when it started (as Sensor Logger's and phyphox's exports do)."""
    return _no_start(seconds, datetime(2026, 11, 27, 16, 52, 37))


@pytest.mark.parametrize(
    ("typed", "meant"), [("0:10", "10 s"), ("1:35", "1 min 35 s"), ("0:01:35", "1 min 35 s")]
)
def test_a_stopwatch_time_on_a_recording_with_a_start_says_it_was_read_as_a_clock(
    typed: str, meant: str
) -> None:
    """'0:10' typed for 10 s into a 2-minute recording (the walking test page writes times like 6:20)
    was refused as 'outside the recording, which lasts 120.0 s, from 16:52:37 to 16:54:37' with no word
    that it was read as 00:10 on the clock, though 10 s is inside it. Now it says so, and what to type."""
    rec = _started()
    with pytest.raises(TimePointError) as caught:
        parse_time_point(typed, rec, "--symptom-at")
    said = str(caught.value)
    assert "is outside the recording" in said, said
    assert f"{typed!r} is read as a time on the clock" in said, said
    assert f"for {meant} from the start, type {meant}" in said, said
    assert parse_time_point(meant, rec, "--symptom-at") == pytest.approx(
        rec.start_s + (95.0 if "35" in meant else 10.0)
    )


def test_a_clock_time_outside_a_short_recording_is_not_offered_as_a_stopwatch_time() -> None:
    rec = _started()
    with pytest.raises(TimePointError) as caught:
        parse_time_point("9:05", rec, "--symptom-at")  # 9 min 5 s is past its 2 minutes too
    assert "read as a time on the clock" not in str(caught.value)


def test_a_stopwatch_time_past_23_minutes_says_it_was_read_as_a_clock() -> None:
    """A 30-minute walking test's '25:10' (25 min 10 s) was refused only as 'not a valid clock time
    (HH:MM:SS)', with no word of what to type, though the walking test page writes its times so."""
    rec = _no_start(1800, datetime(2026, 11, 27, 16, 52, 37))
    with pytest.raises(TimePointError) as caught:
        parse_time_point("25:10", rec, "--symptom-at")
    said = str(caught.value)
    assert "'25:10' is read as a time on the clock: for 25 min 10 s from the start, type 25 min 10 s" in said
    assert parse_time_point("25 min 10 s", rec, "--symptom-at") == pytest.approx(rec.start_s + 1510.0)
    with pytest.raises(TimePointError) as caught:
        parse_time_point("6:75", rec, "--symptom-at")  # no stopwatch shows it: nothing offered
    assert "read as a time on the clock" not in str(caught.value)


def test_a_time_that_is_inside_the_recording_both_on_the_clock_and_on_a_stopwatch_is_asked_again() -> None:
    """'12:20' typed for a 30-minute walk recorded from 12:05 (new-user test, N7): the walking test page
    writes its times like '6:20' (6 min 20 s), and 12 min 20 s is inside the walk, but it was read as
    12:20 on the clock, 15 min from the start, with no word: a walking tolerance 2 min 40 s too long.
    Both readings are inside the recording, so it is refused saying both and what to type for each."""
    rec = _no_start(1800, datetime(2026, 11, 27, 12, 5, 0))
    with pytest.raises(TimePointError) as caught:
        parse_time_point("12:20", rec, "--symptom-at")
    said = str(caught.value)
    assert "12 min 20 s from the start" in said and "12:20 on the clock" in said, said
    assert "type 12 min 20 s" in said and "12:20:00" in said, said
    # what it offers works, each as meant
    assert parse_time_point("12 min 20 s", rec, "--symptom-at") == pytest.approx(rec.start_s + 740.0)
    assert parse_time_point("12:20:00", rec, "--symptom-at") == pytest.approx(rec.start_s + 900.0)
    # a clock time whose stopwatch reading is past the recording's end is no question: 12 min 10 s is
    # past a 10-minute walk from 12:05, so 12:10 is on the clock, as before
    short = _no_start(600, datetime(2026, 11, 27, 12, 5, 0))
    assert parse_time_point("12:10", short, "--symptom-at") == pytest.approx(short.start_s + 300.0)


def test_the_time_asked_again_is_said_once() -> None:
    """The refusal named the typed time twice in a row ("--symptom-at '12:20': '12:20' could be ..."; on
    the walk page "When did the first symptom come?” '12:20': '12:20' could be ...")."""
    rec = _no_start(1800, datetime(2026, 11, 27, 12, 5, 0))
    with pytest.raises(TimePointError) as caught:
        parse_time_point("12:20", rec, "--symptom-at")
    said = str(caught.value)
    assert said.count("12:20'") == 1, said
    assert said.startswith("--symptom-at '12:20': it could be 12 min 20 s from the start or 12:20 on"), said


def test_both_times_asked_again_are_said_together() -> None:
    """Both times written as the walking test page writes them ('12:20' and '12:30' for a walk from
    12:05): the first was refused, and the stop only on the next try, with the walk file to be chosen
    again on the page. Both are said at once, each with its own field."""
    rec = _no_start(1800, datetime(2026, 11, 27, 12, 5, 0))
    with pytest.raises(TimePointError) as caught:
        parse_symptom_and_stop("12:20", "12:30", rec)
    said = str(caught.value)
    assert "--symptom-at '12:20': it could be 12 min 20 s" in said, said
    assert "--stop-at '12:30': it could be 12 min 30 s" in said, said
    assert caught.value.fields == {SYMPTOM_AT, STOP_AT}
    # one refused alone is said alone, as before
    with pytest.raises(TimePointError) as caught:
        parse_symptom_and_stop("12 min 20 s", "12:30", rec)
    assert caught.value.fields == {STOP_AT}
    assert parse_symptom_and_stop("12 min 20 s", "12 min 30 s", rec) == pytest.approx((740.0, 750.0))


def test_a_time_with_a_leading_zero_inside_the_recording_both_ways_is_asked_again() -> None:
    """'06:20' for a 30-minute walk recorded from 06:05 was read as the clock alone (15 min from the start)
    with no word, though a stopwatch shows 6 min 20 s as '06:20' too and that is inside the walk as well:
    it is asked again like '12:20', saying both and what to type for each."""
    rec = _no_start(1800, datetime(2026, 11, 27, 6, 5, 0))
    with pytest.raises(TimePointError) as caught:
        parse_time_point("06:20", rec, "--symptom-at")
    said = str(caught.value)
    assert said.startswith("--symptom-at '06:20': it could be 6 min 20 s from the start or 06:20 on"), said
    assert "type 6 min 20 s" in said and "06:20:00" in said, said
    assert parse_time_point("6 min 20 s", rec, "--symptom-at") == pytest.approx(rec.start_s + 380.0)
    assert parse_time_point("06:20:00", rec, "--symptom-at") == pytest.approx(rec.start_s + 900.0)
    # 6 min 20 s past the end of a 5-minute walk from 06:18: only the clock fits, read as before
    short = _no_start(300, datetime(2026, 11, 27, 6, 18, 0))
    assert parse_time_point("06:20", short, "--symptom-at") == pytest.approx(short.start_s + 120.0)

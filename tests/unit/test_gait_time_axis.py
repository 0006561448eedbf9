"""A time axis of any length counts in clock steps (gait.time_axis: the walk page's timeline, --plot)."""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait.time_axis import STEPS_S, elapsed_words, time_ticks, time_words


def _words(duration_s: float) -> list[str]:
    return [w for _, w in time_ticks(0.0, duration_s)]


@pytest.mark.parametrize(
    ("duration_s", "said"),
    [
        (8.0, ["0 s", "2 s", "4 s", "6 s", "8 s"]),
        (59.0, ["0 s", "10 s", "20 s", "30 s", "40 s", "50 s"]),
        (599.0, ["0 min", "2 min", "4 min", "6 min", "8 min"]),  # was '0 s 100 s ... 500 s'
        (725.0, ["0 min", "2 min", "4 min", "6 min", "8 min", "10 min", "12 min"]),  # not 0, 5, 10 min
        (3_599.0, ["0 min", "10 min", "20 min", "30 min", "40 min", "50 min"]),
        (5_400.0, ["0 min", "15 min", "30 min", "45 min", "1 h", "1 h 15 min", "1 h 30 min"]),
        (10_740.0, ["0 min", "30 min", "1 h", "1 h 30 min", "2 h", "2 h 30 min"]),  # was '... 150 min'
        (86_399.0, ["0 h", "6 h", "12 h", "18 h"]),
        (129_600.0, ["0 h", "6 h", "12 h", "18 h", "1 day", "1 day 6 h", "1 day 12 h"]),
        (7 * 86_400.0, ["0 days", "2 days", "4 days", "6 days"]),
    ],
)
def test_every_length_gets_clock_steps_named_in_hours_and_minutes(duration_s: float, said: list[str]) -> None:
    assert _words(duration_s) == said


@pytest.mark.parametrize("duration_s", [3.0, 47.0, 130.0, 1_000.0, 7_777.0, 50_000.0, 400_000.0, 9e6])
def test_ticks_are_few_evenly_spaced_clock_steps_within_the_recording(duration_s: float) -> None:
    ticks = time_ticks(0.0, duration_s)
    times = [t for t, _ in ticks]
    assert 2 <= len(ticks) <= 8
    assert times[0] == 0.0 and times[-1] <= duration_s
    steps = {round(b - a, 6) for a, b in zip(times, times[1:], strict=False)}
    assert len(steps) == 1 and (steps.pop() in STEPS_S or duration_s > STEPS_S[-1])
    assert len({w for _, w in ticks}) == len(ticks)  # no two ticks named alike


def test_an_axis_not_starting_at_0_ticks_at_its_own_times() -> None:
    # a CSV's time column may start at 100 s: the ticks are its times, in the same words
    assert time_ticks(100.0, 160.0) == [(100.0, "100 s"), (110.0, "110 s"), (120.0, "120 s"),
                                        (130.0, "130 s"), (140.0, "140 s"), (150.0, "150 s"),
                                        (160.0, "160 s")]  # fmt: skip


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0.0, "0 s"), (45.4, "45 s"), (425.0, "7 min 5 s"), (7319.2, "2 h 1 min 59 s"), (7200.0, "2 h"),
     (86_399.6, "24 h")],
)  # fmt: skip
def test_elapsed_words_are_what_the_walking_test_times_read_back(seconds: float, said: str) -> None:
    # a label '2:01:59' typed into --stop-at would be read as the clock time 02:01:59
    from datetime import UTC, datetime

    from backstride.gait.recording import Recording
    from backstride.gait.time_axis import elapsed_words
    from backstride.gait.time_points import parse_time_point

    assert elapsed_words(seconds) == said
    rec = Recording(
        acc_mps2=np.zeros((2, 3)), gyr_dps=None, sampling_rate_hz=1 / 90_000, source_format="csv",
        start_datetime=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
    )  # fmt: skip
    assert parse_time_point(said, rec, "--stop-at") == pytest.approx(rec.start_s + round(seconds))


@pytest.mark.parametrize("lo_s", [0.0, 7.3, 59.9, 3_599.5, 86_000.0, 93_720.8, 100_000.0, 1_000_000.0])
@pytest.mark.parametrize("span_s", [2.0, 30.0, 119.0, 725.0, 1_799.0, 3_600.0, 10_095.0, 86_400.0])
def test_no_two_ticks_are_named_alike_wherever_the_axis_starts(lo_s: float, span_s: float) -> None:
    # an axis from 1 day 2 h 2 min (a CSV's time column may start anywhere) read '1 day 2 h' six times:
    # a tick after a day dropped its minutes
    ticks = time_ticks(lo_s, lo_s + span_s)
    words = [w for _, w in ticks]
    assert len(set(words)) == len(words) >= 2, words


def test_a_time_in_a_recording_has_one_wording_for_the_terminal_plot_and_walk_page() -> None:
    # the terminal's bout table read '137.2 s' in a 2-minute recording where the walk page read '2 min 17 s',
    # and '1 h 12 s' (elapsed_words) where the walk page read '1 h 0 min 12 s'

    assert [time_words(s) for s in (4.06, 4.0, 59.94, 60.2, 137.2, 600.4, 3600, 3612.46, 10_804.3)] == [
        "4.1 s",
        "4 s",
        "59.9 s",
        "1 min",
        "2 min 17 s",
        "10 min",
        "1 h",
        "1 h 0 min 12 s",
        "3 h 0 min 4 s",
    ]
    assert elapsed_words(3612.46) == "1 h 0 min 12 s"

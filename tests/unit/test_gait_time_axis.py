"""A time axis of any length counts in clock steps (gait.time_axis: the walk page's timeline, --plot)."""

from __future__ import annotations

import pytest

from backstride.gait.time_axis import STEPS_S, time_ticks


def _words(duration_s: float) -> list[str]:
    return [w for _, w in time_ticks(0.0, duration_s)]


@pytest.mark.parametrize(
    ("duration_s", "said"),
    [
        (8.0, ["0 s", "2 s", "4 s", "6 s", "8 s"]),
        (59.0, ["0 s", "10 s", "20 s", "30 s", "40 s", "50 s"]),
        (599.0, ["0 min", "2 min", "4 min", "6 min", "8 min"]),  # was '0 s 100 s ... 500 s'
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
    assert 2 <= len(ticks) <= 7
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
    [(0.0, "0 s"), (45.4, "45 s"), (425.0, "7:05"), (7319.2, "2:01:59"), (86_399.6, "24:00:00")],
)
def test_clock_words_read_as_a_stopwatch(seconds: float, said: str) -> None:
    from backstride.gait.time_axis import clock_words

    assert clock_words(seconds) == said

"""A time in minutes is said by one function, ``wording.minutes_words``, with the places of a second it is
known to: ``digits=0`` for a time a person gave (whole seconds: "2 s", "0 min" as typed) and
``digits=1`` for the walking time a walk measured (tenths, as the walk's page says it: "1.9 s",
"less than 0.1 s"). There were two ways: ``tolerance_words.walk_finding_words`` said a walk's time
with its own rule. The words are the same as both said them before, on a dense grid of times."""

from __future__ import annotations

import random
from typing import Any

import pytest

from backstride.knowledge.loader import load_knowledge
from backstride.services.tolerance_words import WALK_TIME_FINDING, duration, walk_finding_words
from backstride.services.wording import duration_words, minutes_words, plain_number


def before_typed(minutes: Any) -> str:
    """``minutes_words`` as it was (a time a person gave)."""
    if minutes is None or isinstance(minutes, bool):
        return "—"
    if float(minutes) == 0:
        return "0 min"
    seconds = float(plain_number(float(minutes) * 60.0, 0))
    return duration_words(seconds) if seconds else "under 1 s"


def before_walk(minutes: float) -> str:
    """``walk_finding_words`` of a walk's time as it was (``tolerance_words.duration`` of its seconds)."""
    seconds = 60 * minutes
    if 0 < seconds < 0.05:
        return "less than 0.1 s"
    return duration_words(seconds)


def _times() -> list[float]:
    rng = random.Random(12)
    grid = [i / 10_000 for i in range(0, 20_000)] + [i / 600 for i in range(0, 60_000)]
    return grid + [rng.uniform(0, 300) for _ in range(50_000)] + [0.0, 1, 12.5, 90, 1440]


def test_a_time_a_person_gave_is_said_as_before() -> None:
    for minutes in [*_times(), None, True, -0.001, -3.0]:
        assert minutes_words(minutes) == before_typed(minutes), minutes


def test_a_walks_time_is_said_as_before_by_the_same_function() -> None:
    walking = load_knowledge().findings[WALK_TIME_FINDING]
    for minutes in _times():
        assert minutes_words(minutes, digits=1) == before_walk(minutes), minutes
        assert walk_finding_words(WALK_TIME_FINDING, minutes, walking) == before_walk(minutes), minutes
        assert duration(60 * minutes) == before_walk(minutes), minutes


@pytest.mark.parametrize(
    ("minutes", "typed", "walked"),
    [
        (0.0, "0 min", "0 s"),
        (0.0005, "under 1 s", "less than 0.1 s"),
        (0.005, "under 1 s", "0.3 s"),
        (0.0317, "2 s", "1.9 s"),
        (0.93, "56 s", "56 s"),
        (12.5, "12 min 30 s", "12 min 30 s"),
        (90, "1 h 30 min", "1 h 30 min"),
    ],
)
def test_the_places_of_a_second(minutes: float, typed: str, walked: str) -> None:
    assert minutes_words(minutes) == minutes_words(minutes, digits=0) == typed
    assert minutes_words(minutes, digits=1) == walked


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(60.5, "1 min 1 s"), (62.5, "1 min 3 s"), (61.5, "1 min 2 s"), (10.5, "11 s"), (120.5, "2 min 1 s")],
)
def test_a_half_second_rounds_away_from_zero_over_a_minute_too(seconds: float, said: str) -> None:
    """A time of a minute or more rounded its seconds half to even (Python's ``round``: 62.5 s read
    '1 min 2 s', 61.5 s '1 min 2 s' too), where under a minute, and every number the pages write,
    rounds a half away from zero (10.5 s reads '11 s'; docs/web-pages.md)."""
    assert duration_words(seconds) == duration_words(seconds, digits=1) == said
    assert duration(seconds) == said  # the walk page's words, and the result page's quote of them

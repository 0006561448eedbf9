"""One walking tolerance, one wording: ``gait analyze`` (cli.gait_cmd.tolerance_line) and the walk page
(web.views.tolerance_context) say the same times and distances for the same gait result."""

from __future__ import annotations

import pytest

from backstride.cli.gait_cmd import tolerance_line
from backstride.web.views import tolerance_context


@pytest.mark.parametrize(
    ("symptom_s", "stop_s", "longest_s"),
    [
        (5000.0, 5400.0, 3612.0),  # the terminal said '1 h 23 min', the page '1 h 23 min 20 s'
        (59.4, 75.2, 40.0),  # '59 s' against '59.4 s'
        (4.06, 8.0, 8.0),
    ],
)
def test_the_terminal_and_the_walk_page_say_the_same_times(
    symptom_s: float, stop_s: float, longest_s: float
) -> None:
    tolerance = {
        "time_to_first_symptom_s": symptom_s,
        "distance_to_first_symptom_m": symptom_s * 1.1,
        "time_to_stop_s": stop_s,
        "distance_to_stop_m": stop_s * 1.1,
        "longest_bout_s": longest_s,
        "longest_bout_m": longest_s * 1.1,
        "quality": [],
    }
    line = tolerance_line(tolerance)
    page = tolerance_context(tolerance)
    first, stop = page["rows"]
    assert f"first symptom after {first['time']} ({first['distance']})" in line
    assert f"had to stop after {stop['time']} ({stop['distance']})" in line
    assert f"longest walk without a pause: {page['longest']['time']} ({page['longest']['distance']})" in line


def _before_walking(stop_s: float | None) -> dict[str, object]:
    return {
        "time_to_first_symptom_s": 0.0,
        "distance_to_first_symptom_m": 0.0,
        "time_to_stop_s": stop_s,
        "distance_to_stop_m": None if stop_s is None else stop_s * 1.1,
        "longest_bout_s": 20.0,
        "longest_bout_m": 22.0,
        "quality": ["first_symptom_before_walking"],
    }


def _findings(tolerance: dict[str, object]) -> dict[str, object]:
    from backstride.services.gait_findings import gait_to_inputs

    # a recording of 10 minutes: the stop after 9 min 30 s is inside it
    result = {"duration_s": 600.0, "walking_tolerance": tolerance, "gait_factors": [], "walking_bouts": []}
    return gait_to_inputs(result)[0]


def test_a_symptom_before_the_walking_leaves_the_time_to_the_stop_as_the_walking_tolerance() -> None:
    # symptoms already there before the first step, a stop after 9 min 30 s of walking: no walking
    # tolerance was given to the assessment (the symptom's time, 0, was taken and dropped), and nothing
    # said why. Now the time to the stop is the walking tolerance [D7], and every output says so
    from backstride.services import tolerance_words as said

    tolerance = _before_walking(570.0)
    assert _findings(tolerance)["walking_tolerance_min"] == 9.5
    assert said.tolerance_event(tolerance) == "stop"
    line = tolerance_line(tolerance)
    assert f"first symptom before the walking began, {said.COUNTED_TO_STOP}; had to stop after 9 min" in line
    first, stop = tolerance_context(tolerance)["rows"]
    assert first["time"] == "Before the walking began." and first["distance"] == "—"
    assert first["note"] == f"it came before the walking began, {said.COUNTED_TO_STOP}"
    assert stop["time"] == said.duration(570.0) and not stop.get("note")


def test_a_symptom_before_the_walking_without_a_stop_is_no_walking_tolerance() -> None:
    from backstride.services import tolerance_words as said

    tolerance = _before_walking(None)
    assert "walking_tolerance_min" not in _findings(tolerance)
    line = tolerance_line(tolerance)
    assert said.COUNTED_TO_STOP not in line
    # it read only 'first symptom before the walking began': nothing asked for the stop
    assert f"first symptom before the walking began ({said.STOP_NEEDED}: give --stop-at)" in line
    (first,) = tolerance_context(tolerance)["rows"]
    assert first["note"] == f"it came before the walking began; {said.STOP_NEEDED}"

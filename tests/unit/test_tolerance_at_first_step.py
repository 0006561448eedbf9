"""A first symptom exactly at the first step (0 s of walking) is no walking time: the terminal, the walk
page and the report say so in the same words, and ask for the stop when none was given. It read 'first
symptom after 0 s (about 0 m)' with no walking tolerance and no reason. A result stored before this rule
(time 0, no flag) reads the same and does not become a walking tolerance of 0."""

from __future__ import annotations

from backstride.cli.gait_cmd import tolerance_line
from backstride.gait.factors import walking_tolerance
from backstride.services import tolerance_words as said
from backstride.services.gait_findings import gait_to_inputs
from backstride.web.views import tolerance_context

BOUTS = [
    {"start_s": 4.33, "end_s": 10.4, "walking_speed_mps": 0.9},
    {"start_s": 28.0, "end_s": 600.0, "walking_speed_mps": 1.0},
]


def _findings(tolerance: dict[str, object]) -> dict[str, object]:
    result = {"duration_s": 600.0, "walking_tolerance": tolerance, "gait_factors": [], "walking_bouts": []}
    return gait_to_inputs(result)[0]


def test_the_engine_gives_0_s_unflagged_for_a_symptom_at_the_first_step() -> None:
    tolerance = walking_tolerance(BOUTS, symptom_at_s=4.33, stop_at_s=None)
    assert tolerance["time_to_first_symptom_s"] == 0.0 and tolerance["quality"] == []
    assert said.at_first_step(tolerance, "first_symptom") and said.came(tolerance, "first_symptom")
    assert said.tolerance_event(tolerance) is None  # no walking tolerance of 0


def test_a_symptom_at_the_first_step_without_a_stop_says_why_there_is_no_walking_tolerance() -> None:
    tolerance = walking_tolerance(BOUTS, symptom_at_s=4.33, stop_at_s=None)
    assert "walking_tolerance_min" not in _findings(tolerance)
    line = tolerance_line(tolerance)
    assert f"first symptom at the first step ({said.STOP_NEEDED}: give --stop-at)" in line
    assert "after 0 s" not in line
    (first,) = tolerance_context(tolerance)["rows"]
    assert first["time"] == "At the first step." and first["distance"] == "—"
    assert first["note"] == f"it came at the first step; {said.STOP_NEEDED}"
    assert said.event_time(tolerance, "first_symptom") == "at the first step"  # the report's list of walks


def test_a_symptom_at_the_first_step_with_a_stop_counts_the_walking_tolerance_to_the_stop() -> None:
    # the stop was already the walking tolerance [D7]; the words said 'first symptom after 0 s' beside it
    tolerance = walking_tolerance(BOUTS, symptom_at_s=4.33, stop_at_s=574.33)
    assert _findings(tolerance)["walking_tolerance_min"] == 9.5
    line = tolerance_line(tolerance)
    assert f"first symptom at the first step, {said.COUNTED_TO_STOP}; had to stop after 9 min 30 s" in line
    first, stop = tolerance_context(tolerance)["rows"]
    assert first["note"] == f"it came at the first step, {said.COUNTED_TO_STOP}"
    assert stop["time"] == said.duration(570.0)


def test_an_older_stored_result_reads_the_same_and_other_times_as_before() -> None:
    stored = {"time_to_first_symptom_s": 0.0, "distance_to_first_symptom_m": 0.0, "time_to_stop_s": None}
    assert "walking_tolerance_min" not in _findings(stored)
    assert said.came(stored, "first_symptom") == said.AT_FIRST_STEP
    flagged = {"time_to_first_symptom_s": 0.0, "quality": ["first_symptom_before_walking"]}
    assert said.came(flagged, "first_symptom") == said.BEFORE_WALKING
    later = {"time_to_first_symptom_s": 95.0, "quality": []}
    assert said.came(later, "first_symptom") is None
    assert said.event_time(later, "first_symptom") == said.duration(95.0)
    assert said.event_time({}, "first_symptom") == "not given"
    nothing = {"time_to_first_symptom_s": 0.0, "quality": ["no_walking_found"]}
    assert said.came(nothing, "first_symptom") is None  # said as 'no walking was found'


def test_a_symptom_just_after_the_first_step_never_reads_0_s() -> None:
    # review R5: 0.02 s after the first step read 'first symptom after 0 s (about 0 m)'
    tolerance = walking_tolerance(BOUTS, symptom_at_s=4.35, stop_at_s=None)
    assert 0 < tolerance["time_to_first_symptom_s"] < 0.05
    line = tolerance_line(tolerance)
    assert "after 0 s" not in line and "first symptom after less than 0.1 s" in line
    assert said.event_time(tolerance, "first_symptom") == "less than 0.1 s"
    assert said.duration(0.4) == "0.4 s" and said.duration(0) == "0 s"  # others as before

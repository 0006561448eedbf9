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

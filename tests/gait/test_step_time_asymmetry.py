"""Step-time asymmetry does not depend on which side happened to take one more step.

phyphox ``walk50.xls`` alternates steps of 0.75 s and 0.5 s. The asymmetry was |median left - median
right| over the median of *all* step times, and that median is the long or the short step by which side
has one more: the same walk read 50 % (or 33 %). It is now over the mean of the two medians (40 %).
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import FORMATS

from backstride.gait.pipeline import analyze_gait, step_time_asymmetry_pct

read_recording = pytest.importorskip("backstride.gait.readers").read_recording

WALK50 = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk50.xls"


def test_one_more_step_on_either_side_gives_the_same_asymmetry():
    long, short = np.full(6, 0.75), np.full(6, 0.5)
    assert step_time_asymmetry_pct(long[:5], short) == pytest.approx(40.0)
    assert step_time_asymmetry_pct(long, short[:5]) == pytest.approx(40.0)
    assert step_time_asymmetry_pct(short, long) == pytest.approx(40.0)
    assert step_time_asymmetry_pct(long[:1], short) is None  # too few steps on one side


def test_a_real_uneven_walk_reads_the_medians_over_their_mean():
    d = analyze_gait(read_recording(WALK50)).to_dict()
    (bout,) = d["walking_bouts"]
    ic = np.array([t for t in d["initial_contacts_s"] if bout["start_s"] <= t <= bout["end_s"]])
    sides = bout["contact_sides"]
    steps = {"left": [], "right": []}
    # steady state (first and last step left out), steps between two labelled contacts of opposite sides
    for k in range(1, len(ic) - 2):
        a, b = sides[k], sides[k + 1]
        if a is not None and b is not None and a != b:
            steps[b].append(ic[k + 1] - ic[k])
    m_left, m_right = np.median(steps["left"]), np.median(steps["right"])
    assert abs(m_left - m_right) > 0.2  # a really uneven walk: 0.75 s against 0.5 s
    expected = abs(m_left - m_right) / ((m_left + m_right) / 2) * 100
    assert bout["step_time_asymmetry_pct"] == pytest.approx(expected, abs=0.5)

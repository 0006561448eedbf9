"""The longest walk's distance is its bout's distance (N10, 2026-11-28).

``walking_tolerance.longest_bout_m`` was the bout's rounded speed (3 decimals) times its rounded length:
the 48 s phyphox walk lucadomene (one bout) read 29.7 m there, beside ``walking_bouts[0].distance_m``
29.77 and ``summary.total_distance_m`` 29.8 m, three figures for one walk in one JSON.
"""

from __future__ import annotations

import pytest
from tests.conftest import FORMATS

from backstride.gait.factors import walking_tolerance
from backstride.gait.pipeline import analyze_gait

read_recording = pytest.importorskip("backstride.gait.readers").read_recording
WALK = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"


def test_one_bout_has_one_distance() -> None:
    d = analyze_gait(read_recording(WALK)).to_dict()
    (bout,) = d["walking_bouts"]
    assert (
        d["walking_tolerance"]["longest_bout_m"]
        == round(bout["distance_m"], 1)
        == d["summary"]["total_distance_m"]
    )


def test_a_bout_without_its_distance_still_has_speed_times_time() -> None:
    wt = walking_tolerance(
        [{"start_s": 0.0, "end_s": 10.0, "walking_speed_mps": 1.234}], symptom_at_s=None, stop_at_s=None
    )
    assert wt["longest_bout_m"] == 12.3

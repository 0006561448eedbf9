"""analyze_gait on real recordings of other devices (read by backstride.gait.readers).

The Axivity AX3 sample ``example-610-steps.cwa`` is a walk with 610 counted steps, worn at an unknown
position and orientation (../shared/data/formats/axivity_cwa/README.md): the step count must land
within 15 % of it (pedometers are usually judged at +-10 %; the wear position is unknown).
"""

from __future__ import annotations

import json

import pytest
from tests.conftest import FORMATS

from backstride.gait.pipeline import analyze_gait

read_recording = pytest.importorskip("backstride.gait.readers").read_recording

AX3_610 = FORMATS / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"


def test_610_step_walk_is_counted_within_15_percent():
    d = analyze_gait(read_recording(AX3_610)).to_dict()
    steps = d["summary"]["total_steps"]
    assert 0.85 * 610 <= steps <= 1.15 * 610, steps
    assert d["alignment"]["axes_hint"] is None  # orientation found from the signal alone
    json.dumps(d, allow_nan=False)


@pytest.mark.parametrize(
    "relpath",
    [
        "axivity_cwa/pfizer-opensource__scikit-digital-health/ax3_sample.cwa",
        "axivity_cwa/pfizer-opensource__scikit-digital-health/ax6_sample.cwa",
        "phyphox/randyakram__giat_fft/walk100.xls",
        "phyphox/randyakram__giat_fft/walk50.xls",
        "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00/TotalAcceleration.csv",
    ],
)
def test_phone_and_research_sensor_walks_give_plausible_cadence(relpath):
    d = analyze_gait(read_recording(FORMATS / relpath)).to_dict()
    assert d["walking_bouts"], relpath
    assert 70 <= d["summary"]["cadence_spm"] <= 140, d["summary"]
    json.dumps(d, allow_nan=False)

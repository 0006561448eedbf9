"""A time to the first symptom is counted from the first step, pauses included; when standing or
pausing took part of it, every output says how much of it was walking.

On the Axivity ``ax3_sample.cwa``, ``--symptom-at 60`` gave 'first symptom after 55 s (about 20 m)':
two short bouts, then about 29 s of standing, then the main walk. Read as 55 s of walking, it was
21 s of walking [D7].
"""

from __future__ import annotations

import pytest
from tests.conftest import FORMATS, MOBILISED_LAB
from tests.gait.conftest import gait_analyze_text

from backstride.cli.gait_cmd import tolerance_line
from backstride.gait.pipeline import analyze_gait
from backstride.web.views import tolerance_context

read_recording = pytest.importorskip("backstride.gait.readers").read_recording

AX3 = FORMATS / "axivity_cwa" / "pfizer-opensource__scikit-digital-health" / "ax3_sample.cwa"


def test_the_walking_part_of_a_time_with_pauses_is_given_and_said() -> None:
    tolerance = analyze_gait(read_recording(AX3), symptom_at_s=60.0).to_dict()["walking_tolerance"]
    assert tolerance["time_to_first_symptom_s"] == pytest.approx(55.2, abs=0.1)  # from the first step
    walked = tolerance["walking_s_to_first_symptom"]
    assert 15.0 < walked < 25.0  # the bouts before 60 s: about 2.6 + 3.7 + 14.2 s
    line = tolerance_line(tolerance)
    assert (
        "first symptom after 55 s (counted from the first step: 21 s of it walking, the rest standing" in line
    )
    (row,) = tolerance_context(tolerance)["rows"]
    assert "21 s of it walking" in row["note"]


def test_the_terminal_says_it_too() -> None:
    text = " ".join(gait_analyze_text(AX3, "--symptom-at", "60").split())
    assert "counted from the first step: 21 s of it walking" in text


def test_a_time_all_walking_says_nothing_more() -> None:
    rec = read_recording(
        MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv", acc_unit="m/s^2", gyr_unit="deg/s"
    )
    d = analyze_gait(rec).to_dict()
    first = d["walking_bouts"][0]
    at = first["start_s"] + 0.8 * (first["end_s"] - first["start_s"])
    tolerance = analyze_gait(rec, symptom_at_s=at).to_dict()["walking_tolerance"]
    assert tolerance["walking_s_to_first_symptom"] == pytest.approx(
        tolerance["time_to_first_symptom_s"], abs=0.02
    )
    assert "of it walking" not in tolerance_line(tolerance)

"""A trunk lean measured along a walking direction the walk did not show clearly is not judged.

The lean is the angle from quiet standing along the walking direction found from the signal; when that
direction is unsure (``uncertain_forward_direction``: its axis or its sign), so is the lean's way. The
Axivity walk ``example-610-steps.cwa`` (axis ratio 1.4) was judged "no forward lean", and the right-wrist
``ax3_testfile.cwa`` (sign score 0.35: a coin toss) read "12° back" in the terminal.
"""

from __future__ import annotations

import pytest
from tests.conftest import FORMATS, MOBILISED_LAB
from tests.gait.conftest import gait_analyze_text

from backstride.gait.factors import UNCERTAIN_FORWARD
from backstride.gait.pipeline import analyze_gait

read_recording = pytest.importorskip("backstride.gait.readers").read_recording

AX3_610 = FORMATS / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
WRIST = FORMATS / "axivity_cwa" / "wadpac__GGIRread" / "ax3_testfile.cwa"


def _lean_factor(d: dict) -> dict:
    return next(f for f in d["gait_factors"] if f["code"] == "forward_trunk_lean")


def test_an_unsure_walking_direction_leaves_the_lean_unjudged():
    d = analyze_gait(read_recording(AX3_610)).to_dict()
    assert UNCERTAIN_FORWARD in d["alignment"]["quality"]
    assert d["summary"]["trunk_flexion_mean_deg"] is not None  # the number stays, flagged
    assert UNCERTAIN_FORWARD in d["summary"]["trunk_flexion_quality"]
    assert all(UNCERTAIN_FORWARD in b["quality"]["trunk_flexion_mean_deg"] for b in d["walking_bouts"])
    factor = _lean_factor(d)
    assert factor["present"] is None
    assert "which way is forward" in factor["explanation"]


def test_a_sure_walking_direction_is_judged_as_before():
    rec = read_recording(
        MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv", acc_unit="m/s^2", gyr_unit="deg/s"
    )
    d = analyze_gait(rec).to_dict()
    assert d["alignment"]["confident"] is True
    assert d["summary"]["trunk_flexion_quality"] == ["relative_to_standing"]
    assert _lean_factor(d)["present"] is False


def test_the_terminal_does_not_say_back_or_forward_as_if_it_knew():
    row = next(line for line in gait_analyze_text(WRIST).splitlines() if "trunk lean while walking" in line)
    # worn at the right wrist: since 2026-11-28 its lean is not judged at all, for where it was worn, as
    # its gait factors are (it read "12° from standing (forward or back: not sure ...)")
    assert "not judged: not worn at the lower back" in row
    assert "° back" not in row and "° forward" not in row


def test_an_unsure_lean_is_never_shown_as_forward_or_back():
    """The factor's shown value (the terminal's table of factors, the walk page) read "4° forward" beside
    "whether that is forward or back cannot be told", after the summary row and the report stopped."""
    d = analyze_gait(read_recording(AX3_610)).to_dict()
    factor = _lean_factor(d)
    assert factor["value"] is not None and factor["present"] is None
    size = round(abs(factor["value"]))
    assert factor["shown_value"] == f"{size}° from standing (forward or back: not sure, so not judged)"
    text = gait_analyze_text(AX3_610)
    assert not any("° forward" in line or "° back" in line for line in text.splitlines()), text

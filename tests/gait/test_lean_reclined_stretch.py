"""A still stretch tipped back of the walk (a seat reclined back) does not make the lean read forward.

The trunk lean is the angle from quiet standing, and "standing" is every still second within 20 deg of the
walking posture. A seat reclined back tilts a lower-back sensor back as walking bent forward does, so
(found 2026-11-27, R15) such seconds were taken as standing and made the walk read leaned forward: real
Mobilise-D walks with a minute tipped back before them (the walk's own first still seconds, rotated back
about the walk's right axis) read 16-18 deg forward, "present", where the walk alone reads 2 and 8 deg.
And a stretch 30 deg back, outside the cone, still moved HA/002 Test5 by 9 deg: a still second's direction
was the 2 s moving average of gravity, which reached into the stretch before it. Now a still second's
direction is its own mean, and a forward lean past the bar read against two postures (some seconds near
the walk, some past the bar behind it) is flagged ``standing_maybe_reclined`` and not judged [C13].
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.factors import lean_shown
from backstride.gait.pipeline import analyze_gait
from backstride.gait.recording import Recording

read_recording = pytest.importorskip("backstride.gait.readers").read_recording
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
RECLINED = "standing_maybe_reclined"  # the flag (gait.factors.STANDING_MAYBE_RECLINED)
HA002 = MOBILISED_LAB / "HA/002/TimeMeasure1_Test5_Trial1/imu.csv"  # 2 s standing, then a straight walk
HA001 = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # 4 s standing, then a straight walk


def _lean(d: dict) -> dict:
    return next(f for f in d["gait_factors"] if f["code"] == "forward_trunk_lean")


def _with_a_stretch_tipped_back(path, back_deg: float, seconds: int = 60) -> tuple[Recording, dict]:
    """The recording with ``seconds`` of its own first two (still) seconds before it, tipped back by
    ``back_deg`` about the walk's right axis; and the walk alone, analysed."""
    one = read_recording(path, **UNITS)
    alone = analyze_gait(one).to_dict()
    al = alone["alignment"]
    up, forward, right = (np.array(al[k]) for k in ("up_sensor", "forward_sensor", "right_sensor"))
    fs = int(one.sampling_rate_hz)
    still = one.acc_mps2[: 2 * fs]
    a = np.radians(-back_deg)  # Rodrigues' rotation about the right axis, turning "up" toward forward
    turned = (
        still * np.cos(a)
        + np.cross(right, still) * np.sin(a)
        + np.outer(still @ right, right) * (1 - np.cos(a))
    )
    g = turned.mean(axis=0) / np.linalg.norm(turned.mean(axis=0))
    assert np.degrees(np.arctan2(g @ forward, g @ up)) > back_deg - 3  # it really is tipped back
    reps = seconds // 2
    rec = Recording(
        acc_mps2=np.ascontiguousarray(np.concatenate([np.tile(turned, (reps, 1)), one.acc_mps2])),
        gyr_dps=np.ascontiguousarray(np.concatenate([np.zeros((reps * 2 * fs, 3)), one.gyr_dps])),
        sampling_rate_hz=one.sampling_rate_hz,
        source_format="constructed",
    )
    return rec, alone


def test_a_stretch_30_degrees_back_leaves_the_walks_lean_as_it_was():
    rec, alone = _with_a_stretch_tipped_back(HA002, 30)
    d = analyze_gait(rec).to_dict()
    assert d["summary"]["trunk_flexion_quality"] == ["relative_to_standing"]
    # was 10.6 deg against 1.8 alone: a still second half-way between the stretch and the standing
    assert d["summary"]["trunk_flexion_mean_deg"] == pytest.approx(
        alone["summary"]["trunk_flexion_mean_deg"], abs=0.1
    )
    assert _lean(d)["present"] is False


@pytest.mark.parametrize(("path", "back_deg"), [(HA002, 15), (HA002, 18), (HA001, 14)])
def test_a_stretch_tipped_back_within_the_cone_leaves_the_lean_unjudged(path, back_deg):
    rec, alone = _with_a_stretch_tipped_back(path, back_deg)
    assert _lean(alone)["present"] is False  # the walk alone: no forward lean
    d = analyze_gait(rec).to_dict()
    summary = d["summary"]
    assert summary["trunk_flexion_mean_deg"] > 15  # read forward past the bar: it said "present" before
    assert RECLINED in summary["trunk_flexion_quality"]
    # each bout read past the bar says so; a bout under it is judged against the same standing as before
    past = [b["trunk_flexion_mean_deg"] > 15 for b in d["walking_bouts"]]
    assert any(past)
    assert [RECLINED in b["quality"]["trunk_flexion_mean_deg"] for b in d["walking_bouts"]] == past
    factor = _lean(d)
    assert factor["present"] is None
    assert "sitting back in a seat" in factor["explanation"] and "not judged [C13]" in factor["explanation"]
    assert factor["shown_value"] == lean_shown(factor["value"], factor["quality"])
    assert "forward" not in factor["shown_value"] and "not judged" in factor["shown_value"]


def test_a_long_recording_flags_it_too():
    from backstride.gait.long_recording import LongRecordingAnalyzer
    from backstride.gait.readers.stream import RecordingStream

    rec, _ = _with_a_stretch_tipped_back(HA002, 15)
    an = LongRecordingAnalyzer(window_s=40, pad_s=5).analyze(RecordingStream.from_recording(rec))
    d = an.result_.to_dict()
    assert len(an.windows_) >= 2
    assert RECLINED in d["summary"]["trunk_flexion_quality"]
    assert _lean(d)["present"] is None

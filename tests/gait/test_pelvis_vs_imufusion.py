"""Cross-check: pelvis ranges from per-stride integration agree with an imufusion AHRS.

backstride computes pelvis ranges by integrating the gyroscope over each stride with the linear
drift removed (no filter, see docs/gait.md). Here the same ranges are computed from the orientation
of the imufusion AHRS (Madgwick's Fusion, MIT) on straight lab walks and compared: they must agree
within 1.5 deg or 20 %. Measured: rotation 8.5/8.7/9.5 (ours) vs 8.5/8.8/10.2 (AHRS); tilt about 1 deg
lower than the AHRS, whose inclination is itself pulled by the walking accelerations.
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.core.units import STANDARD_GRAVITY_MPS2
from backstride.gait.evaluation import load_lab_trial
from backstride.gait.pipeline import analyze_gait

imufusion = pytest.importorskip("imufusion")

TRIALS = [
    "HA/001/TimeMeasure1_Test5_Trial1",
    "HA/001/TimeMeasure1_Test5_Trial2",
    "HA/002/TimeMeasure1_Test5_Trial1",
]


def ahrs_body_angles_deg(acc_mps2, gyr_dps, fs, up, forward, right) -> np.ndarray:
    """(n, 3) angles of the body from the AHRS: yaw of forward, elevation of forward, of right."""
    ahrs = imufusion.Ahrs()
    settings = imufusion.AhrsSettings()
    settings.sample_rate = fs
    ahrs.set_settings(settings)
    ahrs.skip_startup()
    out = np.empty((acc_mps2.shape[0], 3))
    acc_g = acc_mps2 / STANDARD_GRAVITY_MPS2
    for i in range(acc_g.shape[0]):
        ahrs.update_no_magnetometer(gyr_dps[i], acc_g[i])
        rot = imufusion.quaternion_to_matrix(ahrs.get_quaternion())  # sensor -> earth
        f_e, r_e = rot @ forward, rot @ right
        out[i] = (
            np.arctan2(f_e[1], f_e[0]),
            np.arcsin(np.clip(f_e[2], -1, 1)),
            np.arcsin(np.clip(r_e[2], -1, 1)),
        )
    out[:, 0] = np.unwrap(out[:, 0])
    return np.degrees(out)


@pytest.mark.parametrize("name", TRIALS)
def test_pelvis_ranges_match_an_ahrs(name):
    trial = load_lab_trial(MOBILISED_LAB / name)
    rec = trial.recording
    result = analyze_gait(rec, height_cm=trial.height_cm).to_dict()
    al = result["alignment"]
    up, fwd, right = (np.asarray(al[k]) for k in ("up_sensor", "forward_sensor", "right_sensor"))
    ang = ahrs_body_angles_deg(rec.acc_mps2, rec.gyr_dps, rec.sampling_rate_hz, up, fwd, right)
    fs = rec.sampling_rate_hz
    roms = []
    for bout in result["walking_bouts"]:
        for s in bout["strides"]:
            a, b = int(round(s["start_s"] * fs)), int(round(s["end_s"] * fs))
            seg = ang[a:b]
            t = np.arange(seg.shape[0])
            detrended = seg - seg[0] - np.outer(t, (seg[-1] - seg[0]) / max(t[-1], 1))
            roms.append(detrended.max(axis=0) - detrended.min(axis=0))
    rotation, tilt, obliquity = np.median(np.asarray(roms), axis=0)
    (bout,) = result["walking_bouts"]
    ours = bout["pelvis"]
    assert ours["rotation_rom_deg"] == pytest.approx(rotation, abs=1.5, rel=0.2)
    assert ours["tilt_rom_deg"] == pytest.approx(tilt, abs=1.5, rel=0.2)
    assert ours["obliquity_rom_deg"] == pytest.approx(obliquity, abs=1.5, rel=0.2)

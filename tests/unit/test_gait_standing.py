"""kinematics.StandingPostures (the trunk lean's standing candidates, binned by direction) and lean_axes."""

from __future__ import annotations

import numpy as np

from backstride.gait.kinematics import StandingPostures, lean_axes


def _tilted(deg: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` unit vectors ``deg`` from +z (towards +x), each with a little noise."""
    t = np.radians(deg)
    u = np.array([np.sin(t), 0.0, np.cos(t)]) + rng.normal(0.0, 1e-3, (n, 3))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def test_merged_bins_equal_the_bins_of_all_seconds_at_once() -> None:
    rng = np.random.default_rng(1)
    a, b = _tilted(5.0, 300, rng), _tilted(40.0, 200, rng)
    one = StandingPostures().add(np.concatenate([a, b]))
    two = StandingPostures().add(a).merge(StandingPostures().add(b))
    np.testing.assert_array_equal(one.keys_, two.keys_)
    np.testing.assert_allclose(one.sums_, two.sums_, atol=1e-9)
    assert one.counts_.sum() == two.counts_.sum() == 500
    assert one.keys_.size < 500  # binned: fewer bins than seconds


def test_upright_takes_the_mean_of_the_seconds_within_the_cone_only() -> None:
    rng = np.random.default_rng(2)
    near, far = _tilted(10.0, 50, rng), _tilted(30.0, 80, rng)
    postures = StandingPostures().add(np.concatenate([near, far]))
    up, n = postures.upright(np.array([0.0, 0.0, 1.0]), within_deg=20.0)
    assert n == 50 and up is not None
    mean = near.sum(axis=0)
    np.testing.assert_allclose(up, mean / np.linalg.norm(mean), atol=1e-12)
    assert postures.upright(np.array([0.0, 0.0, 1.0]), within_deg=5.0) == (None, 0)
    assert StandingPostures().add(near[:1]).upright(near[0], within_deg=20.0)[0] is None  # one second


def test_lean_axes_prefer_standing_then_the_axis_hint() -> None:
    fwd = np.array([1.0, 0.0, 0.1])
    stand = np.array([0.0, 0.0, 1.0])
    hint = {"up": np.array([1.0, 0.0, 0.0]), "forward": np.array([0.0, 0.0, 1.0])}
    up, f, flags = lean_axes(stand, fwd, hint)
    assert flags == ["relative_to_standing"] and up is stand
    assert f is not None and abs(float(np.dot(f, stand))) < 1e-12 and abs(np.linalg.norm(f) - 1.0) < 1e-12
    assert lean_axes(None, fwd, hint)[2] == ["includes_sensor_mounting_tilt"]
    assert lean_axes(stand, None, None) == (None, None, ["orientation_unknown"])

"""The evaluation rules themselves (event matching, bout comparison)."""

from __future__ import annotations

import numpy as np

from backstride.gait.evaluation import compare_bouts, match_events, rotation_matrix, score_initial_contacts


def test_matching_is_one_to_one_within_tolerance():
    pairs = match_events([1.0, 1.1, 3.0], [1.05, 2.0, 3.3], tolerance_s=0.25)
    assert pairs == [(0, 0)]  # 1.1 cannot reuse 1.05; 3.0 vs 3.3 is outside 0.25 s


def test_matching_prefers_the_closest_pair():
    assert match_events([1.0, 1.2], [1.19], tolerance_s=0.25) == [(1, 0)]


def test_contacts_outside_reference_bouts_are_ignored():
    wb = {"start_s": 1.0, "end_s": 2.0, "initial_contacts": [{"t_s": 1.0}, {"t_s": 1.5}, {"t_s": 2.0}]}
    s = score_initial_contacts([0.2, 1.02, 1.49, 5.0], [wb])
    assert (s.tp, s.fp, s.fn) == (2, 0, 1)
    assert abs(s.f1 - 0.8) < 1e-9


def test_bout_found_needs_overlap_and_strides():
    ref = [
        {
            "start_s": 0.0,
            "end_s": 10.0,
            "cadence_spm": 100.0,
            "stride_length_m": 1.2,
            "walking_speed_mps": 1.0,
        }
    ]
    strides = [{"start_s": 1.0, "end_s": 2.2, "length_m": 1.0, "speed_mps": 0.8}] * 3
    found = compare_bouts("x", {"walking_bouts": [{"start_s": 0.5, "end_s": 9.0, "strides": strides}]}, ref)
    assert found[0].found and abs(found[0].cadence_spm[1] - 100.0) < 1e-9
    short = compare_bouts("x", {"walking_bouts": [{"start_s": 0.5, "end_s": 3.0, "strides": strides}]}, ref)
    assert not short[0].found


def test_random_rotations_are_proper_rotations():
    rng = np.random.default_rng(1)
    for _ in range(5):
        r = rotation_matrix(rng)
        assert np.allclose(r @ r.T, np.eye(3), atol=1e-12)
        assert np.isclose(np.linalg.det(r), 1.0)

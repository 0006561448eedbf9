"""The gait docs agree with each other and with the code on figures a reader relies on."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_both_gait_docs_give_the_same_long_recording_trunk_lean_figure() -> None:
    gait = (DOCS / "gait.md").read_text(encoding="utf-8")
    gait_input = (DOCS / "gait-input.md").read_text(encoding="utf-8")
    # the standing reference is shared per mounting (gait.long_recording); windowed vs whole file
    assert "0.01-0.02 deg" in gait and "0.01-0.02 degrees" in gait_input
    # the old per-window figure and its advice must not come back as current behaviour
    assert "per window, not as one number" not in gait_input
    assert "but up to 18 degrees in the last window" not in gait_input


def test_the_doc_anchor_for_the_body_location_exists() -> None:
    gait_input = (DOCS / "gait-input.md").read_text(encoding="utf-8")
    assert "## Where the sensor was worn" in gait_input
    assert "#where-the-sensor-was-worn" in (DOCS / "gait.md").read_text(encoding="utf-8")


def test_the_gait_doc_says_strides_overlap_and_how_many_a_bout_has() -> None:
    """New-user test 2026-11-27: 74 strides for 76 steps looked wrong (74 strides of two steps would be
    148 steps). Strides run from contact i to i + 2 for every i, both feet, so they overlap."""
    gait = (DOCS / "gait.md").read_text(encoding="utf-8")
    assert "**Counts per bout.**" in gait
    assert "a bout of k contacts has k - 2 strides (76 steps, 74 strides)" in gait
    assert "not `n_strides` x stride length" in gait


def test_a_bouts_counts_are_what_the_gait_doc_says() -> None:
    from tests.conftest import FORMATS

    from backstride.gait.pipeline import analyze_gait
    from backstride.gait.readers import read_recording

    walk = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"
    result = analyze_gait(read_recording(walk)).to_dict()
    (bout,) = result["walking_bouts"]
    strides = bout["strides"]
    assert (bout["n_steps"], bout["n_strides"], len(strides)) == (76, 74, 74)
    assert strides[1]["start_s"] < strides[0]["end_s"]  # the two feet's strides overlap
    assert strides[0]["end_s"] == strides[2]["start_s"]  # one foot's strides follow each other
    # speed is shown rounded; distance comes from the unrounded speed
    speed_x_time = bout["walking_speed_mps"] * bout["duration_s"]
    assert abs(bout["distance_m"] - speed_x_time) < 0.005 * bout["duration_s"]
    assert bout["distance_m"] < 0.6 * bout["n_strides"] * bout["stride_length_m"]
    assert result["summary"]["total_steps"] == bout["n_steps"]


def test_the_gait_doc_names_every_placement_field_of_the_alignment() -> None:
    """Review 2026-11-28: `alignment.body_location_said` (whether the place is the person's word) was
    in the result but not in docs/gait.md, which names the other placement fields."""
    from backstride.gait.factors import SAID, UNLIKE_A_PELVIS

    gait = (DOCS / "gait.md").read_text(encoding="utf-8")
    for key in ("body_location", SAID, UNLIKE_A_PELVIS):
        assert f"`alignment.{key}`" in gait, key

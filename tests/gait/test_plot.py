"""The ``--plot`` picture: legends never cover the data, numbers are rounded the way the tables round them,
and a recording worn away from the lower back says so. Drawn from a real lab trial (read in place)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.pipeline import analyze_gait
from backstride.gait.plot import draw_gait
from backstride.gait.readers import read_recording

IMU_11 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"


@pytest.fixture(scope="module")
def walk():
    rec = read_recording(IMU_11, acc_unit="m/s^2", gyr_unit="deg/s")
    return rec, analyze_gait(rec, height_cm=159).to_dict()


def _overlaps(box, other) -> bool:
    return box.x0 < other.x1 and other.x0 < box.x1 and box.y0 < other.y1 and other.y0 < box.y1


@pytest.mark.parametrize("marked", [False, True])
def test_the_legends_cover_no_bar_and_no_signal(walk, marked: bool) -> None:
    import matplotlib.pyplot as plt

    rec, result = walk
    fig = draw_gait(rec, result, **({"symptom_at_s": 30.0, "stop_at_s": 90.0} if marked else {}))
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        ax_sig, ax_bout = fig.axes[:2]
        legend = ax_bout.get_legend().get_window_extent(renderer)
        bars = [p for p in ax_bout.patches if p.get_height() > 0]
        assert len(bars) >= 3 * len(result["walking_bouts"])
        covered = [p for p in bars if _overlaps(p.get_window_extent(renderer), legend)]
        assert not covered, f"the legend covers {len(covered)} bar(s)"
        for text in ax_bout.texts:  # the numbers above the bars
            assert not _overlaps(text.get_window_extent(renderer), legend), text.get_text()
        legend = ax_sig.get_legend().get_window_extent(renderer)
        line = ax_sig.get_lines()[0]
        xy = ax_sig.transData.transform(np.column_stack(line.get_data()))
        inside = (
            (xy[:, 0] > legend.x0) & (xy[:, 0] < legend.x1) & (xy[:, 1] > legend.y0) & (xy[:, 1] < legend.y1)
        )
        assert not inside.any(), f"the legend covers {int(inside.sum())} signal points"
    finally:
        plt.close(fig)


def test_bar_numbers_use_the_shared_rounding(walk) -> None:
    import matplotlib.pyplot as plt

    from backstride.gait.factors import shown

    rec, result = walk
    fig = draw_gait(rec, result)
    try:
        texts = [t.get_text() for t in fig.axes[1].texts]
        speeds = [shown(b["walking_speed_mps"], 2) + " m/s" for b in result["walking_bouts"]]
        assert all(s in texts for s in speeds)
    finally:
        plt.close(fig)


def test_every_number_under_the_bouts_carries_its_unit(walk) -> None:
    """Review 2026-11-28: cadence (drawn / 100), stride and speed share one axis, and the bars read
    '96', '0.79', '0.63' over a bare scale: which is which, in what unit, was left to guess."""
    import matplotlib.pyplot as plt

    from backstride.gait.factors import shown

    rec, result = walk
    fig = draw_gait(rec, result)
    try:
        ax = fig.axes[1]
        texts = [t.get_text() for t in ax.texts]
        bouts = result["walking_bouts"]
        assert len(texts) == 3 * len(bouts)
        assert all(t == "-" or t.endswith(("/min", " m", " m/s")) for t in texts), texts
        for b in bouts:
            assert shown(b["cadence_spm"], 0) + "/min" in texts
            assert shown(b["stride_length_m"], 2) + " m" in texts
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert [label.split(" (")[1].split(")")[0].split(";")[0] for label in labels] == [
            "steps/min",
            "m",
            "m/s",
        ]
        assert [t.get_text() for t in ax.get_yticklabels()] == []  # no scale of no one unit
    finally:
        plt.close(fig)


def test_a_wrist_recording_says_so_on_the_picture(walk) -> None:
    import matplotlib.pyplot as plt

    rec, _ = walk
    wrist = replace(rec, body_location="right wrist")
    fig = draw_gait(wrist, analyze_gait(wrist, height_cm=159).to_dict())
    try:
        words = " ".join(t.get_text() for t in fig.texts)
        assert "right wrist" in words and "lower back" in words
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        footer = next(t for t in fig.texts if "right wrist" in t.get_text()).get_window_extent(renderer)
        for label in fig.axes[1].get_xticklabels():  # the footer sits below the bouts' labels
            assert not _overlaps(label.get_window_extent(renderer), footer), label.get_text()
    finally:
        plt.close(fig)


def test_the_time_axis_of_a_long_recording_counts_in_hours_and_minutes(walk) -> None:
    # 2 h 59 min of a recording (the lab trial tiled): the axis read '0 2000 4000 6000 8000 10000' in
    # seconds; now clock steps, as the walk page's timeline
    import matplotlib.pyplot as plt

    rec, _ = walk
    reps = int(np.ceil(10_740 * rec.sampling_rate_hz / rec.acc_mps2.shape[0]))
    acc = np.tile(rec.acc_mps2, (reps, 1))[: int(10_740 * rec.sampling_rate_hz)]
    long = replace(rec, acc_mps2=acc, gyr_dps=None)
    fig = draw_gait(long, {"walking_bouts": [], "initial_contacts_s": []})
    try:
        ax = fig.axes[0]
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["0 min", "30 min", "1 h", "1 h 30 min", "2 h", "2 h 30 min"]
        assert ax.get_xlabel() == "time from the start of the recording"
    finally:
        plt.close(fig)


def test_the_walking_test_times_are_marked_where_they_were_given(walk) -> None:
    # --symptom-at 30 --stop-at 90 with --plot: the picture showed neither
    import matplotlib.pyplot as plt

    rec, result = walk
    fig = draw_gait(rec, result, symptom_at_s=30.0, stop_at_s=90.0)
    try:
        ax = fig.axes[0]
        marks = {
            line.get_label(): line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"
        }
        assert marks == {"first symptom": 30.0, "had to stop": 90.0}
        assert {"first symptom", "had to stop"} <= {t.get_text() for t in ax.get_legend().get_texts()}
    finally:
        plt.close(fig)


def test_the_bouts_of_a_long_recording_are_named_by_their_start_in_hours_and_minutes(walk) -> None:
    # a day's 30 longest bouts read '7319-7338 s' under the bars
    import matplotlib.pyplot as plt

    rec, _ = walk
    reps = int(np.ceil(7_400 * rec.sampling_rate_hz / rec.acc_mps2.shape[0]))
    long = replace(
        rec, acc_mps2=np.tile(rec.acc_mps2, (reps, 1))[: int(7_400 * rec.sampling_rate_hz)], gyr_dps=None
    )
    bouts = [{"start_s": 425.0, "end_s": 436.0}, {"start_s": 7319.2, "end_s": 7338.4, "cadence_spm": 100.0}]
    fig = draw_gait(long, {"walking_bouts": bouts, "initial_contacts_s": []})
    try:
        fig.canvas.draw()
        labels = [t.get_text() for t in fig.axes[1].get_xticklabels()]
        assert labels == ["7 min 5 s (11 s)", "2 h 1 min 59 s (19 s)"]
    finally:
        plt.close(fig)


def test_the_bouts_of_a_short_recording_are_named_as_the_terminal_names_them(walk) -> None:
    # a 2-minute trial's bouts read '40-136 s' under the bars where the terminal's table (and the walk page)
    # read '40.1 s' to '2 min 16 s': one wording, gait.time_axis.time_words
    import matplotlib.pyplot as plt

    from backstride.cli.gait_cmd import _bout_time

    rec, result = walk
    bouts = result["walking_bouts"]
    assert bouts and rec.time_s[-1] - rec.time_s[0] < 600
    fig = draw_gait(rec, result)
    try:
        fig.canvas.draw()
        labels = [t.get_text() for t in fig.axes[1].get_xticklabels()]
        assert labels == [f"{_bout_time(b['start_s'])}\nto {_bout_time(b['end_s'])}" for b in bouts]
        assert any("min" in label for label in labels)  # a bout ending after a minute reads '2 min 16 s'
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [t.get_window_extent(renderer) for t in fig.axes[1].get_xticklabels()]
        for a, b in zip(boxes, boxes[1:], strict=False):  # the longer words stay apart
            assert a.x1 < b.x0
    finally:
        plt.close(fig)

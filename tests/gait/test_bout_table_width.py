"""The terminal's bout table of ``gait analyze`` at 80 columns (a common terminal, COLUMNS=80): every time
stays on one line ('1 min 27 s' was split as '1 min 27' over 's'), no number is cut, and a column left
out for room is named. Real lab trial, read in place."""

from __future__ import annotations

import copy
import io
import re

import pytest
from rich.console import Console
from tests.conftest import MOBILISED_LAB

from backstride.cli import gait_cmd
from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import read_recording
from backstride.gait.time_axis import time_words

IMU_11 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"  # 2 min 18 s


@pytest.fixture(scope="module")
def result() -> dict:
    rec = read_recording(IMU_11, acc_unit="m/s^2", gyr_unit="deg/s")
    return analyze_gait(rec, height_cm=159).to_dict()


def _shown(data: dict, width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """What ``gait analyze`` prints before the summary table, on a terminal ``width`` columns wide."""
    out = io.StringIO()
    console = Console(file=out, width=width, highlight=False, color_system=None)
    monkeypatch.setattr(gait_cmd, "_console", lambda stderr=False: console)
    gait_cmd._print_summary(data, None)
    return out.getvalue().split("Summary", 1)[0]


def _lines(text: str, rule: str) -> list[str]:
    """The table's header lines (columns apart by ┃) or its rows' lines (│), outer frame or not."""
    return [line for line in text.splitlines() if rule in line]


def _check(data: dict, text: str, width: int) -> None:
    assert all(len(line) <= width for line in text.splitlines())
    body = [[cell.strip() for cell in line.strip(" │").split("│")] for line in _lines(text, "│")]
    assert len(body) == len(data["walking_bouts"])  # one line a bout: nothing wrapped
    for row, b in zip(body, data["walking_bouts"], strict=True):
        assert row[:3] == [time_words(b["start_s"]), time_words(b["end_s"]), str(b["n_steps"])]
        assert all("…" not in cell for cell in row)
        assert re.fullmatch(r"\d+\.\d\d m/s|-", row[5]), row  # the speed with its unit, whole


def test_the_bout_times_of_a_few_minutes_walk_fit_80_columns(result, monkeypatch) -> None:
    assert any(b["end_s"] >= 60 and time_words(b["end_s"]).count(" ") >= 3 for b in result["walking_bouts"])
    text = _shown(result, 80, monkeypatch)
    _check(result, text, 80)
    header = " ".join(_lines(text, "┃"))
    assert "uneven" in header and "pelvis" in header  # every column still there at 80


def test_hours_into_a_recording_the_times_still_fit_80_columns(result, monkeypatch) -> None:
    # the same walks 5 hours into a day's recording: '5 h 1 min 27 s'; a column that does not fit is left
    # out and named, the times never wrap
    later = copy.deepcopy(result)
    for b in later["walking_bouts"]:
        b["start_s"] += 5 * 3600 + 60
        b["end_s"] += 5 * 3600 + 60
    text = _shown(later, 80, monkeypatch)
    _check(later, text, 80)
    if "pelvis" not in " ".join(_lines(text, "┃")):
        assert "pelvis turn" in text and "--json" in text  # says what it left out, and where to find it


def test_a_wide_terminal_keeps_every_column(result, monkeypatch) -> None:
    header = " ".join(_lines(_shown(result, 200, monkeypatch), "┃"))
    for word in ("from", "to", "steps", "cadence", "stride", "speed", "uneven", "pelvis"):
        assert word in header

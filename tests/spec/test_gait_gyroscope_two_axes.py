"""A gyroscope with only two of its three columns (gyr_x and gyr_y, no gyr_z) is read without it, and
the notes say which column is missing. It was dropped with only the general note "no gyroscope in this
recording", in a generic CSV and in a table of one's own with a "Time (s)" column alike (review B3).

Written from a real Mobilise-D lab walk (HA/001, Test5 Trial1), its gyr_z column left out.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.spec.test_gait_csv_contract import AXES, NAMED, _analyse, _read_without_gyroscope, _rows
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.gait.readers import read_recording

TIME_S = ["Time (s)", *(f"{c} (m/s^2)" for c in AXES[:3]), *(f"{c} (deg/s)" for c in AXES[3:])]
CASES = {
    # header -> the note's words
    "time_s": (
        NAMED,
        "the gyroscope has no gyr_z_dps column (only gyr_x_dps and gyr_y_dps): it needs all three, "
        "so the file was read without a gyroscope",
    ),
    "Time (s)": (
        TIME_S,
        "walk.csv: the gyroscope has no gyr_z (deg/s) column (only gyr_x (deg/s) and gyr_y (deg/s)): it "
        "needs all three, so the file was read without a gyroscope",
    ),
}


def _without_gyr_z(path: Path, header: list[str]) -> Path:
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header[:-1])
        for row in _rows():
            out.writerow(row[:-1])
    return path


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("pieces", [False, True], ids=["read whole", "read in pieces"])
def test_a_gyroscope_without_its_z_column_is_named(tmp_path: Path, case: str, pieces: bool) -> None:
    header, note = CASES[case]
    path = _without_gyr_z(tmp_path / "walk.csv", header)
    notes = _read_without_gyroscope(path, pieces)
    assert note in notes, notes
    # the general note stays, after the one that says why
    assert notes.index(note) < notes.index(
        "no gyroscope in this recording: angles that need one will be flagged"
    )


@pytest.mark.parametrize("case", list(CASES))
def test_gait_analyze_says_it_and_reads_the_walk(tmp_path: Path, case: str) -> None:
    header, note = CASES[case]
    code, got, message = _analyse(_without_gyr_z(tmp_path / "walk.csv", header))
    assert code == 0, message
    assert got["recording"]["has_gyroscope"] is False
    assert note in got["notes"], got["notes"]


def test_a_whole_gyroscope_has_no_such_note(tmp_path: Path) -> None:
    for header, _ in CASES.values():
        path = tmp_path / "whole.csv"
        with path.open("w", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            out.writerows(_rows())
        recording = read_recording(path)
        assert recording.gyr_dps is not None
        assert not any("needs all three" in n for n in recording.notes), recording.notes


def test_a_gyroscope_unit_given_for_two_columns_names_the_missing_one(tmp_path: Path) -> None:
    header = ["time_s", *(f"{c}_mps2" for c in AXES[:3]), "gyr_x", "gyr_y"]
    path = _without_gyr_z(tmp_path / "walk.csv", [*header, "gyr_z"])
    done = CliRunner().invoke(app, ["gait", "analyze", str(path), "--gyr-unit", "deg/s", "--json"])
    said = " ".join(done.stderr.split())
    assert done.exit_code == 2, said
    assert "a gyroscope unit was given but the gyroscope has no gyr_z column (only gyr_x and gyr_y)" in said

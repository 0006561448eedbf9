"""``backstride gait analyze`` says the reader's notes in plain words, as the walk page does (review
2026-11-28).

The phyphox walk at the belt (lucadomene) ended with "Notes: acceleration with gravity from
Accelerometer · phyphox passes the phone's own axes through: orientation is estimated from the data ·
resampled irregular timestamps (median rate 49.729 Hz) to a uniform 50 Hz by linear interpolation · No
body height given: 170 cm assumed for stride length." Now the notes read as the walk page's "How we read
the file" (``services.plain_notes``), and ``--json`` keeps them whole."""

from __future__ import annotations

import json

from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli.main import app

WALK = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"


def _run(*args: str) -> str:
    shown = CliRunner().invoke(app, ["gait", "analyze", str(WALK), *args], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    return shown.stdout


def test_the_notes_are_short_and_plain() -> None:
    text = " ".join(_run().split())
    notes = text[text.index("Notes: ") :]
    assert "The readings came at uneven times, so we spaced them evenly." in notes
    assert "You did not give your height, so we used 170 cm. Add --height-cm" in notes
    assert "(--json has the full notes)" in notes
    for technical in (
        "resampled",
        "interpolation",
        "49.729",
        "phone's own axes",
        "acceleration with gravity",
    ):
        assert technical not in text, technical


def test_the_json_keeps_the_notes_whole() -> None:
    notes = json.loads(_run("--json"))["notes"]
    assert any(n.startswith("resampled irregular timestamps (median rate 49.729 Hz)") for n in notes), notes


def test_without_a_gyroscope_the_turns_note_stays_whole() -> None:
    """The page's plain words for "no gyroscope" ("some angles could not be measured") would drop what
    the terminal said: that turns can make stride length, speed and distance read too long."""
    shown = CliRunner().invoke(
        app, ["gait", "analyze", str(WALK / "Accelerometer.csv")], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.stdout.split())
    assert (
        "No gyroscope: turns cannot be measured, so stride length, speed and distance can read too long"
        in text
    )


def test_without_a_gyroscope_the_speed_says_how_sure_it_is_where_it_is_shown() -> None:
    """Review 2026-11-28: this walk reads 0.63 m/s with its gyroscope and 0.77 m/s from Accelerometer.csv
    alone (the turns are not seen); the summary showed 0.77 m/s as sure as 0.63."""
    acc_only = (
        CliRunner()
        .invoke(app, ["gait", "analyze", str(WALK / "Accelerometer.csv")], env={"COLUMNS": "200"})
        .stdout
    )
    rows = [" ".join(line.strip("│┃ ").split()) for line in acc_only.splitlines()]
    caveat = "(may read high: no gyroscope)"
    assert f"walking speed │ 0.77 m/s {caveat}" in rows, rows
    assert any(r.startswith("stride length (two steps) │") and r.endswith(caveat) for r in rows)
    assert any(r.startswith("distance walked (estimated) │") and r.endswith(caveat) for r in rows)
    both = [" ".join(line.strip("│┃ ").split()) for line in _run().splitlines()]
    assert "walking speed │ 0.63 m/s" in both and "may read high" not in " ".join(both)

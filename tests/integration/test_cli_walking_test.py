"""``backstride diary walking-test``: the self-paced walking test from the terminal, kept as a diary day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli import diary_cmd, people_cmd
from backstride.cli.main import app
from backstride.storage.db import sqlite_url

runner = CliRunner()


def _entries(url: str) -> list[dict]:
    done = runner.invoke(app, ["diary", "list", "--json", "--db", url])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["entries"]


def test_a_test_typed_in_is_kept_as_a_diary_day(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    args = ["diary", "walking-test", "--total", "9:05", "--symptoms-at", "6:20", "--stopped", "symptoms"]
    done = runner.invoke(app, [*args, "--pain", "5", "--notes", "park", "--db", url])
    assert done.exit_code == 0, done.output
    assert "Walking test: symptoms began at 6 min 20 s; walked 9 min 05 s in all" in done.stdout
    # said as the line above says the time (and the Diary page), never "6.33 minutes": a hundredth of
    # a minute beside "6 min 20 s" read as another time (new-user test, N7)
    assert "Saved " in done.stdout and ": pain 5, 6 min 20 s walked before symptoms [D7]" in done.stdout
    assert "6.33" not in done.stdout and "This is not a diagnosis." in done.stdout
    (entry,) = _entries(url)
    assert entry["pain_0_10"] == 5 and entry["walking_tolerance_min"] == 6.33
    assert entry["notes"].endswith("stopped because the symptoms made me stop. park")


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (["--total", "45", "--pain", "3"], "--total must be from 0 to 30"),
        (
            ["--total", "5", "--symptoms-at", "7", "--pain", "3"],
            "--symptoms-at (7 min 00 s) is after the end of the walk (5 min 00 s)",
        ),
        (  # as typed, never "10.3333" and "9.08333 minutes"
            ["--total", "9:05", "--symptoms-at", "10:20", "--pain", "3"],
            "--symptoms-at (10 min 20 s) is after the end of the walk (9 min 05 s)",
        ),
        (  # never said as the same time: 6.33 minutes is 6 min 19.8 s
            ["--total", "6.33", "--symptoms-at", "6:20", "--pain", "3"],
            "--symptoms-at (6 min 20 s) is after the end of the walk (6 min 19.8 s)",
        ),
        (  # 29.999 minutes is not '30 min 00 s', which would be the 30 minutes up
            ["--total", "29.999", "--stopped", "time_up", "--pain", "3"],
            "--stopped is time_up (30 minutes were up) but the walk was 29 min 59.94 s",
        ),
        (
            ["--total", "12:30", "--stopped", "time_up", "--pain", "3"],
            "--stopped is time_up (30 minutes were up) but the walk was 12 min 30 s",
        ),
        (
            ["--total", "5", "--stopped", "symptoms", "--pain", "3"],
            "--symptoms-at is missing",
        ),
        (["--total", "5", "--stopped", "bored", "--pain", "3"], "--stopped must be one of"),
        (["--total", "six", "--pain", "3"], "expected minutes like 6:20 or 6.5, got 'six'"),
        (["--total", "6:75", "--pain", "3"], "expected minutes like 6:20 or 6.5"),
        (["--total", "5", "--pain", "11"], "--pain"),
        (["--total", "5"], "--pain is missing"),
        (["--pain", "3"], "no terminal for the stopwatch; give --total"),
        (["--symptoms-at", "3", "--pain", "3"], "--symptoms-at and --stopped go with --total"),
        (["--total", "5", "--pain", "3", "--date", "2999-01-01"], "is in the future"),
    ],
)
def test_bad_values_are_named_exit_2_and_nothing_is_saved(
    tmp_path: Path, extra: list[str], problem: str
) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    runner.invoke(app, ["diary", "add", "--pain", "2", "--db", url])
    done = runner.invoke(app, ["diary", "walking-test", *extra, "--db", url])
    assert done.exit_code == 2, done.output
    assert problem in " ".join(done.output.split())
    assert "Traceback" not in done.output
    # the options the person typed, never the stored fields' names
    fields = {"total_min", "first_symptoms_min", "stopped_because"}
    assert not fields & set(done.output.replace(":", " ").split())
    assert len(_entries(url)) == 1


def test_the_stopwatch_at_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    times = iter([1000.0, 1000.0 + 380, 1000.0 + 545])  # start, symptoms at 6:20, stop at 9:05
    monkeypatch.setattr(diary_cmd, "now_s", lambda: next(times))
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)
    done = runner.invoke(app, ["diary", "walking-test", "--db", url], input="\n\n\n4\n")
    assert done.exit_code == 0, done.output
    assert "Stop at once and get help" in " ".join(done.output.split())
    (entry,) = _entries(url)
    assert entry["walking_tolerance_min"] == 6.33 and entry["pain_0_10"] == 4
    assert "walked 9 min 05 s in all; stopped because the symptoms made me stop." in entry["notes"]


def test_the_stopwatch_stops_the_test_at_30_minutes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    times = iter([0.0, 40 * 60.0])  # start; "stop" typed after 40 minutes without symptoms
    monkeypatch.setattr(diary_cmd, "now_s", lambda: next(times))
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)
    done = runner.invoke(app, ["diary", "walking-test", "--pain", "1", "--db", url], input="\nstop\n")
    assert done.exit_code == 0, done.output
    (entry,) = _entries(url)
    assert entry["walking_tolerance_min"] == 30.0
    assert (
        entry["notes"]
        == "Walking test: no symptoms came; walked 30 min 00 s in all; stopped because 30 minutes were up."
    )


def test_notes_too_long_for_the_tests_words_are_named_before_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1,950 letters fit a diary day but not with the test's words: said after a 9-minute walk, the
    # walk was lost; now before the stopwatch starts (no time is read at all)
    url = sqlite_url(tmp_path / "d.sqlite3")
    monkeypatch.setattr(diary_cmd, "now_s", lambda: pytest.fail("the stopwatch started"))
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)
    notes = "x" * 1950
    done = runner.invoke(app, ["diary", "walking-test", "--notes", notes, "--db", url], input="\n\n\n4\n")
    assert done.exit_code == 2
    assert "notes are 1950 characters long; with the test's words, at most" in " ".join(done.output.split())
    assert "Press Enter" not in done.output
    assert not (tmp_path / "d.sqlite3").exists()  # nothing saved: not even a new database is left


def test_a_walk_stopped_for_something_else_keeps_the_day_without_a_walking_time(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    args = ["diary", "walking-test", "--total", "12", "--stopped", "other", "--pain", "2", "--db", url]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "no time before symptoms (you stopped for something else before any came) [D7]" in done.stdout
    (entry,) = _entries(url)
    assert entry["walking_tolerance_min"] is None and entry["pain_0_10"] == 2
    assert entry["notes"].startswith("Walking test: no symptoms came; walked 12 min 00 s in all")

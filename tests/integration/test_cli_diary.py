"""``backstride diary add`` and ``diary list``: the web app's diary from the terminal."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.dates import day_words
from backstride.diary.entries import NOTES_MAX_CHARS
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()


def _list(url: str) -> dict:
    done = runner.invoke(app, ["diary", "list", "--json", "--db", url])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_an_entry_added_in_the_terminal_is_in_the_web_apps_diary(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    added = runner.invoke(
        app,
        ["diary", "add", "--pain", "4", "--minutes", "12.5", "--notes", "walked to the park", "--db", url],
    )
    assert added.exit_code == 0, added.output
    assert f"Saved {day_words(date.today())}: pain 4, 12 min 30 s walked before pain." in added.stdout
    earlier = (date.today() - timedelta(days=3)).isoformat()
    assert runner.invoke(app, ["diary", "add", "--pain", "6", "--date", earlier, "--db", url]).exit_code == 0
    listed = _list(url)["entries"]
    assert _list(url)["notice"].startswith("This is not a diagnosis.")  # the trends are conclusions
    assert _list(url)["notice"].endswith("see a clinician [A9, A29, C8].")  # its sources
    assert [(e["entry_date"], e["pain_0_10"], e["walking_tolerance_min"]) for e in listed] == [
        (earlier, 6, None),
        (date.today().isoformat(), 4, 12.5),
    ]
    with TestClient(create_app(Settings(database_url=url))) as client:
        web = client.get("/api/diary").json()
    assert sorted(e["notes"] for e in web) == ["", "walked to the park"]
    table = runner.invoke(app, ["diary", "list", "--db", url])
    assert "walked to the park" in table.stdout and "This is not a diagnosis." in table.stdout


def test_the_minutes_are_said_as_minutes_walked_before_pain(tmp_path: Path) -> None:
    # --minutes is "minutes you could walk before the pain started" (its help, the Diary page's
    # "Minutes walked before pain"), but the terminal said it back as "12 minutes walked" and headed
    # the list's column "Minutes walked": read as all the walking of the day (new-user test, N7), a
    # person who walked 40 minutes with pain from the 12th would note 40, and the trend would be wrong
    url = sqlite_url(tmp_path / "d.sqlite3")
    added = runner.invoke(app, ["diary", "add", "--pain", "4", "--minutes", "12", "--db", url])
    assert added.exit_code == 0, added.output
    assert "pain 4, 12 min walked before pain." in added.stdout
    table = runner.invoke(app, ["diary", "list", "--db", url], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Minutes walked before pain" in table.stdout
    gone = runner.invoke(app, ["diary", "remove", "1", "--yes", "--db", url])
    assert "12 min walked before pain" in gone.output


def test_bad_values_are_named_and_nothing_is_saved(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    assert runner.invoke(app, ["diary", "add", "--pain", "2", "--db", url]).exit_code == 0
    future = (date.today() + timedelta(days=30)).isoformat()
    cases = [
        (["--pain", "11"], "--pain"),
        (["--pain", "four"], "--pain"),
        (["--pain", "3", "--minutes", "-5"], "--minutes"),
        (["--pain", "3", "--date", future], "is in the future"),
        (["--pain", "3", "--date", "yesterday"], "is not a date; expected YYYY-MM-DD"),
        (["--pain", "3", "--date", future, "--notes", "x" * (NOTES_MAX_CHARS + 1)], "notes"),
    ]
    for args, named in cases:
        done = runner.invoke(app, ["diary", "add", *args, "--db", url])
        assert done.exit_code == 2 and named in done.output, (args, done.output)
    both = runner.invoke(
        app, ["diary", "add", "--pain", "3", "--date", future, "--notes", "x" * 3000, "--db", url]
    )
    assert "future" in both.output and "notes" in both.output  # every problem at once
    assert [e["pain_0_10"] for e in _list(url)["entries"]] == [2]  # only the good entry


def test_listing_a_database_that_does_not_exist_says_so_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    done = runner.invoke(app, ["diary", "list", "--db", sqlite_url(path)])
    assert done.exit_code == 2 and f"no saved data at {path}" in done.output
    assert not path.exists()
    # someone who uses only the terminal was told to start the web app first: the diary starts here too
    said = " ".join(done.output.split())
    assert "'backstride diary add --pain 3'" in said and "'backstride serve'" in said


def test_a_refused_day_step_or_note_is_named_by_the_option_typed(tmp_path: Path) -> None:
    """A new-user test (2026-11-27) typed '--date 27/11/2026' and read "entry_date '27/11/2026' is not a
    date", and '--tried banana' and read "tried: 'banana' ...": the names inside the program, not the
    options typed."""
    url = sqlite_url(tmp_path / "d.sqlite3")
    assert runner.invoke(app, ["diary", "add", "--pain", "2", "--db", url]).exit_code == 0
    long = "x" * (NOTES_MAX_CHARS + 1)
    cases = [
        (["--date", "27/11/2026"], "--date '27/11/2026' is not a date; expected YYYY-MM-DD"),
        (["--tried", "banana"], "--tried: 'banana' is not a step the diary knows"),
        (["--notes", long], f"--notes are {len(long)} characters long"),
    ]
    for args, said in cases:
        for command in (
            ["add", "--pain", "3"],
            ["edit", "1"],
            ["walking-test", "--pain", "3", "--total", "5"],
        ):
            if command[0] == "walking-test" and args[0] == "--tried":
                continue  # a walking test keeps no relief steps
            done = runner.invoke(app, ["diary", *command, *args, "--db", url])
            text = " ".join(done.output.split())
            assert done.exit_code == 2 and said in text, (command, args, text)
            assert "entry_date" not in text and "tried:" not in text.replace("--tried:", "")
    assert [(e["pain_0_10"], e["notes"]) for e in _list(url)["entries"]] == [(2, "")]  # nothing saved

"""``backstride diary edit`` and ``diary remove``: a day typed wrong in the terminal can be corrected or
removed there, by the number ``diary list`` shows (before, only the web's Edit and the API could, so a
mistake at the terminal stayed or needed the web app). Bad input: one ``error:`` line, exit 2, nothing
changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli import people_cmd
from backstride.cli.main import app
from backstride.storage.db import sqlite_url

runner = CliRunner()


def _entries(url: str) -> list[dict]:
    done = runner.invoke(app, ["diary", "list", "--json", "--db", url])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["entries"]


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "d.sqlite3")
    args = ["diary", "add", "--pain", "7", "--minutes", "10", "--notes", "park", "--date", "2026-11-20"]
    assert runner.invoke(app, [*args, "--tried", "heat_after_48h", "--db", url]).exit_code == 0
    return url


def test_the_list_shows_the_number_edit_and_remove_take(url: str) -> None:
    (entry,) = _entries(url)
    table = runner.invoke(app, ["diary", "list", "--db", url]).stdout
    assert "#" in table and f"│ {entry['id']} " in table.replace("┃", "│")


def test_an_edit_changes_what_is_given_and_keeps_the_rest(url: str) -> None:
    (entry,) = _entries(url)
    done = runner.invoke(app, ["diary", "edit", str(entry["id"]), "--pain", "4", "--db", url])
    assert done.exit_code == 0, done.output
    assert (
        "Was 20 Nov 2026: pain 7, 10 min walked before pain. "
        "Now 20 Nov 2026: pain 4, 10 min walked before pain." in done.stdout
    )
    (after,) = _entries(url)
    assert after["pain_0_10"] == 4 and after["walking_tolerance_min"] == 10
    assert after["notes"] == "park" and after["tried"] == ["heat_after_48h"] and after["id"] == entry["id"]
    cleared = ["--clear-minutes", "--clear-tried", "--notes", "", "--date", "2026-11-19"]
    assert runner.invoke(app, ["diary", "edit", str(entry["id"]), *cleared, "--db", url]).exit_code == 0
    (after,) = _entries(url)
    assert (after["entry_date"], after["walking_tolerance_min"], after["notes"], after["tried"]) == (
        "2026-11-19",
        None,
        "",
        [],
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["99", "--pain", "3"], "diary entry 99 does not exist"),
        (["x", "--pain", "3"], "expected an entry's number"),
        (["0", "--pain", "3"], "expected an entry's number"),
        (["{id}", "--pain", "11"], "--pain"),
        (["{id}", "--minutes", "5", "--clear-minutes"], "not both"),
        (["{id}", "--tried", "heat_after_48h", "--clear-tried"], "not both"),
        (["{id}", "--tried", "yoga"], "yoga"),
        (["{id}", "--date", "2999-01-01"], "in the future"),
        (["{id}", "--date", "20th"], "not a date"),
        (["{id}"], "nothing to change: give what is new"),  # review R5: it said 'Changed entry 1'
    ],
)
def test_a_bad_edit_is_named_and_nothing_is_changed(url: str, args: list[str], problem: str) -> None:
    (entry,) = _entries(url)
    done = runner.invoke(app, ["diary", "edit", *(a.format(id=entry["id"]) for a in args), "--db", url])
    assert done.exit_code == 2 and problem in done.output, done.output
    assert "Traceback" not in done.output
    assert _entries(url) == [entry]


def test_remove_asks_first_and_refuses_without_a_terminal_unless_told(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (entry,) = _entries(url)
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: False)
    refused = runner.invoke(app, ["diary", "remove", str(entry["id"]), "--db", url])
    assert refused.exit_code == 2 and refused.stdout == "" and _entries(url) == [entry]
    # a question and a notice, as `people delete` says it, not an error ("error: removing ... cannot be")
    assert refused.stderr.splitlines() == [
        # a copy saved before brings it back: not "This cannot be undone."
        "Remove 20 Nov 2026: pain 7, 10 min walked before pain? It can come back only from a copy saved "
        "before (backstride export json).",
        "Nothing was removed. To remove it, run the command again with --yes.",
    ]
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)
    kept = runner.invoke(app, ["diary", "remove", str(entry["id"]), "--db", url], input="n\n")
    assert kept.exit_code == 1 and "Nothing was removed" in kept.output and _entries(url) == [entry]
    gone = runner.invoke(app, ["diary", "remove", str(entry["id"]), "--db", url], input="y\n")
    assert gone.exit_code == 0
    assert "Removed 20 Nov 2026: pain 7, 10 min walked before pain." in gone.stdout
    assert _entries(url) == []
    again = runner.invoke(app, ["diary", "remove", str(entry["id"]), "--yes", "--db", url])
    assert again.exit_code == 2 and "does not exist" in again.output


def test_another_persons_entry_is_refused_and_kept(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "p.sqlite3")
    for label in ("ann", "bob"):
        assert runner.invoke(app, ["people", "add", label, "--db", url]).exit_code == 0
    add = ["diary", "add", "--pain", "5", "--person", "ann", "--db", url]
    assert runner.invoke(app, add).exit_code == 0
    listed = runner.invoke(app, ["diary", "list", "--json", "--person", "ann", "--db", url])
    (entry,) = json.loads(listed.stdout)["entries"]
    for command in (["edit", str(entry["id"]), "--pain", "1"], ["remove", str(entry["id"]), "--yes"]):
        done = runner.invoke(app, ["diary", *command, "--person", "bob", "--db", url])
        assert done.exit_code == 2 and "is not one of person" in done.output, done.output
    listed = runner.invoke(app, ["diary", "list", "--json", "--person", "ann", "--db", url])
    assert json.loads(listed.stdout)["entries"] == [entry]

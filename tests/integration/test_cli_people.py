"""``backstride people`` and ``--person``: several people's records from the terminal, never mixed.

Each test works on a temporary SQLite database through the real command (typer's CliRunner, whose
standard input is not a terminal).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from backstride.cli import people_cmd
from backstride.cli.main import app
from backstride.core.dates import day_words
from backstride.core.errors import PersonNeededError
from backstride.services.people import LABEL_MAX_CHARS
from backstride.storage.db import sqlite_url

runner = CliRunner()


def _run(url: str, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, [*args, "--db", url], input=stdin)


def _ok(url: str, *args: str) -> Result:
    done = _run(url, *args)
    assert done.exit_code == 0, (args, done.output)
    return done


def _people(url: str) -> list[dict[str, Any]]:
    return json.loads(_ok(url, "people", "list", "--json").stdout)


def _labels(url: str) -> list[str]:
    return [p["label"] for p in _people(url)]


def _notes(url: str, person: str) -> list[str]:
    listed = json.loads(_ok(url, "diary", "list", "--json", "--person", person).stdout)
    return [e["notes"] for e in listed["entries"]]


@pytest.fixture
def clinic(tmp_path: Path) -> str:
    """A database of three people: "Me" (1, made with the database), Ann (2) and Bob (3)."""
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(url, "people", "add", "Ann", "--height-cm", "170")
    _ok(url, "people", "add", "Bob")
    return url


def test_people_are_added_listed_renamed_and_deleted(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "p.sqlite3")
    added = _ok(url, "people", "add", "  Room   4 ", "--height-cm", "182.5")
    assert "Added 'Room 4' (person 2)" in added.stdout and "--person 2" in added.stdout
    assert "--person 'Room 4'" in added.stdout  # quoted as a shell needs it
    people = _people(url)
    assert [(p["id"], p["label"], p["height_cm"]) for p in people] == [(1, "Me", None), (2, "Room 4", 182.5)]
    assert people[1]["counts"] == {"assessments": 0, "gait_recordings": 0, "diary_entries": 0}
    table = _ok(url, "people", "list").stdout
    assert "Room 4" in table and "182.5" in table and "Diary entries" in table and "--person" in table

    renamed = _ok(url, "people", "rename", "room 4", "Room 5")  # found by label, any case
    assert "Renamed person 2 from 'Room 4' to 'Room 5'." in renamed.stdout
    assert _labels(url) == ["Me", "Room 5"]

    _ok(url, "diary", "add", "--pain", "3", "--person", "Room 5")
    _ok(url, "diary", "add", "--pain", "5", "--person", "2")
    deleted = _ok(url, "people", "delete", "2", "--yes")
    assert "Deleted 'Room 5' (person 2) and their 0 checks, 0 walks and 2 diary entries." in deleted.stdout
    assert _labels(url) == ["Me"]


def test_a_label_taken_empty_or_too_long_is_named_and_nobody_is_added(clinic: str) -> None:
    cases = [
        (["ANN"], "there is already a person called 'Ann' (person 2)"),
        (["   "], "label is empty"),
        (["x" * (LABEL_MAX_CHARS + 1)], f"label is {LABEL_MAX_CHARS + 1} characters long"),
        (["Cleo", "--height-cm", "400"], "error: --height-cm must be from 50 to 250"),
    ]
    for args, named in cases:
        done = _run(clinic, "people", "add", *args)
        assert done.exit_code == 2 and named in done.output, (args, done.output)
        assert "Traceback" not in done.output
    taken = _run(clinic, "people", "rename", "Bob", "ann")
    assert taken.exit_code == 2 and "already a person called 'Ann'" in taken.output
    assert _labels(clinic) == ["Me", "Ann", "Bob"]


def test_delete_asks_first_and_without_a_terminal_or_a_yes_deletes_nothing(
    clinic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ok(clinic, "diary", "add", "--pain", "4", "--person", "Ann")
    refused = _run(clinic, "people", "delete", "Ann")
    assert refused.exit_code == 2 and refused.stdout == ""  # not confirmed: nothing deleted
    # a question and a notice, not an error (it said "error: deleting ... cannot be undone")
    assert refused.stderr.splitlines() == [
        "Delete 'Ann' (person 2) and their 0 checks, 0 walks and 1 diary entry? They can come back only "
        "from a copy saved before now: save one with 'backstride export json --person 2 --out FILE'; to "
        "bring them back, add them again with 'backstride people add' and restore it with "
        "'backstride import FILE --person NAME'.",
        "Nothing was deleted. To delete them, run the command again with --yes.",
    ]
    assert _labels(clinic) == ["Me", "Ann", "Bob"] and _notes(clinic, "Ann") == [""]
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)  # someone at the keyboard
    declined = _run(clinic, "people", "delete", "Ann", stdin="n\n")
    assert declined.exit_code == 1 and "Nothing was deleted." in declined.output
    assert _labels(clinic) == ["Me", "Ann", "Bob"] and _notes(clinic, "Ann") == [""]
    agreed = _run(clinic, "people", "delete", "Ann", stdin="y\n")
    assert agreed.exit_code == 0 and "Deleted 'Ann' (person 2)" in agreed.output
    assert _labels(clinic) == ["Me", "Bob"]
    unknown = _run(clinic, "people", "delete", "Ann", "--yes")
    assert unknown.exit_code == 2 and unknown.output.strip() == (
        "error: PERSON 'Ann': nobody in this database has that id or label; see 'backstride people list'"
    )


def test_each_persons_diary_is_their_own(clinic: str) -> None:
    saved = _ok(clinic, "diary", "add", "--pain", "6", "--notes", "Ann's knee", "--person", "ann")
    assert "for 'Ann' (person 2): pain 6." in saved.stdout
    _ok(clinic, "diary", "add", "--pain", "2", "--notes", "Bob walked", "--person", "3")
    assert _notes(clinic, "Ann") == ["Ann's knee"]
    assert _notes(clinic, "Bob") == ["Bob walked"]
    assert _notes(clinic, "Me") == []
    table = _ok(clinic, "diary", "list", "--person", "Bob").stdout
    assert "Diary of 'Bob' (person 3)" in table and "Bob walked" in table and "Ann's knee" not in table
    counts = {p["label"]: p["counts"]["diary_entries"] for p in _people(clinic)}
    assert counts == {"Me": 0, "Ann": 1, "Bob": 1}


def test_with_several_people_a_command_without_person_asks_whose_and_stores_nothing(
    clinic: str, tmp_path: Path
) -> None:
    _ok(clinic, "diary", "add", "--pain", "5", "--notes", "Ann's", "--person", "Ann")
    backup = tmp_path / "ann.json"
    _ok(clinic, "export", "json", "--person", "Ann", "--out", str(backup))
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["diary", "add", "--pain", "3"],
        ["diary", "list"],
        ["import", str(backup)],
        ["export", "json", "--out", str(out / "all.json")],
        ["report", "--out", str(out / "report.html")],
    ):
        done = _run(clinic, *args)
        assert done.exit_code == 2, (args, done.output)
        assert done.output.strip() == (
            "error: this database keeps records for 3 people; say whose with --person ID or LABEL "
            "(see 'backstride people list')"
        ), args
    assert list(out.iterdir()) == []  # no file, not even a temporary one
    counts = {p["label"]: p["counts"]["diary_entries"] for p in _people(clinic)}
    assert counts == {"Me": 0, "Ann": 1, "Bob": 0}


def test_an_unknown_person_is_named_and_nothing_is_written(clinic: str, tmp_path: Path) -> None:
    backup = tmp_path / "me.json"
    _ok(clinic, "export", "json", "--person", "Me", "--out", str(backup))
    for args in (
        ["diary", "add", "--pain", "3", "--person", "Cleo"],
        ["diary", "list", "--person", "Cleo"],
        ["export", "json", "--person", "Cleo", "--out", str(tmp_path / "x.json")],
        ["report", "--person", "Cleo", "--out", str(tmp_path / "x.html")],
        ["import", str(backup), "--person", "Cleo"],
    ):
        done = _run(clinic, *args)
        assert done.exit_code == 2, (args, done.output)
        assert "--person 'Cleo': nobody in this database has that id or label" in done.output, args
    missing_id = _run(clinic, "diary", "list", "--person", "99")
    assert missing_id.exit_code == 2 and "--person '99'" in missing_id.output
    empty = _run(clinic, "diary", "list", "--person", " ")
    assert empty.exit_code == 2 and "--person is empty" in empty.output
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "x.html").exists()
    assert sum(p["counts"]["diary_entries"] for p in _people(clinic)) == 0


def test_a_person_that_could_mean_two_people_is_refused(clinic: str) -> None:
    _ok(clinic, "people", "add", "2")  # person 4, labelled like Ann's id
    done = _run(clinic, "diary", "add", "--pain", "3", "--person", "2")
    assert done.exit_code == 2
    assert done.output.strip() == (
        "error: --person '2' could mean 'Ann' (person 2) or '2' (person 4); nothing was done. "
        "Rename one with 'backstride people rename' so that labels and ids cannot be mixed up"
    )
    assert sum(p["counts"]["diary_entries"] for p in _people(clinic)) == 0
    delete = _run(clinic, "people", "delete", "2", "--yes")
    assert delete.exit_code == 2 and "could mean" in delete.output
    assert _labels(clinic) == ["Me", "Ann", "Bob", "2"]
    _ok(clinic, "people", "rename", "4", "Room 2")  # unambiguous by id: nobody is labelled "4"
    assert "for 'Ann' (person 2)" in _ok(clinic, "diary", "add", "--pain", "3", "--person", "2").stdout


def test_one_persons_export_restores_into_another_person_only(clinic: str, tmp_path: Path) -> None:
    for person, day, pain, notes in (
        ("Ann", "2026-11-01", "6", "Ann day one"),
        ("Ann", "2026-11-02", "4", "Ann day two"),
        ("Bob", "2026-11-02", "1", "Bob's own"),
    ):
        _ok(clinic, "diary", "add", "--pain", pain, "--notes", notes, "--date", day, "--person", person)
    backup = tmp_path / "ann.json"
    written = _ok(clinic, "export", "json", "--person", "Ann", "--out", str(backup))
    assert "of 'Ann' (person 2)" in written.output
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert [e["notes"] for e in document["diary_entries"]] == ["Ann day one", "Ann day two"]
    assert document["person"] == {
        "label": "Ann",
        "height_cm": 170.0,
        "name": None,
        "birth_date": None,
        "gender": None,
        "mrn": None,
        "mrn_system": None,
    }

    table = tmp_path / "bob.csv"
    _ok(clinic, "export", "diary", "--person", "Bob", "--out", str(table))
    assert "Bob's own" in table.read_text(encoding="utf-8")
    assert "Ann day" not in table.read_text(encoding="utf-8")

    restored = _ok(clinic, "import", str(backup), "--person", "Bob")
    # Ann's height comes with her file; Bob had none (the service takes it then)
    assert "into the records of 'Bob' (person 3): 2 diary entries added." in restored.stdout
    assert (
        "Note: the file was made for 'Ann'; it is now in the records of 'Bob' (person 3)." in restored.stdout
    )
    again = _ok(clinic, "import", str(backup), "--person", "ann")  # her own: no note, nothing twice
    assert "nothing new added; 3 already there." in again.stdout and "Note" not in again.stdout
    assert sorted(_notes(clinic, "Bob")) == ["Ann day one", "Ann day two", "Bob's own"]
    assert _notes(clinic, "Ann") == ["Ann day one", "Ann day two"]  # not added to Ann again
    assert _notes(clinic, "Me") == []


def test_report_of_one_person_shows_only_their_notes_and_says_whose_file_it_is(
    clinic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ok(clinic, "diary", "add", "--pain", "6", "--notes", "Ann hurt on the hill", "--person", "Ann")
    _ok(clinic, "diary", "add", "--pain", "2", "--notes", "Bob felt fine", "--person", "Bob")
    monkeypatch.chdir(tmp_path)
    done = _ok(clinic, "report", "--person", "Bob")
    name = f"backstride-report-{date.today().isoformat()}-person-3.html"
    assert f"Wrote the report on 'Bob' (person 3) to {name}." in done.stderr
    html = (tmp_path / name).read_text(encoding="utf-8")
    assert "Bob felt fine" in html and "Ann hurt on the hill" not in html
    _ok(clinic, "report", "--person", "Ann")  # the same day: its own file, Bob's is kept
    ann = tmp_path / f"backstride-report-{date.today().isoformat()}-person-2.html"
    assert "Ann hurt on the hill" in ann.read_text(encoding="utf-8")
    assert "Bob felt fine" in (tmp_path / name).read_text(encoding="utf-8")
    mixed = _run(clinic, "report", "--person", "Ann", "--check", "1")
    assert mixed.exit_code == 2 and "Traceback" not in mixed.output


def test_one_person_at_home_needs_no_person_and_their_report_keeps_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_url(tmp_path / "home.sqlite3")
    assert _ok(url, "diary", "add", "--pain", "4", "--notes", "park").stdout.startswith(
        f"Saved {day_words(date.today())}: pain 4."
    )
    assert _notes(url, "Me") == ["park"]  # "Me", the one person, may also be named
    monkeypatch.chdir(tmp_path)
    done = _ok(url, "report")
    name = f"backstride-report-{date.today().isoformat()}.html"
    assert f"Wrote the report for your clinician to {name}." in done.stderr
    # said beside the file, as 'export' says it: 'backstride report > report.html' put this line, not
    # the report, in report.html (the report went to the file named here)
    assert done.stdout == ""
    assert "park" in (tmp_path / name).read_text(encoding="utf-8")


def test_person_on_a_database_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    for args in (["diary", "add", "--pain", "3", "--person", "Me"], ["people", "rename", "Me", "X"]):
        done = _run(sqlite_url(path), *args)
        assert done.exit_code == 2 and f"no saved data at {path}" in done.output, args
    assert not path.exists()


def test_the_services_own_refusal_is_reworded_for_the_command_line() -> None:
    said = people_cmd.message(
        PersonNeededError(
            "this database keeps records for 4 people; say whose records you mean (person_id)", people=4
        )
    )
    assert said == (
        "this database keeps records for 4 people; say whose with --person ID or LABEL "
        "(see 'backstride people list')"
    )


def _commands_taking_person() -> list[str]:
    """Every command of the CLI with a ``--person`` option, as 'diary add', 'report', ..."""
    import typer

    root = typer.main.get_command(app)
    context = type(root).context_class(root)
    found: list[str] = []

    def visit(command: Any, path: list[str]) -> None:
        if hasattr(command, "list_commands"):  # a group (typer may bring its own click)
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                if sub is not None:
                    visit(sub, [*path, name])
        elif any("--person" in getattr(p, "opts", ()) for p in command.params):
            found.append(" ".join(path))

    visit(root, [])
    return found


def test_the_list_names_every_command_that_takes_person(tmp_path: Path) -> None:
    """Found by a physiotherapist: the hint under 'people list' named 'diary, report, export and
    import', not 'assess --save', 'changes' or 'import-health', which need --person in a clinic too."""
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(url, "people", "add", "Ann")
    hint = " ".join(_ok(url, "people", "list").output.split())
    commands = _commands_taking_person()
    assert "changes" in commands and "assess" in commands, commands
    # each command as a whole item of the list: "import" is not found inside "import-health" (review R8)
    listed = re.search(r"--person ID or LABEL \(backstride ([^)]*)\)", hint)
    assert listed, hint
    named = {item.split()[0] for item in re.split(r", | and ", listed.group(1))}
    assert {c.split()[0] for c in commands} <= named, (commands, hint)


def test_export_says_what_it_wrote_in_words(clinic: str, tmp_path: Path) -> None:
    # "Wrote fhir.json (fhir of 'Bob' (person 3))", "(json of ...)", "(everyday of ...)": the command's
    # argument, not what the file holds
    said = {
        kind: _ok(clinic, "export", kind, "--person", "Bob", "--out", str(tmp_path / f"{kind}.out")).stderr
        for kind in ("json", "fhir", "diary", "everyday")
    }
    assert f"({'json'} of" not in said["json"]
    assert f"Wrote {tmp_path / 'json.out'} (all the records of 'Bob' (person 3), as JSON)." in said["json"]
    assert "(the FHIR R4 Bundle of 'Bob' (person 3))." in said["fhir"]
    assert "(the diary table of 'Bob' (person 3))." in said["diary"]
    assert "(the everyday walking table of 'Bob' (person 3))." in said["everyday"]

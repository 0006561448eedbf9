"""``backstride diary list`` says what its ``#`` column is for.

README.md said "``diary edit N --pain 3`` corrects day N of that list", and the list showed a bare
``#`` column holding each entry's number (7, 6, ... newest first, shared by everyone in a clinic's
database), so a clinician typed ``diary edit 1`` for the first row and was told entry 1 is "not one
of person 4's records". The list now says under the table that ``#`` is the number the edit and
remove commands take, with the ``--person`` they need.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url


def _ok(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", url], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_the_list_says_which_number_to_give_edit_and_remove(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(url, "people", "add", "Ann")
    _ok(url, "people", "add", "Bob")
    _ok(url, "diary", "add", "--pain", "4", "--date", "2026-11-20", "--person", "Ann")
    _ok(url, "diary", "add", "--pain", "6", "--date", "2026-11-21", "--person", "Bob")
    listed = _ok(url, "diary", "list", "--person", "Bob")
    assert "# is each entry's number" in listed, listed
    assert "backstride diary edit N --person 3 --pain 3" in listed, listed
    assert "backstride diary remove N --person 3" in listed, listed
    _ok(url, "diary", "edit", "2", "--person", "3", "--pain", "3")  # the number shown, for Bob's entry


def test_one_persons_list_needs_no_person(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "home.sqlite3")
    _ok(url, "diary", "add", "--pain", "4", "--date", "2026-11-20")
    listed = _ok(url, "diary", "list")
    assert "backstride diary edit N --pain 3" in listed and "--person" not in listed, listed


def test_a_long_word_in_a_narrow_terminal_is_folded_never_cut(tmp_path: Path) -> None:
    """In an 80-column terminal the list showed the step tried as 'Knee-to-che… stretch': the rest of
    the word was cut off. A word too long for its column now goes on to the next line, whole."""
    url = sqlite_url(tmp_path / "home.sqlite3")
    tried = ["--tried", "lean_forward_cart", "--tried", "knee_to_chest"]
    _ok(url, "diary", "add", "--pain", "5", "--minutes", "12", *tried, "--notes", "Shopping trolley helped")
    result = CliRunner().invoke(app, ["diary", "list", "--db", url], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout, result.stdout
    assert "Knee-to-" in result.stdout, result.stdout


def test_a_clinics_list_speaks_about_the_person_not_to_the_reader(tmp_path: Path) -> None:
    """Found by a physiotherapist: 'diary list --person "Room 4"' in a clinic's database said "What you
    tried", "Keep writing your diary" and "Your diary began" to her, of her patient's diary, where the
    web's diary page says "What they tried". With several people it speaks about them; at home, as before."""
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(url, "people", "add", "Ann")
    _ok(url, "people", "add", "Bob")
    _ok(url, "diary", "add", "--pain", "6", "--date", "2026-11-21", "--person", "Bob", "--tried", "cold_pack")
    listed = _ok(url, "diary", "list", "--person", "Bob")
    # the trend hint says "Keep writing their diary: ..." since 2026-11-28 (it said "Their diary began")
    assert "What they tried" in listed and "Keep writing their diary" in listed, listed
    assert "What you tried" not in listed and "your diary" not in listed.lower(), listed
    home = sqlite_url(tmp_path / "home.sqlite3")
    _ok(home, "diary", "add", "--pain", "6", "--date", "2026-11-21", "--tried", "cold_pack")
    mine = _ok(home, "diary", "list")
    assert "What you tried" in mine and "Keep writing your diary" in mine, mine


def test_a_clinics_list_says_every_line_about_the_person(tmp_path: Path) -> None:
    """Review R8 of the change above: the steps tried ("Tighten your tummy muscles"), the caveat under
    "What seems to help" ("Talk it over with your clinician before you change what you do") and the
    closing notice still spoke to the clinician reading a patient's list; the web's diary page says
    them all about the person. With several people none of them says "you" or "your"."""
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    _ok(url, "people", "add", "Ann")
    _ok(url, "people", "add", "Bob")
    for day in range(1, 7):  # 3 days with the step and 3 without: "What seems to help" is said
        tried = ("--tried", "engage_abdominals") if day % 2 else ()
        on = ("--date", f"2026-11-0{day}", "--person", "Bob")
        _ok(url, "diary", "add", "--pain", str(day % 4 + 2), *on, *tried)
    # The table may wrap a step over two lines; its borders then stand between the words.
    listed = " ".join(re.sub(r"[│┃]", " ", _ok(url, "diary", "list", "--person", "Bob")).split())
    assert "What seems to help" in listed and "They should talk it over with their clinician" in listed, (
        listed
    )
    assert "Tighten their tummy" in listed and "not a diagnosis" in listed, listed
    spoken_to = re.findall(r"\b(?:you|your)\b", listed, re.IGNORECASE)
    assert not spoken_to, listed

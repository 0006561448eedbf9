"""A person's label is the same label in any case, in any script, on SQLite and on PostgreSQL.

Labels are compared by ``core.names.name_key`` (NFC, then case-folded, the rule staff names follow),
kept in ``people.label_key`` with a unique index: SQL ``lower()`` folds only ASCII on SQLite, so
"Zoë" and "ZOË" were two people and ``--person zoë`` did not find "Zoë". Every test runs on SQLite
and on PostgreSQL (``database_url``), through the services, the command line, the People page and
the API; the last ones upgrade a database of the previous version holding such labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.storage.db import Database

ZOE = "Zoë Ångström"
GREEK = "Σωκράτης Παπαδόπουλος"
GERMAN = "Frau Straße"
# (a label as added, how else it may be typed): case, script, composed or not, ß as casefold reads it
SAME_LABELS = [
    (ZOE, "zoë ångström"),
    (ZOE, "ZOË ÅNGSTRÖM"),
    (ZOE, "Zoe\u0308 A\u030angstro\u0308m"),  # the accents typed as letters of their own
    (ZOE, "  zoë   ÅNGSTRÖM "),
    (GREEK, "ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ"),
    (GREEK, "σωκράτης παπαδόπουλος"),
    (GERMAN, "FRAU STRASSE"),
    (GERMAN, "frau strasse"),
]
runner = CliRunner()


@pytest.fixture
def records(database_url: str) -> Iterator[Records]:
    db = Database(database_url).migrate()
    yield Records(db)
    db.dispose()


def _cli(url: str, *args: str) -> Result:
    return runner.invoke(app, [*args, "--db", url])


# ------------------------------------------------------------------------------- the services


@pytest.mark.parametrize(("label", "typed"), SAME_LABELS)
def test_a_label_is_found_in_any_case_and_script(records: Records, label: str, typed: str) -> None:
    records.people.add("Someone Else")
    person = records.people.add(label)
    assert records.people.find(typed).id == person.id
    assert records.people.find(label).id == person.id


@pytest.mark.parametrize(("label", "typed"), SAME_LABELS)
def test_the_same_label_in_another_case_is_refused_and_nobody_is_added(
    records: Records, label: str, typed: str
) -> None:
    person = records.people.add(label)
    with pytest.raises(InputError, match=f"already a person called '{label}' \\(person {person.id}\\)"):
        records.people.add(typed)
    other = records.people.add("Room 4")
    with pytest.raises(InputError, match=f"already a person called '{label}'"):
        records.people.update(other.id, label=typed)
    assert [p.label for p in records.people.list()] == ["Me", label, "Room 4"]


def test_labels_that_only_look_alike_are_two_people(records: Records) -> None:
    for label in ("Zoe Angstrom", ZOE, "Strasse", "Straße 2", "σ", "Σ2"):
        records.people.add(label)
    assert records.people.find("ZOE ANGSTROM").label == "Zoe Angstrom"  # no accents: another label
    assert records.people.find("zoë ångström").label == ZOE


def test_a_person_may_change_the_case_of_their_own_label(records: Records) -> None:
    person = records.people.add("zoë ångström")
    assert records.people.update(person.id, label=ZOE).label == ZOE
    assert records.people.find("ZOË ÅNGSTRÖM").label == ZOE


# ------------------------------------------------------------------------------- the command line


def test_the_command_line_finds_a_person_in_any_case_and_refuses_a_second_one(database_url: str) -> None:
    Database(database_url).migrate().dispose()
    assert _cli(database_url, "people", "add", ZOE).exit_code == 0
    taken = _cli(database_url, "people", "add", "ZOË ÅNGSTRÖM")
    assert taken.exit_code == 2 and f"there is already a person called '{ZOE}' (person 2)" in taken.output
    assert "Traceback" not in taken.output
    assert _cli(database_url, "people", "add", GERMAN).exit_code == 0
    renamed = _cli(database_url, "people", "rename", GERMAN, "zoë ångström")
    assert renamed.exit_code == 2 and f"already a person called '{ZOE}'" in renamed.output
    added = _cli(database_url, "diary", "add", "--pain", "3", "--person", "zoë ångström")
    assert added.exit_code == 0, added.output
    listed = json.loads(_cli(database_url, "people", "list", "--json").stdout)
    assert [(p["label"], p["counts"]["diary_entries"]) for p in listed] == [("Me", 0), (ZOE, 1), (GERMAN, 0)]
    moved = _cli(database_url, "diary", "add", "--pain", "2", "--person", "FRAU STRASSE")
    assert moved.exit_code == 0, moved.output


# ------------------------------------------------------------------------------- the page and the API


def test_the_people_page_refuses_the_same_label_in_another_case(api) -> None:
    added = api.post("/people", data={"label": ZOE}, follow_redirects=False)
    assert added.status_code == 303
    again = api.post("/people", data={"label": "ZOË ÅNGSTRÖM"})
    assert again.status_code == 422 and f"there is already someone called “{ZOE}”" in again.text
    room = api.post("/people", data={"label": "Room 4"}, follow_redirects=False)
    room_id = int(room.headers["location"].split("added=")[1])
    renamed = api.post(f"/people/{room_id}", data={"label": "zoë ångström"})
    assert renamed.status_code == 422 and f"there is already someone called “{ZOE}”" in renamed.text
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me", ZOE, "Room 4"]


@pytest.mark.parametrize(("label", "typed"), SAME_LABELS)
def test_the_people_page_says_a_label_taken_in_its_own_words_whatever_the_script(
    api, label: str, typed: str
) -> None:
    # the page's own check follows the services' rule ("FRAU STRASSE", accents typed apart), so it
    # never falls through to the service's refusal ("This person could not be added: ... (person 2)")
    assert api.post("/people", data={"label": label}, follow_redirects=False).status_code == 303
    again = api.post("/people", data={"label": typed})
    assert again.status_code == 422 and f"there is already someone called “{label}”" in again.text
    assert "could not be" not in again.text
    room = api.post("/people", data={"label": "Room 4"}, follow_redirects=False)
    room_id = int(room.headers["location"].split("added=")[1])
    renamed = api.post(f"/people/{room_id}", data={"label": typed})
    assert renamed.status_code == 422 and f"there is already someone called “{label}”" in renamed.text
    assert "could not be" not in renamed.text


def test_the_api_refuses_the_same_label_in_another_case(api) -> None:
    assert api.post("/api/people", json={"label": GREEK}).status_code == 201
    again = api.post("/api/people", json={"label": "ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ"})
    assert again.status_code == 422 and f"already a person called '{GREEK}'" in again.json()["detail"]
    room = api.post("/api/people", json={"label": GERMAN}).json()["id"]
    assert api.post("/api/people", json={"label": "FRAU STRASSE"}).status_code == 422
    patched = api.patch(f"/api/people/{room}", json={"label": "σωκράτης παπαδόπουλος"})
    assert patched.status_code == 422 and f"already a person called '{GREEK}'" in patched.json()["detail"]
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me", GREEK, GERMAN]
    assert api.patch(f"/api/people/{room}", json={"label": "FRAU STRAßE"}).status_code == 200  # their own


# ------------------------------------------------------------------------------- the upgrade


def _database_at_0006(url: str, labels: list[str]) -> Database:
    from alembic import command

    from backstride.storage.migrate import alembic_config

    db = Database(url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0006_staff")
    people = text("INSERT INTO people (label, height_cm, created_at) VALUES (:label, NULL, :at)")
    with db.engine.begin() as connection:
        for label in labels:
            connection.execute(people, {"label": label, "at": datetime(2026, 11, 20, tzinfo=UTC)})
    return db


def test_a_database_of_the_previous_version_gets_its_keys_and_keeps_its_people(database_url: str) -> None:
    from tests.integration.test_storage_ids import head_revision

    from backstride.storage.migrate import current_revision

    db = _database_at_0006(database_url, [ZOE, GREEK, "Room 4"])
    day = text(
        "INSERT INTO diary_entries (person_id, entry_date, pain_0_10, notes, created_at, updated_at)"
        " VALUES (2, :day, 4, '', :at, :at)"
    )
    with db.engine.begin() as connection:
        connection.execute(day, {"day": datetime(2026, 11, 20).date(), "at": datetime.now(UTC)})
    db.migrate()
    assert current_revision(db.engine) == head_revision()
    records = Records(db)
    kept = [(p.id, p.label) for p in records.people.list()]
    assert kept == [(1, "Me"), (2, ZOE), (3, GREEK), (4, "Room 4")]
    assert records.people.find("zoë ångström").counts["diary_entries"] == 1
    assert records.people.find("ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ").id == 3
    with pytest.raises(InputError, match="already a person called 'Room 4'"):
        records.people.add("ROOM 4")
    assert records.activity.list() == []  # nobody renamed, nothing to say
    uniques = inspect(db.engine).get_unique_constraints("people")
    assert {"label_key"} in [set(u["column_names"]) for u in uniques]
    db.dispose()


def test_labels_kept_before_that_differ_only_in_case_are_told_apart_and_the_upgrade_does_not_fail(
    database_url: str,
) -> None:
    long_label = "Å" * 80
    db = _database_at_0006(
        database_url, [ZOE, "zoë ångström", GERMAN, "FRAU STRASSE", "ZOË ÅNGSTRÖM", long_label, "å" * 80]
    )
    db.migrate()
    records = Records(db)
    labels = [(p.id, p.label) for p in records.people.list()]
    assert labels == [
        (1, "Me"),
        (2, ZOE),  # added first: keeps their label
        (3, "zoë ångström (person 3)"),
        (4, GERMAN),
        (5, "FRAU STRASSE (person 5)"),
        (6, "ZOË ÅNGSTRÖM (person 6)"),
        (7, long_label),
        (8, "å" * 69 + " (person 8)"),  # cut to fit 80 characters
    ]
    assert all(len(label) <= 80 for _, label in labels)
    assert records.people.find("ZOË ÅNGSTRÖM").id == 2
    assert records.people.find("zoë ångström (PERSON 3)").id == 3
    lines = [(e.action, e.person_id, e.person_label, e.detail) for e in reversed(records.activity.list())]
    assert lines[0] == (
        "person_changed",
        3,
        "zoë ångström (person 3)",
        f"renamed from 'zoë ångström' when backstride was upgraded: '{ZOE}' has the same label in another"
        " case, and labels now differ in more than case",
    )
    assert [line[1] for line in lines] == [3, 5, 6, 8]
    db.dispose()


def test_going_down_to_the_previous_version_keeps_everyone(database_url: str) -> None:
    from backstride.storage.migrate import current_revision, downgrade_to

    db = _database_at_0006(database_url, [ZOE, "Room 4"])
    db.migrate()
    downgrade_to(db.engine, "0006_staff")
    assert current_revision(db.engine) == "0006_staff"
    assert "label_key" not in {c["name"] for c in inspect(db.engine).get_columns("people")}
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT label FROM people ORDER BY id")).scalars().all() == [
            "Me",
            ZOE,
            "Room 4",
        ]
    db.migrate()
    assert Records(db).people.find("room 4").label == "Room 4"
    db.dispose()


def test_a_file_made_for_a_label_in_another_case_is_the_same_person() -> None:
    from backstride.services.people import same_label

    assert same_label("FRAU STRASSE", GERMAN) and same_label(" zoë  ÅNGSTRÖM", ZOE)
    assert not same_label("Zoe Angstrom", ZOE)


def test_a_rename_racing_another_is_refused_by_the_database_not_a_500(
    records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two renames to the same label at once both pass the look-up; the unique label_key decides, and
    the one that loses is refused in the same words, changing nothing (it was a database error)."""
    ann = records.people.add("Ann")
    bob = records.people.add("Bob", height_cm=180)
    lines = len(records.activity.list())
    monkeypatch.setattr("backstride.services.people._same_label", lambda *a, **k: None)  # the race
    with pytest.raises(InputError, match="there is already a person called 'ANN'"):
        records.people.update(bob.id, label="ANN", height_cm=175)
    monkeypatch.undo()
    kept = [(p.label, p.height_cm) for p in records.people.list() if p.id in (ann.id, bob.id)]
    assert kept == [("Ann", None), ("Bob", 180.0)]
    assert len(records.activity.list()) == lines  # nothing written
    assert records.people.update(bob.id, label="Bob B").label == "Bob B"  # the session is usable
    assert records.people.find("ann").id == ann.id

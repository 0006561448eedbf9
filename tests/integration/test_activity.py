"""What was done to the records (``services.activity``): the list a clinic keeps to account for changes.

Each change that a clinic must be able to account for writes one line, in the same transaction as the
change: so a refused change writes none. The line says through which interface and from where. Every
test runs on SQLite and on PostgreSQL (``database_url``) where it touches the database.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app as cli
from backstride.core.acting import acting
from backstride.core.errors import InputError
from backstride.services.access import Access
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

TODAY = date.today().isoformat()


def _lines(records: Records) -> list[tuple[str, str | None, str, str]]:
    """(action, person label, detail, via), oldest first."""
    return [(e.action, e.person_label, e.detail, e.via) for e in reversed(records.activity.list(limit=1000))]


def test_each_change_writes_one_line_and_the_person_stays_named_after_deletion(records: Records) -> None:
    records.add_diary_entry(entry_date=TODAY, pain_0_10=3)  # makes "Me"; a diary day is not listed
    ann = records.people.add("Ann", height_cm=170)
    records.people.update(ann.id, label="Ann B", height_cm=None)
    records.people.update(ann.id, label="Ann B")  # no change: no line
    records.for_person(ann.id).add_diary_entry(entry_date=TODAY, pain_0_10=5)
    records.for_person(ann.id).export_all(as_what="FHIR")
    records.people.delete(ann.id)
    assert _lines(records) == [
        ("person_added", "Ann", "", "python"),
        ("person_changed", "Ann B", "renamed from 'Ann'; height forgotten", "python"),
        ("records_downloaded", "Ann B", "as FHIR", "python"),
        ("person_deleted", "Ann B", "0 checks, 0 walks and 1 diary entry", "python"),
    ]
    assert {e.person_id for e in records.activity.list()} == {ann.id}  # kept after they are gone


def test_a_refused_change_writes_no_line(records: Records) -> None:
    records.people.add("Ann")
    with pytest.raises(InputError):
        records.people.add("ANN")  # the same label in another case
    with pytest.raises(InputError):
        records.people.update(1, height_cm=20)  # out of range
    assert [line[0] for line in _lines(records)] == ["person_added"]


def test_the_interface_and_address_are_written_with_the_change(records: Records) -> None:
    with acting("page", "192.0.2.7"):
        records.people.add("Room 4")
    with acting("command line"):
        Access(records.db).set_password("correct horse battery staple")
        Access(records.db).clear()
        Access(records.db).clear()  # nothing to clear: no line
    newest_first = records.activity.list()
    assert [(e.action, e.via, e.client) for e in reversed(newest_first)] == [
        ("person_added", "page", "192.0.2.7"),
        ("password_set", "command line", None),
        ("password_cleared", "command line", None),
    ]
    with pytest.raises(ValueError, match="unknown interface"):
        with acting("carrier pigeon"):
            pass


def test_deleting_everything_at_home_leaves_only_that_it_was_done(records: Records) -> None:
    me = records  # one person: a home install
    me.add_diary_entry(entry_date=TODAY, pain_0_10=3)
    me.export_all()
    assert me.delete_all()["diary_entries"] == 1
    assert _lines(me) == [("records_deleted", "Me", "0 checks, 0 walks and 1 diary entry", "python")]


def test_in_a_clinic_deleting_one_persons_records_keeps_the_list(records: Records) -> None:
    records.add_diary_entry(entry_date=TODAY, pain_0_10=3)
    bob = records.people.add("Bob")
    records.for_person(bob.id).delete_all()
    assert [line[0] for line in _lines(records)] == ["person_added", "records_deleted"]


def test_a_restore_writes_what_it_added(records: Records) -> None:
    records.add_diary_entry(entry_date=TODAY, pain_0_10=3)
    saved = json.dumps(records.export_all())
    ann = records.people.add("Ann")
    restore_export(records.for_person(ann.id), saved)
    restore_export(records.for_person(ann.id), saved)
    restored = [line for line in _lines(records) if line[0] == "records_restored"]
    assert restored == [
        (
            "records_restored",
            "Ann",
            "0 checks, 0 walks and 1 diary entry added; 0 checks, 0 walks and 0 diary entries already here",
            "python",
        ),
        (
            "records_restored",
            "Ann",
            "0 checks, 0 walks and 0 diary entries added; 0 checks, 0 walks and 1 diary entry already here",
            "python",
        ),
    ]


def test_the_list_is_newest_first_in_pages_and_refuses_a_bad_limit(records: Records) -> None:
    for n in range(5):
        records.people.add(f"Room {n}")
    first = records.activity.list(limit=2)
    assert [e.person_label for e in first] == ["Room 4", "Room 3"]
    following = records.activity.list(limit=2, before=first[-1].id)
    assert [e.person_label for e in following] == ["Room 2", "Room 1"]
    assert records.activity.list(before=2**40)[0].person_label == "Room 4"  # past any id: everything
    for bad in (0, 1001, "10", 2.5, True):
        with pytest.raises(InputError, match="limit must be a whole number from 1 to 1000"):
            records.activity.list(limit=bad)


def test_the_api_and_the_page_show_the_list_with_the_interface(api: TestClient) -> None:
    added = api.post("/api/people", json={"label": "Room 4"}).json()
    api.get(f"/api/export/diary.csv?person_id={added['id']}")
    lines = api.get("/api/activity").json()
    assert [(e["action"], e["person_label"], e["detail"], e["via"]) for e in lines] == [
        ("table_downloaded", "Room 4", "as a CSV table of diary", "API"),
        ("person_added", "Room 4", "", "API"),
    ]
    assert lines[0]["client"] == "testclient" and lines[0]["what"] == "Downloaded one table of the records"
    assert api.get("/api/activity?limit=1").json()[0]["id"] == lines[0]["id"]
    assert api.get("/api/activity?limit=0").status_code == 422
    page = api.get("/activity")
    assert page.status_code == 200
    assert "Downloaded one table of the records" in page.text and "Room 4 (person 2)" in page.text
    assert "the API" in page.text and "testclient" in page.text
    assert '<a href="/activity">What was done</a>' in api.get("/people").text
    assert api.get("/activity?before=0").status_code == 422


def test_the_data_pages_downloads_are_listed_as_done_on_a_page_and_a_table_as_one_table(
    api: TestClient,
) -> None:
    room = api.post("/api/people", json={"label": "Room 4"}).json()["id"]
    api.post("/api/people", json={"label": "Room 5"})
    data = api.get(f"/data?person={room}").text
    links = re.findall(r'href="(/data/export/[^"]+)"', data)  # FHIR and each table, from the page
    assert len(links) == 6 and f"/data/export/fhir?person={room}" in links, links
    for link in (f"/data/export/fhir?person={room}", f"/data/export/walks.csv?person={room}"):
        got = api.get(link)
        assert got.status_code == 200 and f"-person-{room}." in got.headers["content-disposition"], link
    lines = api.get("/api/activity?limit=2").json()
    assert [(e["action"], e["what"], e["detail"], e["via"]) for e in lines] == [
        ("table_downloaded", "Downloaded one table of the records", "as a CSV table of walks", "page"),
        ("records_downloaded", "Downloaded all records", "as FHIR", "page"),
    ]
    assert "on a page" in lines[0]["who"]
    assert api.get(f"/data/export/nothing.csv?person={room}").status_code == 404


def test_a_table_downloaded_before_it_had_its_own_action_is_said_as_one_table(records: Records) -> None:
    records.note_download("a CSV table of diary")  # as a version before this one wrote it
    (line,) = records.activity.list(limit=1)
    assert line.action == "records_downloaded" and line.what == "Downloaded one table of the records"


@pytest.mark.parametrize("what", ["diary.csv", "fhir"])
def test_an_export_the_app_could_not_make_is_not_written_down_as_downloaded(
    api: TestClient, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    # the line comes once the file is made, as on the command line: a failure while it is made
    # (here a stand-in refusal) hands nothing out and writes no "Downloaded all records"
    def cannot(*_args: object) -> None:
        raise InputError("this export could not be made")

    monkeypatch.setattr("backstride.services.sharing.csv_table", cannot)
    monkeypatch.setattr("backstride.services.sharing._fhir_bundle", cannot)
    added = api.post("/api/people", json={"label": "Room 4"}).json()
    assert api.get(f"/api/export/{what}?person_id={added['id']}").status_code == 422
    assert [e["action"] for e in api.get("/api/activity").json()] == ["person_added"]


def test_the_api_document_names_every_action_the_list_can_hold(api: TestClient) -> None:
    from backstride.services.activity import ACTIONS

    described = api.get("/api/openapi.json").json()["components"]["schemas"]["EventOut"]["properties"]
    said = described["action"]["description"]
    assert all(action in said for action in ACTIONS), [a for a in ACTIONS if a not in said]


def test_a_page_form_is_written_as_done_on_a_page(tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path / "pages.sqlite3"))
    with TestClient(create_app(settings)) as client:
        client.post("/people", data={"label": "Room 9", "height_cm": ""})
        (line,) = client.get("/api/activity").json()
    assert (line["action"], line["via"], line["person_label"]) == ("person_added", "page", "Room 9")


def test_the_command_line_shows_the_list_and_writes_as_the_command_line(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite3")
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "Room 4", "--db", url]).exit_code == 0
    shown = runner.invoke(cli, ["activity", "--json", "--db", url])
    assert shown.exit_code == 0
    (line,) = json.loads(shown.stdout)
    assert (line["action"], line["via"], line["person_label"]) == ("person_added", "command line", "Room 4")
    table = runner.invoke(cli, ["activity", "--db", url], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Added a person" in table.stdout
    bad = runner.invoke(cli, ["activity", "--limit", "0", "--db", url])
    assert bad.exit_code == 2 and "expected a whole number from 1 to 1000, got '0'" in bad.output
    missing = runner.invoke(cli, ["activity", "--db", sqlite_url(tmp_path / "none.sqlite3")])
    assert missing.exit_code == 2 and "no saved data" in missing.output
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("kind", ["json", "fhir", "diary"])
def test_an_export_the_command_line_could_not_write_is_not_written_down_as_downloaded(
    tmp_path: Path, kind: str
) -> None:
    # found by fuzzing the command line: 'export json --out /proc/x.json' said "nothing was written"
    # yet the activity list said "Downloaded all records"
    url = sqlite_url(tmp_path / "cli.sqlite3")
    runner = CliRunner()
    assert runner.invoke(cli, ["diary", "add", "--pain", "3", "--db", url]).exit_code == 0

    def downloads() -> list[dict]:
        lines = json.loads(runner.invoke(cli, ["activity", "--json", "--db", url]).stdout)
        return [line for line in lines if line["action"] in ("records_downloaded", "table_downloaded")]

    (tmp_path / "taken.json").write_text("keep me")
    for out in (
        "/proc/x.json",
        str(tmp_path),
        str(tmp_path / "no" / "such.json"),
        str(tmp_path / "taken.json"),
    ):
        refused = runner.invoke(cli, ["export", kind, "--out", out, "--db", url])
        assert refused.exit_code == 2 and "nothing was written" in refused.output
    assert downloads() == []
    assert runner.invoke(cli, ["export", kind, "--out", str(tmp_path / "ok.out"), "--db", url]).exit_code == 0
    (line,) = downloads()
    assert line["via"] == "command line" and line["detail"].startswith("as ")
    assert runner.invoke(cli, ["export", kind, "--db", url]).exit_code == 0  # printed: handed out too
    assert len(downloads()) == 2


def test_the_days_of_everyday_walking_restored_and_deleted_are_in_the_list(records: Records) -> None:
    from tests.integration.test_everyday import TDDA

    from backstride.services.everyday import Everyday

    Everyday(records).import_path(TDDA)  # two days
    saved = json.dumps(records.export_all())
    ann = records.people.add("Ann")
    restore_export(records.for_person(ann.id), saved)
    records.for_person(ann.id).delete_all()
    lines = {line[0]: line[2] for line in _lines(records)}
    assert lines["records_restored"] == (
        "0 checks, 0 walks and 0 diary entries; 2 days of everyday walking added; "
        "0 checks, 0 walks and 0 diary entries already here"
    )
    assert lines["records_deleted"] == "0 checks, 0 walks and 0 diary entries; 2 days of everyday walking"

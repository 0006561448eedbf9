"""Deleting everything, or a person, says what is true: what is deleted can come back only from a copy
saved before now, and where that copy is restored; as the diary's Remove question says it ("It can come
back only from a copy of the data saved before now", with the Data page's "Restore"). The tick boxes of
"Delete everything" and "Delete <person>" on the pages, and ``backstride people delete``'s question,
said "This cannot be undone", which a copy saved before makes untrue. The tests here also do what the
words say: a copy saved before the deletion brings the records back."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app as cli
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

COPY_BRINGS_BACK = "They can come back only from a copy saved before now."


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _tick_box(page: str, action: str) -> str:
    form = page[page.index(f'action="{action}"') :]
    return _text(form[form.index("<label") : form.index("</label>")])


@pytest.fixture
def client(tmp_path: Path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def test_the_data_pages_delete_everything_says_a_copy_brings_it_back(client: TestClient) -> None:
    page = client.get("/data").text
    assert "cannot be undone" not in page
    assert _tick_box(page, "/data/delete").endswith(f"and my everyday walking. {COPY_BRINGS_BACK}")
    # the "Restore" it names is a link to the form above
    assert '<a href="#restore-heading">“Restore”</a> above' in page
    assert 'id="restore-heading"' in page
    # a clinic's Data page of one person says it about them
    ann = client.post("/api/people", json={"label": "Ann"}).json()["id"]
    theirs = client.get(f"/data?person={ann}").text
    assert "cannot be undone" not in theirs
    assert _tick_box(theirs, "/data/delete").endswith(f"No one else's. {COPY_BRINGS_BACK}")


def test_the_person_page_says_how_a_deleted_person_comes_back(client: TestClient) -> None:
    ann = client.post("/api/people", json={"label": "Ann"}).json()["id"]
    page = client.get(f"/people/{ann}").text
    assert "cannot be undone" not in page
    said = _text(page)
    assert (
        "Once deleted, they can come back only from a copy saved before now: add Ann again on the "
        "People page, then use “Restore” on their Data page. To keep a copy first, download their data"
    ) in said
    assert (
        _tick_box(page, f"/people/{ann}/delete") == f"Yes, delete Ann and their 0 records. {COPY_BRINGS_BACK}"
    )


def test_what_the_person_page_says_brings_them_back(client: TestClient) -> None:
    """Their data downloaded, Ann deleted, added again and the copy restored on their Data page: back."""
    ann = client.post("/api/people", json={"label": "Ann"}).json()["id"]
    client.post(f"/api/diary?person_id={ann}", json={"entry_date": "2026-11-20", "pain_0_10": 4})
    copy = client.get(f"/data/export.json?person={ann}").content
    assert (
        client.post(f"/people/{ann}/delete", data={"confirm": "yes"}, follow_redirects=False).status_code
        == 303
    )
    again = client.post("/api/people", json={"label": "Ann"}).json()["id"]
    restored = client.post(  # the Data page's Restore form, from their Data page
        "/data/import",
        data={"person_id": str(again)},
        files={"file": ("copy.json", copy)},
        follow_redirects=False,
    )
    assert restored.status_code == 303, restored.text
    entries = client.get(f"/api/diary?person_id={again}").json()
    assert [(e["entry_date"], e["pain_0_10"]) for e in entries] == [("2026-11-20", 4)]


def test_people_delete_names_the_commands_that_save_and_restore_a_copy(tmp_path: Path) -> None:
    runner = CliRunner()
    url = sqlite_url(tmp_path / "clinic.sqlite3")

    def run(*args: str):
        done = runner.invoke(cli, [*args, "--db", url])
        assert done.exit_code == 0, (args, done.output)
        return done

    run("people", "add", "Ann")
    run("diary", "add", "--pain", "4", "--date", "2026-11-20", "--person", "Ann")
    asked = runner.invoke(cli, ["people", "delete", "Ann", "--db", url])
    assert asked.exit_code == 2 and "cannot be undone" not in asked.stderr
    question = asked.stderr.splitlines()[0]
    assert "They can come back only from a copy saved before now" in question
    # the commands it names do what it says
    saved = re.search(r"'backstride (export json --person \d+ --out FILE)'", question)
    restore = re.search(r"'backstride (import FILE --person NAME)'", question)
    assert saved and restore, question
    copy = tmp_path / "ann.json"
    run(*saved.group(1).replace("FILE", str(copy)).split())
    run("people", "delete", "Ann", "--yes")
    run("people", "add", "Ann")
    run(*restore.group(1).replace("FILE", str(copy)).replace("NAME", "Ann").split())
    listed = json.loads(run("export", "json", "--person", "Ann").stdout)
    assert [(e["entry_date"], e["pain_0_10"]) for e in listed["diary_entries"]] == [("2026-11-20", 4)]

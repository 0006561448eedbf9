"""The People list, a person's page and ``backstride people list`` name each person's days of everyday
walking beside their checks, walks and diary, as deleting a person already did. The days are
imported through the app (the page's upload, ``Everyday.import_file``), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from html import unescape

from fastapi.testclient import TestClient
from tests.integration.test_everyday import health_xml
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.everyday import Everyday
from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()
THREE_DAYS = health_xml(
    ("StepCount", "2026-11-17", 3000, "count"),
    ("StepCount", "2026-11-18", 4000, "count"),
    ("WalkingSpeed", "2026-11-19", 3.6, "km/hr"),  # a day with a speed and no steps counts too
)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _people(records: Records) -> tuple[int, int]:
    """Ann with three everyday days and a diary entry, Bob with nothing: their ids."""
    ann = records.people.add("Ann").id
    bob = records.people.add("Bob").id
    Everyday(records.for_person(ann)).import_file("export.xml", THREE_DAYS)
    records.for_person(ann).add_diary_entry(entry_date="2026-11-18", pain_0_10=5)
    return ann, bob


def test_each_person_is_listed_with_their_days_of_everyday_walking(records: Records) -> None:
    ann, bob = _people(records)
    listed = {p.label: p for p in records.people.list()}
    assert (listed["Ann"].everyday_days, listed["Bob"].everyday_days, listed["Me"].everyday_days) == (3, 0, 0)
    assert listed["Ann"].counts == {"assessments": 0, "gait_recordings": 0, "diary_entries": 1}
    assert records.people.get(ann).everyday_days == 3 and records.people.find("ann").everyday_days == 3
    assert records.people.update(ann, height_cm=170).everyday_days == 3
    assert records.people.get(ann).to_dict()["everyday_days"] == 3
    assert records.people.get(ann).records_in_words() == (
        "0 checks, 0 walks and 1 diary entry; 3 days of everyday walking"
    )
    assert records.people.get(bob).records_in_words() == "0 checks, 0 walks and 0 diary entries"
    assert records.people.delete(ann)["everyday_days"] == 3  # and deleting still says so


def test_the_people_page_and_the_persons_page_name_the_days(records: Records, database_url: str) -> None:
    ann, bob = _people(records)
    with TestClient(create_app(Settings(database_url=database_url))) as web:
        listing = web.get("/people").text
        ann_page = _text(web.get(f"/people/{ann}").text)
        bob_page = _text(web.get(f"/people/{bob}").text)
        people = web.get("/api/people").json()
        one = web.get(f"/api/people/{ann}").json()["everyday_days"]
    assert '<th scope="col">Everyday walking days</th>' in listing
    rows = {
        unescape(m.group(1)): [int(n) for n in re.findall(r'<td class="num"[^>]*>(\d+)</td>', m.group(2))]
        for m in re.finditer(
            r'<tr><th scope="row">([^<]+?)(?: <span[^<]*</span>)?</th>(.*?)</tr>', listing, re.S
        )
    }
    assert rows["Ann"] == [0, 0, 1, 3] and rows["Bob"] == [0, 0, 0, 0]  # checks, walks, diary, everyday
    assert "Ann has 0 checks, 0 walks and 1 diary day; 3 days of everyday walking." in ann_page
    assert "Bob has 0 checks, 0 walks and 0 diary days." in bob_page
    assert [p["everyday_days"] for p in people] == [0, 3, 0]  # the API too (Me, Ann, Bob)
    assert one == 3


def test_backstride_people_list_has_a_column_and_a_json_key_for_the_days(
    records: Records, database_url: str
) -> None:
    _people(records)
    table = runner.invoke(cli_app, ["people", "list", "--db", database_url], env={"COLUMNS": "120"})
    assert table.exit_code == 0, table.output
    assert "Everyday walking days" in table.output
    ann = next(line for line in table.output.splitlines() if "Ann" in line)
    assert [cell.strip() for cell in ann.strip("│ ").split("│")][-4:] == ["0", "0", "1", "3"]
    listed = runner.invoke(cli_app, ["people", "list", "--json", "--db", database_url])
    assert listed.exit_code == 0, listed.output
    by_label = {p["label"]: p for p in json.loads(listed.output)}
    assert (by_label["Ann"]["everyday_days"], by_label["Bob"]["everyday_days"]) == (3, 0)

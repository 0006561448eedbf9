"""A clinician looking at a person's records is not the person: Home, the Walks page and a walk's
page speak about them ("Ana's walk", "their steps") in a clinic (several people) or to a staff member
signed in; at home (one person, nobody signed in) they keep speaking to the person ("Your walk").
The report says honestly that who sent a walk is not kept, never that the person recorded it."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
STAFF_PASSWORD = "a long staff password"


def _words(html: str) -> str:
    """The text of the page's main part (not the footer every page shares), tags taken out, spaces
    made one."""
    main = re.search(r"<main\b.*?</main>", html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main.group(0) if main else html)).split())


def _database(path: Path, *labels: str) -> tuple[str, dict[str, int]]:
    """A database with these people (the first one: a walk of the lab data) and their ids."""
    url = sqlite_url(path)
    records = Records(Database(url).migrate())
    ids = {}
    for label in labels:
        ids[label] = records.people.add(label).id if label != "Me" else 1
    walker = records.for_person(ids[labels[0]])
    # a file's name is shown as it is, never turned about the person ("their walk.csv")
    walker.upload_walk(
        "your walk.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    records.db.dispose()
    return url, ids


def test_a_clinics_pages_say_ana_s_walk_and_their_steps(tmp_path: Path) -> None:
    url, ids = _database(tmp_path / "clinic.sqlite3", "Ana", "Ben")
    with TestClient(create_app(Settings(database_url=url))) as web:
        ana = ids["Ana"]
        home_page = web.get(f"/?person={ana}").text
        assert ">Walks</a>" in home_page and "My walks" not in home_page  # the menu: not the reader's
        home = _words(home_page)
        assert "Send a walk recorded with their phone at their belt, to see their steps and pace." in home
        assert "Keep a diary of their pain and how long they can walk." in home
        assert "See their past checks" in home and "Track how they are doing" in home
        assert "your phone" not in home and "your steps" not in home
        walks = web.get(f"/walks?person={ana}").text
        said = _words(walks)
        assert "We count their steps and work out their pace" in said and "Their height in cm" in said
        assert "When did they have to stop?" in said and "Walks sent" in said
        assert "your steps" not in said and "Your walk file" not in said and "Your height" not in said
        assert "They can also drag" not in said  # the reader drags the file, not the person
        (walk_id,) = {int(n) for n in re.findall(r'href="/walks/(\d+)"', walks)}
        page = web.get(f"/walks/{walk_id}").text
        walk = _words(page)
        assert "<title>Ana's walk" in unescape(page)
        assert "your walk.csv" in said and "your walk.csv" in walk and "their walk.csv" not in said + walk
        assert walk.count("Ana's walk from") == 1 and "this is when it was sent" in walk
        assert (
            "Walking habits that can load their back" in walk and "How this walk changes their plan" in walk
        )
        assert "Your walk" not in walk and "You sent it" not in walk and "your back" not in walk


def test_a_staff_member_signed_in_reads_the_persons_walk(tmp_path: Path) -> None:
    url, _ = _database(tmp_path / "one.sqlite3", "Me")
    app = create_app(Settings(database_url=url))
    with TestClient(app) as web:
        app.state.access.add_staff("Dr Lee", STAFF_PASSWORD)
        web.auth = ("Dr Lee", STAFF_PASSWORD)
        walks = web.get("/walks").text
        (walk_id,) = {int(n) for n in re.findall(r'href="/walks/(\d+)"', walks)}
        walk = _words(web.get(f"/walks/{walk_id}").text)
        assert "The person's walk from" in walk and "Your walk" not in walk
        assert "recorded with their phone" in _words(web.get("/").text)
        backup = web.get("/data/export.json").content
    fresh = create_app(Settings(database_url=sqlite_url(tmp_path / "fresh.sqlite3")))
    with TestClient(fresh) as web:
        fresh.state.access.add_staff("Dr Lee", STAFF_PASSWORD)
        web.auth = ("Dr Lee", STAFF_PASSWORD)
        restored = web.post("/data/import", files={"file": ("backup.json", backup)})
        assert "Restored: 1 walk and their height added." in _words(restored.text), _words(restored.text)


def test_at_home_the_pages_still_speak_to_the_person(tmp_path: Path) -> None:
    url, _ = _database(tmp_path / "home.sqlite3", "Me")
    with TestClient(create_app(Settings(database_url=url))) as web:
        walks = web.get("/walks").text
        assert "We count your steps" in _words(walks) and "Walks you sent" in _words(walks)
        (walk_id,) = {int(n) for n in re.findall(r'href="/walks/(\d+)"', walks)}
        walk = _words(web.get(f"/walks/{walk_id}").text)
        assert "Your walk from" in walk and "this is when you sent it" in walk
        home = web.get("/").text
        assert "Send a walk recorded with your phone" in _words(home) and "My walks" in home


def test_the_report_does_not_say_the_person_recorded_walks_a_clinician_may_have_sent(tmp_path: Path) -> None:
    url, ids = _database(tmp_path / "clinic.sqlite3", "Ana", "Ben")
    records = Records(Database(url))
    report = _words(render_report(records.for_person(ids["Ana"])))
    assert "recorded the walks themselves" not in report  # each walk says who sent it (0015)
    # with no sign-in (no staff, no shared password) nothing speaks of staff: who sent each walk is said
    # in small print only in a clinic (31f00d03; tests/integration/test_walk_sent_by.py signs in)
    assert "staff member" not in report


def test_every_page_calls_sending_a_walk_by_the_same_words(tmp_path: Path) -> None:
    # Home's link said "Upload a walk", the Walks page's heading "Send a walk": two names for one thing
    url, _ = _database(tmp_path / "home.sqlite3", "Me")
    with TestClient(create_app(Settings(database_url=url))) as web:
        home = web.get("/").text
        assert re.search(r'<a href="/walks">Send a walk</a>', home), _words(home)
        walks = web.get("/walks").text
        assert re.search(r"<h2[^>]*>Send a walk</h2>", walks)
        assert '<button type="submit">Send the walk</button>' in walks
        for path in ("/", "/walks", "/diary", "/everyday", "/data", "/walking-test", "/history", "/check"):
            page = web.get(path)
            assert page.status_code == 200, path
            assert "upload" not in _words(page.text).lower(), path

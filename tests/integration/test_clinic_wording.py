"""What the pages say about where records are kept: true at home and true in a clinic.

At home (one person, a browser on this computer, no password) the pages say the records stay on
this computer. When the app keeps several people's records, has a password, or answers another
computer, that is not true (everyone who can open the app can see them), so the pages say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.services.access import Access
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

HOME_FOOTER = "Your answers, walks and diary stay on this computer."
HOME_DATA = "Everything you enter stays on this computer."
SHARED_NOTE = "Everyone who can open this app can see them."
PAGES = ("/", "/diary", "/data", "/people")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=sqlite_url(tmp_path / "wording.sqlite3"))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _says_home(text: str) -> bool:
    return HOME_FOOTER in text


def test_at_home_the_pages_say_the_records_stay_on_this_computer(client: TestClient) -> None:
    client.post("/api/diary", json={"entry_date": date.today().isoformat(), "pain_0_10": 3})
    for path in PAGES:
        text = client.get(path).text
        assert _says_home(text) and SHARED_NOTE not in text, path
        assert "Save or delete your data" in text, path
    assert HOME_DATA in client.get("/data").text


def test_with_several_people_no_page_says_the_records_stay_on_this_computer(client: TestClient) -> None:
    second = client.post("/api/people", json={"label": "Room 4"}).json()["id"]
    for path in (f"/?person={second}", f"/diary?person={second}", f"/data?person={second}", "/people"):
        text = client.get(path).text
        assert not _says_home(text) and SHARED_NOTE in text, path
        assert HOME_DATA not in text, path
    assert "Save or delete these records" in client.get(f"/diary?person={second}").text


def test_with_a_password_no_page_says_the_records_stay_on_this_computer(client: TestClient) -> None:
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    access.set_password(PASSWORD)
    sign_in = client.get("/sign-in").text
    assert not _says_home(sign_in) and SHARED_NOTE in sign_in
    client.post("/sign-in", data={"password": PASSWORD, "next": "/"})
    for path in PAGES:
        text = client.get(path).text
        assert not _says_home(text) and SHARED_NOTE in text, path
    assert HOME_DATA not in client.get("/data").text


def test_a_page_opened_from_another_computer_does_not_say_this_computer(settings: Settings) -> None:
    # served with --no-password behind the clinic's own sign-in: the browser is on another computer
    with TestClient(create_app(settings), client=("192.0.2.7", 50000)) as remote:
        for path in PAGES:
            text = remote.get(path).text
            assert not _says_home(text) and SHARED_NOTE in text, path
    for loopback in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):  # the last: a server on "::"
        with TestClient(create_app(settings), client=(loopback, 50000)) as local:
            assert _says_home(local.get("/").text), loopback
    with TestClient(create_app(settings), client=("::ffff:192.0.2.7", 50000)) as mapped:
        assert not _says_home(mapped.get("/").text)


def test_the_sign_in_page_says_only_what_is_true_with_one_person(client: TestClient) -> None:
    # a password on an app with one person's records (a home user who set one, or a clinic's first
    # day): the page must not say it keeps other people's records too
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    access.set_password(PASSWORD)
    text = client.get("/sign-in").text
    assert "other people" not in text
    assert "This backstride has a password, so only the people who may see its records can open it." in text


def test_the_person_cookie_is_secure_when_the_app_is_reached_over_https(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://testserver") as secure:
        second = secure.post("/api/people", json={"label": "Room 4"}).json()["id"]
        opened = secure.get(f"/diary?person={second}")
        assert (
            "Secure" in opened.headers["set-cookie"] and "backstride_person" in opened.headers["set-cookie"]
        )
        chosen = secure.post(f"/people/{second}/open", follow_redirects=False)
        assert "Secure" in chosen.headers["set-cookie"]
    with TestClient(create_app(settings)) as plain:  # http on this computer: a Secure cookie would be lost
        assert "Secure" not in plain.get(f"/diary?person={second}").headers["set-cookie"]


def test_a_page_for_a_person_deleted_meanwhile_links_to_the_list_of_people(client: TestClient) -> None:
    # a clinician's older tab: the person was deleted in another; the page says so and links to People
    client.post("/api/people", json={"label": "Room 4"})
    gone = client.post("/api/people", json={"label": "Room 5"}).json()["id"]
    client.delete(f"/api/people/{gone}")
    sent = client.post("/diary", data={"person_id": str(gone), "entry_date": "2026-11-20", "pain_0_10": "3"})
    opened = client.get(f"/diary?person={gone}")
    for page in (sent, opened, client.get(f"/people/{gone}")):
        assert page.status_code == 404
        assert f"Person {gone} does not exist" in page.text
        assert '<a href="/people">See the list of people</a>' in page.text
    assert (
        '<a href="/people">' not in client.get("/check/123456").text.split("<main", 1)[1]
    )  # other pages: no


def test_with_several_people_the_data_page_speaks_of_the_person_not_of_you(client: TestClient) -> None:
    second = client.post("/api/people", json={"label": "Room 4"}).json()["id"]
    text = client.get(f"/data?person={second}").text
    assert (
        "<title>Data · Records of Room 4 · backstride</title>" in text
        and "<h1>Records of Room 4</h1>" in text
    )
    assert "Download all the records of Room 4" in text and "Open the report of Room 4" in text
    page = text[text.index("<main") : text.index("</main>")]  # the footer's disclaimer speaks to a reader
    assert "your data" not in page.lower() and "your clinician" not in page
    home = client.get("/data?person=1").text  # the same page for "Me" names Me, not "you"
    assert "<h1>Records of Me</h1>" in home


def test_with_several_people_the_list_pages_name_the_person_not_you(client: TestClient) -> None:
    second = client.post("/api/people", json={"label": "Room 4"}).json()["id"]
    for path, heading, title in (
        ("/diary", "Diary of Room 4", "Diary"),
        ("/walks", "Walks of Room 4", "Walks"),
        ("/history", "Past checks of Room 4", "Past checks"),
    ):
        text = client.get(f"{path}?person={second}").text
        assert f"<h1>{heading}</h1>" in text, path
        assert f"<title>{title} · Records of Room 4 · backstride</title>" in text, path


def test_at_home_the_list_pages_still_speak_to_you(client: TestClient) -> None:
    home = (("/diary", "Your diary"), ("/walks", "Your walks"), ("/history", "Your past checks"))
    for path, heading in home:
        text = client.get(path).text
        assert f"<h1>{heading}</h1>" in text and f"<title>{heading} · backstride</title>" in text, path


def test_the_api_docs_do_not_say_the_api_runs_on_this_computer_only(client: TestClient) -> None:
    """Found by a physiotherapist setting up a clinic: with a password and other computers reaching the
    app, /api/docs (and the OpenAPI document) still said "Local API ... Runs on this computer only."."""
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    access.set_password(PASSWORD)
    client.post("/sign-in", data={"password": PASSWORD, "next": "/"})
    for path in ("/api/docs", "/api/openapi.json"):
        text = client.get(path).text
        assert "this computer only" not in text and "Local API" not in text, path
        assert "Not a diagnosis" in text, path
        # review R8: a reverse proxy on the same computer (docs/clinic.md's HTTPS) serves it to others
        # without --host, so "this computer alone, unless --host" was not true either
        assert "computer alone" not in text and "proxy" in text, path


def test_a_clinics_data_page_does_not_offer_to_keep_several_people_again(client: TestClient) -> None:
    """Found by a physiotherapist with three patients: the Data page still ended "More than one person:
    Keep records for more than one person (for example in a clinic)", as if the clinic had not. With
    several people it says the page holds one person's records and where to open another's."""
    second = client.post("/api/people", json={"label": "Room 4"}).json()["id"]
    text = " ".join(client.get(f"/data?person={second}").text.split())
    assert "Keep records for more than one person" not in text
    assert "These are the records of Room 4 only." in text and 'href="/people"' in text
    client.delete(f"/api/people/{second}")
    assert "Keep records for more than one person" in client.get("/data").text  # at home: as before

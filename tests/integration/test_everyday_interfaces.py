"""Everyday walking through every interface: ``backstride import-health``, the /everyday page and
``/api/everyday`` (SQLite and PostgreSQL for the web and API), with person scoping, the export and
restore round trip and deletion. The real 2016 Apple Health excerpt is read from ../shared."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

TDDA = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"
runner = CliRunner()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(TDDA, "apple_health_export/export.xml")
    return out.getvalue()


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# ---------------------------------------------------------------------------------------- command line


def test_import_health_says_what_was_added_and_never_adds_twice(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    path = tmp_path / "export.zip"
    path.write_bytes(_zip())
    done = runner.invoke(app, ["import-health", str(path), "--db", url])
    assert done.exit_code == 0, done.output
    assert "Everyday walking from export.zip: 2 days added, 0 updated and 0 already here." in done.stdout
    assert "The days run from 13 Sep 2014 to 20 Sep 2014." in done.stdout
    assert "This is not a diagnosis." in done.stdout
    again = runner.invoke(app, ["import-health", str(path), "--db", url])
    assert "0 days added, 0 updated and 2 already here." in again.stdout
    table = runner.invoke(app, ["export", "everyday", "--db", url])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert len(lines) == 3 and lines[1].startswith("2014-09-13,apple_health,Health,2517,")


def test_import_health_for_a_person_and_refusals_that_store_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    assert runner.invoke(app, ["people", "add", "Ann", "--db", url]).exit_code == 0
    done = runner.invoke(app, ["import-health", str(TDDA), "--db", url])
    assert done.exit_code == 2 and "--person" in done.stderr  # two people: whose must be said
    broken = tmp_path / "export.xml"
    broken.write_bytes(TDDA.read_bytes()[:3000])
    cut = runner.invoke(app, ["import-health", str(broken), "--person", "Ann", "--db", url])
    assert cut.exit_code == 2, cut.output
    assert cut.stderr.startswith("error: export.xml ends too early") and "Traceback" not in cut.output
    missing = runner.invoke(
        app, ["import-health", str(tmp_path / "nope.zip"), "--person", "Ann", "--db", url]
    )
    assert missing.exit_code == 2 and "nope.zip does not exist" in missing.stderr
    ann = runner.invoke(app, ["import-health", str(TDDA), "--person", "Ann", "--db", url])
    assert ann.exit_code == 0 and "for 'Ann' (person 2): 2 days added" in ann.stdout
    mine = runner.invoke(app, ["export", "everyday", "--person", "Me", "--db", url])
    assert mine.stdout.count("\n") == 1  # the header only: Ann's days are hers
    backup = tmp_path / "ann.json"
    assert (
        runner.invoke(app, ["export", "json", "--person", "Ann", "--out", str(backup), "--db", url]).exit_code
        == 0
    )
    restored = runner.invoke(app, ["import", str(backup), "--person", "Me", "--db", url])
    assert restored.exit_code == 0, restored.output
    assert "2 days of everyday walking added" in restored.stdout
    again = runner.invoke(app, ["import", str(backup), "--person", "Me", "--db", url])
    assert again.exit_code == 0 and "nothing new added" in again.stdout, again.output


# ---------------------------------------------------------------------------------------------- web


@pytest.fixture()
def web(database_url: str):
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        yield client


def test_the_page_explains_each_measure_with_its_sources_and_has_the_form(web: TestClient) -> None:
    page = web.get("/everyday")
    assert page.status_code == 200
    text = _text(page.text)
    assert "<title>Your everyday walking · backstride</title>" in page.text
    assert 'action="/everyday" enctype="multipart/form-data"' in page.text
    assert "when you carry it near your waist" in text
    for source in ("D1", "D6", "D7"):
        assert f"(source: {source})" in text
    assert "This page shows what your phone measured. It is not a diagnosis." in text
    assert "No days yet." in text and "No steps yet." in text
    assert 'href="/everyday"' in web.get("/diary").text  # the diary links here


def test_an_upload_shows_what_was_added_the_charts_and_the_numbers(web: TestClient) -> None:
    page = web.post("/everyday", files={"file": ("export.zip", _zip(), "application/zip")})
    assert page.status_code == 200, page.text[:500]
    text = _text(page.text)
    assert "Brought in from export.zip: 2 days added, 0 updated and 0 already here." in text
    assert 'id="steps-chart"' in page.text and "Steps per day: the numbers" in text
    assert 'id="everyday-table"' in page.text
    table = _text(page.text.split('id="everyday-table"', 1)[1].split("</table>", 1)[0])
    assert "20 Sep 2014" in table and "0.02" in table  # 19.43 m in km
    assert "13 Sep 2014 2,517" in table
    again = web.post("/everyday", files={"file": ("export.zip", _zip(), "application/zip")})
    assert "0 days added, 0 updated and 2 already here" in _text(again.text)


def test_the_diarys_minutes_are_shown_beside_the_same_days(web: TestClient) -> None:
    for day, minutes in (("2014-09-13", 12.5), ("2014-09-01", 4), ("2026-01-05", 20)):
        entry = {"entry_date": day, "pain_0_10": 4, "walking_tolerance_min": minutes}
        assert web.post("/api/diary", json=entry).status_code == 201
    page = web.post("/everyday", files={"file": ("export.zip", _zip(), "application/zip")}).text
    assert 'id="everyday-tolerance-chart"' in page
    chart = page.split('id="chart-everyday-tolerance-chart-heading"', 1)[1].split("</table>", 1)[0]
    text = _text(chart)
    assert "Minutes you could walk before pain, from your diary" in text
    assert "13 Sep 2014 12 min 30 s" in text  # within the phone's days (13 to 20 Sep 2014)
    assert "01 Sep 2014" not in text and "05 Jan 2026" not in text  # outside them


def test_a_file_that_cannot_be_used_is_said_beside_the_form(web: TestClient) -> None:
    page = web.post("/everyday", files={"file": ("export.xml", b"<gpx/>", "text/xml")})
    assert page.status_code == 422
    assert "We could not use this file. export.xml is not an Apple Health export" in _text(page.text)
    nothing = web.post("/everyday", files={"placeholder": ("", b"")})
    assert nothing.status_code == 422 and "Please choose your export.zip" in nothing.text
    assert web.get("/api/everyday").json() == []


def test_the_walks_page_points_an_apple_export_to_the_everyday_page(web: TestClient) -> None:
    page = web.post("/walks", files={"file": ("export.zip", _zip(), "application/zip")})
    assert page.status_code == 422
    assert "Bring it in as everyday walking instead (the Everyday walking page, /everyday" in _text(page.text)


def test_an_upload_over_the_limit_is_refused_with_413(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'l.sqlite3'}", max_upload_bytes=2000)
    with TestClient(create_app(settings)) as client:
        page = client.post("/everyday", files={"file": ("export.xml", TDDA.read_bytes(), "text/xml")})
        assert page.status_code == 413 and "backstride import-health" in page.text
        api = client.post("/api/everyday", files={"file": ("export.xml", TDDA.read_bytes(), "text/xml")})
        assert api.status_code == 413 and "backstride import-health" in api.json()["detail"]
        assert "walk file" not in api.json()["detail"]  # an export, not a walk: said in its own words
        huge = ("export.zip", b"x" * (1024 * 1024 + 5000))  # over the body limit: refused before it is read
        for path in ("/api/everyday", "/everyday"):
            early = client.post(path, files={"file": huge})
            assert early.status_code == 413 and "An Apple Health export sent to the app" in early.text
        assert "A walk file can be at most" in client.post("/api/walks", files={"file": huge}).text
        small = client.post("/api/everyday", files={"file": ("export.xml", TDDA.read_bytes()[:1500])})
        assert small.status_code == 422  # under the limit: read, and said to be cut off
        assert client.get("/api/everyday").json() == []


# ---------------------------------------------------------------------------------------------- API


def test_the_api_imports_lists_and_keeps_each_persons_days_apart(web: TestClient) -> None:
    ann = web.post("/api/people", json={"label": "Ann"}).json()["id"]
    refused = web.post("/api/everyday", files={"file": ("export.zip", _zip())})
    assert refused.status_code == 422 and "person_id" in refused.json()["detail"]
    done = web.post(f"/api/everyday?person_id={ann}", files={"file": ("export.zip", _zip())})
    assert done.status_code == 201, done.text
    assert (done.json()["added"], done.json()["first_day"]) == (2, "2014-09-13")
    days = web.get(f"/api/everyday?person_id={ann}").json()
    assert [(d["day"], d["steps"], d["person_id"]) for d in days] == [
        ("2014-09-13", 2517, ann),
        ("2014-09-20", None, ann),
    ]
    assert web.get("/api/everyday?person_id=1").json() == []
    narrowed = web.get(f"/api/everyday?person_id={ann}&start=2014-09-14").json()
    assert [d["day"] for d in narrowed] == ["2014-09-20"]
    assert web.get(f"/api/everyday?person_id={ann}&start=2014-09-20&end=2014-09-01").status_code == 422
    page = web.get(f"/everyday?person={ann}")
    assert "Everyday walking of Ann" in page.text and 'id="everyday-table"' in page.text
    assert "No days yet." in web.get("/everyday?person=1").text
    bob = web.post("/api/people", json={"label": "Bob"}).json()["id"]
    sent = web.post("/everyday", data={"person_id": str(bob)}, files={"file": ("export.zip", _zip())})
    assert sent.status_code == 200 and "Everyday walking of Bob" in sent.text
    assert len(web.get(f"/api/everyday?person_id={bob}").json()) == 2  # the page's person, no one else
    assert web.get("/api/everyday?person_id=1").json() == []
    assert len(web.get(f"/api/everyday?person_id={ann}").json()) == 2


def test_export_restore_and_delete_through_the_api(web: TestClient) -> None:
    assert web.post("/api/everyday", files={"file": ("export.zip", _zip())}).status_code == 201
    exported = web.get("/api/export").text
    assert web.get("/api/export/everyday.csv").text.count("\n") == 3
    bob = web.post("/api/people", json={"label": "Bob"}).json()["id"]
    files = {"file": ("backup.json", exported.encode(), "application/json")}
    first = web.post(f"/api/import?person_id={bob}", files=files).json()
    assert first["added"]["everyday_days"] == 2
    second = web.post(f"/api/import?person_id={bob}", files=files).json()
    assert (second["added"]["everyday_days"], second["already_there"]["everyday_days"]) == (0, 2)
    mine = [
        {k: v for k, v in d.items() if k not in ("id", "person_id")}
        for d in web.get("/api/everyday?person_id=1").json()
    ]
    his = [
        {k: v for k, v in d.items() if k not in ("id", "person_id")}
        for d in web.get(f"/api/everyday?person_id={bob}").json()
    ]
    assert his == mine and len(his) == 2
    deleted = web.delete("/api/data?confirm=yes&person_id=1").json()["deleted"]
    assert deleted["everyday_days"] == 2 and web.get("/api/everyday?person_id=1").json() == []
    assert web.delete(f"/api/people/{bob}").status_code == 200
    assert web.get("/api/export/everyday.csv?person_id=1").text.count("\n") == 1


def test_deleting_a_person_names_their_days_of_everyday_walking_first(
    web: TestClient, tmp_path: Path
) -> None:
    # the question and the page said '0 checks, 0 walks and 0 diary entries' (their 0 records) while
    # months of steps went with the person
    bob = web.post("/api/people", json={"label": "Bob"}).json()["id"]
    assert (
        web.post(f"/api/everyday?person_id={bob}", files={"file": ("export.zip", _zip())}).status_code == 201
    )
    page = _text(web.get(f"/people/{bob}").text)
    assert "Bob has 0 checks, 0 walks and 0 diary days; 2 days of everyday walking." in page
    assert "Yes, delete Bob and their 2 records." in page


def test_the_command_line_asks_before_deleting_a_persons_everyday_walking(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    assert runner.invoke(app, ["people", "add", "Ann", "--db", url]).exit_code == 0
    assert runner.invoke(app, ["import-health", str(TDDA), "--person", "Ann", "--db", url]).exit_code == 0
    asked = runner.invoke(app, ["people", "delete", "Ann", "--db", url])
    assert (
        asked.exit_code == 2
        and "0 diary entries; 2 days of everyday walking? They can come back only from a copy" in asked.stderr
    )
    done = runner.invoke(app, ["people", "delete", "Ann", "--yes", "--db", url])
    assert done.exit_code == 0, done.output
    assert "and their 0 checks, 0 walks and 0 diary entries; 2 days of everyday walking." in done.stdout

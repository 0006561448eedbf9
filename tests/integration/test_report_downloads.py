"""A download of the HTML report for a clinician is written in the activity list, as the PDF's is.

``GET /report?download=1`` and ``backstride report`` (HTML, the default) write "Downloaded the report
for a clinician" ("as HTML"), whose, through which interface, once the file is made; reading the page
(``GET /report``) and a refusal write nothing. The web tests run on SQLite and PostgreSQL (``api``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

runner = CliRunner()
TODAY = date.today().isoformat()


def _downloads(lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (line["person_id"], line["person_label"], line["detail"], line["via"])
        for line in lines
        if line["action"] == "report_downloaded"
    ]


def test_the_html_report_downloaded_from_the_web_app_is_written_down(api) -> None:
    assert api.get("/report").status_code == 200  # read on the page: nothing written
    assert _downloads(api.get("/api/activity").json()) == []
    saved = api.get("/report?download=1")
    assert saved.status_code == 200 and saved.headers["content-disposition"].endswith('.html"')
    assert _downloads(api.get("/api/activity").json()) == [(1, "Me", "as HTML", "page")]


def test_a_refused_html_download_writes_nothing(api) -> None:
    assert api.get("/report?download=1&check=9999").status_code == 404
    assert api.get("/report?download=1&weeks=0").status_code == 422
    assert _downloads(api.get("/api/activity").json()) == []


def test_each_persons_html_download_names_them(api) -> None:
    room = api.post("/api/people", json={"label": "Room 4"}).json()["id"]
    assert api.get(f"/report?download=1&person={room}").status_code == 200
    assert api.get("/report?download=1&person=1").status_code == 200
    assert api.get("/report.pdf?person=1").status_code == 200
    lines = _downloads(api.get("/api/activity").json())  # newest first
    assert lines == [
        (1, "Me", "as PDF", "page"),
        (1, "Me", "as HTML", "page"),
        (room, "Room 4", "as HTML", "page"),
    ]


def _database(tmp_path: Path) -> tuple[str, Records]:
    url = sqlite_url(tmp_path / "home.sqlite3")
    records = Records(Database(url).migrate())
    records.add_diary_entry(entry_date=TODAY, pain_0_10=4)
    return url, records


def _report_lines(records: Records) -> list[tuple[Any, ...]]:
    return [
        (e.person_id, e.detail, e.via) for e in records.activity.list() if e.action == "report_downloaded"
    ]


def test_backstride_report_writing_an_html_file_is_written_down(tmp_path: Path) -> None:
    url, records = _database(tmp_path)
    out = tmp_path / "report.html"
    done = runner.invoke(cli_app, ["report", "--db", url, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert _report_lines(records) == [(1, "as HTML", "command line")]
    printed = runner.invoke(cli_app, ["report", "--db", url, "--out", "-"])  # printed: handed out too
    assert printed.exit_code == 0 and "not a diagnosis" in printed.stdout
    assert _report_lines(records) == [(1, "as HTML", "command line")] * 2


def test_backstride_report_that_writes_no_file_writes_nothing_down(tmp_path: Path) -> None:
    url, records = _database(tmp_path)
    (tmp_path / "kept.html").write_text("kept", encoding="utf-8")
    for args in (
        ["--out", str(tmp_path / "kept.html")],  # already there, no --force
        ["--out", str(tmp_path / "no-such-folder" / "r.html")],
        ["--check", "9999"],
        ["--format", "docx"],
    ):
        done = runner.invoke(cli_app, ["report", "--db", url, *args])
        assert done.exit_code == 2 and done.output.startswith("error: "), (args, done.output)
    assert (tmp_path / "kept.html").read_text(encoding="utf-8") == "kept"
    assert _report_lines(records) == []

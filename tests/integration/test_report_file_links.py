"""The report's links (back, save as a file, PDF) are on its page only, and save what the page shows.

Review r2 (2026-11-27): 2cabda7 showed the report's header links on the screen again, so a report
saved as a file (the page's "Save this report as a file", or ``backstride report``) opened from a
disk or an email showed "Back to backstride", "Save this report as a file" and "Download as PDF",
which lead to the root of that disk. And "Save this report as a file" left out the weeks the page
showed (``?weeks=4`` saved 12 weeks), where its "Download as PDF" kept them.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app

LINKS = ("Back to backstride", "Save this report as a file", "Download as PDF")


def test_the_links_are_on_the_page_and_not_in_a_saved_file(api: TestClient, tmp_path) -> None:
    assert api.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 4}).status_code == 201
    page = api.get("/report?weeks=4").text
    assert all(f">{name}</a>" in page for name in LINKS)
    saved_url = re.search(r'href="([^"]*download=1[^"]*)"', page)
    assert saved_url is not None
    assert "weeks=4" in saved_url.group(1)  # the weeks the page shows, as its PDF link keeps them
    saved = api.get(saved_url.group(1).replace("&amp;", "&"))
    assert saved.status_code == 200 and "attachment" in saved.headers["content-disposition"]
    assert "over the last 4 weeks" in saved.text.replace("\xa0", " ").replace("&nbsp;", " ")
    assert not any(f">{name}</a>" in saved.text for name in LINKS)


def test_the_terminal_report_file_has_no_links_to_an_app(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    runner = CliRunner()
    assert runner.invoke(app, ["diary", "add", "--pain", "4", "--db", url]).exit_code == 0
    out = tmp_path / "report.html"
    made = runner.invoke(app, ["report", "--out", str(out), "--db", url])
    assert made.exit_code == 0, made.output
    text = out.read_text("utf-8")
    assert "not a diagnosis" in text
    assert not any(f">{name}</a>" in text for name in LINKS)

"""A diary begun less than 4 weeks ago is told which weeks a trend needs from its first day on, on the
command line and on the Diary page: it was told "we need entries from 31 Oct to 6 Nov", a week before it
began, which it could never meet (``diary.trends._not_enough_words``)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.dates import day_words
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()
DAYS_WRITTEN = 6  # from 5 days ago to today: after the first week of the 4 a trend compares


def _expected() -> tuple[str, str]:
    """(what must be said, the first day of the 4 weeks compared today: never said)."""
    today = date.today()
    began = today - timedelta(days=DAYS_WRITTEN - 1)
    show = began + timedelta(days=21)
    week = show - timedelta(days=6)
    week_words = (
        f"{week.day} to {day_words(show, year=False)}"
        if week.month == show.month
        else f"{day_words(week, year=False)} to {day_words(show, year=False)}"
    )
    said = (  # plainly since 2026-11-28: what to do, and from when
        f"Keep writing your diary: add a day from {week_words}, and a trend can show from "
        f"{day_words(show, year=False)}."
    )
    return said, day_words(today - timedelta(days=27), year=False)


def _said(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_diary_list_names_weeks_from_the_first_entry(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    for back in range(DAYS_WRITTEN):
        day = (date.today() - timedelta(days=back)).isoformat()
        added = runner.invoke(
            app, ["diary", "add", "--pain", "4", "--minutes", "10", "--date", day, "--db", url]
        )
        assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["diary", "list", "--db", url], env={"COLUMNS": "400"})
    assert listed.exit_code == 0, listed.output
    said, window_start = _expected()
    text = " ".join(listed.stdout.split())
    assert said in text, text
    assert f"we need entries from the first and the last week ({window_start}" not in text
    assert "Keep noting how long you walk before symptoms: add a day from " in text  # its own first day


def test_the_diary_page_names_weeks_from_the_first_entry(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "t.sqlite3")))) as client:
        for back in range(DAYS_WRITTEN):
            day = (date.today() - timedelta(days=back)).isoformat()
            form = {"entry_date": day, "pain_0_10": "4", "walking_tolerance_min": "10"}
            assert client.post("/diary", data=form).status_code == 200
        text = _said(client.get("/diary").text)
    said, window_start = _expected()
    assert said in text
    assert f"the first and the last week ({window_start}" not in text
